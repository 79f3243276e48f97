"""One document to PDF, with the font report every PDF response carries (issue 6).

`render_pdf(kind, payload)` is what `POST /api/documents/{kind}?format=pdf` calls: the one rendering
adapter makes the .docx, the warm pool converts it, and the report says which fonts were asked for,
which faces stood in for them and which were embedded.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from pydantic import BaseModel

from service.cn_format import cn_date
from service.documents.builders.layout import FONT_HEI, new_document, set_font
from service.documents.metadata import read_paper_info
from service.documents.registry import DocumentKind, get_kind
from service.documents.render import render_context, render_docx
from service.payload import parse_payload
from service.pdf.fonts import font_report
from service.pdf.gbt9704_check import Expected, check_notice
from service.pdf.merge import WATERMARKS
from service.pdf.office import get_pool

FONT_REPORT_HEADER = "X-Font-Report"
TWIPS_PER_MM = 1440 / 25.4
_TOP_MARGIN = re.compile(rb'<w:pgMar\b[^>]*\bw:top="(\d+)"')


@dataclass(frozen=True)
class PdfDocument:
    pdf: bytes
    pages: int
    fonts: dict[str, Any]

    def report_header(self) -> str:
        """The font report as an HTTP header value (ASCII JSON: headers are Latin-1)."""
        return json.dumps(self.fonts, ensure_ascii=True, separators=(",", ":"))


def docx_to_pdf(docx: bytes) -> PdfDocument:
    conversion = get_pool().convert(docx)
    return PdfDocument(conversion.pdf, conversion.pages, font_report(docx, conversion.pdf))


def render_pdf(kind: str, payload: BaseModel | dict[str, Any]) -> PdfDocument:
    return docx_to_pdf(render_docx(kind, payload))


@lru_cache(maxsize=len(WATERMARKS))
def watermark_pdf(text: str) -> bytes:
    """A small page with `text` in light grey 黑体, made once per text by the same pool.

    pypdf cannot lay out Chinese text itself; LibreOffice can, with the mapped 黑体 face.
    """
    if text not in WATERMARKS:
        raise ValueError(f"水印只能是：{'、'.join(WATERMARKS)}")
    document = new_document("form")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(200), Mm(70)
    section.top_margin = section.bottom_margin = Mm(5)
    section.left_margin = section.right_margin = Mm(5)
    paragraph = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), FONT_HEI, 110, color="D0D0D0")
    paragraph.paragraph_format.space_before = Pt(0)
    out = io.BytesIO()
    document.save(out)
    return get_pool().convert(out.getvalue()).pdf


def is_gbt9704_layout(docx: bytes) -> bool:
    """Whether the document's first section is laid out as a 公文 (top margin 37 mm, GB/T 9704 5.2.2)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        match = _TOP_MARGIN.search(package.read("word/document.xml"))
    return match is not None and abs(int(match.group(1)) / TWIPS_PER_MM - 37) < 1


def expected_of(kind: DocumentKind, model: BaseModel, docx: bytes) -> Expected | None:
    """What the check measures a paper against, from its payload: its format (文件 with a red mark that
    ends in 文件, 信函 on letter.docx, plain for the 公示), 落款 and metadata (service/documents/metadata)."""
    if not is_gbt9704_layout(docx):
        return None
    context = render_context(kind, model)
    if "issuer_mark" in context:
        layout: Literal["file", "letter", "plain"] = "letter" if kind.template == "letter.docx" else "file"
    else:
        layout = "plain"
    signature = context.get("signature") or context.get("organisation")
    day = context.get("date") or context.get("issued_on")
    paper = read_paper_info(docx)
    return Expected(
        layout=layout,
        direction=str(context.get("direction") or "下行文"),
        signature=signature if isinstance(signature, str) else None,
        date=cn_date(day) if isinstance(day, dt.date) else None,
        sealed=context.get("sealed") is True,
        record=kind.template == "notice.docx",
        title=paper.title,
        author=paper.author,
        subject=paper.subject,
    )


def check_layout(kind: str, payload: BaseModel | dict[str, Any] | None = None) -> dict[str, Any]:
    """`GET /api/documents/{kind}/check` (the example) and `POST` (a payload): the GB/T 9704 report of
    the rendered PDF — every page, attachments too — and its font report.

    Without a payload the kind's example (for the notices, the published notice) is checked. Forms
    follow their printed originals, not GB/T 9704: their report is given but marked as not applying.
    """
    document_kind = get_kind(kind)
    if payload is None:
        model = document_kind.example()
    elif isinstance(payload, BaseModel):
        model = payload
    else:
        model = parse_payload(document_kind.schema, payload)
    docx = render_docx(kind, model)
    document = docx_to_pdf(docx)
    expected = expected_of(document_kind, model, docx)
    applies = expected is not None
    return {
        "kind": kind,
        "pages": document.pages,
        "layout": "gbt9704" if applies else "form",
        "format": expected.layout if expected is not None else None,
        "note": None if applies else "该文书按原表格式排版，不适用 GB/T 9704 公文格式，检查结果仅供参考",
        "gbt9704": check_notice(document.pdf, expected),
        "fonts": document.fonts,
    }
