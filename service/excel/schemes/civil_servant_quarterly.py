"""002 公务员平时考核: 三(一) KPI, BPI and OPI, 四 直接确定等次, the year's earlier quarter grades (四(四)),
the four grades of 三(二); only 非领导职务 公务员 take part (二): 是否担任领导职务 says who holds one (left
empty, a 负责人 does, unless the policy's `leaders_from_heads` says no)."""

from __future__ import annotations

from typing import Any, get_args

from schemas.common import QuarterGrade
from service.excel.columns import PERSON_HEAD, PROPOSAL, Column, SheetSpec, number, yes_no


def _choices(_policy: Any) -> dict[str, tuple[str, ...]]:
    return {"categories": ("公务员",), "grades": get_args(QuarterGrade)}


SHEET = SheetSpec(
    name="人员名单",
    collection="people",
    columns=(
        *PERSON_HEAD,
        yes_no("is_leader", "是否担任领导职务", 12),
        number("scores.kpi", "KPI得分"),
        number("scores.bpi", "BPI得分"),
        number("scores.opi", "OPI加减分", 11),
        Column("direct_grade", "直接确定等次", 12, ("好", "较差")),
        Column("quarter_grades", "本年度此前各季度等次", 18, None, "list"),
        *PROPOSAL,
    ),
    choices=_choices,
)
