"""Template of the 公示: title, the list, the period in dates and working days, where to object.

Laid out like a notice (GB/T 9704 page, 仿宋 3号 body, exact line pitch); the list is a table whose
header repeats.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from service.documents.builders.form_tables import grid, line, row, tag_row, title
from service.documents.builders.layout import (
    FONT_BODY,
    GBT_BOTTOM_MM,
    GBT_LEFT_MM,
    GBT_RIGHT_MM,
    GBT_TOP_MM,
    SIZE_3,
    SIZE_5,
    continued_pages,
    exact_spacing,
    new_document,
)
from service.documents.builders.notice import signature

# The 156 mm text block; every header on one line at 12 pt with 1 mm cell padding.
COLUMNS = (
    ("序号", 12),
    ("姓名", 20),
    ("部门", 40),
    ("职务（岗位）", 30),
    ("等次", 16),
    ("当年平时考核等次", 38),
)


def _body(
    doc: Document, text: str, align: WD_ALIGN_PARAGRAPH | None = None, *, keep_next: bool = False
) -> None:
    """A body line in 3号 仿宋 on the 22-line grid (GB/T 9704 5.2.3)."""
    paragraph = exact_spacing(line(doc, text, font=FONT_BODY, size=SIZE_3, align=align))
    paragraph.paragraph_format.keep_with_next = keep_next


def _gbt9704_margins(doc: Document) -> None:
    """GB/T 9704 5.2.2 page (天头 37 mm, 订口 28 mm, 版心 156 × 225 mm) without the character grid.

    The list's 5号 cells must not snap to a 3号 character grid: LibreOffice spaces them out then.
    """
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(GBT_TOP_MM), Mm(GBT_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(GBT_LEFT_MM), Mm(GBT_RIGHT_MM)


def build() -> dict[str, Document]:
    doc = new_document("form")
    _gbt9704_margins(doc)
    title(doc, "{{ title }}")
    _body(doc, "\u3000\u3000{{ intro }}")
    table = grid(doc, [width for _, width in COLUMNS])
    row(table, [label for label, _ in COLUMNS], bold=True, header=True, size=SIZE_5 + 1.5)
    tag_row(table, "{%tr for p in people %}")
    row(
        table,
        [
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.department }}",
            "{{ p.post }}",
            "{{ p.grade }}",
            "{{ p.quarters }}",
        ],
        size=SIZE_5 + 1.5,
    )
    tag_row(table, "{%tr endfor %}")
    # The last lines keep with the 署名 and 成文日期 (7.3.5): with 5–6 people the signature or the date
    # stood alone on page 2. Real indents, not U+3000 padding that collapses at the line's end.
    _body(doc, "\u3000\u3000公示期：{{ period }}（{{ working_days }}个工作日）。", keep_next=True)
    _body(
        doc,
        "\u3000\u3000公示期间，对公示对象有异议的，可以书面或当面向{{ objection_office }}反映（联系电话："
        "{{ objection_phone }}{{ address_text }}）。反映问题应实事求是，以个人名义反映的请署真实姓名和"
        "联系方式，以单位名义反映的请加盖公章。",
        keep_next=True,
    )
    signature(doc, name="{{ organisation }}", day="{{ issued_on|cn_date }}")
    # 7.5: a 公示 of many people runs over pages, each numbered and headed with its title.
    continued_pages(doc, "{{ title }}", sides=True)
    return {"publicity.docx": doc}
