"""The document endpoints' service functions: list kinds, examples, render to a download (STYLE.md 4).

Routes stay thin: they hand the request's parts to one function here and return its `Download`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from fastapi import UploadFile
from pydantic import BaseModel

from service.config import settings
from service.control_chars import for_filename
from service.documents.lint import LintReport
from service.documents.registry import get_kind, kinds
from service.documents.render import render_docx
from service.documents.sandbox import lint_uploaded, render_uploaded
from service.errors import InvalidPayload, PayloadTooLarge
from service.payload import parse_payload

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
Format = Literal["docx", "pdf"]


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    headers: dict[str, str]


def content_disposition(filename: str) -> str:
    """RFC 6266/5987: the Chinese name in `filename*`, an ASCII stand-in in `filename` for old clients."""
    safe = for_filename(filename)
    ascii_name = safe.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe)}"


def list_kinds() -> list[dict[str, Any]]:
    return [
        {"kind": k.kind, "title": k.title, "seed": k.seed, "schema": k.schema.model_json_schema()}
        for k in kinds().values()
    ]


def example(kind: str) -> dict[str, Any]:
    return get_kind(kind).example().model_dump(mode="json")


def render_download(
    kind: str,
    payload: Any,
    output: Format = "docx",
    template: bytes | None = None,
    prefix: tuple[str, ...] = ("body",),
) -> Download:
    """Validate, render (with an uploaded template if given) and name the file after the document."""
    document_kind = get_kind(kind)
    model: BaseModel = parse_payload(document_kind.schema, payload, prefix)
    # An uploaded template is untrusted: it renders in the limited child process (sandbox.py).
    docx = render_docx(kind, model) if template is None else render_uploaded(kind, model, template)
    filename = document_kind.filename_of(model)
    if output == "pdf":
        # The PDF engineer's warm LibreOffice pool (issue 6); imported here so .docx never needs it.
        from service.pdf.convert import docx_to_pdf

        pdf = docx_to_pdf(docx)
        headers = {
            "Content-Disposition": content_disposition(f"{filename}.pdf"),
            "X-Font-Report": pdf.report_header(),
        }
        return Download(pdf.pdf, PDF_TYPE, headers)
    return Download(docx, DOCX_TYPE, {"Content-Disposition": content_disposition(f"{filename}.docx")})


def read_upload(upload: UploadFile) -> bytes:
    """The uploaded file, refused with 413 as soon as it passes settings.max_upload_bytes.

    Synchronous on purpose: the routes that take a template are plain `def`, so FastAPI runs them
    (reading, the sandbox child, the PDF conversion) in its thread pool, never on the event loop.
    """
    limit = settings.max_upload_bytes
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"上传的模板超过 {limit // (1024 * 1024)} MB")
    return data


def payload_field(text: str) -> Any:
    """The multipart `payload` field: JSON text, or a 422 that points at it."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidPayload(
            [(("payload",), f"不是合法的 JSON（第{exc.lineno}行第{exc.colno}列）")]
        ) from None


def render_with_upload(kind: str, payload_text: str, template: bytes, output: Format = "docx") -> Download:
    return render_download(kind, payload_field(payload_text), output, template, prefix=("body", "payload"))


def lint(kind: str, template: bytes) -> LintReport:
    get_kind(kind)  # an unknown kind is a 404 before any child is started
    return lint_uploaded(kind, template)
