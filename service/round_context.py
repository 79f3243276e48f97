"""One round's data, read once, for every paper it issues (DESIGN.md §7).

A `RoundContext` holds the organisation and its 发文 details, the round and its details (上级文件,
考核领导小组, 公示 dates), the merged policy, the timeline, the roster with eligibility, proposed and
final grades, outcomes and bonus lines, the departments, the 派出单位 and their kinds, the round's
department results and the papers already issued. It is built in a fixed number of queries whatever the
size of the roster (no query per person), once per request or batch; each document kind turns it into
its payload with its own typed function (`DocumentKind.from_round`, beside the kind's schema).

What the round cannot know is never taken from a seed example: a kind asks for it through `Needs`,
which names every missing field in Chinese (409) — unless the client's `payload` gives it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.notice import BodyParagraph
from schemas.round import RoundDetails, Stage
from service import evaluation, notice_texts
from service.auth import Actor
from service.errors import Conflict
from service.models import Department, DepartmentResult, DispatchingUnit, IssuedDocument, Organisation, Round
from service.rules.registry import Scheme
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage

NOTICE_KINDS = ("notice-resident-annual", "notice-purchased-service")


class MissingFields(Conflict):
    """A paper that needs what the round does not hold yet: 409 naming each field and where to enter it."""

    error = "文书所需信息不全"

    def __init__(self, kind_title: str, missing: list[tuple[str, str]]) -> None:
        names = "；".join(f"{label}（{where}）" for where, label in missing)
        super().__init__(f"「{kind_title}」尚缺：{names}。请先填写，或在 payload 中给出")
        self.extra = {"missing": [{"field": where, "label": label} for where, label in missing]}


@dataclass(frozen=True)
class RoundPerson:
    """A person of the roster as the papers see them: stored facts with what earlier rounds add."""

    code: str
    name: str
    category: str | None
    department: str | None
    unit: str | None  # 派出单位
    unit_kind: str | None  # 区内 | 市条线 | 其他, from the 派出单位 when it is registered
    facts: Mapping[str, Any]  # the evaluate endpoint's person (+ gender, post, … of the roster row)
    proposed_grade: str | None
    final_grade: str | None
    eligible: bool | None
    outcomes: tuple[str, ...]
    bonus: Mapping[str, Any] | None  # 001: {"gross", "grade_deduction", "incident_deduction", "net", "lines"}
    rules_grade: str | None = None  # what the last evaluation gave (002 by score band, 001's default)

    @property
    def grade(self) -> str | None:
        """The decided grade once the 考核领导小组 has set it, the proposal until then, else the grade
        the rules gave."""
        return self.final_grade or self.proposed_grade or self.rules_grade

    def fact(self, key: str, default: Any = None) -> Any:
        value = self.facts.get(key)
        return default if value in (None, "", []) else value


@dataclass(frozen=True)
class IssuedPaper:
    """A paper already issued in the round (its bytes are not loaded)."""

    id: int
    kind: str
    subject: str
    version: int
    docnum: str | None
    title: str  # the paper's own title (a notice's 标题), else the kind's

    @property
    def cited(self) -> str:
        """《标题》 as another paper cites it."""
        return self.title if self.title.startswith("《") else f"《{self.title}》"


@dataclass(frozen=True)
class RoundContext:
    organisation: Organisation
    round: Round
    scheme: Scheme
    policy: BaseModel
    details: RoundDetails
    timeline: tuple[Stage, ...]
    people: tuple[RoundPerson, ...]
    departments: tuple[Department, ...]
    units: Mapping[str, DispatchingUnit]
    department_results: tuple[DepartmentResult, ...]
    issued: tuple[IssuedPaper, ...]
    evaluated: bool  # the rules have run over the roster as it stands (eligibility known)
    # The organisation's own notice text for the scheme (pinned or latest version), None: the default;
    # `notice_text_problem` says why a pinned version cannot be used.
    notice_text: tuple[BodyParagraph, ...] | None = None
    notice_text_problem: str | None = None
    # A context of one person's paper holds that person only (one form of a 20,000-person round must
    # not read 20,000 entries); asking it for the roster is a bug.
    only: str | None = None
    _by_code: dict[str, RoundPerson] = field(default_factory=dict, repr=False)

    @property
    def year(self) -> int:
        return self.round.year

    @property
    def short_name(self) -> str:
        """How the organisation names itself on forms: its 简称, else its 全称."""
        return self.organisation.short_name or self.organisation.name

    def person(self, code: str) -> RoundPerson | None:
        return self._by_code.get(code)

    def participants(self) -> list[RoundPerson]:
        """Those who take part: eligible by the last evaluation (refused before there is one)."""
        if self.only is not None:
            raise RuntimeError(f"context of {self.only} only: a paper of the roster needs the full context")
        if not self.evaluated:
            raise Conflict("考核轮次尚未评定，不知道谁参加考核：请先 POST /api/rounds/{id}/evaluate")
        return [p for p in self.people if p.eligible]

    def stage(self, clause: str) -> Stage | None:
        return next((s for s in self.timeline if s.clause == clause), None)

    @property
    def last_stage(self) -> Stage | None:
        return self.timeline[-1] if self.timeline else None

    def notice(self) -> IssuedPaper | None:
        """The round's notice as last issued: letters and reports cite it."""
        found = [d for d in self.issued if d.kind in NOTICE_KINDS]
        return found[-1] if found else None


