"""The 通知 template (form_templates/notice.docx), laid out as GB/T 9704-2012 says.

- 7.2.3 发文机关标志: 红色小标宋, centred;
- 7.2.4 发文字号: 3号仿宋 centred under it; 7.2.5 the red 分隔线 4 mm below the 发文字号;
- 7.3.1 标题: 2号小标宋, centred, one blank line below the red rule;
- 7.3.2 主送机关: one blank line below the title, flush left, full-width colon;
- 7.3.3 正文: 3号仿宋, first line indented two characters, 一、 in 黑体 and （一） in 楷体;
- 7.3.4 附件说明: one blank line below the body, 左空二字 "附件：1.…", further items aligned on the numbers;
- 7.3.5 署名 and 成文日期 (Arabic numerals, 2022年12月14日) at the right;
- 7.5 页码 `— N —`, 4号宋体, odd pages right, even pages left.

Every Jinja tag sits in one run (docxtpl #10/#663), paragraph-level loops use `{%p %}`.
The parts are shared with the letters, 表彰决定 and 结果通报 (builders/letter.py, results_bulletin.py).
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from service.documents.builders.layout import (
    FONT_BODY,
    FONT_HEI,
    FONT_KAI,
    FONT_TITLE,
    GBT_TEXT_WIDTH_MM,
    GBT_TOP_MM,
    LINE_PITCH_PT,
    RED,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    add_page_number_footer,
    exact_spacing,
    new_document,
    set_font,
)
from service.documents.line_breaks import TITLE_STYLE
from service.documents.signature_block import DATE_STYLE, SIGNATURE_STYLE

TEMPLATE = "notice.docx"
MASTHEAD_SIZE = 28.0  # a 14-character 发文机关标志 fits the 156 mm text block at 28 pt
MASTHEAD_LINE_PT = MASTHEAD_SIZE * 1.5
CHAR = SIZE_3  # one character of 3号 text, for 空二字 indents
# 7.2.3 文件格式: "发文机关标志上边缘至版心上边缘为35mm" (下行文: 72 mm from the page top); 上行文 (7.2.3
# note, 上报的公文) 80 mm. Measured on LibreOffice's PDF: the ink of a 28 pt line set exactly 42 pt starts
# 6.2 mm below the paragraph's top (pdfplumber's character box 1.4 mm higher still), so the space before
# the mark is the target less that. Aiming 0.4 mm low keeps both the ink and the box within 1.5 mm.
MARK_INK_BELOW_PARAGRAPH_MM = 6.2
MARK_TOP_MM = {"下行文": 72.0, "上行文": 80.0}
MARK_AIM_LOWER_MM = 0.4
# 7.2.5: the red rule 4 mm under the 发文字号. w:pBdr w:space (points) is measured from the bottom of
# the 28.95 pt line box, whose text ends about 2.7 mm above it: 3 pt puts the rule 4 mm under the
# characters' bottom edge (measured: 3.9 mm from the box, 4.4 mm from the ink).
RULE_SPACE_PT = 3
RULE_WIDTH_EIGHTHS = 8  # 1 pt, close to the standard's 0.35 mm


def indent_chars(paragraph: Paragraph, first_line: int = 0, left: int = 0, hanging: int = 0) -> None:
    """Indents counted in characters (w:*Chars, hundredths of a character) with a point fallback."""
    fmt = paragraph.paragraph_format
    if left:
        fmt.left_indent = Pt(CHAR * left)
    if first_line:
        fmt.first_line_indent = Pt(CHAR * first_line)
    if hanging:
        fmt.first_line_indent = Pt(-CHAR * hanging)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    if left:
        ind.set(qn("w:leftChars"), str(left * 100))
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
    if hanging:
        ind.set(qn("w:hangingChars"), str(hanging * 100))


def para(
    doc: Document,
    align: WD_ALIGN_PARAGRAPH | None = None,
    line_pt: float = LINE_PITCH_PT,
    *,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph on the 22-line grid; `keep_next` keeps it on the page of the paragraph that follows."""
    paragraph = exact_spacing(doc.add_paragraph(), line_pt)
    if align is not None:
        paragraph.alignment = align
    if keep_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def tag(doc: Document, text: str) -> Paragraph:
    """A paragraph holding only a docxtpl `{%p … %}` tag: it disappears when rendered."""
    paragraph = para(doc)
    set_font(paragraph.add_run(text), FONT_BODY, SIZE_3)
    return paragraph


