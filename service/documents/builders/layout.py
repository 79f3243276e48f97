"""Page layout and fonts shared by every template builder.

GB/T 9704-2012 (党政机关公文格式) for notices and letters:
- 5.2.1 A4 paper (210 mm × 297 mm);
- 5.2.2 天头 (top margin) 37 mm ± 1 mm, 订口 (binding/left margin) 28 mm ± 1 mm, 版心 156 mm × 225 mm;
- 5.2.3 a page has 22 lines of 28 characters in 3号 仿宋 unless stated otherwise;
- 7.5 页码: 4号 半角宋体 Arabic numerals with a 一字线 on each side (`— 1 —`), 单页码居右空一字,
  双页码居左空一字.
Forms follow their printed originals on A4 with ~25 mm margins.

Every run gets an explicit east-Asian font and `<w:lang w:eastAsia="zh-CN"/>`: without the language tag
LibreOffice renders the Noto CJK collections in their HK/JP regional forms (DESIGN.md §6).
"""

from __future__ import annotations

from typing import Any, Literal

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"
FONT_LATIN = "Times New Roman"

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0
SIZE_XIAO2 = 18.0
SIZE_3 = 16.0
SIZE_XIAO3 = 15.0
SIZE_4 = 14.0
SIZE_XIAO4 = 12.0
SIZE_5 = 10.5

# GB/T 9704 5.2.2: A4, 版心 156 × 225 mm starting 37 mm from the top and 28 mm from the binding edge.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
GBT_TOP_MM = 37
GBT_LEFT_MM = 28
GBT_TEXT_WIDTH_MM = 156
GBT_TEXT_HEIGHT_MM = 225
GBT_RIGHT_MM = PAGE_WIDTH_MM - GBT_LEFT_MM - GBT_TEXT_WIDTH_MM  # 26 mm
GBT_BOTTOM_MM = PAGE_HEIGHT_MM - GBT_TOP_MM - GBT_TEXT_HEIGHT_MM  # 35 mm
# 5.2.3: 22 lines in 225 mm → 10.23 mm = 28.99 pt; Word's grid unit is the twip (1/20 pt).
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = 579  # 28.95 pt, the value Word itself writes for a 22-line page
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
# 28 characters of 3号 (16 pt) must fit 156 mm = 442.2 pt, a pitch of 15.79 pt. Word's character grid
# (docGrid linesAndChars + charSpace) does it there, but LibreOffice snaps a 16 pt character to two
# 15.79 pt cells and prints 14 characters a line. Condensing every character by 0.25 pt (w:spacing in
# twentieths of a point) gives 28 × 15.75 pt = 441 pt in both.
CHAR_CONDENSE_TWIPS = -5

FORM_MARGIN_MM = 25
# 7.5: the 一字线 of the page number sits 7 mm below the text block.
FOOTER_DISTANCE_MM = GBT_BOTTOM_MM - 7 - 5

RED = "FF0000"


def _lang_zh(rpr: BaseOxmlElement) -> None:
    """`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>` on a run or style: Simplified-Chinese glyph forms."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _fonts(rpr: BaseOxmlElement, east_asia: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), FONT_LATIN)
    fonts.set(qn("w:hAnsi"), FONT_LATIN)
    fonts.set(qn("w:cs"), FONT_LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_font(run: Run, east_asia: str, size_pt: float, bold: bool = False, color: str | None = None) -> Run:
    """Give a run its Chinese face and size, Latin text in Times New Roman, and the zh-CN language tag."""
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = FONT_LATIN
    rpr = run._element.get_or_add_rPr()
    _fonts(rpr, east_asia)
    if color is not None:
        run.font.color.rgb = None
        color_el = rpr.find(qn("w:color"))
        if color_el is None:
            color_el = OxmlElement("w:color")
            rpr.append(color_el)
        color_el.set(qn("w:val"), color)
    _lang_zh(rpr)
    return run


def exact_spacing(paragraph: Paragraph, line_pt: float = LINE_PITCH_PT) -> Paragraph:
    """Exact line spacing: a substitute face with other metrics still gives 22 lines a page (§6)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    return paragraph