class Needs:
    """What a kind asks of the round; every missing one is collected, then refused together.

    A value the client's `payload` carries counts as given (it will override anyway).
    """

    def __init__(self, kind_title: str, given: Mapping[str, Any]) -> None:
        self.kind_title = kind_title
        self.given = given
        self.missing: list[tuple[str, str]] = []

    def __call__(self, key: str, value: Any, label: str, where: str) -> Any:
        """`value` when known; else the client's `payload[key]`; else recorded as missing (`where`:
        the field to fill, e.g. "organisation.objection_phone")."""
        if value not in (None, "", []):
            return value
        if key in self.given:
            return self.given[key]
        self.missing.append((where, label))
        return None

    def check(self) -> None:
        if self.missing:
            raise MissingFields(self.kind_title, self.missing)


def _issued(*, session: Session, round_id: int) -> tuple[IssuedPaper, ...]:
    """Papers issued in the round, without their bytes; a notice's own title from its payload."""
    rows = session.execute(
        select(
            IssuedDocument.id,
            IssuedDocument.kind,
            IssuedDocument.subject,
            IssuedDocument.version,
            IssuedDocument.docnum,
            IssuedDocument.title,
        )
        .where(IssuedDocument.round_id == round_id)
        .order_by(IssuedDocument.id)
    ).all()
    notice_ids = [r.id for r in rows if r.kind in NOTICE_KINDS]
    titles: dict[int, str] = {}
    if notice_ids:
        for document_id, payload in session.execute(
            select(IssuedDocument.id, IssuedDocument.payload).where(IssuedDocument.id.in_(notice_ids))
        ):
            titles[document_id] = str(payload.get("title") or "")
    return tuple(
        IssuedPaper(
            id=r.id,
            kind=r.kind,
            subject=r.subject,
            version=r.version,
            docnum=r.docnum,
            title=titles.get(r.id) or r.title,
        )
        for r in rows
    )


