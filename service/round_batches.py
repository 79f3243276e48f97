"""A round's papers in bulk (issue 10.6): bounded when blocking, a job with progress when large.

`POST /api/rounds/{id}/documents` with `person_id: "*"` in a 20,000-person round would run for hours in
one request. So the documents a batch will make are counted first (one COUNT query, before anything is
rendered); past `settings.max_blocking_documents` the request is refused with 413 naming the job
endpoint, `POST /api/rounds/{id}/documents/jobs`, which runs the same batch in the background: the same
`archive.render_batch` per chunk of people, its own database session per chunk, `done/total` as it goes
and errors per item, the chunks' .zip files joined into one.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from schemas.job import ItemError, JobState
from schemas.round import RoundBatchRequest, RoundDocumentRequest
from service import archive, job_work, jobs
from service.auth import Actor
from service.config import settings
from service.db import Database
from service.documents.registry import get_kind
from service.errors import DomainError, InvalidPayload, PayloadTooLarge
from service.pdf.batch import BatchResult
from service.round_context import build_context
from service.storage import rounds as round_storage

# Papers per chunk when previewing: one read session, one round context and one .zip per chunk.
# Issuing takes the write lock, so each issued document is its own short transaction.
PREVIEW_CHUNK = 200
_NUMBERED = re.compile(r"^\d+_")
Documents = list[tuple[int, RoundDocumentRequest]]  # (index of the request's item, one document)


def _expanded(*, session: Session, actor: Actor, round_id: int, request: RoundBatchRequest) -> Documents:
    """(index of the request's item, one document's request) for every document the batch makes: a "*"
    is expanded by the kind's own papers of the round (archive.paper_targets), read from one context."""
    documents: Documents = []
    context = None
    for index, item in enumerate(request.items):
        if not any(getattr(item, name) == archive.EVERYONE for name in archive.TARGETS):
            documents.append((index, item))
            continue
        if context is None:
            context = build_context(session=session, actor=actor, round_id=round_id)
        if item.kind is None:
            raise InvalidPayload([(("items", index, "kind"), "缺少文书类型")])
        targets = archive.paper_targets(context, get_kind(item.kind), item)
        documents += [(index, item.model_copy(update=update)) for update in targets]
    return documents


def count_documents(*, session: Session, actor: Actor, round_id: int, request: RoundBatchRequest) -> int:
    round_storage.get_round(session=session, round_id=round_id)  # 404 first
    return len(_expanded(session=session, actor=actor, round_id=round_id, request=request))


def check_blocking(*, session: Session, actor: Actor, round_id: int, request: RoundBatchRequest) -> None:
    """413 before rendering anything when the batch is too large for one blocking request."""
    count = count_documents(session=session, actor=actor, round_id=round_id, request=request)
    limit = settings.max_blocking_documents
    if count > limit:
        raise PayloadTooLarge(
            f"本次将生成 {count} 份文书，超过直接生成的上限 {limit} 份；"
            f"请改用 POST /api/rounds/{round_id}/documents/jobs 提交任务，并用 GET /api/jobs/{{id}} 查看进度"
        )


JOB_KIND = "round-papers"


def submit_job(
    *, database: Database, session: Session, actor: Actor, round_id: int, request: RoundBatchRequest
) -> JobState:
    """The batch as a background job: who is in it is decided now, the papers are made in chunks.

    What the job needs is stored with it (the actor, the round, each document's request), so any
    process that runs jobs — this one, or a `make worker` on PostgreSQL — can make the papers.
    """
    round_storage.get_round(session=session, round_id=round_id)
    documents = _expanded(session=session, actor=actor, round_id=round_id, request=request)
    stored = {
        "actor": dataclasses.asdict(actor),
        "round_id": round_id,
        "documents": [[index, item.model_dump(mode="json")] for index, item in documents],
    }
    return jobs.submit_work(
        JOB_KIND, stored, total=len(documents), session=session, database=database, owner=actor
    )


def _run_job(database: Database, stored: dict[str, Any], progress: Callable[[int], None]) -> BatchResult:
    actor = Actor(**stored["actor"])
    documents = [(index, RoundDocumentRequest.model_validate(item)) for index, item in stored["documents"]]
    return _render_in_chunks(database, actor, stored["round_id"], documents, progress)


job_work.register_kind(JOB_KIND, _run_job)


def _chunks(
    documents: Documents,
) -> list[Documents]:
    size = 1 if any(item.issue for _, item in documents) else PREVIEW_CHUNK
    return [documents[start : start + size] for start in range(0, len(documents), size)]


def _render_chunk(
    database: Database, actor: Actor, round_id: int, chunk: Documents
) -> archive.RenderedDocument:
    with database.session(write=any(item.issue for _, item in chunk)) as session:
        if len(chunk) == 1:  # one paper reads only what it needs (one person's entry for a form)
            _, item = chunk[0]
            document = archive.render_round_document(
                session=session, actor=actor, round_id=round_id, kind_id=item.kind or "", request=item
            )
            return _zipped(document)
        return archive.render_batch(
            session=session,
            actor=actor,
            round_id=round_id,
            request=RoundBatchRequest(items=[item for _, item in chunk]),
        )


def _zipped(document: archive.RenderedDocument) -> archive.RenderedDocument:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(f"001_{document.filename}.docx", document.content)
    return archive.RenderedDocument(
        content=buffer.getvalue(), filename=document.filename, media_type="application/zip"
    )


def _render_in_chunks(
    database: Database,
    actor: Actor,
    round_id: int,
    documents: Documents,
    progress: Callable[[int], None],
) -> BatchResult:
    errors: list[ItemError] = []
    out = io.BytesIO()
    count, filename = 0, "文书"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for chunk in _chunks(documents):
            # A chunk that fails is made again one document at a time, so one bad paper costs only itself.
            for part in [chunk] if len(chunk) == 1 else [chunk, *([single] for single in chunk)]:
                try:
                    rendered = _render_chunk(database, actor, round_id, part)
                except DomainError as error:
                    if len(part) == 1:
                        index, item = part[0]
                        message = (
                            f"{item.person_id or ''}：{error.detail}" if item.person_id else error.detail
                        )
                        errors.append(
                            ItemError(
                                index=index, kind=item.kind or "", path=f"items[{index}]", message=message
                            )
                        )
                    continue
                filename = rendered.filename
                with zipfile.ZipFile(io.BytesIO(rendered.content)) as made:
                    for name in made.namelist():
                        count += 1
                        package.writestr(f"{count:03d}_{_NUMBERED.sub('', name)}", made.read(name))
                if len(part) == len(chunk):
                    break  # the whole chunk went through: no need for the one-by-one pass
            progress(len(chunk))
    return BatchResult(out.getvalue(), "application/zip", f"{filename}.zip", count, errors)
