"""评定 of the department schemes (003 机关内设机构考核, 004 街道机关部门考核): per department its
catalogue events ("省级刊物论文 ×2，其中短文1篇"), its own adjustments per item, its evaluations or
scores and its veto; each change evaluated at once (htmx, nothing stored) with every event's points and
clause, the totals, the ranking and the awards of the whole round.

The same calls as the JSON API: `evaluation.evaluate` for the preview (what `POST /api/rounds/{id}/evaluate`
runs), `rounds.store_departments` (PUT /api/rounds/{id}/departments) then `rounds.evaluate_round` to save.
Form fields are named by the model's path (`departments.0.evaluations.democratic`), so an error's path is
the field it is shown beside; only a catalogue event's row is renumbered (blank rows are skipped).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.department import AWARD_WORDS
from service import evaluation, rounds
from service.auth import Actor, ActorDep, require_role
from service.db import SessionDep, database_of
from service.errors import Conflict
from service.models import Round
from service.pages import forms
from service.pages.evaluation_view import findings_by_clause, quota_bars
from service.pages.templating import render
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage

router = APIRouter(prefix="/rounds/{round_id}/grading/departments", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/department_grading.html"
ITEMS = tuple(str(n) for n in range(1, 19))
BLANK_EVENT_ROWS = 1  # one empty catalogue row under a department's events, to choose the next one
# What each scheme's form shows; a stored field the page does not show is kept as it was on save.
SHOWN = {
    "internal-department": {
        "id", "name", "serves_public", "items", "events", "evaluations", "last_year_rank", "veto",
        "recommended_to_city",
    },
    "street-department": {
        "id", "name", "directly_led", "headcount", "daily", "normalization", "review", "innovation", "veto",
    },
}  # fmt: skip
SCALARS = ("id", "name", "headcount", "last_year_rank", "veto", "daily", "normalization", "innovation")
FLAGS = ("serves_public", "directly_led", "recommended_to_city")
NESTED = {"evaluations": ("democratic", "style", "leaders"), "review": ("half_year", "year_end")}
EVENT_FIELDS = ("count", "short", "value", "note")
LABELS = {
    "id": "编号", "name": "部门名称", "headcount": "人数", "last_year_rank": "上年名次", "veto": "一票否决",
    "daily": "日常工作目标", "normalization": "规范化建设", "innovation": "创新分",
    "evaluations.democratic": "民主测评", "evaluations.style": "作风评议", "evaluations.leaders": "领导评价",
    "review.half_year": "半年综合评议", "review.year_end": "年终述职评议",
}  # fmt: skip
FIELD = re.compile(r"^departments\.(\d+)\.")
EVENT_ERROR = re.compile(r"^departments\.(\d+)\.events\.(\d+)(?:\.(\w+))?")


def _text(value: Any) -> str:
    """A stored number as a clerk types it: 0.5, 3, never 3.0; nothing for None."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# ---------------------------------------------------------------- the form's values


def values_of(payload: dict[str, Any]) -> dict[str, Any]:
    """A stored department (the evaluate endpoint's shape) as the form's text values."""
    items = payload.get("items") or {}
    return {
        **{name: _text(payload.get(name)) for name in SCALARS},
        **{flag: bool(payload.get(flag)) for flag in FLAGS},
        **{
            group: {key: _text((payload.get(group) or {}).get(key)) for key in keys}
            for group, keys in NESTED.items()
        },
        "items": {
            n: {kind: _text((items.get(n) or {}).get(kind) or None) for kind in ("deduct", "bonus")}
            for n in ITEMS
        },
        "events": [
            {
                "entry": f"{e['item']}:{e['code']}",
                "count": _text(e.get("count")),
                "short": _text(e.get("short") or None),
                "value": _text(e.get("value")),
                "note": _text(e.get("note")),
            }
            for e in payload.get("events") or []
        ],
    }