def _line_grid(section_el: BaseOxmlElement) -> None:
    """A line grid of 22 lines (5.2.3); no character grid, see CHAR_CONDENSE_TWIPS."""
    grid = section_el.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section_el.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    for stale in ("w:charSpace",):
        if grid.get(qn(stale)) is not None:
            del grid.attrib[qn(stale)]


def _condense(rpr: BaseOxmlElement) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(CHAR_CONDENSE_TWIPS))


def _normal_style(doc: Document, size_pt: float) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT_LATIN
    normal.font.size = Pt(size_pt)
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr, FONT_BODY)
    _lang_zh(rpr)
    # python-docx's default template tags east-Asian text en-US in docDefaults too (DESIGN.md §6).
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for default_rpr in defaults.iter(qn("w:rPr")):
            _lang_zh(default_rpr)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)


def new_document(layout: Literal["gbt9704", "form"]) -> Document:
    """An empty A4 document: `gbt9704` for notices and letters, `form` for registration forms and lists."""
    doc = new_docx()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    if layout == "gbt9704":
        section.top_margin = Mm(GBT_TOP_MM)
        section.bottom_margin = Mm(GBT_BOTTOM_MM)
        section.left_margin = Mm(GBT_LEFT_MM)
        section.right_margin = Mm(GBT_RIGHT_MM)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        _normal_style(doc, SIZE_3)
        _condense(doc.styles["Normal"].element.get_or_add_rPr())
        _line_grid(section._sectPr)
        normal = doc.styles["Normal"].paragraph_format
        normal.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.line_spacing = Pt(LINE_PITCH_PT)
        # No single first or last line of a paragraph alone on a page (孤行控制), in Word and LibreOffice.
        normal.widow_control = True
    else:
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Mm(FORM_MARGIN_MM))
        section.header_distance = Mm(12)
        section.footer_distance = Mm(12)
        _normal_style(doc, SIZE_XIAO4)
    return doc


def keep_row_together(row: _Row) -> _Row:
    """`w:cantSplit`: a table row never breaks across pages (DESIGN.md §5, forms)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))
    return row


def repeat_as_header(row: _Row) -> _Row:
    """`w:tblHeader`: the row repeats at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))
    return row


def _page_field(paragraph: Paragraph) -> None:
    """`— PAGE —` with the page number as a real field, so it counts pages after composing."""

    def text_run(text: str) -> None:
        set_font(paragraph.add_run(text), FONT_SONG, SIZE_4)

    def field_char(kind: str) -> None:
        run = set_font(paragraph.add_run(), FONT_SONG, SIZE_4)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._element.append(char)

    text_run("— ")
    field_char("begin")
    instr_run = set_font(paragraph.add_run(), FONT_SONG, SIZE_4)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._element.append(instr)
    field_char("separate")
    text_run("1")
    field_char("end")
    text_run(" —")


