"""004 街道机关部门考核: 三 日常工作 (70) and 规范化建设 (30), 四2 half-year and year-end reviews (0–100),
创新加分, 五1 directly led departments, 五2 headcount for the advanced-worker quota, 五4/五5 veto."""

from __future__ import annotations

from service.excel.columns import Column, SheetSpec, number, yes_no

SHEET = SheetSpec(
    name="部门",
    collection="departments",
    columns=(
        Column("id", "编号", 10),
        Column("name", "部门名称", 16),
        yes_no("directly_led", "是否领导直接分管", 16),
        number("headcount", "人数", 8),
        number("daily", "日常工作得分", 12),
        number("normalization", "规范化建设得分", 14),
        number("review.half_year", "半年综合评议", 12),
        number("review.year_end", "年终述职评议", 12),
        number("innovation", "创新加分", 10),
        Column("veto", "一票否决（情形序号或原因）", 24),
    ),
)