def posted_values(fields: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The departments as the clerk left them on the page, in the order of their index."""
    indices = sorted({int(m.group(1)) for name in fields if (m := FIELD.match(name))})
    departments = []
    for i in indices:
        base = f"departments.{i}."

        def value(name: str, base: str = base) -> str:
            return (forms.last(fields, base + name) or "").strip()

        rows = sorted(
            {
                int(m.group(1))
                for name in fields
                if (m := re.match(re.escape(base) + r"events\.(\d+)\.", name))
            }
        )
        departments.append(
            {
                **{name: value(name) for name in SCALARS},
                **{flag: value(flag) == "true" for flag in FLAGS},
                **{group: {key: value(f"{group}.{key}") for key in keys} for group, keys in NESTED.items()},
                "items": {
                    n: {kind: value(f"items.{n}.{kind}") for kind in ("deduct", "bonus")} for n in ITEMS
                },
                "events": [
                    {name: value(f"events.{j}.{name}") for name in ("entry", *EVENT_FIELDS)} for j in rows
                ],
            }
        )
    return departments


def compact(departments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event rows left empty dropped, before the form is drawn again (each keeps one empty row)."""
    for values in departments:
        values["events"] = [e for e in values["events"] if any(e.values())]
    return departments


def body_of(
    scheme_id: str, departments: list[dict[str, Any]], stored: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], list[list[int]]]:
    """The PUT /departments body from the form's values (an empty field is an absent one, so the model's
    default applies), and for each department the form row of each event the body holds."""
    shown = SHOWN[scheme_id]
    body, rows_of = [], []
    for values in departments:
        data: dict[str, Any] = {name: values[name] for name in SCALARS if values[name]}
        data |= {flag: values[flag] for flag in FLAGS}
        data |= {group: {k: v for k, v in values[group].items() if v} for group in NESTED}
        data["items"] = {
            n: {k: v for k, v in pair.items() if v}
            for n, pair in values["items"].items()
            if any(pair.values())
        }
        events, rows = [], []
        for j, event in enumerate(values["events"]):
            if not event["entry"]:
                continue  # a row left at 「请选择」 is no event
            item, _, code = event["entry"].partition(":")
            events.append({"item": item, "code": code} | {k: event[k] for k in EVENT_FIELDS if event[k]})
            rows.append(j)
        data["events"] = events
        kept = stored.get(values["id"], {})
        body.append(
            {k: v for k, v in kept.items() if k not in shown} | {k: data[k] for k in shown if k in data}
        )
        rows_of.append(rows)
    return {"departments": body}, rows_of


def field_errors(errors: forms.FieldErrors, rows_of: list[list[int]]) -> forms.FieldErrors:
    """`departments.0.events.1.code` (the body's 2nd event) → `departments.0.events.3.entry` (its row)."""
    shown: forms.FieldErrors = {}
    for name, message in errors.items():
        match = EVENT_ERROR.match(name)
        if (
            match
            and int(match.group(1)) < len(rows_of)
            and int(match.group(2)) < len(rows_of[int(match.group(1))])
        ):
            i, k, field = int(match.group(1)), int(match.group(2)), match.group(3)
            column = field if field in EVENT_FIELDS else "entry"
            name = f"departments.{i}.events.{rows_of[i][k]}.{column}"
        shown.setdefault(name, message)
    return shown


def error_label(name: str, departments: list[dict[str, Any]]) -> str:
    """Where an error is, in words: 「第2处 · 民主测评」, 「第1处 · 第2行加减分事项」."""
    match = FIELD.match(name)
    if not match or int(match.group(1)) >= len(departments):
        return ""
    values = departments[int(match.group(1))]
    rest = name[match.end() :]
    who = values["name"] or values["id"] or f"第{int(match.group(1)) + 1}个部门"
    if event := re.match(r"events\.(\d+)", rest):
        return f"{who} · 加减分事项第{int(event.group(1)) + 1}行"
    if item := re.match(r"items\.(\d+)\.(deduct|bonus)", rest):
        return f"{who} · 第{item.group(1)}项{'扣分' if item.group(2) == 'deduct' else '加分'}"
    return f"{who} · {LABELS.get(rest, rest)}" if rest else who


# ---------------------------------------------------------------- what the page shows