def add_page_number_footer(doc: Document) -> Document:
    """GB/T 9704 7.5: `— N —` in 4号 宋体, odd pages at the right and even pages at the left, 空一字."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            # 空一字: one 4号 character between the number and the edge of the text block.
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(SIZE_4)
            else:
                fmt.left_indent = Pt(SIZE_4)
            _page_field(paragraph)
    return doc


def page_break(doc: Document) -> Paragraph:
    """A paragraph holding a page break: what follows starts on a new page."""
    paragraph = doc.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_EMU_PER_MM = 36000


def _anchor(run: Run, *, left_mm: float, top_mm: float, width_mm: float, height_mm: float, shape: str) -> Any:
    """A DrawingML shape anchored to the page (not to the text), behind the text, in `run`."""
    body = run._element.getparent()
    shape_id = 7000 + sum(1 for _ in body.getroottree().iter(qn("wp:docPr")))
    left, top = round(left_mm * _EMU_PER_MM), round(top_mm * _EMU_PER_MM)
    width, height = round(width_mm * _EMU_PER_MM), round(height_mm * _EMU_PER_MM)
    anchor = parse_xml(
        f'<wp:anchor xmlns:wp="{nsmap["wp"]}" xmlns:a="{nsmap["a"]}" xmlns:wps="{_WPS}" '
        f'xmlns:w="{nsmap["w"]}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{left}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="形状{shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}"><wps:wsp>{shape.format(cx=width, cy=height)}</wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor>"
    )
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    run._element.append(drawing)
    return anchor


def page_rule(paragraph: Paragraph, *, top_mm: float, width_mm: float, thickness_mm: float) -> None:
    """A red rule at a fixed place on the page, centred: a filled rectangle anchored to the page.

    What 信函格式 (GB/T 9704 10.1) puts at fixed distances from the page edges — a double rule 20 mm above
    the page bottom, 170 mm long, wider than the text block — cannot be a paragraph border, which follows
    the text and the block's width. An anchored shape in the first-page header stays where it is put,
    in Word and in LibreOffice, whatever the text does.
    """
    shape = (
        '<wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{RED}"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>'
        "<wps:bodyPr/>"
    )
    left = (PAGE_WIDTH_MM - width_mm) / 2
    _anchor(
        paragraph.add_run(),
        left_mm=left,
        top_mm=top_mm,
        width_mm=width_mm,
        height_mm=thickness_mm,
        shape=shape,
    )


def frame_on_page(paragraph: Paragraph, *, top_mm: float, width_mm: float, height_mm: float) -> Paragraph:
    """`w:framePr`: the paragraph in a frame at a fixed distance from the page's top, centred on the page.

    Text placed so adds no height to the header holding it (a header that grows pushes the body down)
    and does not move with the text around it.
    """
    frame = OxmlElement("w:framePr")
    twips = 1440 / 25.4
    for key, value in (
        ("w:w", round(width_mm * twips)),
        ("w:h", round(height_mm * twips)),
        ("w:hRule", "exact"),
        ("w:wrap", "notBeside"),
        ("w:hAnchor", "page"),
        ("w:vAnchor", "page"),
        ("w:xAlign", "center"),
        ("w:y", round(top_mm * twips)),
    ):
        frame.set(qn(key), str(value))
    properties = paragraph._p.get_or_add_pPr()
    properties.insert(0, frame)
    return paragraph


def continued_pages(doc: Document, whose: str, *, sides: bool = False) -> Document:
    """Page furniture of a list or form that may run over pages (issue 14, 7): every page numbered
    `— N —` and every page after the first headed "`whose`（续）" — the list's name — so a loose page
    still says whose it is. Page 1 has no header: its title says it.

    Centred numbers, no odd/even footers: with them LibreOffice starts every document of a packet on a
    right-hand page and a batch of one-page forms gained a blank page after each. `sides`: a paper on
    the 公文 page (the 公示) numbers as 7.5 says, odd pages right and even pages left.
    """
    if sides:
        add_page_number_footer(doc)
    for section in doc.sections:
        section.different_first_page_header_footer = True
        footers = (section.first_page_footer,) if sides else (section.footer, section.first_page_footer)
        for footer in footers:
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if sides else WD_ALIGN_PARAGRAPH.CENTER
            if sides:
                paragraph.paragraph_format.right_indent = Pt(SIZE_4)
            _page_field(paragraph)
        section.first_page_header.is_linked_to_previous = False
        headers = (section.header, section.even_page_header) if sides else (section.header,)
        for header in headers:
            header.is_linked_to_previous = False
            line = header.paragraphs[0]
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_font(line.add_run(f"{whose}（续）"), FONT_SONG, SIZE_5)
    return doc
