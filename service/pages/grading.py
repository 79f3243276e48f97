"""评定: quotas as bars, findings by clause, the grade table re-evaluated on each change (htmx) before the
考核领导小组's final grades are saved. The same calls as the JSON API: `rounds.evaluation_body` +
`evaluation.evaluate` for the preview (what `PUT /api/rounds/{id}/grades` checks), `rounds.set_final_grades`
to save.

A 部门负责人 sees only their department (`rounds.list_entries` scopes it) and, as the API allows them,
*proposes* grades (000 五(二)3 "提出考核等次建议", `rounds.edit_entry`); the final grades are the
考核领导小组's (`rounds.set_final_grades` refuses them, and the page says so in Chinese)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.round import FinalGrades
from service import evaluation, rounds
from service.auth import Actor, ActorDep
from service.db import SessionDep, database_of
from service.errors import Conflict, Forbidden, NotFound
from service.pages import department_grading, forms
from service.pages.evaluation_view import findings_by_clause, grade_choices, quota_bars
from service.pages.templating import render
from service.storage import rounds as round_storage

router = APIRouter(prefix="/rounds/{round_id}/grading", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/grading.html"
FIELD = "grade."  # grade.P001 = 优秀
PROPOSERS = ("department_head",)  # propose their own people's grades; the final ones are not theirs


def proposes(actor: Actor) -> bool:
    return actor.role in PROPOSERS


def _posted_grades(fields: dict[str, list[str]]) -> dict[str, str | None]:
    return {
        name.removeprefix(FIELD): (forms.last(fields, name) or None)
        for name in fields
        if name.startswith(FIELD)
    }


def _context(
    session: Session, actor: Actor, round_id: RowId, posted: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """The round evaluated with the grades on the page: saved ones, or the ones just chosen."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    scheme = evaluation.require_scheme(round_.scheme)
    context: dict[str, Any] = {
        "round": rounds.round_out(session=session, round_=round_),
        "tab": "grading",
        "proposer": proposes(actor),
        "entries": [],
        "errors": {},
        "unsaved": 0,
    }
    try:
        entries = rounds.list_entries(session=session, actor=actor, round_id=round_id)
    except Forbidden as exc:  # a department head's account without a department
        return context | {"forbidden": exc.detail}
    context["entries"] = entries
    if not entries:
        return context
    saved = {e.person["id"]: e.final_grade or e.proposed_grade for e in entries}
    chosen = {**saved, **(posted or {})}
    result, errors = forms.attempt(
        lambda: evaluation.evaluate(
            round_.scheme, rounds.evaluation_body(session=session, round_=round_, final=chosen)
        ).model_dump(mode="json")
    )
    result = result or {}
    derived = {p["id"]: p.get("grade") for p in result.get("people", [])}
    policy = evaluation.round_policy(scheme, round_.policy)
    names = {e.person["id"]: e.person["name"] for e in entries}
    shown = rounds.visible_findings(actor, result.get("findings", []), names)

    def stored(entry: Any) -> str | None:
        """What the select of this person saves: the proposal for a head, else the final grade."""
        return entry.proposed_grade if proposes(actor) else entry.final_grade

    def shown_value(entry: Any) -> str:
        code = entry.person["id"]
        if proposes(actor):
            return (posted or {}).get(code) or entry.proposed_grade or ""
        return chosen.get(code) or derived.get(code) or ""

    context |= {
        "errors": errors,
        "result": result,
        "bars": quota_bars(result),
        "groups": findings_by_clause({"findings": shown}, names),
        "rows": [
            {
                "entry": e,
                "value": shown_value(e),
                # Marked when a refused save shows grades the clerk chose but that were not stored.
                "unsaved": posted is not None and (posted.get(e.person["id"]) or None) != stored(e),
                "choices": grade_choices(policy, e.person.get("category")),
            }
            for e in entries
        ],
        "unsaved": sum(1 for e in entries if (chosen.get(e.person["id"]) or None) != stored(e)),
    }
    return context