def blank(doc: Document, *, keep_next: bool = False) -> Paragraph:
    return para(doc, keep_next=keep_next)


def body_text(doc: Document, text: str, indent: bool = True, *, keep_next: bool = False) -> Paragraph:
    paragraph = para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, keep_next=keep_next)
    if indent:
        indent_chars(paragraph, first_line=2)
    set_font(paragraph.add_run(text), FONT_BODY, SIZE_3)
    return paragraph


def _red_rule_below(paragraph: Paragraph) -> None:
    """7.2.5 版头中的分隔线: red, the text block's width, 4 mm below the 发文字号."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(RULE_WIDTH_EIGHTHS))
    bottom.set(qn("w:space"), str(RULE_SPACE_PT))
    bottom.set(qn("w:color"), RED)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def mark_space_before_mm(direction: str) -> float:
    """The space above the 发文机关标志 that puts its top edge where 7.2.3 says (37 mm 天头 above it)."""
    ink_top = MARK_TOP_MM[direction] + MARK_AIM_LOWER_MM
    return ink_top - GBT_TOP_MM - MARK_INK_BELOW_PARAGRAPH_MM


def _issuer_mark(doc: Document, mark: str, direction: str) -> None:
    paragraph = para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=MASTHEAD_LINE_PT)
    paragraph.paragraph_format.space_before = Mm(mark_space_before_mm(direction))
    set_font(paragraph.add_run(mark), FONT_TITLE, MASTHEAD_SIZE, color=RED)


def masthead(
    doc: Document,
    mark: str = "{{ issuer_mark }}",
    docnum: str | None = "{{ docnum }}",
    *,
    directional: bool = False,
) -> None:
    """版头: red 发文机关标志 35 mm under the 版心's top, two blank lines, 发文字号 and the red rule
    (7.2.3–7.2.5); then the two blank lines 7.3.1 puts between the rule and the 标题
    ("编排于红色分隔线下空二行位置"). `directional`: the payload's `direction` chooses 上行文 (the mark
    43 mm under the 版心's top, 80 mm from the page top); other papers are 下行文.
    """
    if directional:
        tag(doc, '{%p if direction == "上行文" %}')
        _issuer_mark(doc, mark, "上行文")
        tag(doc, "{%p else %}")
        _issuer_mark(doc, mark, "下行文")
        tag(doc, "{%p endif %}")
    else:
        _issuer_mark(doc, mark, "下行文")
    blank(doc)
    blank(doc)
    if directional:
        # 7.2.4: "上行文的发文字号居左空一字编排，与最后一个签发人姓名处在同一行"; 7.2.5 签发人 居右空一字,
        # "签发人" in 仿宋, the name in 楷体.
        tag(doc, '{%p if direction == "上行文" %}')
        upward = para(doc, WD_ALIGN_PARAGRAPH.LEFT)
        # Tabs, not indents: the red rule below is as wide as the paragraph's indented box.
        tabs = upward.paragraph_format.tab_stops
        tabs.add_tab_stop(Pt(CHAR), WD_TAB_ALIGNMENT.LEFT)
        tabs.add_tab_stop(Mm(GBT_TEXT_WIDTH_MM) - Pt(CHAR), WD_TAB_ALIGNMENT.RIGHT)
        set_font(upward.add_run("\t{{ docnum }}\t签发人："), FONT_BODY, SIZE_3)
        set_font(upward.add_run("{{ signer or '' }}"), FONT_KAI, SIZE_3)
        _red_rule_below(upward)
        tag(doc, "{%p else %}")
    number = para(doc, WD_ALIGN_PARAGRAPH.CENTER)
    if docnum is not None:
        set_font(number.add_run(docnum), FONT_BODY, SIZE_3)
    _red_rule_below(number)
    if directional:
        tag(doc, "{%p endif %}")
    blank(doc)
    blank(doc)


def off_grid(paragraph: Paragraph) -> Paragraph:
    """`w:snapToGrid w:val="0"`: the paragraph keeps its own line pitch instead of the 22-line grid.

    LibreOffice snaps a 33 pt title line to two 28.95 pt grid lines, so a title of two lines printed with
    a 58 pt gap ("关于表彰…奖 / 人员的决定"); 7.3.1 wants the lines of a title close together.
    """
    properties = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    properties.append(snap)
    return paragraph


def title(doc: Document, text: str = "{{ title }}") -> None:
    """7.3.1 标题: 2号小标宋 centred, its lines 33 pt apart; a blank line follows before 主送机关. Its
    style lets the renderer break a long title by sense (service/documents/line_breaks.py)."""
    paragraph = off_grid(para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=SIZE_2 * 1.5))
    paragraph.style = doc.styles[marker_style(doc, TITLE_STYLE)]
    set_font(paragraph.add_run(text), FONT_TITLE, SIZE_2)
    blank(doc)


def addressees(doc: Document, text: str = "{{ addressees }}：") -> None:
    """7.3.2 主送机关: flush left, full-width colon."""
    set_font(para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY).add_run(text), FONT_BODY, SIZE_3)


def _heading_paragraph(doc: Document, face: str, keep_next: bool) -> None:
    paragraph = para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, keep_next=keep_next)
    indent_chars(paragraph, first_line=2)
    set_font(paragraph.add_run("{{ p.number }}{{ p.heading }}"), face, SIZE_3)
    set_font(paragraph.add_run("{{ p.text }}"), FONT_BODY, SIZE_3)


def _body_paragraph(doc: Document, keep_next: bool) -> None:
    """One paragraph of the loop: its layer decides the face of its numbered heading.

    A heading standing alone on its line (一、考核方式 / （一）年度优秀（2名）) always keeps with the next
    paragraph: it never ends a page apart from the text it heads.
    """
    tag(doc, "{%p if p.level == 1 and not p.text %}")
    _heading_paragraph(doc, FONT_HEI, keep_next=True)
    tag(doc, "{%p elif p.level == 2 and not p.text %}")
    _heading_paragraph(doc, FONT_KAI, keep_next=True)
    tag(doc, "{%p elif p.level == 1 %}")
    _heading_paragraph(doc, FONT_HEI, keep_next)
    tag(doc, "{%p elif p.level == 2 %}")
    _heading_paragraph(doc, FONT_KAI, keep_next)
    tag(doc, "{%p elif p.level == 3 %}")
    _heading_paragraph(doc, FONT_BODY, keep_next)
    tag(doc, "{%p else %}")
    body_text(doc, "{{ p.text }}", keep_next=keep_next)
    tag(doc, "{%p endif %}")


def body(doc: Document, items: str = "paragraphs") -> None:
    """7.3.3 正文. The last paragraph keeps with what follows (附件说明, 署名, a table), so its last
    lines go over with them: 7.3.5 puts 署名 and 成文日期 under the 正文, and a page holding only the
    signature block ("此页无正文") is what a clerk must never send.
    """
    tag(doc, f"{{%p for p in {items} %}}")
    tag(doc, "{%p if loop.last %}")
    _body_paragraph(doc, keep_next=True)
    tag(doc, "{%p else %}")
    _body_paragraph(doc, keep_next=False)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def attachment_note(doc: Document) -> None:
    """7.3.4 附件说明: a blank line, 左空二字 "附件：1.《…》"; later items align on their numbers.

    A long name wraps under its own first character (hanging indent), as the standard's examples do.
    Every line keeps with the next, down to the 署名: the note never parts from the signature.
    """
    tag(doc, "{%p if attachments %}")
    blank(doc, keep_next=True)
    tag(doc, "{%p for a in attachments %}")
    tag(doc, "{%p if loop.first %}")
    first = para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, keep_next=True)
    indent_chars(first, left=6, hanging=4)  # 空二字 + 附件： (3) + the number (1)
    set_font(first.add_run("附件：{{ loop.index }}.{{ a.title }}"), FONT_BODY, SIZE_3)
    tag(doc, "{%p else %}")
    other = para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, keep_next=True)
    indent_chars(other, left=6, hanging=1)
    set_font(other.add_run("{{ loop.index }}.{{ a.title }}"), FONT_BODY, SIZE_3)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def marker_style(doc: Document, name: str) -> str:
    """A paragraph style by which the renderer finds the 标题, 署名 and 成文日期 after filling them in."""
    if name not in [style.name for style in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
    return name


def signature(doc: Document, name: str = "{{ signature }}", day: str = "{{ date|cn_date }}") -> None:
    """7.3.5.2: "在正文（或附件说明）下空一行右空二字编排发文机关署名"; 成文日期 below it, its first
    character two characters right of the signature's (右空四字 and the 署名 centred over it when sealed),
    in Arabic numerals. The indents depend on the filled-in text, so the renderer sets them
    (signature_block.py); the template's are those of a 12-character signature. One blank line, not two:
    7.3.5.1 puts a seal's top within one line of the text too, and the extra line pushed short letters
    onto a second page.

    The block keeps with what follows it (a 附注 in letters): the date is kept with the next paragraph
    too, which is harmless when nothing follows.
    """
    blank(doc, keep_next=True)
    signed = para(doc, WD_ALIGN_PARAGRAPH.RIGHT, keep_next=True)
    signed.style = doc.styles[marker_style(doc, SIGNATURE_STYLE)]
    signed.paragraph_format.right_indent = Pt(CHAR * 2)
    set_font(signed.add_run(name), FONT_BODY, SIZE_3)
    dated = para(doc, WD_ALIGN_PARAGRAPH.RIGHT, keep_next=True)
    dated.style = doc.styles[marker_style(doc, DATE_STYLE)]
    dated.paragraph_format.right_indent = Pt(CHAR * 5)
    set_font(dated.add_run(day), FONT_BODY, SIZE_3)


def notice_document() -> Document:
    doc = new_document("gbt9704")
    masthead(doc, directional=True)
    title(doc)
    addressees(doc)
    body(doc)
    attachment_note(doc)
    signature(doc)
    record(doc)
    add_page_number_footer(doc)
    return doc


def build() -> dict[str, Document]:
    return {TEMPLATE: notice_document()}


# 7.4 版记: "版记中的分隔线与版心等宽，首条分隔线和末条分隔线用粗线（推荐高度为0.35mm）…末条分隔线与公文最后
# 一面的版心下边缘重合"; 7.4.3 "印发机关和印发日期一般用4号仿宋体字，编排在末条分隔线之上，印发机关左空
# 一字，印发日期右空一字…后加“印发”二字". w:sz is in eighths of a point: 0.35 mm = 1 pt = 8.
RECORD_RULE_EIGHTHS = 8


def record(doc: Document) -> None:
    """版记 at the foot of the last page: a frame anchored to the bottom of the text block holding 印发机关
    (左空一字) and 印发日期 + 印发 (右空一字, a right tab), between two thick rules."""
    paragraph = para(doc)
    properties = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w:w", str(round(GBT_TEXT_WIDTH_MM * 1440 / 25.4))),
        ("w:wrap", "notBeside"),
        ("w:hAnchor", "margin"),
        ("w:vAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(key), value)
    properties.insert(0, frame)
    borders = OxmlElement("w:pBdr")
    for side in ("w:top", "w:bottom"):
        border = OxmlElement(side)
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), str(RECORD_RULE_EIGHTHS))
        border.set(qn("w:space"), "1")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    properties.append(borders)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(SIZE_4)
    fmt.right_indent = Pt(SIZE_4)
    # A tab stop counts from the text block's edge, not from the indent.
    fmt.tab_stops.add_tab_stop(Mm(GBT_TEXT_WIDTH_MM) - Pt(SIZE_4), WD_TAB_ALIGNMENT.RIGHT)
    set_font(
        paragraph.add_run("{{ printer or signature }}\t{{ (printed_on or date)|cn_date }}印发"),
        FONT_BODY,
        SIZE_4,
    )
    # The paragraph that ends the section when 附件 follow (render.compose) must not be the frame:
    # LibreOffice drops the frame of a paragraph carrying a section break. 1 pt high, it takes no line.
    exact_spacing(doc.add_paragraph(), 1)
