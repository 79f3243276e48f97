"""The work of a job, as steps any process can run (issue 15): one chunk, the merge, or a whole job.

Every step starts from the job table and ends in it, so it does not matter which process ran the step
before: the embedded runner (SQLite) calls them in threads, procrastinate workers (PostgreSQL) run each
as a task, and a step retried after its worker was killed finds what the last attempt left. Slow work
(rendering, LibreOffice, pypdf) happens between two short transactions, never inside one.

A PDF job (one merged PDF, or a .zip of PDFs) is cut into chunks of `chunk_size` consecutive items;
a chunk renders its items and converts them as few composed documents (service/pdf/packet.py: one
per template), and stores the PDFs with its marks. The last chunk recorded asks for the merge, which
lays the pages back in the order of the request. A .zip of .docx needs no LibreOffice: one step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from schemas.batch import BatchRequest
from schemas.job import ItemError
from service import job_store
from service.db import Database
from service.docnum import normalise_docnum
from service.errors import DomainError
from service.pdf.batch import (
    MEDIA_TYPES,
    BatchResult,
    file_stems,
    fonts_of,
    render_items,
    run_batch,
    safe_filename,
    with_missing_glyphs,
    zip_files,
)
from service.pdf.convert import watermark_pdf
from service.pdf.merge import ConvertedChunk, PacketInfo, PartMark, merge_packet, split_documents
from service.pdf.office import OfficePool, get_pool
from service.pdf.packet import MAX_CHUNK_DOCUMENTS, PacketDocument, concatenate, plan_chunks

NO_DOCUMENT = "没有一份文书生成成功，见 errors"


def is_chunked(request: BatchRequest) -> bool:
    """Only LibreOffice work is worth spreading over workers; a .zip of .docx is one quick step."""
    return not (request.output == "zip" and request.format == "docx")


def chunk_count(total: int, chunk_size: int) -> int:
    return math.ceil(total / chunk_size)


def chunk_size_for(configured: int) -> int:
    return max(1, min(configured, MAX_CHUNK_DOCUMENTS))


def _load(database: Database, job_id: str) -> tuple[BatchRequest, int, int] | None:
    """The job's request and chunking, or None when it is already finished (a late or repeated task)."""
    with database.session(write=True) as session:
        if not job_store.start(session=session, job_id=job_id):
            return None
        job = job_store.load(session=session, job_id=job_id)
        return BatchRequest.model_validate(job.request), job.chunk_size, job.total


def run_chunk(database: Database, job_id: str, index: int, *, pool: OfficePool | None = None) -> bool:
    """Render and convert chunk `index`, store it; True when it was the job's last chunk."""
    loaded = _load(database, job_id)
    if loaded is None:
        return False
    request, size, total = loaded
    indexes = range(index * size, min(total, (index + 1) * size))
    rendered, errors = render_items(request, indexes)
    office = pool or get_pool()
    files: dict[str, bytes] = {}
    parts: list[dict[str, Any]] = []
    packet = [PacketDocument(d.docx, d.title, d.group) for d in rendered]
    for group, positions in enumerate(plan_chunks(packet, workers=1)):
        # Marks carry the item's index in the whole request: bookmark names stay unique across chunks.
        marks = [PartMark(rendered[p].index, rendered[p].title, rendered[p].group) for p in positions]
        pdf = office.convert(concatenate([rendered[p].docx for p in positions], marks)).pdf
        name = f"chunk-{index:05d}-{group}.pdf"
        files[name] = pdf
        # Every printed character against this part's glyphs: the merge has only one .docx per kind.
        first = rendered[positions[0]]
        fonts = fonts_of({first.kind.kind: first.docx}, pdf, [rendered[p].docx for p in positions[1:]])
        parts.append({"file": name, "marks": [[m.position, m.title, m.group] for m in marks], "fonts": fonts})
    samples: dict[str, str] = {}
    for document in rendered:
        name = f"chunk-{index:05d}-{document.kind.kind}.docx"
        if document.kind.kind not in samples:
            samples[document.kind.kind], files[name] = name, document.docx
    stems = {str(i): stem for i, stem in file_stems(rendered).items()}
    manifest = {"parts": parts, "samples": samples, "stems": stems}
    with database.session(write=True) as session:
        return job_store.record_chunk(
            session=session,
            job_id=job_id,
            index=index,
            files=files,
            manifest=manifest,
            errors=errors,
            items=len(indexes),
        )


