"""Seed 001 六(三) 发放考核奖: every line of a person's bonus, deductions, never below 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from schemas.evaluation import Bonus, IndividualRound
from schemas.purchased_service_annual import PurchasedServicePolicy
from service.rules import purchased_service_annual as rules
from service.rules.registry import merge
from tests.factories import person, roster

AMOUNTS = {
    "bonus_month": 3000,
    "allowance_month": {"一级": 500},
    "award": {"优秀": 2000, "表扬": 1000},
    "dedication": 800,
}


def bonus_of(
    amounts: dict[str, Any] | None = AMOUNTS, policy: dict[str, Any] | None = None, **fields: Any
) -> Bonus:
    """The bonus of one person in a round of 20 (so one 优秀 and three 表扬 fit the quotas)."""
    data: dict[str, Any] = {"year": 2024, "people": [person(1, **fields), *roster(19, start=2)]}
    if amounts is not None:
        data["amounts"] = amounts
    request = IndividualRound.model_validate(data)
    base = PurchasedServicePolicy().model_dump(mode="json")
    result = rules.evaluate(request, PurchasedServicePolicy.model_validate(merge(base, policy or {})))
    bonus = result.people[0].bonus
    assert bonus is not None
    return bonus


def lines(bonus: Bonus) -> list[tuple[str, float]]:
    return [(line.clause, line.amount) for line in bonus.lines]


def assert_adds_up(bonus: Bonus) -> None:
    total = sum((Decimal(str(line.amount)) for line in bonus.lines), Decimal(0))
    assert total == Decimal(str(bonus.net))
    gross, by_grade, by_incident = (
        Decimal(str(value)) for value in (bonus.gross, bonus.grade_deduction, bonus.incident_deduction)
    )
    assert Decimal(str(bonus.net)) == gross - by_grade - by_incident


def test_六_三_1_to_4_gross_is_months_allowance_award_and_dedication() -> None:
    bonus = bonus_of(proposed_grade="优秀", allowance_level="一级", dedication_award=True)
    assert lines(bonus) == [("六(三)1", 36000), ("六(三)2", 6000), ("六(三)3", 2000), ("六(三)4", 800)]
    assert (bonus.gross, bonus.grade_deduction, bonus.incident_deduction, bonus.net) == (44800, 0, 0, 44800)
    assert [line.item for line in bonus.lines] == [
        "年终奖金（3000元×12个月）",
        "岗位津贴（一级，500元×12个月）",
        "评优奖励（优秀）",
        "敬业奉献奖",
    ]


def test_六_三_1_bonus_is_monthly_amount_times_months_on_post() -> None:
    bonus = bonus_of(months_on_post=6)
    assert lines(bonus) == [("六(三)1", 18000)]
    assert bonus.lines[0].item == "年终奖金（3000元×6个月）"


@pytest.mark.parametrize(
    ("rounding", "months", "amount", "item"),
    [
        ("floor", 6.5, 18000, "年终奖金（3000元×6个月，在岗6.5个月核定到月）"),
        ("half_up", 6.5, 21000, "年终奖金（3000元×7个月，在岗6.5个月核定到月）"),
        ("exact", 6.5, 19500, "年终奖金（3000元×6.5个月）"),
        ("floor", 6.99, 18000, "年终奖金（3000元×6个月，在岗6.99个月核定到月）"),
    ],
)
def test_六_三_1_核定到月_a_part_month_on_post_follows_the_policy(
    rounding: str, months: float, amount: float, item: str
) -> None:
    """六(三)1 "核定到月": fractional months on post pay whole months, floor by default
    (`bonus.months_rounding`); the line says both figures."""
    bonus = bonus_of(months_on_post=months, policy={"bonus": {"months_rounding": rounding}})
    assert lines(bonus) == [("六(三)1", amount)]
    assert bonus.lines[0].item == item


def test_五_六_4_compares_the_months_as_given_not_as_paid() -> None:
    """五(六)4 "当年在岗时间不满6个月": 5.9 months given is under six even though half_up would pay 6."""
    data = {
        "year": 2024,
        "people": [person(1, months_on_post=5.9, proposed_grade="优秀"), *roster(19, start=2)],
    }
    base = PurchasedServicePolicy().model_dump(mode="json")
    policy = PurchasedServicePolicy.model_validate(merge(base, {"bonus": {"months_rounding": "half_up"}}))
    result = rules.evaluate(IndividualRound.model_validate(data), policy)
    assert [f.clause for f in result.findings if f.code == "excellent_disqualified"] == ["五(六)4"]


def test_六_三_6_年终清算_has_its_own_monthly_amount() -> None:
    """六(三)6 年终清算 "按每月额度乘以实际在岗月份发放": its own amount × months, part of 应发 (so 六(三)5(4)
    takes its share too); no line when the meeting fixed no amount."""
    assert "六(三)6" not in [clause for clause, _ in lines(bonus_of())]
    bonus = bonus_of({**AMOUNTS, "settlement_month": 200}, months_on_post=6)
    assert lines(bonus) == [("六(三)1", 18000), ("六(三)6", 1200)]
    assert bonus.lines[1].item == "年终清算（200元×6个月）"
    assert bonus.gross == 19200
    basic = bonus_of({**AMOUNTS, "settlement_month": 200}, months_on_post=6, proposed_grade="基本合格")
    assert basic.grade_deduction == 13440
    assert_adds_up(basic)


def test_六_三_2_allowance_only_for_a_manager_with_a_level() -> None:
    assert "六(三)2" not in [clause for clause, _ in lines(bonus_of())]
    assert ("六(三)2", 3000) in lines(bonus_of(allowance_level="一级", months_on_post=6))


def test_六_三_3_award_for_表扬_and_none_for_合格() -> None:
    assert ("六(三)3", 1000) in lines(bonus_of(proposed_grade="表扬"))
    assert "六(三)3" not in [clause for clause, _ in lines(bonus_of(proposed_grade="合格"))]


@pytest.mark.parametrize(("grade", "deduction", "net"), [("基本合格", 25200, 10800), ("不合格", 36000, 0)])
def test_六_三_5_4_基本合格_loses_70_percent_不合格_all(grade: str, deduction: float, net: float) -> None:
    bonus = bonus_of(proposed_grade=grade)
    assert (bonus.gross, bonus.grade_deduction, bonus.net) == (36000, deduction, net)
    assert ("六(三)5(4)", -deduction) in lines(bonus)
    assert_adds_up(bonus)


def test_六_三_5_each_bad_review_500_complaint_200_other_violation_50() -> None:
    bonus = bonus_of(facts={"bad_reviews": 2, "complaints": 1, "other_violations": 3})
    assert lines(bonus)[1:] == [("六(三)5(2)", -1000), ("六(三)5(3)", -200), ("六(三)5(5)", -150)]
    assert (bonus.incident_deduction, bonus.net) == (1350, 34650)
    assert_adds_up(bonus)


def test_六_三_5_what_the_monthly_appraisals_already_deducted_is_not_deducted_again() -> None:
    """ "月度考核已扣除内容不进行重复扣罚"."""
    facts = {
        "bad_reviews": 3,
        "complaints": 2,
        "other_violations": 4,
        "already_deducted": {"bad_reviews": 1, "complaints": 2, "other_violations": 4},
    }
    bonus = bonus_of(proposed_grade="基本合格", facts=facts)
    assert lines(bonus)[2:] == [("六(三)5(2)", -1000)]
    assert bonus.lines[2].item == "“好差评”差评2个×500元，月度考核已扣1个不重复扣"
    assert (bonus.grade_deduction, bonus.incident_deduction, bonus.net) == (25200, 1000, 9800)


def test_六_三_5_a_bonus_never_goes_below_zero() -> None:
    """基本合格 leaves 10800; 30 差评 would take 15000: 10800 is taken, net 0, the rest is recorded."""
    bonus = bonus_of(proposed_grade="基本合格", facts={"bad_reviews": 30})
    assert (bonus.net, bonus.incident_deduction) == (0, 10800)
    assert bonus.lines[-1].amount == 4200
    assert bonus.lines[-1].item == "扣除额超出应发余额4200元，不再扣除"
    assert_adds_up(bonus)


def test_六_三_5_1_deductions_of_the_management_measures_are_a_line() -> None:
    bonus = bonus_of(facts={"measures_deduction": 120.5})
    assert ("六(三)5(1)", -120.5) in lines(bonus)
    assert bonus.net == 35879.5


def test_六_三_amounts_are_exact_to_the_cent() -> None:
    """1000.01 × 12 = 12000.12; 70% = 8400.084 → 8400.08; net 3600.04 (binary floats would drift)."""
    bonus = bonus_of(amounts={"bonus_month": 1000.01}, proposed_grade="基本合格")
    assert (bonus.gross, bonus.grade_deduction, bonus.net) == (12000.12, 8400.08, 3600.04)
    assert_adds_up(bonus)


def test_六_三_5_deduction_figures_are_policy_data() -> None:
    policy = {"bonus": {"deductions": {"bad_review": 300, "grade_share": {"基本合格": 0.5}}}}
    bonus = bonus_of(policy=policy, proposed_grade="基本合格", facts={"bad_reviews": 1})
    assert lines(bonus)[1:] == [("六(三)5(4)", -18000), ("六(三)5(2)", -300)]


def test_六_三_amounts_may_come_from_the_policy_and_the_round_overrides_them() -> None:
    policy = {"bonus": {"amounts": {"bonus_month": 2000, "award": {"表扬": 600}}}}
    assert lines(bonus_of(amounts=None, policy=policy, proposed_grade="表扬")) == [
        ("六(三)1", 24000),
        ("六(三)3", 600),
    ]
    overridden = bonus_of(amounts={"award": {"表扬": 900}}, policy=policy, proposed_grade="表扬")
    assert lines(overridden) == [("六(三)1", 24000), ("六(三)3", 900)]
