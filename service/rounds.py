"""Rounds that persist (issue 5): create, roster, evaluate over stored data, final grades.

Evaluation builds exactly the body of the stateless `POST /api/schemes/{id}/evaluate` from what is
stored and runs `service.evaluation.evaluate` on it; history is read from earlier rounds, never retyped:
001's `prior_grades`/`last_wage_step_year` (wage step 六(二), termination 七) and 002's quarter grades for
the annual link (四(四)) and 000's 五(五) "从当年度季度考核优秀较多的人员中产生".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.orm import Session

from schemas.organisation import PersonOut
from schemas.round import (
    EntryOut,
    FinalGrades,
    Roster,
    RosterPerson,
    RoundCreate,
    RoundDetails,
    RoundOut,
    RoundUpdate,
    Stage,
)
from service import audit, evaluation, roster_changes
from service.auth import Actor, require_role
from service.cn_format import mask_id_number
from service.errors import Conflict, Forbidden, InvalidPayload, NeedsConfirmation, chinese_message
from service.models import Department, DepartmentResult, DispatchingUnit, Person, Round, RoundEntry
from service.payload import duplicate_ids, parse_payload, reject, unknown_keys
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage
from service.timeline import timeline

ORGANISERS = ("clerk", "admin")
GRADERS = ("clerk", "leader", "admin")
QUARTERLY_SCHEME = "civil-servant-quarterly"
# Fields of a roster row kept on the Person record, not in the round's payload.
PERSON_RECORD_FIELDS = frozenset({"id_number", "dispatching_unit"})


def round_out(*, session: Session, round_: Round) -> RoundOut:
    return RoundOut(
        id=round_.id,
        organisation_id=round_.organisation_id,
        scheme=round_.scheme,
        year=round_.year,
        quarter=round_.quarter,
        as_of=round_.as_of,
        starts_on=round_.starts_on,
        title=round_.title,
        timeline=[Stage.model_validate(s) for s in round_.timeline],
        policy=round_.policy,
        amounts=round_.amounts,
        details=RoundDetails.model_validate(round_.details or {}),
        people=round_storage.count_entries(session=session, round_id=round_.id),
        evaluated_at=round_.evaluated_at,
    )


def _default_title(scheme_name: str, year: int, quarter: int | None) -> str:
    return f"{year}年度第{quarter}季度{scheme_name}" if quarter else f"{year}年度{scheme_name}"


def _timeline(scheme: str, starts_on: dt.date, override: dict[str, Any]) -> list[dict[str, Any]]:
    """The round's stages, the 公示 as long as its policy says (000 五(五))."""
    policy = evaluation.round_policy(evaluation.require_scheme(scheme), override)
    days = getattr(policy, "publicity_working_days", None)
    return [s.model_dump(mode="json") for s in timeline(scheme, starts_on, days)]


def create_round(*, session: Session, actor: Actor, request: RoundCreate) -> RoundOut:
    require_role(actor, *ORGANISERS)
    scheme = evaluation.require_scheme(request.scheme)
    org_storage.get_organisation(session=session, organisation_id=request.organisation_id)
    evaluation.round_policy(scheme, request.policy)  # a bad override is refused now, not at evaluation
    round_ = round_storage.add_round(
        session=session,
        round_=Round(
            organisation_id=request.organisation_id,
            scheme=scheme.id,
            year=request.year,
            quarter=request.quarter,
            as_of=request.as_of,
            starts_on=request.starts_on,
            title=request.title or _default_title(scheme.name, request.year, request.quarter),
            timeline=_timeline(scheme.id, request.starts_on, request.policy),
            policy=request.policy,
            amounts=request.amounts.model_dump(mode="json"),
            details=request.details.model_dump(mode="json", exclude_none=True),
            result=None,
        ),
    )
    audit.record(
        session=session,
        actor=actor.username,
        action="create",
        entity="round",
        entity_id=round_.id,
        after=audit.snapshot(round_),
    )
    return round_out(session=session, round_=round_)


