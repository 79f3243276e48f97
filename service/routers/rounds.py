"""Thin routes (STYLE.md 4): rounds that persist — roster, Excel, evaluation, grades, documents."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Request, Response, UploadFile

from schemas.common import RowId
from schemas.job import JobState
from schemas.round import (
    EntryOut,
    FinalGrades,
    IssuedDocumentOut,
    RoundBatchRequest,
    RoundCreate,
    RoundDocumentRequest,
    RoundOut,
    RoundStatus,
    RoundUpdate,
)
from service import archive, excel, holiday_years, round_batches, round_status, rounds
from service.archive import RenderedDocument
from service.auth import ActorDep
from service.config import settings
from service.db import SessionDep, commit_before_slow_work, database_of
from service.documents.downloads import content_disposition

# A round's timeline and papers count working days: the calendar gets the years an administrator
# entered (service.holiday_years) before any of its routes runs.
router = APIRouter(prefix="/api/rounds", tags=["rounds"], dependencies=[Depends(holiday_years.refresh)])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Format = Literal["docx", "pdf"]


def _download(
    content: bytes, filename: str, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    disposition = content_disposition(filename)  # RFC 5987, no control character reaches the header
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": disposition, **(headers or {})}
    )


_EXTENSIONS = {"application/zip": "zip", archive.PDF: "pdf"}


def _document(document: RenderedDocument, output: Format = "docx") -> Response:
    if output == "pdf":
        document = archive.as_pdf(document)
    extension = _EXTENSIONS.get(document.media_type, "docx")
    headers = dict(document.headers)
    if document.issued is not None:
        headers |= {
            "X-Document-Id": str(document.issued.id),
            "X-Document-Version": str(document.issued.version),
            "X-Document-Sha256": document.issued.sha256,
            "X-Docnum": quote(document.issued.docnum or ""),  # headers are Latin-1: percent-encoded
        }
    return _download(document.content, f"{document.filename}.{extension}", document.media_type, headers)


@router.post("", status_code=201)
def create_round(request: RoundCreate, session: SessionDep, actor: ActorDep) -> RoundOut:
    return rounds.create_round(session=session, actor=actor, request=request)


@router.get("")
def list_rounds(session: SessionDep, organisation_id: RowId | None = None) -> list[RoundOut]:
    return rounds.list_rounds(session=session, organisation_id=organisation_id)


@router.get("/{round_id}")
def get_round(round_id: RowId, session: SessionDep) -> RoundOut:
    return rounds.get_round(session=session, round_id=round_id)


@router.get("/{round_id}/status")
def get_status(round_id: RowId, session: SessionDep, actor: ActorDep) -> RoundStatus:
    return round_status.round_status(session=session, actor=actor, round_id=round_id)


@router.patch("/{round_id}")
def update_round(round_id: RowId, request: RoundUpdate, session: SessionDep, actor: ActorDep) -> RoundOut:
    return rounds.update_round(session=session, actor=actor, round_id=round_id, request=request)


@router.put("/{round_id}/people")
def import_roster(
    round_id: RowId, session: SessionDep, actor: ActorDep, body: Any = Body(...), confirm: bool = False
) -> list[EntryOut]:
    return rounds.import_roster(session=session, actor=actor, round_id=round_id, body=body, confirm=confirm)


@router.get("/{round_id}/people")
def list_people(round_id: RowId, session: SessionDep, actor: ActorDep) -> list[EntryOut]:
    return rounds.list_entries(session=session, actor=actor, round_id=round_id)


@router.patch("/{round_id}/people/{code}")
def edit_person(
    round_id: RowId, code: str, session: SessionDep, actor: ActorDep, changes: dict[str, Any] = Body(...)
) -> EntryOut:
    return rounds.edit_entry(session=session, actor=actor, round_id=round_id, code=code, changes=changes)


@router.put("/{round_id}/departments")
def store_departments(
    round_id: RowId, session: SessionDep, actor: ActorDep, body: Any = Body(...)
) -> dict[str, Any]:
    return rounds.store_departments(session=session, actor=actor, round_id=round_id, body=body)


@router.get("/{round_id}/roster.xlsx")
def roster_template(round_id: RowId, session: SessionDep) -> Response:
    return _download(excel.roster_template(session=session, round_id=round_id), "人员名单导入模板.xlsx", XLSX)


@router.post("/{round_id}/roster.xlsx")
def import_roster_excel(
    round_id: RowId, file: UploadFile, session: SessionDep, actor: ActorDep, confirm: bool = False
) -> list[EntryOut] | dict[str, Any]:
    data = file.file.read(settings.max_upload_bytes + 1)  # one byte over the cap is enough to refuse it
    return excel.import_roster(session=session, actor=actor, round_id=round_id, data=data, confirm=confirm)


@router.get("/{round_id}/results.xlsx")
def export_results(round_id: RowId, session: SessionDep, actor: ActorDep) -> Response:
    return _download(
        excel.export_results(session=session, actor=actor, round_id=round_id), "考核结果.xlsx", XLSX
    )


@router.post("/{round_id}/evaluate")
def evaluate(round_id: RowId, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    return rounds.evaluate_round(session=session, actor=actor, round_id=round_id)


@router.put("/{round_id}/grades")
def set_final_grades(
    round_id: RowId, request: FinalGrades, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    return rounds.set_final_grades(session=session, actor=actor, round_id=round_id, request=request)


# Before /documents/{kind}, or "jobs" would be taken for a document kind.
@router.post("/{round_id}/documents/jobs", status_code=202, summary="轮次文书批量任务（后台生成，可查进度）")
def submit_batch_job(
    round_id: RowId, request: RoundBatchRequest, http: Request, session: SessionDep, actor: ActorDep
) -> JobState:
    return round_batches.submit_job(
        database=database_of(http), session=session, actor=actor, round_id=round_id, request=request
    )


@router.post("/{round_id}/documents/{kind}")
def render_document(
    round_id: RowId,
    kind: str,
    session: SessionDep,
    actor: ActorDep,
    request: RoundDocumentRequest | None = None,
    format: Format = "docx",
) -> Response:
    document = archive.render_round_document(
        session=session,
        actor=actor,
        round_id=round_id,
        kind_id=kind,
        request=request or RoundDocumentRequest(),
    )
    commit_before_slow_work(session)  # the archive row is stored; a PDF conversion holds no lock
    return _document(document, format)


@router.post("/{round_id}/documents")
def render_batch(
    round_id: RowId, request: RoundBatchRequest, session: SessionDep, actor: ActorDep
) -> Response:
    # Issue 10.6: a batch past settings.max_blocking_documents is a 413 naming the job endpoint below.
    round_batches.check_blocking(session=session, actor=actor, round_id=round_id, request=request)
    return _document(archive.render_batch(session=session, actor=actor, round_id=round_id, request=request))


@router.get("/{round_id}/issued")
def list_issued(round_id: RowId, session: SessionDep, actor: ActorDep) -> list[IssuedDocumentOut]:
    return archive.list_issued(session=session, actor=actor, round_id=round_id)


@router.get("/{round_id}/issued/{document_id}")
def download_issued(
    round_id: RowId, document_id: RowId, session: SessionDep, actor: ActorDep, format: Format = "docx"
) -> Response:
    issued = archive.download_issued(session=session, actor=actor, round_id=round_id, document_id=document_id)
    return _document(issued, format)
