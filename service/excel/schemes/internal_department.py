"""003 机关内设机构考核: the 18 items of 三 (points taken off and added), 四's three evaluations (0–100),
whether the department serves the public (四's weights), last year's rank (六2 争先进位), 六4 veto and the
party group's 推荐上报; and a 加减分事项 sheet of the scoring catalogue's occurrences (三, 八2), each row a
department's 编号, the catalogue entry chosen as "第2项·未完成年度经信重点课题计划", how many, how many earn
half and, for a range, the points decided."""

from __future__ import annotations

from typing import Any

from schemas.department import CatalogueEvent
from service.excel.columns import Column, DetailSheet, SheetSpec, number, yes_no


def entry_label(item: str, label: str) -> str:
    return f"第{item}项·{label}"


def catalogue_entries(policy: Any) -> dict[str, tuple[int, str]]:
    """The drop-down's text of each catalogue entry → (item, code) of CatalogueEvent."""
    return {
        entry_label(item, entry.label): (int(item), entry.code)
        for item, catalogue_item in policy.catalogue.items()
        for entry in catalogue_item.entries
    }


def _choices(policy: Any) -> dict[str, tuple[str, ...]]:
    return {"catalogue": tuple(catalogue_entries(policy))}


def _event(policy: Any, record: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in record.items() if k != "entry"}
    item, code = catalogue_entries(policy).get(record.get("entry", ""), (None, None))
    return {**fields, "item": item, "code": code}


EVENTS = DetailSheet(
    name="加减分事项",
    into="events",
    model=CatalogueEvent,
    resolve=_event,
    key=Column("department", "部门编号", 10),
    columns=(
        Column("entry", "加减分事项", 50, choices_from="catalogue"),
        number("count", "次数", 8),
        number("short", "其中减半次数", 12),
        number("value", "分值（区间项填写）", 16),
        Column("note", "说明", 30),
    ),
)

ITEMS = tuple(
    column
    for item in range(1, 19)
    for column in (
        number(f"items.{item}.deduct", f"第{item}项扣分", 10),
        number(f"items.{item}.bonus", f"第{item}项加分", 10),
    )
)

SHEET = SheetSpec(
    name="部门",
    collection="departments",
    columns=(
        Column("id", "编号", 10),
        Column("name", "部门名称", 16),
        yes_no("serves_public", "是否窗口服务部门", 14),
        number("headcount", "人数", 8),
        *ITEMS,
        number("evaluations.democratic", "民主测评", 10),
        number("evaluations.style", "作风评议", 10),
        number("evaluations.leaders", "领导评价", 10),
        number("last_year_rank", "上年名次", 10),
        Column("veto", "一票否决（情形序号或原因）", 24),
        yes_no("recommended_to_city", "党组推荐上报市级", 16),
    ),
    choices=_choices,
    details=(EVENTS,),
)
