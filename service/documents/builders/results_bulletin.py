"""The 考核结果通报 template (form_templates/results_bulletin.docx): a GB/T 9704 通报 with a ranking table.

The table lists every department with its 名次, 得分 and the awards of 003 六2 / 004 五1 (先进处室,
表扬, 争先进位, 优秀部门 …); rows never split across pages and the header row repeats on each page.
"""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import grid, row, tag_row
from service.documents.builders.layout import (
    FONT_BODY,
    FONT_HEI,
    SIZE_4,
    add_page_number_footer,
    new_document,
)
from service.documents.builders.notice import addressees, blank, body, masthead, signature, title

TEMPLATE = "results_bulletin.docx"
COLUMNS_MM = (18, 52, 24, 62)  # 名次, 部门, 得分, 考核结果 — the 156 mm text block


def results_bulletin_document() -> Document:
    doc = new_document("gbt9704")
    masthead(doc)
    title(doc)
    addressees(doc)
    body(doc)
    table = grid(doc, COLUMNS_MM)
    row(table, ["名次", "部门", "得分", "考核结果"], font=FONT_HEI, size=SIZE_4, header=True)
    tag_row(table, "{%tr for d in departments %}")
    row(
        table,
        ["{{ d.rank }}", "{{ d.name }}", "{{ d.total_text }}", "{{ d.result }}"],
        font=FONT_BODY,
        size=SIZE_4,
    )
    tag_row(table, "{%tr endfor %}")
    blank(doc)
    body(doc, items="closing_paragraphs")
    signature(doc)
    add_page_number_footer(doc)
    return doc


def build() -> dict[str, Document]:
    return {TEMPLATE: results_bulletin_document()}