def build_context(*, session: Session, actor: Actor, round_id: int, only: str | None = None) -> RoundContext:
    """The round's data in a fixed number of queries: round, organisation, departments, units, entries
    with their people, history of earlier rounds, department results, issued papers. `only`: the
    context of one person's paper (that person's entry, no evaluation result read)."""
    # Imported here: service.rounds builds evaluation bodies and is the home of the roster's history.
    from service import rounds

    round_ = round_storage.get_round(session=session, round_id=round_id)
    scheme = evaluation.require_scheme(round_.scheme)
    organisation = org_storage.get_organisation(session=session, organisation_id=round_.organisation_id)
    departments = org_storage.list_departments(session=session, organisation_id=organisation.id)
    units = org_storage.list_dispatching_units(session=session, organisation_id=organisation.id)
    department_names = {d.id: d.name for d in departments}
    unit_by_id = {u.id: u for u in units}
    rows = round_storage.entry_rows(
        session=session,
        round_id=round_id,
        organisation_id=organisation.id,
        department_id=rounds.visible_department(actor),
        code=only,
    )
    facts = rounds.facts_with_history(
        session=session, round_=round_, payloads={row.person_id: row.payload for row in rows}
    )
    result = None if only is not None else round_.result
    evaluated_people = {p["id"]: p for p in (result or {}).get("people", [])}
    people = []
    for row in rows:
        unit = unit_by_id.get(row.dispatching_unit_id or 0)
        payload = facts[row.person_id]
        people.append(
            RoundPerson(
                code=row.code,
                name=row.name,
                category=row.category,
                department=department_names.get(row.department_id or 0),
                unit=unit.name if unit else None,
                unit_kind=unit.unit_kind if unit else payload.get("unit_kind"),
                facts=payload,
                proposed_grade=row.proposed_grade,
                final_grade=row.final_grade,
                eligible=row.eligible,
                outcomes=tuple(row.outcomes or ()),
                bonus=evaluated_people.get(row.code, {}).get("bonus"),
                rules_grade=evaluated_people.get(row.code, {}).get("grade"),
            )
        )
    details = RoundDetails.model_validate(round_.details or {})
    notice_text, notice_text_problem = None, None
    if only is None and round_.scheme in notice_texts.NOTICE_SCHEMES:
        try:
            stored = notice_texts.for_round(
                session=session,
                organisation_id=organisation.id,
                scheme=round_.scheme,
                version=details.notice_text_version,
            )
            notice_text = tuple(stored) if stored is not None else None
        except Conflict as problem:
            notice_text_problem = problem.detail
    # One person's context cannot read the result; that person's eligibility is what evaluation wrote.
    evaluated = result is not None if only is None else any(p.eligible is not None for p in people)
    return RoundContext(
        organisation=organisation,
        round=round_,
        scheme=scheme,
        policy=evaluation.round_policy(scheme, round_.policy),
        details=details,
        timeline=tuple(Stage.model_validate(s) for s in round_.timeline),
        people=tuple(people),
        departments=tuple(departments),
        units={u.name: u for u in units},
        department_results=tuple(round_storage.list_department_results(session=session, round_id=round_id)),
        issued=_issued(session=session, round_id=round_id),
        evaluated=evaluated,
        notice_text=notice_text,
        notice_text_problem=notice_text_problem,
        only=only,
        _by_code={p.code: p for p in people},
    )


# ---------------------------------------------------------------- what several kinds read alike


def results_date(context: RoundContext) -> dt.date:
    """The date of the papers that report results (letters, 上报表, 明细表, 证书): the end of the
    timeline's last stage (000 八(四) 考核结果上报阶段, 001 八(四) 考核总结), else the notice's date."""
    stage = context.last_stage
    return stage.end if stage is not None else context.round.starts_on


def organisation_field(context: RoundContext, needs: Needs, attribute: str, label: str) -> Any:
    """A 发文 detail entered once on the organisation (PATCH /api/organisations/{id})."""
    return needs(attribute, getattr(context.organisation, attribute), label, f"organisation.{attribute}")


def round_detail(context: RoundContext, needs: Needs, attribute: str, label: str) -> Any:
    """A detail of the round (PATCH /api/rounds/{id} {"details": {…}})."""
    return needs(attribute, getattr(context.details, attribute), label, f"round.details.{attribute}")


def require_target(value: str | None, needs: Needs, key: str, label: str, choices: list[str]) -> str:
    """The recipient a paper is for (派出单位, 部门, 上报对象), named in the request."""
    where = f"{key}（可选：{'、'.join(choices) or '无'}；批量时用“*”）"
    found = needs(key, value, label, where)
    return str(found) if found is not None else ""