def update_round(*, session: Session, actor: Actor, round_id: int, request: RoundUpdate) -> RoundOut:
    require_role(actor, *ORGANISERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    before = audit.snapshot(round_)
    changes = request.model_dump(mode="json", exclude_unset=True)
    if "policy" in changes:
        evaluation.round_policy(evaluation.require_scheme(round_.scheme), changes["policy"] or {})
    if "details" in changes:  # key by key: a PATCH of the 公示 date keeps the 上级文件 entered before
        merged = {**(round_.details or {}), **(changes.pop("details") or {})}
        round_.details = {k: v for k, v in merged.items() if v is not None}
    for field, value in changes.items():
        setattr(round_, field, dt.date.fromisoformat(value) if field == "as_of" and value else value)
    if "policy" in changes:  # a changed 公示 length moves the stages after it
        round_.timeline = _timeline(round_.scheme, round_.starts_on, round_.policy or {})
    audit.record(
        session=session,
        actor=actor.username,
        action="update",
        entity="round",
        entity_id=round_.id,
        before=before,
        after=audit.snapshot(round_),
    )
    return round_out(session=session, round_=round_)


def get_round(*, session: Session, round_id: int) -> RoundOut:
    return round_out(session=session, round_=round_storage.get_round(session=session, round_id=round_id))


def list_rounds(*, session: Session, organisation_id: int | None = None) -> list[RoundOut]:
    return [
        round_out(session=session, round_=r)
        for r in round_storage.list_rounds(session=session, organisation_id=organisation_id)
    ]


# ---------------------------------------------------------------- roster


def person_out(person: Person, department: str | None, unit: str | None) -> PersonOut:
    return PersonOut(
        id=person.code,
        name=person.name,
        id_number=mask_id_number(person.id_number) if person.id_number else None,
        category=person.category,
        department=department,
        dispatching_unit=unit,
        in_establishment=person.in_establishment,
    )


class _Names:
    """The organisation's departments and dispatching units by name and by id."""

    def __init__(self, *, session: Session, organisation_id: int) -> None:
        self.departments = {
            d.name: d for d in org_storage.list_departments(session=session, organisation_id=organisation_id)
        }
        self.units = {
            u.name: u
            for u in org_storage.list_dispatching_units(session=session, organisation_id=organisation_id)
        }
        self.department_names = {d.id: d.name for d in self.departments.values()}
        self.unit_names = {u.id: u.name for u in self.units.values()}


def unknown_departments(
    people: list[RosterPerson], departments: dict[str, Department]
) -> list[tuple[Any, str]]:
    choices = "、".join(departments) or "（尚未登记任何部门）"
    return [
        (("people", index, "department"), f"部门「{p.department}」不存在，可选：{choices}")
        for index, p in enumerate(people)
        if p.department and p.department not in departments
    ]


def entry_payload(person: RosterPerson) -> dict[str, Any]:
    """What the round keeps of a row: the evaluate endpoint's Person, nothing of the person record."""
    return person.model_dump(mode="json", exclude=set(PERSON_RECORD_FIELDS))


def _unit_for(
    *, session: Session, names: _Names, organisation_id: int, person: RosterPerson
) -> DispatchingUnit | None:
    if not person.dispatching_unit:
        return None
    unit = names.units.get(person.dispatching_unit)
    if unit is None:
        unit = DispatchingUnit(
            organisation_id=organisation_id,
            name=person.dispatching_unit,
            unit_kind=person.unit_kind or "其他",
        )
        org_storage.add(session=session, record=unit)
        names.units[unit.name] = unit
    return unit


def _upsert_person(
    *,
    session: Session,
    actor: Actor,
    names: _Names,
    organisation_id: int,
    row: RosterPerson,
    existing: Person | None,
) -> Person:
    department = names.departments.get(row.department) if row.department else None
    unit = _unit_for(session=session, names=names, organisation_id=organisation_id, person=row)
    person = existing or Person(organisation_id=organisation_id, code=row.id, name=row.name)
    before = audit.snapshot(existing)
    person.name = row.name
    person.category = row.category
    person.department_id = department.id if department else None
    person.dispatching_unit_id = unit.id if unit else None
    person.in_establishment = row.in_establishment
    if row.id_number:
        person.id_number = row.id_number
    if existing is None:
        org_storage.add(session=session, record=person)
    after = audit.snapshot(person)
    if before != after:
        audit.record(
            session=session,
            actor=actor.username,
            action="update" if existing else "create",
            entity="person",
            entity_id=person.id,
            before=_masked(before),
            after=_masked(after),
        )
    return person


def _masked(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if snapshot and snapshot.get("id_number"):
        return {**snapshot, "id_number": mask_id_number(snapshot["id_number"])}
    return snapshot


def import_roster(
    *, session: Session, actor: Actor, round_id: int, body: Any, confirm: bool = False
) -> list[EntryOut]:
    """Replace the round's roster, all or nothing: one bad row and nothing is stored (HTTP 422); one
    unknown key is a 422 naming it; decisions it would change need `confirm` (service.roster_changes)."""
    require_role(actor, *ORGANISERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    roster = parse_payload(Roster, body, forbid_unknown=True)
    names = _Names(session=session, organisation_id=round_.organisation_id)
    reject(
        duplicate_ids(roster.people, "people", "人员") + unknown_departments(roster.people, names.departments)
    )
    return store_roster(
        session=session, actor=actor, round_=round_, people=roster.people, names=names, confirm=confirm
    )


def store_roster(
    *,
    session: Session,
    actor: Actor,
    round_: Round,
    people: list[RosterPerson],
    names: _Names | None = None,
    confirm: bool = False,
) -> list[EntryOut]:
    """The new roster in place of the old. Decisions it does not mention are kept, final grades stay with
    everyone still on it; a decision it would change is refused (409 listing them) unless `confirm`."""
    names = names or _Names(session=session, organisation_id=round_.organisation_id)
    old_rows = round_storage.list_entries(session=session, round_id=round_.id)
    before = [e.payload for e, _ in old_rows]
    stored = {
        person.code: roster_changes.Stored(
            name=person.name, payload=entry.payload, final_grade=entry.final_grade
        )
        for entry, person in old_rows
    }
    rows = [(row, entry_payload(row)) for row in people]
    changes = roster_changes.keep_decisions(stored, rows)
    if changes and not confirm:
        raise NeedsConfirmation(roster_changes.describe(changes), changes)
    existing = org_storage.people_by_code(
        session=session, organisation_id=round_.organisation_id, codes=[p.id for p in people]
    )
    round_storage.clear_entries(session=session, round_id=round_.id)
    entries = []
    for position, (row, payload) in enumerate(rows):
        person = _upsert_person(
            session=session,
            actor=actor,
            names=names,
            organisation_id=round_.organisation_id,
            row=row,
            existing=existing.get(row.id),
        )
        kept = stored.get(row.id)
        entries.append(
            RoundEntry(
                round_id=round_.id,
                person_id=person.id,
                position=position,
                payload=payload,
                proposed_grade=payload.get("proposed_grade"),
                final_grade=kept.final_grade if kept else None,
                eligible=None,
                outcomes=[],
            )
        )
    round_storage.add_entries(session=session, entries=entries)
    round_.result = None
    audit.record(
        session=session,
        actor=actor.username,
        action="import_roster",
        entity="round",
        entity_id=round_.id,
        before={"people": before},
        after={"people": [e.payload for e in entries], "confirmed_changes": changes},
    )
    return list_entries(session=session, actor=actor, round_id=round_.id)


def _entry_out(entry: RoundEntry, person: Person, names: _Names) -> EntryOut:
    shown = person_out(
        person,
        names.department_names.get(person.department_id or 0),
        names.unit_names.get(person.dispatching_unit_id or 0),
    )
    return EntryOut(
        person={**entry.payload, **shown.model_dump(mode="json")},
        proposed_grade=entry.proposed_grade,
        final_grade=entry.final_grade,
        eligible=entry.eligible,
        outcomes=entry.outcomes,
    )


def visible_department(actor: Actor) -> int | None:
    """A department head sees and edits only the staff of their own department."""
    if actor.role == "department_head":
        if actor.department_id is None:
            raise Forbidden("部门负责人账号未指定所在部门")
        return actor.department_id
    return None


def visible_findings(
    actor: Actor, findings: Iterable[dict[str, Any]], people: Iterable[str]
) -> list[dict[str, Any]]:
    """What `actor` may read of a round's findings (DESIGN.md §10): a department head, whose `people`
    are their own department's codes, sees the findings about those people only — none about someone
    else, and none about another department or the round as a whole."""
    if visible_department(actor) is None:
        return list(findings)
    own = set(people)
    return [f for f in findings if f.get("person_id") in own]


def list_entries(*, session: Session, actor: Actor, round_id: int) -> list[EntryOut]:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    names = _Names(session=session, organisation_id=round_.organisation_id)
    rows = round_storage.list_entries(
        session=session, round_id=round_id, department_id=visible_department(actor)
    )
    return [_entry_out(entry, person, names) for entry, person in rows]


def edit_entry(
    *, session: Session, actor: Actor, round_id: int, code: str, changes: dict[str, Any]
) -> EntryOut:
    """Change one person's facts or proposal. A department head only for their own department's staff,
    and cannot move someone into or out of it."""
    require_role(actor, "clerk", "department_head", "admin")
    round_ = round_storage.get_round(session=session, round_id=round_id)
    entry, person = round_storage.get_entry(session=session, round_id=round_id, code=code)
    names = _Names(session=session, organisation_id=round_.organisation_id)
    own = visible_department(actor)
    if own is not None and person.department_id != own:
        raise Forbidden(f"部门负责人只能修改本部门人员，{person.name}不属于本部门")
    reject(unknown_keys(RosterPerson, changes))  # {"初评推荐优秀": "否"} is a 422, never a silent 200
    merged = {**entry.payload, "id_number": person.id_number, **changes, "id": code}
    merged["dispatching_unit"] = changes.get(
        "dispatching_unit", names.unit_names.get(person.dispatching_unit_id or 0)
    )
    row = parse_payload(RosterPerson, merged)
    reject(unknown_departments([row], names.departments))
    if own is not None:
        moved_to = names.departments[row.department].id if row.department else None
        if moved_to != own:
            raise Forbidden("部门负责人不能把人员调出本部门")
    before = {"entry": entry.payload, "proposed_grade": entry.proposed_grade}
    _upsert_person(
        session=session,
        actor=actor,
        names=names,
        organisation_id=round_.organisation_id,
        row=row,
        existing=person,
    )
    entry.payload = entry_payload(row)
    entry.proposed_grade = row.proposed_grade
    audit.record(
        session=session,
        actor=actor.username,
        action="update",
        entity="round_entry",
        entity_id=entry.id,
        before=before,
        after={"entry": entry.payload, "proposed_grade": entry.proposed_grade},
    )
    return _entry_out(entry, person, names)


# ---------------------------------------------------------------- evaluation over stored data


def _history(*, session: Session, round_: Round, person_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What earlier rounds say about each person, in the fields of the evaluate endpoint: two queries
    whatever the size of the roster."""
    found: dict[int, dict[str, Any]] = {pid: {} for pid in person_ids}
    annual = round_storage.graded_history(
        session=session,
        organisation_id=round_.organisation_id,
        person_ids=person_ids,
        scheme=round_.scheme,
        exclude_round_id=round_.id,
    )
    for earlier, entry in annual:
        if earlier.quarter is None and earlier.year < round_.year:
            known = found.setdefault(entry.person_id, {})
            known.setdefault("prior_grades", []).append({"year": earlier.year, "grade": entry.final_grade})
            if "wage_step" in (entry.outcomes or []):
                known["last_wage_step_year"] = earlier.year
    if round_.scheme in ("resident-annual", QUARTERLY_SCHEME):
        quarters = round_storage.graded_history(
            session=session,
            organisation_id=round_.organisation_id,
            person_ids=person_ids,
            scheme=QUARTERLY_SCHEME,
            exclude_round_id=round_.id,
        )
        for earlier, entry in quarters:
            same_year = earlier.year == round_.year and earlier.quarter is not None
            if same_year and (round_.quarter is None or earlier.quarter < round_.quarter):  # type: ignore[operator]
                found.setdefault(entry.person_id, {}).setdefault("quarter_grades", []).append(
                    entry.final_grade
                )
    return found


def _with_history(payload: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """Typed history wins; stored history fills only what the roster left empty."""
    person = dict(payload)
    for field in ("prior_grades", "quarter_grades"):
        if not person.get(field) and known.get(field):
            person[field] = known[field]
    if person.get("last_wage_step_year") is None and known.get("last_wage_step_year"):
        person["last_wage_step_year"] = known["last_wage_step_year"]
    if person.get("quarterly_excellent") is None and known.get("quarter_grades"):
        person["quarterly_excellent"] = known["quarter_grades"].count("好")
    return person


def facts_with_history(
    *, session: Session, round_: Round, payloads: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """Each person's stored payload (by person id) with what earlier rounds add (quarter grades, prior
    grades): two queries whatever the size of the roster."""
    history = _history(session=session, round_=round_, person_ids=list(payloads))
    return {pid: _with_history(payload, history[pid]) for pid, payload in payloads.items()}


def evaluation_body(
    *, session: Session, round_: Round, final: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """The stateless endpoint's request, built from the stored round (final grades in place of
    proposals when `final` is given)."""
    if evaluation.require_scheme(round_.scheme).kind == "department":
        results = round_storage.list_department_results(session=session, round_id=round_.id)
        return {"year": round_.year, "policy": round_.policy, "departments": [r.payload for r in results]}
    rows = round_storage.list_entries(session=session, round_id=round_.id)
    history = _history(session=session, round_=round_, person_ids=[person.id for _, person in rows])
    people = []
    for entry, person in rows:
        payload = _with_history(entry.payload, history[person.id])
        if final is not None and person.code in final:
            payload["proposed_grade"] = final[person.code]
        people.append(payload)
    return {
        "year": round_.year,
        "as_of": round_.as_of.isoformat() if round_.as_of else None,
        "quarter": round_.quarter,
        "policy": round_.policy,
        "amounts": round_.amounts,
        "people": people,
    }


def _by_person(loc: Sequence[Any], body: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    """A path into the stored roster, with the person's id in place of a 0-based index, and who it is."""
    parts = tuple(loc[1:] if loc[:1] == ("body",) else loc)
    collection = (
        "people" if parts[:1] == ("people",) else "departments" if parts[:1] == ("departments",) else None
    )
    if collection is None or len(parts) < 2 or not isinstance(parts[1], int):
        return parts, ""
    try:
        item = body[collection][parts[1]]
    except (IndexError, KeyError, TypeError):
        return parts, ""
    return (
        collection,
        str(item.get("id")),
        *parts[2:],
    ), f"{item.get('id')} {item.get('name', '')}".strip() + "："


def evaluate_stored(round_: Round, body: dict[str, Any]) -> BaseModel:
    """The scheme's rules over a body built from storage. A 422 names each person or department by id
    and name (`people.P033.proposed_grade`, "P033 常驻人员33：…"), never by a 0-based index the clerk
    never saw."""
    try:
        return evaluation.evaluate(round_.scheme, body)
    except RequestValidationError as exc:
        problems = []
        for error in exc.errors():
            loc, who = _by_person(error.get("loc", ()), body)
            problems.append((loc, who + chinese_message(error)))
        raise InvalidPayload(problems) from None
    except InvalidPayload as exc:
        renamed = []
        for loc, message in exc.problems:
            path, who = _by_person(loc, body)
            renamed.append((path, who + message))
        raise InvalidPayload(renamed) from None


def _store_result(*, session: Session, round_: Round, result: BaseModel) -> None:
    data = result.model_dump(mode="json")
    round_.result = data
    round_.evaluated_at = dt.datetime.now(dt.UTC)
    by_code = {p["id"]: p for p in data.get("people", [])}
    for entry, person in round_storage.list_entries(session=session, round_id=round_.id):
        outcome = by_code.get(person.code)
        if outcome is not None:
            entry.eligible = outcome.get("eligible")
            entry.outcomes = outcome.get("outcomes", [])
    by_department = {d["id"]: d for d in data.get("departments", [])}
    for department in round_storage.list_department_results(session=session, round_id=round_.id):
        scored = by_department.get(department.code)
        if scored is not None:
            department.total = scored.get("total")
            department.rank = scored.get("rank")
            department.awards = scored.get("awards", [])


def evaluate_round(*, session: Session, actor: Actor, round_id: int) -> dict[str, Any]:
    """The scheme's rules over the stored round, final grades in place of proposals where they are set;
    the result is kept with the round."""
    require_role(actor, *GRADERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    if (
        round_storage.count_entries(session=session, round_id=round_id) == 0
        and evaluation.require_scheme(round_.scheme).kind == "individual"
    ):
        raise Conflict("考核轮次还没有人员名单，请先导入名单")
    # Once the 考核领导小组 has decided (PUT /grades), its grades are what the rules judge and what the
    # bonus, outcomes and papers follow; a person without a final grade is judged on the proposal.
    decided: dict[str, str | None] = {
        person.code: entry.final_grade
        for entry, person in round_storage.list_entries(session=session, round_id=round_id)
        if entry.final_grade is not None
    }
    body = evaluation_body(session=session, round_=round_, final=decided or None)
    result = evaluate_stored(round_, body)
    _store_result(session=session, round_=round_, result=result)
    audit.record(
        session=session,
        actor=actor.username,
        action="evaluate",
        entity="round",
        entity_id=round_.id,
        after={"ok": round_.result.get("ok") if round_.result else None},
    )
    return round_.result or {}


def set_final_grades(
    *, session: Session, actor: Actor, round_id: int, request: FinalGrades
) -> dict[str, Any]:
    """Record the grades the 考核领导小组 decided (000 五(四)/(五)). They must pass the scheme's rules:
    a final list that breaks a quota or an eligibility rule is refused (409) and nothing is stored."""
    require_role(actor, *GRADERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    rows = {
        person.code: entry for entry, person in round_storage.list_entries(session=session, round_id=round_id)
    }
    reject(
        [
            (("grades", index, "id"), f"考核轮次中没有人员 {grade.id}")
            for index, grade in enumerate(request.grades)
            if grade.id not in rows
        ]
    )
    final = {code: entry.final_grade or entry.proposed_grade for code, entry in rows.items()}
    final.update({g.id: g.grade for g in request.grades})
    result = evaluate_stored(round_, evaluation_body(session=session, round_=round_, final=final))
    errors = [f for f in getattr(result, "findings", []) if f.severity == "error"]
    if errors:
        raise Conflict("最终等次不符合考核办法：" + "；".join(f"{f.message}（{f.clause}）" for f in errors))
    for grade in request.grades:
        entry = rows[grade.id]
        if entry.final_grade != grade.grade:
            audit.record(
                session=session,
                actor=actor.username,
                action="set_final_grade",
                entity="round_entry",
                entity_id=entry.id,
                before={"final_grade": entry.final_grade},
                after={"final_grade": grade.grade},
            )
            entry.final_grade = grade.grade
    _store_result(session=session, round_=round_, result=result)
    return round_.result or {}


def store_departments(*, session: Session, actor: Actor, round_id: int, body: Any) -> dict[str, Any]:
    """The departments of a department-scheme round (003/004), in the evaluate endpoint's shape; an
    unknown key anywhere (a misspelt evaluation) is a 422 naming it."""
    require_role(actor, *ORGANISERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    scheme = _department_scheme(round_)
    request = parse_payload(scheme.request_model, {"year": round_.year, **body}, forbid_unknown=True)
    departments = request.departments
    reject(duplicate_ids(departments, "departments", "部门"))
    return replace_departments(session=session, actor=actor, round_=round_, departments=departments)


def _department_scheme(round_: Round) -> Any:
    scheme = evaluation.require_scheme(round_.scheme)
    if scheme.kind != "department":
        raise Conflict(f"考核方案「{scheme.name}」考核的是个人，请导入人员名单")
    return scheme


def replace_departments(
    *, session: Session, actor: Actor, round_: Round, departments: Sequence[BaseModel]
) -> dict[str, Any]:
    """Store validated departments (from JSON or the Excel workbook) in place of the round's."""
    require_role(actor, *ORGANISERS)
    _department_scheme(round_)
    known = {
        d.name: d.id
        for d in org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    }
    results = [
        DepartmentResult(
            round_id=round_.id,
            department_id=known.get(getattr(d, "name", "")),
            code=getattr(d, "id", ""),
            position=index,
            payload=d.model_dump(mode="json"),
            total=None,
            rank=None,
            awards=[],
        )
        for index, d in enumerate(departments)
    ]
    round_storage.replace_department_results(session=session, round_id=round_.id, results=results)
    round_.result = None
    audit.record(
        session=session,
        actor=actor.username,
        action="import_departments",
        entity="round",
        entity_id=round_.id,
        after={"departments": [r.payload for r in results]},
    )
    return {"departments": [r.payload for r in results]}
