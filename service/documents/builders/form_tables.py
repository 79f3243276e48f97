"""Tables of the printed forms, lists and sheets, written with python-docx so every Jinja tag is one run.

The rules the form builders share (DESIGN.md §5 "tables that do not split a row across pages"):
- every row keeps together (`w:cantSplit`), the column-header rows of a list repeat on each page;
- a loop is a row holding only `{%tr … %}`, so docxtpl drops that row and repeats the rows between;
- every run has its east-Asian face and zh-CN (`layout.set_font`).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from service.documents.builders.layout import (
    FONT_SONG,
    FONT_TITLE,
    FORM_MARGIN_MM,
    PAGE_WIDTH_MM,
    SIZE_2,
    SIZE_XIAO4,
    keep_row_together,
    repeat_as_header,
    set_font,
)

FORM_TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * FORM_MARGIN_MM  # 160 mm on A4
CELL_MARGIN_MM = 1.0
TWIPS_PER_MM = 1440 / 25.4
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

# A cell: its text, or (text, columns it spans).
CellSpec = str | tuple[str, int]


def write(
    paragraph: Paragraph,
    text: str,
    *,
    font: str = FONT_SONG,
    size: float = SIZE_XIAO4,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    """Put `text` in the paragraph as ONE run (a Jinja tag inside it can never be split)."""
    if align is not None:
        paragraph.alignment = align
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def title(doc: Document, text: str, *, size: float = SIZE_2, space_after_pt: float = 6) -> Paragraph:
    """The form's title: 小标宋, centred, as on the printed originals."""
    paragraph = write(doc.add_paragraph(), text, font=FONT_TITLE, size=size, align=CENTER)
    paragraph.paragraph_format.space_after = Pt(space_after_pt)
    return paragraph


def line(
    doc: Document,
    text: str,
    *,
    font: str = FONT_SONG,
    size: float = SIZE_XIAO4,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    return write(doc.add_paragraph(), text, font=font, size=size, bold=bold, align=align)


def _cell_margins(table: Table, side_mm: float) -> None:
    """`w:tblCellMar`: the left and right padding of every cell of the table."""
    properties = table._tbl.tblPr
    margins = properties.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        properties.append(margins)
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(round(side_mm * TWIPS_PER_MM)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)


def grid(doc: Document, widths_mm: Sequence[float], *, cell_margin_mm: float = CELL_MARGIN_MM) -> Table:
    """An empty bordered table of fixed columns `widths_mm` (w:tblGrid, w:tblLayout fixed), centred.

    Fixed widths and a 1 mm cell padding: a column sized for its header (序号 2 characters, 政治面貌 4,
    任现职时间 5) keeps it on one line instead of Word's 1.9 mm default padding breaking it as "序/号".
    """
    table = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, cell_margin_mm)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def merge_down(table: Table, top: int, bottom: int, first_column: int, last_column: int) -> None:
    """One cell over rows `top`..`bottom` (a label such as 季度平时考核等次 beside a two-row block)."""
    merged = table.cell(top, first_column).merge(table.cell(bottom, last_column))
    for paragraph in merged.paragraphs[1:]:
        if not paragraph.text:
            paragraph._p.getparent().remove(paragraph._p)


def row(
    table: Table,
    cells: Sequence[CellSpec],
    *,
    font: str = FONT_SONG,
    size: float = SIZE_XIAO4,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = CENTER,
    header: bool = False,
    min_height_mm: float | None = None,
) -> _Row:
    """A row kept together on one page; `(text, n)` spans n columns; `header` repeats it on each page."""
    new = table.add_row()
    widths = [column.width for column in table.columns]
    column = 0
    for spec in cells:
        text, span = (spec, 1) if isinstance(spec, str) else spec
        cell = new.cells[column]
        if span > 1:
            cell = cell.merge(new.cells[column + span - 1])
        # w:tcW of a merged cell is the sum of the columns it spans (Word and LibreOffice lay out by it).
        cell.width = Emu(sum(width or 0 for width in widths[column : column + span]))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if text:
            write(cell.paragraphs[0], text, font=font, size=size, bold=bold, align=align)
        column += span
    if column != len(table.columns):
        raise ValueError(f"row fills {column} of {len(table.columns)} columns: {cells!r}")
    keep_row_together(new)
    if header:
        repeat_as_header(new)
    if min_height_mm is not None:
        # "at least": the row may grow with its text, never clips it.
        new.height = Mm(min_height_mm)
    return new


def tag_row(table: Table, tag: str) -> _Row:
    """A row that holds only a `{%tr … %}` tag: docxtpl replaces the whole row by the tag."""
    return row(table, [(tag, len(table.columns))], align=LEFT)


def text_block(
    table: Table,
    label: str,
    rows_variable: str,
    *,
    size: float = SIZE_XIAO4,
    min_height_mm: float | None = None,
) -> None:
    """A long text that flows: a label row, then one row per paragraph of `rows_variable` (a list).

    Every row is kept together but the block may run over many pages, so nothing is clipped (a summary
    in one fixed-height cell would be). `min_height_mm`: the last row is at least that high, so the box
    has room to write in even when the text is one line or empty (issue 14: the 个人年度总结 box was one
    line high).
    """
    row(table, [(label, len(table.columns))], bold=True, align=LEFT, size=size)
    tag_row(table, f"{{%tr for text in {rows_variable} %}}")
    if min_height_mm is not None:
        # A short text (a few paragraphs) gets the box; a long one flows at its own height.
        tag_row(table, "{%tr if loop.last and loop.length < 5 %}")
        last = row(
            table, [("{{ text }}", len(table.columns))], align=LEFT, size=size, min_height_mm=min_height_mm
        )
        last.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        tag_row(table, "{%tr else %}")
    row(table, [("{{ text }}", len(table.columns))], align=LEFT, size=size)
    if min_height_mm is not None:
        tag_row(table, "{%tr endif %}")
    tag_row(table, "{%tr endfor %}")
