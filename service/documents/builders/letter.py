"""The 函 template (form_templates/letter.docx): GB/T 9704-2012 10.1 信函格式.

10.1: 发文机关标志 uses the organisation's full name (no 文件), red 小标宋, centred, its top 30 mm from the
page top; a red double rule (上粗下细) 4 mm under it and another (上细下粗) 20 mm above the page bottom,
both 170 mm and centred; 发文字号 flush right just under the upper rule; no page number on page 1;
标题, 主送机关, 正文, 署名 and 成文日期 as in a 通知 (builders/notice.py). The letters of 000 七(二)/(四)
and 001 六(二) all use it; their paragraphs are written by service/documents/kinds/letter.py.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph

from service.documents.builders.layout import (
    FONT_BODY,
    FONT_TITLE,
    GBT_TOP_MM,
    PAGE_HEIGHT_MM,
    RED,
    SIZE_3,
    add_page_number_footer,
    exact_spacing,
    frame_on_page,
    new_document,
    page_rule,
    set_font,
)
from service.documents.builders.notice import (
    MASTHEAD_LINE_PT,
    MASTHEAD_SIZE,
    addressees,
    blank,
    body,
    indent_chars,
    off_grid,
    para,
    signature,
    tag,
    title,
)

TEMPLATE = "letter.docx"

# 10.1 信函格式: "发文机关标志…上边缘距上页边为30mm"; "发文机关标志下4mm处印一条红色双线（上粗下细），距下页边
# 20mm处印一条红色双线（上细下粗），线长均为170mm，居中排布"; "首页不显示页码".
LETTER_MARK_TOP_MM = 30.0
RULE_LENGTH_MM = 170.0
MM_PT = 72 / 25.4  # points in a millimetre
RULE_BELOW_MARK_MM = 4.0
LOWER_RULE_ABOVE_BOTTOM_MM = 20.0
THICK_MM, THIN_MM, GAP_MM = 0.75, 0.25, 0.5
# Measured on LibreOffice's PDF: in a frame, a 28 pt 小标宋 line set exactly 42 pt has
# its ink from 3.2 mm below the frame's top, 9.5 mm high.
MARK_INK_BELOW_BOX_MM = 3.2
MARK_INK_HEIGHT_MM = 9.5
AIM_LOWER_MM = 0.4  # between the ink and pdfplumber's character box, which starts 1.4 mm higher


def upper_rule_top_mm() -> float:
    return LETTER_MARK_TOP_MM + AIM_LOWER_MM + MARK_INK_HEIGHT_MM + RULE_BELOW_MARK_MM


def _double_rule(paragraph: Paragraph, top_mm: float, *, thick_first: bool) -> float:
    """Two red rules, thick over thin (上粗下细) or thin over thick; returns the bottom of the pair."""
    first, second = (THICK_MM, THIN_MM) if thick_first else (THIN_MM, THICK_MM)
    page_rule(paragraph, top_mm=top_mm, width_mm=RULE_LENGTH_MM, thickness_mm=first)
    lower = top_mm + first + GAP_MM
    page_rule(paragraph, top_mm=lower, width_mm=RULE_LENGTH_MM, thickness_mm=second)
    return lower + second


def _letterhead(doc: Document) -> float:
    """The first page's header: the red mark 30 mm from the top and both double rules, all anchored to
    the page, so the header adds no height and the text cannot move them. Later pages have no header
    (w:titlePg). Returns where the upper double rule ends."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    mark = header.paragraphs[0]
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_spacing(off_grid(mark), MASTHEAD_LINE_PT)
    set_font(mark.add_run("{{ issuer_mark }}"), FONT_TITLE, MASTHEAD_SIZE, color=RED)
    box_top = LETTER_MARK_TOP_MM + AIM_LOWER_MM - MARK_INK_BELOW_BOX_MM
    frame_on_page(mark, top_mm=box_top, width_mm=RULE_LENGTH_MM, height_mm=MASTHEAD_LINE_PT / MM_PT)
    anchor = header.add_paragraph()
    exact_spacing(anchor, 1)
    upper_end = _double_rule(anchor, upper_rule_top_mm(), thick_first=True)
    lower_top = PAGE_HEIGHT_MM - LOWER_RULE_ABOVE_BOTTOM_MM - (THIN_MM + GAP_MM + THICK_MM)
    _double_rule(anchor, lower_top, thick_first=False)
    section.first_page_footer.is_linked_to_previous = False  # 首页不显示页码: an empty footer
    return upper_end


def letter_document() -> Document:
    doc = new_document("gbt9704")
    upper_end = _letterhead(doc)
    # The body starts at the 37 mm 天头 (the header's two paragraphs push it 1.8 mm lower, measured);
    # the first line goes just under the upper double rule.
    spacer = off_grid(para(doc, line_pt=(upper_end - 0.5 - GBT_TOP_MM) * MM_PT))
    spacer.paragraph_format.keep_with_next = True
    # "发文字号顶格居版心右边缘编排在第一条红色双线下".
    tag(doc, "{%p if docnum %}")
    number = off_grid(para(doc, WD_ALIGN_PARAGRAPH.RIGHT))
    set_font(number.add_run("{{ docnum }}"), FONT_BODY, SIZE_3)
    tag(doc, "{%p endif %}")
    # 10.1: the 标题 "与其上最后一个要素相距二行".
    blank(doc)
    blank(doc)
    title(doc)
    addressees(doc)
    body(doc)
    signature(doc)
    # 7.3.6 附注: 居左空二字加圆括号编排在成文日期下一行 — no blank line, and signature() keeps the
    # date with it, so "（联系人：…）" never stands alone on a page.
    tag(doc, "{%p if contact %}")
    contact = para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY)
    indent_chars(contact, first_line=2)
    set_font(contact.add_run("（联系人：{{ contact }}）"), FONT_BODY, SIZE_3)
    tag(doc, "{%p endif %}")
    add_page_number_footer(doc)
    return doc


def build() -> dict[str, Document]:
    return {TEMPLATE: letter_document()}
