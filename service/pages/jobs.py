"""文书 batches as background jobs with a progress bar: every paper of a kind in the round — a form for
each person who takes part, a letter for each 派出单位 concerned, a ballot per department —; the result one
bookmarked PDF or a .zip.

The round's context is built once (`round_context.build_context`), the papers are the kind's own
(`DocumentKind.papers`, what "*" means in `POST /api/rounds/{id}/documents`) and each payload is the
kind's `from_round` (`archive.document_payload`), as for a single paper. The job runner of
`POST /api/jobs` renders them, one error per item, never stopping the batch.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.batch import BatchItem, BatchRequest
from schemas.common import RowId
from schemas.round import RoundDocumentRequest
from service import archive, job_store, jobs, rounds
from service.auth import Actor, ActorDep, require_role
from service.db import SessionDep, database_of
from service.documents.registry import DocumentKind, get_kind
from service.errors import Conflict, DomainError
from service.pages import forms
from service.pages.templating import render
from service.round_context import RoundContext, build_context

router = APIRouter(prefix="/rounds/{round_id}/jobs", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
OUTPUTS = {"pdf": "合并为一个 PDF（每份一个书签）", "zip": ".zip（每份一个 .docx）"}
POLL = "every 1s"  # how often the progress bar asks; the job's own state, never a fixed wait
NAMED = 5  # papers named per refusal reason; the rest are counted


def _label(context: RoundContext, paper: dict[str, Any]) -> str:
    """Who a paper is for, as the clerk reads it: "P001 张三", "宝山区业务科", "区委组织部", "…·优秀"."""
    parts = []
    for name in archive.TARGETS:
        value = paper.get(name)
        if value is None:
            continue
        person = context.person(str(value)) if name == "person_id" else None
        parts.append(f"{value} {person.name}" if person is not None else str(value))
    parts += [str(v) for v in paper.get("payload", {}).values()]  # a certificate's honour
    return "·".join(parts)


def _refusals(refused: list[tuple[str, str]]) -> str:
    """The papers that cannot be made, by reason (usually the round's, shared by all its papers)."""
    by_reason: dict[str, list[str]] = {}
    for label, reason in refused:
        by_reason.setdefault(reason, []).append(label)
    lines = []
    for reason, labels in by_reason.items():
        named = "、".join(labels[:NAMED]) + (f"等{len(labels)}份" if len(labels) > NAMED else "")
        lines.append(f"{named}：{reason}")
    return "；".join(lines)


def batch_request(
    *, session: Session, actor: Actor, round_id: RowId, kind_id: str, output: str
) -> BatchRequest:
    """The job of one kind over the round: every paper of the kind, each payload as if made alone.

    A paper the round cannot fill (what the organisation or the round still lacks) refuses the job with
    its reason, before anything runs: the clerk enters it once and starts again. What a paper's own
    model refuses is the runner's error of that item, and the batch goes on without it.
    """
    require_role(actor, *archive.RENDERERS)
    kind = get_kind(kind_id)
    context = build_context(session=session, actor=actor, round_id=round_id)
    papers = _papers(context, kind)
    items, refused = [], []
    for paper in papers:
        label = _label(context, paper)
        request = RoundDocumentRequest.model_validate({"kind": kind.kind, **paper})
        try:
            payload = archive.document_payload(context=context, kind=kind, request=request, docnum=None)
        except DomainError as exc:
            refused.append((label, exc.detail))
            continue
        items.append(BatchItem(kind=kind.kind, payload=payload, person=label, title=f"{kind.title}·{label}"))
    if refused:
        raise Conflict(f"「{kind.title}」有 {len(refused)} 份无法生成：{_refusals(refused)}")
    return BatchRequest.model_validate(
        {
            "items": [i.model_dump() for i in items],
            "output": output,
            "format": "docx",
            "title": context.round.title,
        }
    )


def _papers(context: RoundContext, kind: DocumentKind) -> list[dict[str, Any]]:
    if context.scheme.id not in kind.schemes:
        raise Conflict(f"「{kind.title}」不是考核方案「{context.scheme.name}」的文书")
    if kind.papers is None:
        raise Conflict(f"「{kind.title}」整轮只有一份，请在上方文书表中生成")
    papers = kind.papers(context)
    if not papers:
        raise Conflict(f"本轮没有需要「{kind.title}」的人员或单位")
    return papers


def _state_context(request: Request, actor: Actor, round_id: RowId, job_id: str) -> dict[str, Any]:
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


@router.post("")
def start_job(
    round_id: RowId, request: Request, actor: ActorDep, fields: FormDep, write: SessionDep
) -> Response:
    output = forms.last(fields, "output") or "pdf"
    kind_id = forms.last(fields, "kind") or ""
    errors: forms.FieldErrors = {}
    if output not in OUTPUTS:
        errors["form"] = "结果格式不是可选值"
    else:
        # Building the payloads only reads: a read session, so no write lock while they are made.
        with database_of(request).session() as session:
            try:
                job_request = batch_request(
                    session=session,
                    actor=actor,
                    round_id=round_id,
                    kind_id=kind_id,
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
def job_page(
    round_id: RowId, job_id: str, request: Request, session: SessionDep, actor: ActorDep
) -> Response:
    context = {
        "round": rounds.get_round(session=session, round_id=round_id),
        "tab": "documents",
        "errors": {},
    }
    return render(request, "pages/job.html", context | _state_context(request, actor, round_id, job_id))


@router.get("/{job_id}/progress", response_class=HTMLResponse)
def job_progress(
    round_id: RowId, job_id: str, request: Request, session: SessionDep, actor: ActorDep
) -> Response:
    """htmx: the progress block, asked for again while the job runs."""
    context = {"round": rounds.get_round(session=session, round_id=round_id), "errors": {}}
    return render(
        request,
        "pages/job.html",
        context | _state_context(request, actor, round_id, job_id),
        block_name="progress",
    )
