"""Template of the 荣誉证书 (001 六(四), 000 七(三)): A4 landscape, one certificate per page."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from service.documents.builders.form_tables import CENTER, LEFT, RIGHT, line, write
from service.documents.builders.layout import (
    FONT_KAI,
    FONT_TITLE,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    new_document,
    set_font,
)

RED = "C00000"
TEXT_PT = 26.0  # 一号
TITLE_PT = 48.0
LONG_NAME_PT = 16.0


def paragraph_tag(doc: Document, text: str) -> None:
    """A paragraph holding only a docxtpl `{%p … %}` tag: it disappears when rendered."""
    write(doc.add_paragraph(), text, size=12)


def build() -> dict[str, Document]:
    doc = new_document("form")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(35))
    heading = doc.add_paragraph()
    heading.alignment = CENTER
    heading.paragraph_format.space_after = Pt(30)
    set_font(heading.add_run("荣誉证书"), FONT_TITLE, TITLE_PT, color=RED)
    line(doc, "{{ name }}同志：", font=FONT_KAI, size=TEXT_PT, align=LEFT)
    body = line(doc, "\u3000\u3000{{ citation }}", font=FONT_KAI, size=TEXT_PT)
    body.paragraph_format.space_after = Pt(0)
    line(doc, "\u3000\u3000特发此证，以资鼓励。", font=FONT_KAI, size=TEXT_PT)
    # A long organisation (up to 100 characters) is set smaller, with less space above, so the date
    # stays on the page (before: it moved to page 2).
    paragraph_tag(doc, "{%p if organisation|length > 20 %}")
    signature = line(doc, "{{ organisation }}", font=FONT_KAI, size=LONG_NAME_PT, align=RIGHT)
    signature.paragraph_format.space_before = Pt(12)
    paragraph_tag(doc, "{%p else %}")
    signature = line(doc, "{{ organisation }}", font=FONT_KAI, size=TEXT_PT - 4, align=RIGHT)
    signature.paragraph_format.space_before = Pt(40)
    paragraph_tag(doc, "{%p endif %}")
    line(doc, "{{ awarded_on|cn_date }}", font=FONT_KAI, size=TEXT_PT - 4, align=RIGHT)
    write(doc.add_paragraph(), "{{ number_line }}", size=12, align=LEFT)
    return {"certificate.docx": doc}
