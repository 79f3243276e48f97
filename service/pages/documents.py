"""文书 and 归档: the papers of a round's scheme — download .docx/.pdf, 签发 with a 文号 — and the issued.

The form posts into `RoundDocumentRequest`, the model of `POST /api/rounds/{id}/documents/{kind}`, and calls
the same `archive` functions. A preview takes no number and writes nothing, so it runs in a read session:
the PDF conversion never holds the database's write lock.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.round import RoundBatchRequest, RoundDocumentRequest
from service import archive, csrf, evaluation, organisations, rounds
from service.archive import RenderedDocument
from service.auth import Actor, ActorDep
from service.db import SessionDep, database_of
from service.documents.registry import kinds
from service.errors import DomainError, InvalidPayload
from service.pages import forms, paper_details
from service.pages.templating import render
from service.pdf import preview
from service.round_context import MissingFields
from service.round_status import round_status
from service.storage import rounds as round_storage

router = APIRouter(prefix="/rounds/{round_id}", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
EVERYONE = archive.EVERYONE
ACTIONS = ("docx", "pdf", "issue")


def _archive_context(session: Session, actor: Actor, round_id: RowId) -> dict[str, Any]:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    return {
        "round": rounds.round_out(session=session, round_=round_),
        "issued": archive.list_issued(session=session, actor=actor, round_id=round_id),
    }


def _context(session: Session, actor: Actor, round_id: RowId) -> dict[str, Any]:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    scheme = evaluation.require_scheme(round_.scheme).id
    status = round_status(session=session, actor=actor, round_id=round_id)
    return {
        "round": rounds.round_out(session=session, round_=round_),
        # What each paper still needs, and the organisation / round fields they wait for, entered once.
        "states": {paper.kind: paper for paper in status.papers},
        "details": paper_details.missing_details(status),
        "detail_errors": {},
        "typed": {},
        "kinds": [k for k in kinds().values() if scheme in k.schemes],
        "batch_kinds": [k for k in kinds().values() if scheme in k.schemes and k.papers is not None],
        "entries": rounds.list_entries(session=session, actor=actor, round_id=round_id),
        "units": organisations.list_dispatching_units(
            session=session, organisation_id=round_.organisation_id
        ),
        "issued": archive.list_issued(session=session, actor=actor, round_id=round_id),
    }


@router.get("/documents", response_class=HTMLResponse)
def documents_page(round_id: RowId, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    context = _context(session, actor, round_id) | {
        "tab": "documents",
        "errors": {},
        "failed": None,
        "missing": [],
        "posted": {},
    }
    return render(request, "pages/documents.html", context)


@router.get("/archive", response_class=HTMLResponse)
def archive_page(round_id: RowId, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    context = _archive_context(session, actor, round_id) | {"tab": "archive"}
    return render(request, "pages/archive.html", context)


FIELD_LABELS = {  # fields whose schema gives no description
    "objection_phone": "受理异议电话",
    "objection_address": "受理异议地址",
    "issued_on": "印发日期",
    "addressee": "主送单位",
    "recipient": "报送单位",
    "docnum": "文号",
    "summary": "个人总结",
}
PAYLOAD = "payload."  # payload.starts_on: a field of the paper the round cannot know, typed by the clerk


def _request_data(fields: dict[str, list[str]]) -> dict[str, Any]:
    action = forms.last(fields, "action")
    issue = action == "issue"
    payload = {
        name.removeprefix(PAYLOAD): value
        for name in fields
        if name.startswith(PAYLOAD) and (value := (forms.last(fields, name) or "").strip())
    }
    return {
        "kind": forms.last(fields, "kind"),
        "person_id": forms.last(fields, "person_id") or None,
        "dispatching_unit": forms.last(fields, "dispatching_unit") or None,
        "issue": issue,
        "docnum": "allocate" if issue and forms.last(fields, "docnum") == "allocate" else None,
        "payload": payload,
    }


def missing_inputs(
    kind_id: str | None, errors: forms.FieldErrors, typed: dict[str, Any]
) -> list[dict[str, str]]:
    """The paper's own top-level fields the API named as wrong or missing: inputs for the clerk to fill,
    typed as the kind's schema types them (a date is a date picker)."""
    kind = kinds().get(kind_id or "")
    if kind is None:
        return []
    found = []
    for name in dict.fromkeys([*errors, *typed]):  # what was typed stays on the form
        info = kind.schema.model_fields.get(name)
        if info is not None and not _is_list(info.annotation):
            label, _, help_text = (info.description or FIELD_LABELS.get(name, name)).partition("；")
            found.append({"name": name, "type": _input_type(info), "label": label, "help": help_text})
    return found


