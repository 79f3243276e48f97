"""001 政府购买服务人员年度考核: 在岗月数 and 入职 (三, 五(六)4), the facts of 五(六)/五(七) (差评, 投诉,
事假, 通报, …), 六(三) 津贴级别 and 敬业奉献奖, the amounts already deducted monthly (六(三)5), earlier
years' grades and the last wage step (六(一)(二)); categories and the five grades from the policy."""

from __future__ import annotations

from typing import Any

from service.excel.columns import PERSON_HEAD, PROPOSAL, Column, SheetSpec, number, yes_no


def _choices(policy: Any) -> dict[str, tuple[str, ...]]:
    return {"categories": tuple(policy.categories), "grades": tuple(policy.grades)}


FACTS = (
    number("facts.bad_reviews", "差评次数"),
    number("facts.complaints", "投诉次数"),
    number("facts.personal_leave_days", "事假天数"),
    number("facts.violation_notices", "通报批评次数", 12),
    number("facts.refused_tasks", "拒不接受工作任务次数", 14),
    number("facts.late_or_disobey", "迟到早退及不服从管理次数", 16),
    number("facts.monthly_low_or_patrol", "月度考核低分及巡查通报次数", 16),
    number("facts.other_violations", "其他违规次数", 12),
    number("facts.already_deducted.bad_reviews", "已按月扣除差评次数", 14),
    number("facts.already_deducted.complaints", "已按月扣除投诉次数", 14),
    number("facts.already_deducted.other_violations", "已按月扣除其他违规次数", 16),
    number("facts.measures_deduction", "管理办法扣款（元）", 14),
    yes_no("facts.major_negative_inspection", "重大负面督查", 12),
    yes_no("facts.serious_violation_unrectified", "严重违规未整改", 14),
    yes_no("facts.major_loss", "造成重大损失", 12),
    yes_no("facts.reputation_damage", "损害单位声誉", 12),
)

SHEET = SheetSpec(
    name="人员名单",
    collection="people",
    columns=(
        *PERSON_HEAD,
        yes_no("on_roster", "截止日在册"),
        Column("joined_on", "入职日期", 12, None, "date"),
        number("months_on_post", "在岗月数", 9),
        Column("allowance_level", "津贴级别", 10),
        yes_no("dedication_award", "敬业奉献奖", 10),
        *FACTS,
        *(
            Column("prior_grades", "往年等次", 12, kind="grade_of_year", choices_from="grades", years_back=n)
            for n in (1, 2, 3)
        ),
        number("last_wage_step_year", "上次晋档年份", 12),
        *PROPOSAL,
    ),
    choices=_choices,
)