def catalogue_choices(policy: Any, catalogue: dict[str, Any]) -> list[dict[str, Any]]:
    """003 三: each item's entries as options, the points and the clause in words; an entry of the other
    reading of 三(二)6 (`contest_award`) is not offered."""
    groups = []
    for number, item in sorted(catalogue.items(), key=lambda kv: int(kv[0])):
        options = []
        for entry in item.entries:
            if entry.reading is not None and entry.reading != policy.contest_award:
                continue
            sign = "加" if entry.kind == "bonus" else "扣"
            if entry.range is not None:
                points = f"{sign}{entry.range[0]:g}–{entry.range[1]:g}分/{entry.unit}，填分值"
            else:
                points = f"{sign}{entry.points:g}分/{entry.unit}"
            halved = f"；{entry.halved_when}减半" if entry.halved_when else ""
            options.append((f"{number}:{entry.code}", f"{entry.label}（{points}{halved}，{entry.clause}）"))
        groups.append({"label": f"第{number}项 {item.title}（{item.clause}）", "options": options})
    return groups


def veto_choices(scheme_id: str, policy: Any) -> list[tuple[str, str]]:
    clause = "六4({})" if scheme_id == "internal-department" else "五{}"
    return [(key, f"{clause.format(key)} {reason}") for key, reason in policy.veto_reasons.items()]


def _event_text(event: dict[str, Any]) -> str:
    sign = "+" if event["kind"] == "bonus" else "−"
    halved = f"（其中{event['short']}个减半）" if event["short"] else ""
    return f"×{event['count']}{halved} {sign}{event['points']:g}分（{event['clause']}）"


def result_view(result: dict[str, Any], rows_of: list[list[int]], codes: list[str]) -> dict[str, Any]:
    """The ranking with the awards in words, and each event's points by the form row it came from."""
    ranking = []
    for d in result.get("departments", []):
        ranking.append(d | {"award_words": [AWARD_WORDS.get(a, a) for a in d.get("awards", [])]})
    points: dict[str, str] = {}
    by_id = {d["id"]: d for d in result.get("departments", [])}
    for i, (code, rows) in enumerate(zip(codes, rows_of, strict=True)):
        events = (by_id.get(code) or {}).get("parts", {}).get("events", [])
        for k, event in enumerate(events):
            if k < len(rows):
                points[f"{i}-{rows[k]}"] = _event_text(event)
    return {"ranking": ranking, "points": points}


# ---------------------------------------------------------------- the page


def department_round(session: Session, round_id: int) -> Round:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    if round_.scheme not in SHOWN:
        raise Conflict("该考核轮次考核的是个人，请在评定页按人员评定")
    return round_


def _stored(session: Session, round_: Round) -> dict[str, dict[str, Any]]:
    return {
        r.code: r.payload for r in round_storage.list_department_results(session=session, round_id=round_.id)
    }


def _starting_values(session: Session, round_: Round) -> list[dict[str, Any]]:
    """The round's departments; a round without any starts from the organisation's (not yet saved)."""
    stored = list(_stored(session, round_).values())
    if stored:
        return [values_of(p) for p in stored]
    known = org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    return [
        values_of(
            {
                "id": f"D{n:02d}",
                "name": d.name,
                "serves_public": d.serves_public,
                "directly_led": d.directly_led,
            }
        )
        for n, d in enumerate(known, start=1)
    ] or [values_of({"id": "D01"})]


def _next_id(departments: list[dict[str, Any]]) -> str:
    taken = {d["id"] for d in departments}
    return next(f"D{n:02d}" for n in range(1, len(taken) + 2) if f"D{n:02d}" not in taken)