def _input_type(info: Any) -> str:
    """A date picker for a date, a text area for free prose (no length cap or a long one), else a line."""
    if "date" in str(info.annotation):
        return "date"
    limits = [getattr(m, "max_length", None) for m in info.metadata]
    longest = max((limit for limit in limits if limit is not None), default=None)
    return "textarea" if info.annotation is str and (longest is None or longest > 200) else "text"


def _is_list(annotation: Any) -> bool:
    return "list[" in str(annotation)


def _file(document: RenderedDocument) -> Response:
    extension = {"application/zip": "zip", archive.PDF: "pdf"}.get(document.media_type, "docx")
    disposition = f"attachment; filename*=UTF-8''{quote(f'{document.filename}.{extension}')}"
    headers = {**document.headers, "Content-Disposition": disposition}
    return Response(document.content, media_type=document.media_type, headers=headers)


def _render(
    session: Session, actor: Actor, round_id: RowId, request_model: RoundDocumentRequest
) -> RenderedDocument:
    if request_model.person_id == EVERYONE:  # one per person, in one .zip
        batch = RoundBatchRequest(items=[request_model])
        return archive.render_batch(session=session, actor=actor, round_id=round_id, request=batch)
    return archive.render_round_document(
        session=session,
        actor=actor,
        round_id=round_id,
        kind_id=request_model.kind or "",
        request=request_model,
    )


def _reasons(exc: Exception) -> tuple[forms.FieldErrors, int]:
    """The API's refusal as the form's errors. A paper's own missing field (`payload.honour` of a
    certificate whose person has two honours) is keyed by that field, so the row offers an input."""
    if isinstance(exc, MissingFields):
        own = {
            m["field"].removeprefix(PAYLOAD): m["label"]
            for m in exc.extra["missing"]
            if m["field"].startswith(PAYLOAD)
        }
        return {"form": exc.detail, **own}, exc.status_code
    if isinstance(exc, DomainError) and not isinstance(exc, InvalidPayload):
        return {"form": exc.detail}, exc.status_code
    return forms.errors_of(exc), 422


def _refused(
    request: Request,
    session: Session,
    actor: Actor,
    round_id: RowId,
    kind: str | None,
    errors: forms.FieldErrors,
    status: int,
    posted: dict[str, Any] | None = None,
) -> Response:
    """The paper could not be made: the API's reasons, field by field, beside the paper's row, with an
    input for each of its own fields the clerk can supply."""
    context = _context(session, actor, round_id) | {
        "tab": "documents",
        "errors": errors,
        "failed": kind,
        "missing": missing_inputs(kind, errors, (posted or {}).get("payload", {})),
        "posted": posted or {},
    }
    return render(request, "pages/documents.html", context, status_code=status)


