"""The scoring catalogue of seed 003 三 as data: events priced by their clause.

A clerk enters "2 papers in provincial journals, one of them short" as
`{"item": 2, "code": "paper_provincial", "count": 2, "short": 1}` and gets 2 + 1 = 3 points citing
三(一)2. The catalogue itself lives in the policy (`service/policies/internal_department.json`), so a
unit can change a price for a round; ranges ("扣1-5分") take the value the 考核办 decided (八2).
"""

from __future__ import annotations

from decimal import Decimal

from schemas.department import CatalogueEvent, Department, EventPoints
from schemas.internal_department import CatalogueEntry, InternalDepartmentPolicy
from service.rules.department_ranking import decimal, points_text
from service.rules.registry import PayloadProblem

CONTEST_READINGS = {"range": "区间1–2分（考核办评议确定）", "respectively": "先进个人1分、先进集体2分"}


def catalogue_entry(policy: InternalDepartmentPolicy, item: int, code: str) -> CatalogueEntry | None:
    catalogue_item = policy.catalogue.get(str(item))
    if catalogue_item is None:
        return None
    return next((entry for entry in catalogue_item.entries if entry.code == code), None)


def event_problems(
    event: CatalogueEvent, policy: InternalDepartmentPolicy, path: tuple[str | int, ...]
) -> list[PayloadProblem]:
    """An event the catalogue cannot price: unknown code, halving where the clause has none, a range
    value missing or outside "扣1-5分" (八2: the 考核办 decides within the range, never outside it)."""
    entry = catalogue_entry(policy, event.item, event.code)
    if entry is None:
        known = policy.catalogue.get(str(event.item))
        choices = "、".join(e.code for e in known.entries) if known else "无"
        return [((*path, "code"), f"第{event.item}项没有加减分项「{event.code}」，可选：{choices}")]
    problems: list[PayloadProblem] = []
    if entry.reading is not None and entry.reading != policy.contest_award:
        codes = "、".join(
            e.code for e in policy.catalogue[str(event.item)].entries if e.reading == policy.contest_award
        )
        problems.append(
            (
                (*path, "code"),
                f"本轮方案按{CONTEST_READINGS[policy.contest_award]}计竞赛获奖加分（{entry.clause}，"
                f"contest_award），「{event.code}」不适用，请用：{codes}",
            )
        )
    if event.short > event.count:
        problems.append(((*path, "short"), f"减半计分的数量{event.short}不能大于数量{event.count}"))
    if event.short and entry.halved_when is None:
        problems.append(((*path, "short"), f"「{entry.label}」没有减半计分的规定（{entry.clause}）"))
    if entry.range is not None:
        low, high = (points_text(decimal(bound)) for bound in entry.range)
        if event.value is None:
            problems.append(
                ((*path, "value"), f"「{entry.label}」的分值为{low}–{high}分，须填写考核办确定的分值（八2）")
            )
        elif not entry.range[0] <= event.value <= entry.range[1]:
            problems.append(
                (
                    (*path, "value"),
                    f"分值{points_text(decimal(event.value))}不在「{entry.label}」的{low}–{high}分之内"
                    f"（{entry.clause}）",
                )
            )
    elif event.value is not None and event.value != entry.points:
        problems.append(
            (
                (*path, "value"),
                f"「{entry.label}」分值固定为{entry.points:g}分，不需要填写分值（{entry.clause}）",
            )
        )
    return problems


def event_points(event: CatalogueEvent, entry: CatalogueEntry) -> Decimal:
    """count × points, the `short` ones at half (三(一)2 "减半加分"); a range entry takes `value`."""
    unit = decimal(event.value if entry.range is not None and event.value is not None else entry.points or 0)
    return unit * (event.count - event.short) + unit / 2 * event.short


def priced_events(department: Department, policy: InternalDepartmentPolicy) -> list[EventPoints]:
    priced = []
    for event in department.events:
        entry = catalogue_entry(policy, event.item, event.code)
        assert entry is not None, "check_payload rejects unknown codes"
        priced.append(
            EventPoints(
                item=event.item,
                code=event.code,
                label=entry.label,
                kind=entry.kind,
                count=event.count,
                short=event.short,
                value=event.value,
                points=float(event_points(event, entry)),
                clause=entry.clause,
            )
        )
    return priced