def context(
    session: Session,
    actor: Actor,
    round_: Round,
    posted: list[dict[str, Any]] | None = None,
    errors: forms.FieldErrors | None = None,
) -> dict[str, Any]:
    """The round evaluated with the departments on the page: stored ones, or the ones just entered."""
    require_role(actor, *rounds.GRADERS)
    scheme = evaluation.require_scheme(round_.scheme)
    policy = evaluation.round_policy(scheme, round_.policy)
    departments = posted if posted is not None else _starting_values(session, round_)
    stored = _stored(session, round_)
    body, rows_of = body_of(scheme.id, departments, stored)
    result, found = forms.attempt(
        lambda: evaluation.evaluate(
            scheme.id, {"year": round_.year, "policy": round_.policy, **body}
        ).model_dump(mode="json")
    )
    shown = field_errors(found, rows_of) | (errors or {})
    result = result or {}
    catalogue: dict[str, Any] = getattr(policy, "catalogue", {})  # 003 三; 004 has none
    for values in departments:
        values["rows"] = values["events"] + [dict.fromkeys(("entry", *EVENT_FIELDS), "")] * BLANK_EVENT_ROWS
    return {
        "round": rounds.round_out(session=session, round_=round_),
        "tab": "grading",
        "scheme_id": scheme.id,
        "internal": scheme.id == "internal-department",
        "base": f"/rounds/{round_.id}/grading/departments",
        "departments": departments,
        "catalogue": catalogue_choices(policy, catalogue),
        "vetoes": veto_choices(scheme.id, policy),
        "items": [(n, item.title if (item := catalogue.get(n)) else "") for n in ITEMS],
        "errors": shown,
        "error_labels": {name: error_label(name, departments) for name in shown},
        "result": result,
        "bars": quota_bars(result),
        "groups": findings_by_clause(result, {}),
        "unsaved": posted is not None or not stored,
        **result_view(result, rows_of, [d["id"] for d in departments]),
    }


def page(request: Request, session: Session, actor: Actor, round_: Round) -> Response:
    """GET /rounds/{id}/grading of a department round (service/pages/grading.py hands it over)."""
    return render(request, TEMPLATE, context(session, actor, round_))


@router.post("/preview", response_class=HTMLResponse)
def preview(round_id: RowId, request: Request, actor: ActorDep, fields: FormDep) -> Response:
    """htmx: the departments as entered, evaluated — nothing stored, a read session."""
    with database_of(request).session() as session:
        round_ = department_round(session, round_id)
        found = context(session, actor, round_, posted_values(fields))
    return render(request, TEMPLATE, found | {"preview": True}, block_name="evaluation")


@router.post("/rows", response_class=HTMLResponse)
def rows(round_id: RowId, request: Request, actor: ActorDep, fields: FormDep) -> Response:
    """「添加部门」「删除」「再加一行事项」: the form again with its rows changed; nothing stored."""
    departments = compact(posted_values(fields))
    action = forms.last(fields, "action") or ""
    if action == "add-department":
        departments.append(values_of({"id": _next_id(departments)}))
    elif action.startswith("remove-") and action[7:].isdigit() and int(action[7:]) < len(departments):
        del departments[int(action[7:])]
    elif action.startswith("add-event-") and action[10:].isdigit() and int(action[10:]) < len(departments):
        departments[int(action[10:])]["events"].append(dict.fromkeys(("entry", *EVENT_FIELDS), ""))
    with database_of(request).session() as session:
        round_ = department_round(session, round_id)
        found = context(session, actor, round_, departments)
    block = "workspace" if request.headers.get("HX-Request") else None
    return render(request, TEMPLATE, found, block_name=block)


@router.post("")
def save(
    round_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    """PUT /api/rounds/{id}/departments with the page's departments, then the round evaluated and kept;
    a department the rules refuse (a range event without its value, a veto not in the list) stores nothing."""
    round_ = department_round(session, round_id)
    departments = compact(posted_values(fields))
    body, rows_of = body_of(round_.scheme, departments, _stored(session, round_))
    _, errors = forms.attempt(
        lambda: evaluation.evaluate(round_.scheme, {"year": round_.year, "policy": round_.policy, **body})
    )
    if not errors:
        _, errors = forms.attempt(
            lambda: rounds.store_departments(session=session, actor=actor, round_id=round_id, body=body)
        )
    if not errors:
        rounds.evaluate_round(session=session, actor=actor, round_id=round_id)
        return RedirectResponse(f"/rounds/{round_id}/grading?saved=1", status_code=303)
    found = context(session, actor, round_, departments, field_errors(errors, rows_of))
    return render(request, TEMPLATE, found, status_code=422)