def _chunks_of(
    database: Database, job_id: str
) -> tuple[list[ConvertedChunk], dict[str, bytes], dict[int, str], list[dict[str, Any]]]:
    chunks: list[ConvertedChunk] = []
    samples: dict[str, bytes] = {}
    stems: dict[int, str] = {}
    reports: list[dict[str, Any]] = []
    with database.session() as session:
        for manifest in job_store.manifests(session=session, job_id=job_id):
            for part in manifest["parts"]:
                pdf = job_store.read_file(session=session, job_id=job_id, name=part["file"])
                chunks.append(ConvertedChunk(pdf, [PartMark(*mark) for mark in part["marks"]]))
                reports.append(part.get("fonts") or {})
            for kind, name in manifest["samples"].items():
                if kind not in samples:
                    samples[kind] = job_store.read_file(session=session, job_id=job_id, name=name)
            stems.update({int(i): stem for i, stem in manifest["stems"].items()})
    return chunks, samples, stems, reports


def run_merge(database: Database, job_id: str) -> None:
    """Every chunk's pages back in the request's order: one PDF (outline, metadata, watermark) or a .zip."""
    loaded = _load(database, job_id)
    if loaded is None:
        return
    request = loaded[0]
    chunks, samples, stems, reports = _chunks_of(database, job_id)
    if not chunks:
        _fail(database, job_id, NO_DOCUMENT)
        return
    first = min((mark for chunk in chunks for mark in chunk.marks), key=lambda mark: mark.position)
    title = safe_filename(request.title or first.title)  # as run_batch: the first good document's
    if request.output == "zip":
        split = split_documents(chunks)
        content = zip_files(stems, split, "pdf")
        media_type, filename = MEDIA_TYPES["zip"], f"{title}.zip"
        fonts = with_missing_glyphs(fonts_of(samples, next(iter(split.values()))), reports)
    else:
        info = PacketInfo(request.title or title, _docnum(request), request.organisation, request.watermark)
        stamp = watermark_pdf(request.watermark) if request.watermark else None
        content = merge_packet(chunks, info, stamp)
        media_type, filename = MEDIA_TYPES["pdf"], f"{title}.pdf"
        fonts = with_missing_glyphs(fonts_of(samples, content), reports)
    with database.session(write=True) as session:
        job_store.finish(
            session=session,
            job_id=job_id,
            content=content,
            media_type=media_type,
            filename=filename,
            fonts=fonts,
        )


def _docnum(request: BatchRequest) -> str | None:
    return normalise_docnum(request.docnum) if request.docnum else None  # checked at submission


# A job kind run in one step: (database, the job's stored request, progress(n)) → the finished batch.
# "batch" is POST /api/jobs; other modules register theirs (a round's papers), so a worker process
# that imports them runs them too.
WholeWork = Callable[[Database, dict[str, Any], Callable[[int], None]], BatchResult]
WHOLE_KINDS: dict[str, WholeWork] = {}


def register_kind(kind: str, work: WholeWork) -> None:
    WHOLE_KINDS[kind] = work


def _batch(database: Database, request: dict[str, Any], progress: Callable[[int], None]) -> BatchResult:
    return run_batch(BatchRequest.model_validate(request), strict=False, progress=progress)


register_kind("batch", _batch)


def run_whole(database: Database, job_id: str) -> None:
    """A job that is not cut into chunks (.zip of .docx, a registered kind) in one step."""
    with database.session(write=True) as session:
        if not job_store.start(session=session, job_id=job_id):
            return
        job = job_store.load(session=session, job_id=job_id)
        kind, request = job.kind, job.request
    work = WHOLE_KINDS.get(kind)
    if work is None:
        raise DomainError(f"本进程不认识任务类型 {kind}")

    pending = {"documents": 0, "at": time.monotonic()}

    def progress(documents: int) -> None:
        # At most one write a second: a .zip of 1,000 .docx reports per document.
        pending["documents"] += documents
        if time.monotonic() - pending["at"] < 1:
            return
        with database.session(write=True) as session:
            job_store.advance(session=session, job_id=job_id, documents=int(pending["documents"]))
        pending["documents"], pending["at"] = 0, time.monotonic()

    result = work(database, request, progress)
    with database.session(write=True) as session:
        if result.documents == 0:
            job_store.fail(session=session, job_id=job_id, message=NO_DOCUMENT, errors=result.errors)
            return
        job_store.finish(
            session=session,
            job_id=job_id,
            content=result.content,
            media_type=result.media_type,
            filename=result.filename,
            fonts=result.fonts,
            errors=result.errors,
        )


def _fail(database: Database, job_id: str, message: str, errors: list[ItemError] | None = None) -> None:
    with database.session(write=True) as session:
        job_store.fail(session=session, job_id=job_id, message=message, errors=errors)


def fail_job(database: Database, job_id: str, error: BaseException) -> None:
    """A step that will not be tried again fails its job with a reason a clerk can read."""
    # A bug says so too, instead of leaving the job hanging in "running".
    message = error.detail if isinstance(error, DomainError) else f"内部错误：{type(error).__name__}: {error}"
    _fail(database, job_id, message)