@router.post("/documents")
def make_document(
    round_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    data = _request_data(fields)
    request_model, errors = forms.parse(RoundDocumentRequest, data)
    if forms.last(fields, "action") not in ACTIONS:
        request_model, errors = None, errors | {"form": "请选择「下载 .docx」「下载 PDF」或「签发」"}
    if request_model is None:
        return _refused(request, session, actor, round_id, data["kind"], errors, 422, data)
    if request_model.issue:  # archives the paper and takes a 文号: the request's write session
        try:
            issued = _render(session, actor, round_id, request_model).issued
        except (DomainError, RequestValidationError) as exc:
            session.rollback()  # a refused issue keeps no 文号 and no archive row, as the JSON route's 4xx
            return _refused(request, session, actor, round_id, data["kind"], *_reasons(exc), data)
        target = f"/rounds/{round_id}/archive?issued={issued.id if issued else ''}"
        return RedirectResponse(target, status_code=303)
    # A preview takes no number and writes nothing: a read session, so no write lock is held meanwhile.
    with database_of(request).session() as reading:
        try:
            document = _render(reading, actor, round_id, request_model)
        except (DomainError, RequestValidationError) as exc:
            return _refused(request, reading, actor, round_id, data["kind"], *_reasons(exc), data)
    if forms.last(fields, "action") == "pdf":
        document = archive.as_pdf(document)  # LibreOffice, after the read session has ended
    return _file(document)


@router.post("/details")
def save_details(
    round_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    """The organisation's and the round's fields the papers wait for, saved once for every paper."""
    errors = paper_details.save(session=session, actor=actor, round_id=round_id, fields=fields)
    if not errors:
        return RedirectResponse(f"/rounds/{round_id}/documents?saved=details", status_code=303)
    typed = {name: forms.last(fields, name) or "" for name in fields if name != csrf.FIELD}
    context = _context(session, actor, round_id) | {
        "tab": "documents",
        "errors": {},
        "failed": None,
        "missing": [],
        "posted": {},
        "detail_errors": errors,
        "typed": typed,
    }
    return render(request, "pages/documents.html", context, status_code=422)


# ---------------------------------------------------------------- 预览第1页: page 1 as an image before issue

PREVIEW_SELECTORS = ("kind", "person_id", "dispatching_unit")  # the same selectors as the row's download


def _preview_request(request: Request) -> tuple[RoundDocumentRequest | None, forms.FieldErrors]:
    data = {name: request.query_params.get(name) or None for name in PREVIEW_SELECTORS}
    request_model, errors = forms.parse(RoundDocumentRequest, data)
    if request_model is not None and request_model.person_id == EVERYONE:
        return None, {"form": "「每人一份」是一组文书，请选择一位人员（或整轮）再预览"}
    return request_model, errors


def _preview_document(
    request: Request, actor: Actor, round_id: RowId, request_model: RoundDocumentRequest
) -> bytes:
    """The paper's .docx, made in a short read session of its own: takes no 文号, writes nothing, and
    ends before the slow conversion starts."""
    with database_of(request).session() as reading:
        return _render(reading, actor, round_id, request_model).content


@router.get("/documents/preview", response_class=HTMLResponse)
def preview_fragment(round_id: RowId, request: Request, actor: ActorDep) -> Response:
    """The row's preview (htmx): the <img> of page 1, or in Chinese what the paper still needs. The
    paper is made here once so that a refusal is a message, never a broken image; the image route
    makes it again and prints it."""
    request_model, errors = _preview_request(request)
    if request_model is not None:
        try:
            _preview_document(request, actor, round_id, request_model)
        except (DomainError, RequestValidationError) as exc:
            errors = _reasons(exc)[0]
    kind = kinds().get(request.query_params.get("kind") or "")
    selectors = {name: value for name in PREVIEW_SELECTORS if (value := request.query_params.get(name))}
    context = {
        "round_id": round_id,
        "preview": {
            "kind": kind.kind if kind else "",
            "title": kind.title if kind else "文书",
            "errors": errors,
            "src": f"/rounds/{round_id}/documents/preview.png?{urlencode(selectors)}",
        },
    }
    # 200 with the message: htmx swaps only a 2xx answer, and the refusal is what the row should show.
    return render(request, "pages/documents.html", context, block_name="preview")


@router.get("/documents/preview.png")
def preview_image(round_id: RowId, request: Request, actor: ActorDep) -> Response:
    """Page 1 as a PNG. A def route: the render, the LibreOffice print and pdftoppm run in a worker
    thread, never on the event loop; a paper that cannot be made is the API's Chinese refusal (409 with
    what it still needs), a busy pool the pool's 503."""
    request_model, errors = _preview_request(request)
    if request_model is None:
        raise DomainError("；".join(errors.values()) or "预览的文书选择有误")
    docx = _preview_document(request, actor, round_id, request_model)
    png = preview.docx_first_page_png(docx)  # after the read session has ended
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})
