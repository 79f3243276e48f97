"""Batches: every form of a roster into one .zip (docx or pdf) or one merged PDF (issue 6).

A blocking request (`POST /api/documents/batch`) is all or nothing: one bad item answers 422 with the
path of each bad field (`items[3].payload.name`). A job (`POST /api/jobs`) renders what it can and
reports errors per item, because a clerk sending 400 forms wants 399 of them and a list of the rest.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from schemas.batch import BatchRequest
from schemas.job import ItemError
from service.control_chars import for_filename
from service.docnum import normalise_docnum
from service.documents.metadata import read_paper_info
from service.documents.registry import DocumentKind, get_kind
from service.documents.render import render_docx
from service.errors import DomainError, InvalidPayload, chinese_message, json_path
from service.pdf.convert import FONT_REPORT_HEADER, watermark_pdf
from service.pdf.fonts import font_report
from service.pdf.merge import PacketInfo, merge_packet, split_documents
from service.pdf.packet import PacketDocument, convert_documents

Progress = Callable[[int], None]
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

MEDIA_TYPES = {
    "zip": "application/zip",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class BatchResult:
    content: bytes
    media_type: str
    filename: str  # Chinese, with extension
    documents: int
    errors: list[ItemError] = field(default_factory=list)
    fonts: dict[str, Any] | None = None


@dataclass(frozen=True)
class Rendered:
    index: int
    kind: DocumentKind
    model: BaseModel
    docx: bytes
    title: str
    group: str | None


def _item_errors(index: int, kind: str, error: Exception) -> list[ItemError]:
    """One failure of one item as errors with JSON paths from the request's root."""
    prefix = f"items[{index}]"
    if isinstance(error, RequestValidationError | ValidationError):
        return [
            ItemError(
                index=index,
                kind=kind,
                path=f"{prefix}.payload" + _suffix(e.get("loc", ())),
                message=chinese_message(dict(e)),
            )
            for e in error.errors()
        ]
    if isinstance(error, InvalidPayload):
        return [
            ItemError(index=index, kind=kind, path=f"{prefix}.payload" + _suffix(loc), message=message)
            for loc, message in error.problems
        ]
    if isinstance(error, DomainError):
        path = f"{prefix}.kind" if error.status_code == 404 else prefix
        return [ItemError(index=index, kind=kind, path=path, message=error.detail)]
    raise error


def _suffix(loc: Any) -> str:
    parts = [part for part in loc if part != "body"]
    path = json_path(parts) if parts else ""
    if not path or path == "$":
        return ""
    return path if path.startswith("[") else f".{path}"


def render_items(
    request: BatchRequest, indexes: Iterable[int], progress: Progress | None = None
) -> tuple[list[Rendered], list[ItemError]]:
    """Render the items at `indexes` (a job's chunk renders only its own); errors carry the item's path."""
    rendered: list[Rendered] = []
    errors: list[ItemError] = []
    for index in indexes:
        item = request.items[index]
        try:
            kind = get_kind(item.kind)
            model = kind.schema.model_validate(item.payload)
            docx = render_docx(item.kind, model)
        except (DomainError, RequestValidationError, ValidationError) as error:
            errors.extend(_item_errors(index, item.kind, error))
            continue
        title = item.title or kind.title
        rendered.append(Rendered(index, kind, model, docx, title, item.person))
        if progress is not None and request.output == "zip" and request.format == "docx":
            progress(1)
    return rendered, errors


def _raise_for(errors: list[ItemError]) -> None:
    problems: list[tuple[list[str | int], str]] = []
    for error in errors:
        loc: list[str | int] = [
            int(part) if part.isdigit() else part for part in re.split(r"[.\[\]]+", error.path) if part
        ]
        problems.append((loc, error.message))
    raise InvalidPayload(problems)


def safe_filename(text: str) -> str:
    return _UNSAFE_FILENAME.sub("_", text).strip() or "文书"


def file_stems(rendered: list[Rendered]) -> dict[int, str]:
    """Each document's file name (without extension) in a .zip, by item index."""
    return {document.index: document.kind.filename_of(document.model) for document in rendered}


def zip_files(stems: Mapping[int, str], files: Mapping[int, bytes], extension: str) -> bytes:
    out = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in sorted(stems):
            stem = safe_filename(stems[index])
            name = f"{index + 1:03d}_{stem}.{extension}"
            while name in used:
                name = f"{index + 1:03d}_{stem}_{len(used)}.{extension}"
            used.add(name)
            archive.writestr(name, files[index])
    return out.getvalue()


