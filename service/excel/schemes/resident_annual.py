"""000 常驻人员年度考核: the facts of 二 (在册, 到中心日期), 五(三) 负责人 and 岗位组别, 五(五) 季度优秀,
五(六) 情形, the 初评推荐 and 先进个人 flags; categories and grades from the policy's `grade_sets` (四)."""

from __future__ import annotations

from typing import Any

from service.excel.columns import GROUP, PERSON_HEAD, PROPOSAL, Column, SheetSpec, number, yes_no


def _choices(policy: Any) -> dict[str, tuple[str, ...]]:
    ladders = policy.grade_sets
    grades = dict.fromkeys(g for ladder in ladders.values() for g in ladder.model_dump().values())
    return {"categories": tuple(ladders), "grades": tuple(grades)}


SHEET = SheetSpec(
    name="人员名单",
    collection="people",
    columns=(
        *PERSON_HEAD,
        GROUP,
        yes_no("on_roster", "截止日在册"),
        Column("joined_on", "到中心日期", 12, None, "date"),
        number("quarterly_excellent", "季度优秀次数", 11),
        Column("quarter_grades", "各季度考核等次", 16, None, "list"),
        *PROPOSAL[:1],
        yes_no("recommended", "初评推荐优秀", 12),
        yes_no("advanced", "推荐先进个人", 12),
        Column("conditions", "五(六)情形序号", 14, None, "list"),
        *PROPOSAL[1:],
    ),
    choices=_choices,
)