def _grade_field(name: str, codes: list[str]) -> str:
    """`grades.3.grade` (FinalGrades' path) → `grade.P004`, the select it belongs to."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "grades" and parts[1].isdigit() and int(parts[1]) < len(codes):
        return FIELD + codes[int(parts[1])]
    return name


@router.get("", response_class=HTMLResponse)
def grading_page(round_id: RowId, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    if evaluation.require_scheme(round_.scheme).kind == "department":  # 003/004: per department, not person
        return department_grading.page(request, session, actor, round_)
    context = _context(session, actor, round_id)
    return render(request, TEMPLATE, context, status_code=403 if context.get("forbidden") else 200)


@router.post("/preview", response_class=HTMLResponse)
def preview(round_id: RowId, request: Request, actor: ActorDep, fields: FormDep) -> Response:
    """htmx: the grades as chosen, evaluated — nothing stored, so a read session, never the write lock."""
    with database_of(request).session() as session:
        context = _context(session, actor, round_id, _posted_grades(fields))
    return render(request, TEMPLATE, context | {"preview": True}, block_name="evaluation")


@router.post("")
def save_grades(
    round_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    posted = _posted_grades(fields)
    data = {"grades": [{"id": code, "grade": grade} for code, grade in posted.items()]}
    request_model, errors = forms.parse(FinalGrades, data)
    codes = list(posted)
    errors = {_grade_field(name, codes): message for name, message in errors.items()}
    refusal = None
    if request_model is not None:
        try:
            _, errors = forms.attempt(
                lambda: rounds.set_final_grades(
                    session=session, actor=actor, round_id=round_id, request=request_model
                )
            )
        except Conflict as exc:  # the grades break a rule: shown with the quota they break, nothing stored
            refusal = exc.detail
        except Forbidden as exc:  # not a 考核领导小组 role (a department head): said on the page
            context = _context(session, actor, round_id, posted)
            return render(request, TEMPLATE, context | {"refusal": exc.detail}, status_code=403)
        if not errors and refusal is None:
            return RedirectResponse(f"/rounds/{round_id}/grading?saved=1", status_code=303)
    context = _context(session, actor, round_id, posted)
    context |= {"refusal": refusal, "errors": context["errors"] | errors}
    return render(request, TEMPLATE, context, status_code=409 if refusal else 422)


@router.post("/proposals")
def save_proposals(
    round_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    """A department head's 考核等次建议 (000 五(二)3): `rounds.edit_entry` for each changed person, as
    `PATCH /api/rounds/{id}/people/{code}`; all or nothing — one refusal stores none of them."""
    posted = _posted_grades(fields)
    proposals = {
        e.person["id"]: e.proposed_grade
        for e in rounds.list_entries(session=session, actor=actor, round_id=round_id)
    }
    errors: forms.FieldErrors = {}
    refusal, status = None, 422
    for code, grade in posted.items():
        if code in proposals and proposals[code] == grade:
            continue
        try:
            _, found = forms.attempt(
                partial(
                    rounds.edit_entry,
                    session=session,
                    actor=actor,
                    round_id=round_id,
                    code=code,
                    changes={"proposed_grade": grade},
                )
            )
        except (Forbidden, NotFound) as exc:  # another department's person, or no such person
            refusal, status = exc.detail, exc.status_code
            break
        if found:  # the proposal the model refused, beside its select
            errors[FIELD + code] = next(iter(found.values()))
    if refusal is None and not errors:
        return RedirectResponse(f"/rounds/{round_id}/grading?saved=1", status_code=303)
    session.rollback()  # nothing of a refused form is stored
    context = _context(session, actor, round_id, posted)
    context |= {"refusal": refusal, "errors": context["errors"] | errors}
    return render(request, TEMPLATE, context, status_code=status)
