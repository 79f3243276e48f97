"""000 附表1 《宝山区行政服务中心2022年度常驻人员考核名单》 (二 考核范围和对象)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.resident_annual import RESIDENT_CATEGORIES, month_day_in
from schemas.roster import Roster, RosterEntry
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import WRITE_IN, blank_rows
from service.errors import Conflict
from service.round_context import Needs, RoundContext
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


def context(payload: BaseModel) -> dict[str, Any]:
    """People grouped by department in the order first met, numbered through the whole list."""
    roster = cast(Roster, payload)
    groups: dict[str, list[dict[str, Any]]] = {}
    for number, person in enumerate(_ordered(roster.people), start=1):
        remark = "；".join(part for part in ("负责人" if person.is_head else "", person.note or "") if part)
        groups.setdefault(person.department, []).append(
            {**person.model_dump(), "no": number, "remark": remark}
        )
    counts = {c: sum(1 for p in roster.people if p.category == c) for c in RESIDENT_CATEGORIES}
    summary = "，".join(f"{category}{count}人" for category, count in counts.items() if count)
    return {
        **roster.model_dump(exclude={"people"}),
        "min_months": roster.min_months
        if roster.min_months is not None
        else default_policy_data("resident-annual")["min_months"],
        "departments": [
            {"name": name, "count": len(people), "people": people} for name, people in groups.items()
        ],
        "total": len(roster.people),
        "category_summary": summary,
    }


BLANK_ROWS = 15


def blank(year: int, organisation: str) -> dict[str, Any]:
    """附表1 as a notice attaches it when it does not list the round's people: numbered empty rows."""
    policy = default_policy_data("resident-annual")
    return {
        "year": year,
        "organisation": organisation,
        "cut_off": month_day_in(year, policy["cut_off"]),
        "min_months": policy["min_months"],
        "departments": [
            {
                "name": "",
                "count": "",
                "people": blank_rows(BLANK_ROWS, "name", "gender", "category", "post", "unit", "remark"),
            }
        ],
        "total": WRITE_IN,
        "category_summary": "，".join(f"{category}\u3000\u3000人" for category in RESIDENT_CATEGORIES),
    }


def _ordered(people: list[RosterEntry]) -> list[RosterEntry]:
    """By department (first appearance), the head first within it: how the centre lists its staff."""
    first_seen: dict[str, int] = {}
    for person in people:
        first_seen.setdefault(person.department, len(first_seen))
    return sorted(people, key=lambda p: (first_seen[p.department], not p.is_head))


def example() -> BaseModel:
    """000 二: the people on the roster at 2022年11月30日; the centre's own 业务科 and two 进驻部门."""
    policy = default_policy_data("resident-annual")
    people = [
        RosterEntry(
            name="周建华",
            gender="男",
            department="业务科",
            category="事业",
            post="科长",
            is_head=True,
            unit="宝山区政务服务中心",
        ),
        RosterEntry(
            name="王晓燕",
            gender="女",
            department="业务科",
            category="公务员",
            post="四级主任科员",
            unit="宝山区市场监督管理局",
        ),
        RosterEntry(
            name="陈立",
            gender="男",
            department="业务科",
            category="其他",
            post="窗口辅助人员",
            unit="宝山区政务服务外包单位",
        ),
        RosterEntry(
            name="刘芳",
            gender="女",
            department="区市场监管局窗口",
            category="参公",
            post="首席代表",
            is_head=True,
            unit="宝山区市场监督管理局",
        ),
        RosterEntry(
            name="孙磊",
            gender="男",
            department="区市场监管局窗口",
            category="公务员",
            post="一级科员",
            unit="宝山区市场监督管理局",
        ),
        RosterEntry(
            name="赵敏",
            gender="女",
            department="区人社局窗口",
            category="事业",
            post="窗口工作人员",
            unit="宝山区人力资源和社会保障局",
            note="2022年11月借调至派出单位，在册参加考核",
        ),
    ]
    return Roster(
        year=2022, organisation=policy["issuer"], cut_off=month_day_in(2022, policy["cut_off"]), people=people
    )


def filename(payload: BaseModel) -> str:
    roster = cast(Roster, payload)
    return f"{roster.organisation}{roster.year}年度常驻人员考核名单"


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """附表1 of the round: those who take part (二), by the round's cut-off; 负责人 marked (五(三)).

    Before the first evaluation (the notice attaches it at the start) it lists the roster as imported;
    after, only those the rules found eligible.
    """
    needs.check()
    listed = context.participants() if context.evaluated else list(context.people)
    people = [
        RosterEntry(
            name=p.name,
            gender=p.fact("gender"),
            department=p.department or "（未分部门）",
            category=p.category,
            post=p.fact("post"),
            unit=p.unit,
            is_head=bool(p.fact("is_head", False)),
        )
        for p in listed
        if request.categories is None or p.category in request.categories
    ]
    if not people:
        raise Conflict("本轮没有参加考核的人员")
    cut_off = context.round.as_of or month_day_in(context.year, context.policy.cut_off)  # type: ignore[attr-defined]
    return Roster(
        year=context.year,
        organisation=context.short_name,
        cut_off=cut_off,
        people=people,
        min_months=context.policy.min_months,  # type: ignore[attr-defined]
    )


KINDS = [
    DocumentKind(
        kind="roster-resident-annual",
        title="常驻人员考核名单（附表1）",
        seed="000_202f48eaffbe9a1b.txt",
        schema=Roster,
        template="roster_resident_annual.docx",
        example=example,
        context=context,
        filename=filename,
        blank=blank,
        from_round=from_round,
        schemes=("resident-annual",),
    )
]
