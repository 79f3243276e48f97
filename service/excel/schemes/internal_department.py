"""003 机关内设机构考核: the 18 items of 三 (points taken off and added), 四's three evaluations (0–100),
whether the department serves the public (四's weights), last year's rank (六2 争先进位), 六4 veto and the
party group's 推荐上报. Catalogue events stay with the JSON import (`PUT …/departments`)."""

from __future__ import annotations

from service.excel.columns import Column, SheetSpec, number, yes_no

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
)
