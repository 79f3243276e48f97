"""The 函 template (form_templates/letter.docx): GB/T 9704-2012 10.1 信函格式.

10.1: 发文机关标志 uses the organisation's full name (no 文件), red 小标宋, centred; under it a red double
line (上粗下细) across the text block; 发文字号 flush right one line below the line; 标题, 主送机关, 正文,
署名 and 成文日期 as in a 通知 (builders/notice.py). The letters of 000 七(二)/(四) and 001 六(二) all use
it; their paragraphs are written by service/documents/kinds/letter.py.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from service.documents.builders.layout import (
    FONT_BODY,
    FONT_TITLE,
    RED,
    SIZE_3,
    add_page_number_footer,
    new_document,
    set_font,
)
from service.documents.builders.notice import (
    MASTHEAD_SIZE,
    addressees,
    blank,
    body,
    indent_chars,
    para,
    signature,
    tag,
    title,
)

TEMPLATE = "letter.docx"


def _double_red_rule(paragraph: Paragraph) -> None:
    """10.1: 武文线 (上粗下细) red double rule under the 发文机关标志."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "24")
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), RED)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def letter_document() -> Document:
    doc = new_document("gbt9704")
    mark = para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=MASTHEAD_SIZE * 1.5)
    set_font(mark.add_run("{{ issuer_mark }}"), FONT_TITLE, MASTHEAD_SIZE, color=RED)
    _double_red_rule(mark)
    tag(doc, "{%p if docnum %}")
    number = para(doc, WD_ALIGN_PARAGRAPH.RIGHT)
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
    _no_page_number_on_first_page(doc)
    return doc


def _no_page_number_on_first_page(doc: Document) -> None:
    """10.1 信函格式: "首页不显示页码" — an empty first-page footer (w:titlePg); page 2 on is numbered."""
    for section in doc.sections:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False


def build() -> dict[str, Document]:
    return {TEMPLATE: letter_document()}
