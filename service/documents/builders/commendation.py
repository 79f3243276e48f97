"""The 表彰决定 template (form_templates/commendation.docx): a 决定 laid out as the 通知 (GB/T 9704-2012).

Its own file, so a unit can restyle its commendations without touching the notice template; the body
(缘由, 决定语, each honour with its people, 希望与号召) is written by kinds/commendation.py.
"""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.layout import add_page_number_footer, new_document
from service.documents.builders.notice import addressees, body, masthead, signature, title

TEMPLATE = "commendation.docx"


def commendation_document() -> Document:
    doc = new_document("gbt9704")
    masthead(doc)
    title(doc)
    addressees(doc)
    body(doc)
    signature(doc)
    add_page_number_footer(doc)
    return doc


def build() -> dict[str, Document]:
    return {TEMPLATE: commendation_document()}