def _fonts(rendered: list[Rendered], pdf: bytes) -> dict[str, Any]:
    return fonts_of(
        {document.kind.kind: document.docx for document in rendered}, pdf, [d.docx for d in rendered[1:]]
    )


def fonts_of(samples: Mapping[str, bytes], pdf: bytes, texts: Sequence[bytes] = ()) -> dict[str, Any]:
    """The font report of a packet: requested names of one document per kind, fonts of the PDF, and
    the characters of every document (`texts`: each person's name) checked against the PDF's glyphs once."""
    first, *others = samples.values()
    return font_report(first, pdf, others=others, texts=texts)


def with_missing_glyphs(report: dict[str, Any], parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A merged packet's report that also names the characters without a glyph found in its parts (a job's
    chunks, each checked against its own PDF with all its documents' text)."""
    missing = list(
        dict.fromkeys(
            [*report.get("missing_glyphs", []), *(g for p in parts for g in p.get("missing_glyphs", []))]
        )
    )
    warnings = list(
        dict.fromkeys([*report.get("warnings", []), *(w for p in parts for w in p.get("warnings", []))])
    )
    return {**report, "missing_glyphs": missing, "all_glyphs": not missing, "warnings": warnings}


def _member_info(document: Rendered) -> PacketInfo:
    """A zip member's PDF metadata: what its .docx core properties say (service/documents/metadata.py)."""
    paper = read_paper_info(document.docx)
    return PacketInfo(paper.title or document.title, paper.subject or None, paper.author or None)


def _docnum(text: str | None) -> str | None:
    """The 文号 for the metadata, written the one right way (〔〕, no 第, no leading zero)."""
    if not text:
        return None
    try:
        return normalise_docnum(text)
    except ValueError as error:
        raise InvalidPayload([(("docnum",), str(error))]) from None


def run_batch(request: BatchRequest, *, strict: bool = True, progress: Progress | None = None) -> BatchResult:
    """Render (and convert) every item; `strict` turns any item error into one 422 for the request."""
    docnum = _docnum(request.docnum)
    rendered, errors = render_items(request, range(len(request.items)), progress)
    if errors and strict:
        _raise_for(errors)
    if not rendered:
        return BatchResult(b"", MEDIA_TYPES["zip"], "", 0, errors)
    title = request.title or rendered[0].title
    if request.output == "zip" and request.format == "docx":
        files = {document.index: document.docx for document in rendered}
        content = zip_files(file_stems(rendered), files, "docx")
        return BatchResult(content, MEDIA_TYPES["zip"], f"{safe_filename(title)}.zip", len(rendered), errors)

    packet = [PacketDocument(document.docx, document.title, document.group) for document in rendered]
    chunks = convert_documents(packet, progress=progress, separately=request.output == "zip")
    # Chunk positions are positions in `packet`; map them back to the request's item indexes.
    if request.output == "zip":
        split = split_documents(chunks, {position: _member_info(d) for position, d in enumerate(rendered)})
        files = {rendered[position].index: pdf for position, pdf in split.items()}
        content = zip_files(file_stems(rendered), files, "pdf")
        fonts = _fonts(rendered, next(iter(split.values())))
        return BatchResult(
            content, MEDIA_TYPES["zip"], f"{safe_filename(title)}.zip", len(rendered), errors, fonts
        )
    info = PacketInfo(title, docnum, request.organisation, request.watermark)
    stamp = watermark_pdf(request.watermark) if request.watermark else None
    pdf = merge_packet(chunks, info, stamp)
    return BatchResult(
        pdf, MEDIA_TYPES["pdf"], f"{safe_filename(title)}.pdf", len(rendered), errors, _fonts(rendered, pdf)
    )


def download_headers(
    filename: str, fonts: dict[str, Any] | None = None, documents: int | None = None
) -> dict[str, str]:
    """Content-Disposition with the Chinese file name (RFC 6266/5987) and the font report."""
    filename = for_filename(filename)  # a control character in a name must never reach the header
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    headers = {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    }
    if fonts is not None:
        headers[FONT_REPORT_HEADER] = json.dumps(fonts, ensure_ascii=True, separators=(",", ":"))
    if documents is not None:
        headers["X-Document-Count"] = str(documents)
    return headers
