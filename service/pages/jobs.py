"""文书 batches as background jobs with a progress bar: one paper of a kind for every person of the round,
or one letter for every 派出单位; the result one bookmarked PDF or a .zip.

Each item's payload is what the round fills in (`archive.document_payload`, the same as a single paper);
the job runner of `POST /api/jobs` renders them (any instance reads the job table), one error per item,
never stopping the batch.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.batch import BatchItem, BatchRequest
from schemas.round import RoundDocumentRequest
from service import archive, job_store, jobs, organisations, rounds
from service.auth import Actor, ActorDep, require_role
from service.db import SessionDep, database_of
from service.documents.registry import get_kind
from service.errors import Conflict, DomainError
from service.pages import csrf, forms
from service.pages.templating import render
from service.round_context import build_context
from service.storage import rounds as round_storage

router = APIRouter(prefix="/rounds/{round_id}/jobs", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TARGETS = {"people": "每人一份", "units": "每个派出单位一份"}
OUTPUTS = {"pdf": "合并为一个 PDF（每份一个书签）", "zip": ".zip（每份一个 .docx）"}
POLL = "every 1s"  # how often the progress bar asks; the job's own state, never a fixed wait


def batch_request(
    *, session: Session, actor: Actor, round_id: int, kind_id: str, target: str, output: str
) -> BatchRequest:
    """The job of one kind over the round: the payload each paper would have if made one by one."""
    require_role(actor, *archive.RENDERERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    kind = get_kind(kind_id)
    if target == "units":
        names = [
            u.name
            for u in organisations.list_dispatching_units(
                session=session, organisation_id=round_.organisation_id
            )
        ]
        requests = [(name, RoundDocumentRequest(kind=kind.kind, dispatching_unit=name)) for name in names]
    else:
        entries = rounds.list_entries(session=session, actor=actor, round_id=round_id)
        requests = [
            (
                f"{e.person['id']} {e.person['name']}",
                RoundDocumentRequest(kind=kind.kind, person_id=e.person["id"]),
            )
            for e in entries
        ]
    if not requests:
        raise Conflict("本轮没有可生成的对象（名单或派出单位为空）")
    context = build_context(session=session, actor=actor, round_id=round_id)  # read once for all papers
    items = [
        BatchItem(
            kind=kind.kind,
            payload=archive.document_payload(context=context, kind=kind, request=request, docnum=None),
            person=label,
            title=f"{kind.title}·{label}",
        )
        for label, request in requests
    ]
    return BatchRequest.model_validate(
        {"items": [i.model_dump() for i in items], "output": output, "format": "docx", "title": round_.title}
    )


def _state_context(request: Request, actor: Actor, round_id: int, job_id: str) -> dict[str, Any]:
    job = jobs.get(job_id, database=database_of(request), actor=actor)  # the job table: any instance
    state = job_store.state_of(job)
    # Which paper an error belongs to.
    titles = [item.get("title") or item["kind"] for item in job.request.get("items", [])]
    return {
        "round_id": round_id,
        "job": state,
        "poll": POLL if state.status in ("queued", "running") else None,
        "titles": titles,
    }


@router.post("", dependencies=[Depends(csrf.verify)])
def start_job(
    round_id: int, request: Request, actor: ActorDep, fields: FormDep, write: SessionDep
) -> Response:
    target = forms.last(fields, "target") or "people"
    output = forms.last(fields, "output") or "pdf"
    kind_id = forms.last(fields, "kind") or ""
    errors: forms.FieldErrors = {}
    if target not in TARGETS or output not in OUTPUTS:
        errors["form"] = "批量方式或结果格式不是可选值"
    else:
        # Building the payloads only reads: a read session, so no write lock while they are made.
        with database_of(request).session() as session:
            try:
                job_request = batch_request(
                    session=session,
                    actor=actor,
                    round_id=round_id,
                    kind_id=kind_id,
                    target=target,
                    output=output,
                )
                # Recorded in the request's own session (it may hold SQLite's write lock already).
                job = jobs.submit(job_request, session=write, database=database_of(request), owner=actor)
            except DomainError as exc:
                errors["form"] = exc.detail
            except ValidationError as exc:  # a payload the batch model refuses
                errors |= forms.errors_of(exc)
            else:
                return RedirectResponse(f"/rounds/{round_id}/jobs/{job.id}", status_code=303)
    with database_of(request).session() as session:
        context = {"round": rounds.get_round(session=session, round_id=round_id), "tab": "documents"}
    return render(request, "pages/job.html", context | {"job": None, "errors": errors}, status_code=422)


@router.get("/{job_id}", response_class=HTMLResponse)
def job_page(round_id: int, job_id: str, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    context = {
        "round": rounds.get_round(session=session, round_id=round_id),
        "tab": "documents",
        "errors": {},
    }
    return render(request, "pages/job.html", context | _state_context(request, actor, round_id, job_id))


@router.get("/{job_id}/progress", response_class=HTMLResponse)
def job_progress(
    round_id: int, job_id: str, request: Request, session: SessionDep, actor: ActorDep
) -> Response:
    """htmx: the progress block, asked for again while the job runs."""
    context = {"round": rounds.get_round(session=session, round_id=round_id), "errors": {}}
    return render(
        request,
        "pages/job.html",
        context | _state_context(request, actor, round_id, job_id),
        block_name="progress",
    )
