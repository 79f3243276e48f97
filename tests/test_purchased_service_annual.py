"""Seed 001 (宝政务中心〔2024〕21号) rules called directly: 三, 四, 五(六)(七), 六(一)(二)(四)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from schemas.evaluation import IndividualResult, IndividualRound, Person
from schemas.purchased_service_annual import PurchasedServicePolicy
from service.config import settings
from service.rules import purchased_service_annual as rules
from service.rules.registry import default_policy, merge
from tests.factories import person, roster

POLICY = PurchasedServicePolicy()
YEAR_END = dt.date(2024, 12, 31)


def run(
    people: list[dict[str, Any]], policy: dict[str, Any] | None = None, **round_: Any
) -> IndividualResult:
    request = IndividualRound.model_validate({"year": 2024, "people": people, **round_})
    data = merge(POLICY.model_dump(mode="json"), policy or {})
    return rules.evaluate(request, PurchasedServicePolicy.model_validate(data))


def codes(result: IndividualResult, person_id: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (f.severity, f.code, f.clause)
        for f in result.findings
        if person_id is None or f.person_id == person_id
    ]


def graded(count: int, **grades: int) -> list[dict[str, Any]]:
    """`count` people, the first ones with the proposed grades given, e.g. graded(20, 优秀=2)."""
    people = roster(count)
    index = 0
    for grade, how_many in grades.items():
        for _ in range(how_many):
            people[index]["proposed_grade"] = grade
            index += 1
    return people


# ----------------------------------------------------------------------------- policy file


def test_七_policy_file_holds_every_figure_and_date_of_the_seed() -> None:
    """The committed JSON is the seed: ratios, thresholds, deductions, wage-step counts and 七's dates."""
    committed = json.loads((settings.policy_dir / "purchased_service_annual.json").read_text("utf-8"))
    policy = PurchasedServicePolicy.model_validate(committed)
    assert policy == default_policy("purchased-service-annual")
    assert policy.grades == ["优秀", "表扬", "合格", "基本合格", "不合格"]
    assert (policy.quotas["优秀"].ratio, policy.quotas["表扬"].ratio, policy.rounding) == (
        0.10,
        0.15,
        "floor",
    )
    rule = policy.excellent_disqualification
    assert (rule.personal_leave_days_max, rule.months_on_post_min, rule.violation_notices_max) == (5, 6, 3)
    assert policy.basic_or_fail.reviews_and_complaints_min == 5
    deductions = policy.bonus.deductions
    assert (deductions.bad_review, deductions.complaint, deductions.other_violation) == (500, 200, 50)
    assert deductions.grade_share == {"基本合格": 0.7, "不合格": 1.0}
    assert (policy.wage_step.excellent_years, policy.wage_step.praise_years) == (2, 4)
    assert [step.deadline.on(2024) for step in policy.timeline.steps] == [
        dt.date(2024, 12, 27),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 8),
        dt.date(2025, 1, 20),
        dt.date(2025, 1, 24),
    ]
    assert policy.roster_cutoff.on(2024) == dt.date(2024, 12, 31)
    assert not {"id", "name", "seed"} & set(committed)


# ----------------------------------------------------------------------------- 三 考核对象


def test_三_on_post_at_12_31_is_eligible_and_one_who_left_is_not() -> None:
    result = run([person(1), person(2, on_roster=False), person(3, joined_on="2025-01-02")])
    assert [p.eligible for p in result.people] == [True, False, False]
    assert result.people[1].grade is None
    assert ("info", "not_eligible", "三") in codes(result, "P0002")
    assert result.ok


def test_三_a_grade_proposed_for_someone_not_on_post_is_an_error() -> None:
    result = run([person(1), person(2, on_roster=False, proposed_grade="合格")])
    assert ("error", "not_eligible", "三") in codes(result, "P0002")
    assert not result.ok


def test_三_someone_not_on_post_but_recommended_is_an_error_and_a_late_start_is_said() -> None:
    """三 is hard: recommended for 优秀/表扬 while not on post is an error like a proposed grade; a start
    after the cut-off names both dates."""
    result = run([person(1), person(2, joined_on="2025-01-02", recommended=True)])
    [finding] = [f for f in result.findings if f.person_id == "P0002"]
    assert (finding.severity, finding.clause) == ("error", "三")
    assert "截至2024年12月31日不在岗（到岗日期2025年1月2日晚于该日）" in finding.message
    assert "其推荐优秀、表扬不予计入" in finding.message


def test_三_the_cut_off_is_the_rounds_as_of_date() -> None:
    result = run([person(1, joined_on="2024-12-20")], as_of="2024-12-15")
    assert not result.people[0].eligible


@pytest.mark.parametrize("category", ["公务员", "参公", "事业", "其他"])
def test_001_三_another_category_is_out_of_scope_an_info_finding(category: str) -> None:
    """三 "政府购买服务人员": a 公务员/参公/事业/其他 with nothing proposed is only noted, not a 422."""
    result = run([person(1, category="购买服务"), person(2, name="张三", category=category)])
    assert [(p.eligible, p.grade) for p in result.people] == [(True, "合格"), (False, None)]
    assert codes(result, "P0002") == [("info", "not_eligible", "三")]
    [finding] = [f for f in result.findings if f.person_id == "P0002"]
    assert finding.message == (
        f"张三（P0002）为{category}人员，不是本方案的考核对象（三：本方案考核购买服务人员），不参加本年度考核"
    )
    assert result.ok


@pytest.mark.parametrize(
    ("claim", "named"),
    [
        ({"proposed_grade": "表扬"}, "拟定等次表扬"),
        ({"recommended": True}, "推荐优秀、表扬"),
        ({"advanced": True}, "先进个人"),
    ],
)
def test_001_三_another_category_put_forward_is_an_error_outside_the_四_base(
    claim: dict[str, Any], named: str
) -> None:
    """三 + 四: graded or put forward though out of scope → error; the 10%/15% base counts 10, not 11."""
    result = run([*graded(10, 优秀=1, 表扬=1), person(11, category="公务员", **claim)])
    assert codes(result, "P0011") == [("error", "not_eligible", "三")]
    assert next(f for f in result.findings if f.person_id == "P0011").message.endswith(f"；其{named}不予计入")
    assert [(q.key, q.base, q.used) for q in result.quotas] == [("优秀", 10, 1), ("表扬", 10, 1)]
    assert result.people[-1].bonus is None and not result.ok


def test_001_三_a_missing_category_counts_as_购买服务() -> None:
    """三: the category may be omitted in this scheme's rounds (DESIGN.md §4 "may be omitted")."""
    result = run([person(1, category=None)])
    assert (result.people[0].eligible, codes(result)) == (True, [])


def test_四_quota_base_counts_eligible_people_only() -> None:
    people = graded(10, 优秀=1) + roster(5, start=11, on_roster=False)
    result = run(people)
    assert result.quotas[0].base == 10


# ----------------------------------------------------------------------------- 四 quotas


def test_四_excellent_exactly_at_10_percent_is_within_the_cap() -> None:
    result = run(graded(20, 优秀=2))
    excellent = result.quotas[0]
    assert (excellent.key, excellent.limit, excellent.used, excellent.ok) == ("优秀", 2, 2, True)
    assert result.ok


def test_四_one_excellent_over_10_percent_is_quota_exceeded_with_the_arithmetic() -> None:
    result = run(graded(20, 优秀=3))
    [finding] = [f for f in result.findings if f.code == "quota_exceeded"]
    assert finding.clause == "四"
    assert finding.message == "优秀3人，超过限额2人（20人×10%，向下取整）"
    assert not result.ok


def test_四_praise_exactly_at_15_percent_passes_and_one_more_fails() -> None:
    at_cap = run(graded(20, 表扬=3))
    assert (at_cap.quotas[1].key, at_cap.quotas[1].limit, at_cap.quotas[1].ok) == ("表扬", 3, True)
    over = run(graded(20, 表扬=4))
    assert [f.message for f in over.findings if f.code == "quota_exceeded"] == [
        "表扬4人，超过限额3人（20人×15%，向下取整）"
    ]


def test_四_floor_by_default_and_the_policy_may_round_half_up() -> None:
    """19 × 10% = 1.9: floor gives 1 (a cap is never exceeded); half_up as a round's policy gives 2."""
    assert run(graded(19, 优秀=2)).quotas[0].limit == 1
    assert run(graded(19, 优秀=2), policy={"rounding": "half_up"}).quotas[0].limit == 2
    assert run(graded(19, 优秀=2), policy={"quotas": {"优秀": {"rounding": "ceil"}}}).quotas[0].limit == 2


def test_四_grades_the_rules_give_count_as_used() -> None:
    """Nobody proposed → everyone 合格; quotas used 0."""
    result = run(roster(10))
    assert {p.grade for p in result.people} == {"合格"}
    assert [q.used for q in result.quotas] == [0, 0]


# ----------------------------------------------------------------------------- 五(六) hard


@pytest.mark.parametrize(
    ("facts", "clause"),
    [
        ({"bad_reviews": 1}, "五(六)1"),
        ({"complaints": 1}, "五(六)2"),
        ({"personal_leave_days": 6}, "五(六)3"),
        ({"violation_notices": 4}, "五(六)5"),
        ({"refused_tasks": 1}, "五(六)6"),
    ],
)
def test_五_六_each_item_disqualifies_a_proposed_excellent(facts: dict[str, Any], clause: str) -> None:
    result = run([person(1, proposed_grade="优秀", facts=facts), *roster(9, start=2)])
    assert codes(result, "P0001") == [("error", "excellent_disqualified", clause)]
    assert not result.ok


def test_五_六_3_five_days_of_personal_leave_keep_excellent_six_do_not() -> None:
    five = run([person(1, proposed_grade="优秀", facts={"personal_leave_days": 5}), *roster(9, start=2)])
    assert five.ok
    six = run([person(1, proposed_grade="优秀", facts={"personal_leave_days": 6}), *roster(9, start=2)])
    [finding] = six.findings
    assert (finding.clause, finding.message) == (
        "五(六)3",
        "人员1事假6天，超过5天，取消当年“优秀”评选资格，不能评为优秀",
    )


def test_五_六_4_six_months_on_post_keep_excellent_five_do_not() -> None:
    six = run([person(1, proposed_grade="优秀", months_on_post=6), *roster(9, start=2)])
    assert six.ok
    five = run([person(1, proposed_grade="优秀", months_on_post=5), *roster(9, start=2)])
    assert codes(five) == [("error", "excellent_disqualified", "五(六)4")]
    assert "当年在岗5个月，不满6个月" in five.findings[0].message


def test_五_六_4_months_on_post_come_from_joined_on_counting_whole_months_only() -> None:
    def months(joined_on: str) -> float:
        return rules.months_on_post(Person.model_validate(person(1, joined_on=joined_on)), 2024, YEAR_END)

    assert (months("2024-07-01"), months("2024-07-02"), months("2019-03-01")) == (6, 5, 12)
    late = run([person(1, proposed_grade="优秀", joined_on="2024-07-15"), *roster(9, start=2)])
    assert codes(late) == [("error", "excellent_disqualified", "五(六)4")]


def test_五_六_5_three_notices_keep_excellent() -> None:
    assert run([person(1, proposed_grade="优秀", facts={"violation_notices": 3}), *roster(9, start=2)]).ok


def test_五_六_is_hard_a_justification_does_not_lift_it() -> None:
    people = [person(1, proposed_grade="优秀", justification="表现突出", facts={"complaints": 1})]
    result = run([*people, *roster(9, start=2)])
    assert ("error", "excellent_disqualified", "五(六)2") in codes(result)


def test_五_六_does_not_bar_praise() -> None:
    result = run([person(1, proposed_grade="表扬", facts={"personal_leave_days": 10}), *roster(9, start=2)])
    assert result.ok


# ----------------------------------------------------------------------------- 五(七) soft


def test_五_七_1_four_reviews_and_complaints_allow_合格_five_do_not() -> None:
    four = run([person(1, proposed_grade="合格", facts={"bad_reviews": 2, "complaints": 2})])
    assert four.ok
    five = run([person(1, proposed_grade="合格", facts={"bad_reviews": 2, "complaints": 3})])
    assert codes(five) == [("error", "soft_ceiling_exceeded", "五(七)1")]
    assert five.findings[0].message.startswith("人员1差评和投诉共5个，达到5个，视情可定为基本合格或不合格")


@pytest.mark.parametrize(
    ("facts", "clause"),
    [
        ({"major_negative_inspection": True}, "五(七)2"),
        ({"late_or_disobey": 6}, "五(七)3"),
        ({"serious_violation_unrectified": True}, "五(七)4"),
        ({"major_loss": True}, "五(七)5"),
        ({"reputation_damage": True}, "五(七)6"),
        ({"monthly_low_or_patrol": 6}, "五(七)7"),
    ],
)
def test_五_七_each_item_caps_a_proposed_合格(facts: dict[str, Any], clause: str) -> None:
    result = run([person(1, proposed_grade="合格", facts=facts)])
    assert codes(result) == [("error", "soft_ceiling_exceeded", clause)]


def test_五_七_3_and_7_five_times_is_not_over_five() -> None:
    result = run([person(1, proposed_grade="合格", facts={"late_or_disobey": 5, "monthly_low_or_patrol": 5})])
    assert result.ok and not result.findings


def test_五_七_基本合格_or_不合格_is_within_the_ceiling() -> None:
    result = run(
        [
            person(1, proposed_grade="基本合格", facts={"major_loss": True}),
            person(2, proposed_grade="不合格", facts={"major_loss": True}),
        ]
    )
    assert not [f for f in result.findings if f.code.startswith("soft")]


def test_五_七_a_justification_turns_the_error_into_a_recorded_warning() -> None:
    result = run(
        [person(1, proposed_grade="合格", justification="系他人代班失误", facts={"major_loss": True})]
    )
    [finding] = result.findings
    assert (finding.severity, finding.code, finding.clause) == (
        "warning",
        "soft_ceiling_justified",
        "五(七)5",
    )
    assert "系他人代班失误" in finding.message
    assert result.ok


def test_五_七_without_a_proposed_grade_the_rules_give_基本合格_with_a_trigger() -> None:
    result = run([person(1, facts={"reputation_damage": True}), person(2)])
    assert [p.grade for p in result.people] == ["基本合格", "合格"]
    assert codes(result, "P0001") == [("info", "basic_or_fail_possible", "五(七)6")]


# ----------------------------------------------------------------------------- 六(一) wage step


def history(*grades: tuple[int, str]) -> list[dict[str, Any]]:
    return [{"year": year, "grade": grade} for year, grade in grades]


def outcomes_of(**fields: Any) -> list[str]:
    return list(run([person(1, **fields), *roster(19, start=2)]).people[0].outcomes)


def test_六_一_excellent_two_consecutive_years_gives_a_wage_step() -> None:
    assert "wage_step" in outcomes_of(proposed_grade="优秀", prior_grades=history((2023, "优秀")))


def test_六_一_excellent_one_year_or_with_a_gap_gives_none() -> None:
    assert "wage_step" not in outcomes_of(proposed_grade="优秀")
    assert "wage_step" not in outcomes_of(proposed_grade="优秀", prior_grades=history((2022, "优秀")))
    assert "wage_step" not in outcomes_of(proposed_grade="优秀", prior_grades=history((2023, "表扬")))


def test_六_一_praise_four_consecutive_years_gives_a_step_three_do_not() -> None:
    three = history((2022, "表扬"), (2023, "表扬"))
    assert "wage_step" not in outcomes_of(proposed_grade="表扬", prior_grades=three)
    four = history((2021, "表扬"), (2022, "表扬"), (2023, "表扬"))
    assert "wage_step" in outcomes_of(proposed_grade="表扬", prior_grades=four)


def test_六_一_praise_two_years_is_not_enough_while_excellent_two_years_is() -> None:
    assert "wage_step" not in outcomes_of(proposed_grade="表扬", prior_grades=history((2023, "表扬")))


def test_六_一_counters_restart_after_a_recorded_step() -> None:
    """Stepped in 2023 after 2022–2023 优秀: 2024 优秀 is the first year of a new run."""
    prior = history((2022, "优秀"), (2023, "优秀"))
    assert "wage_step" not in outcomes_of(proposed_grade="优秀", prior_grades=prior, last_wage_step_year=2023)
    # Stepped in 2022: 2023 and 2024 优秀 are a new run of two.
    assert "wage_step" in outcomes_of(proposed_grade="优秀", prior_grades=prior, last_wage_step_year=2022)


def test_六_一_a_step_the_history_shows_restarts_the_counters_even_unrecorded() -> None:
    """2022, 2023, 2024 all 优秀: the step fell in 2023, so 2024 starts a new run."""
    result = run(
        [
            person(1, proposed_grade="优秀", prior_grades=history((2022, "优秀"), (2023, "优秀"))),
            *roster(19, start=2),
        ]
    )
    assert "wage_step" not in result.people[0].outcomes
    assert ("info", "wage_step_counted_earlier", "六(一)") in codes(result, "P0001")


LENIENT = {"wage_step": {"praise_run_includes_excellent": True}}


def test_六_一_an_excellent_step_restarts_the_praise_counter_too() -> None:
    """ "当年度晋升后，所有晋升模式全部重新计算": 2022–2023 优秀 stepped in 2023, so the praise run
    2021–2024 (four years with 优秀 counted as 表扬) does not give a second step in 2024."""
    prior = history((2021, "表扬"), (2022, "优秀"), (2023, "优秀"))
    result = run([person(1, proposed_grade="表扬", prior_grades=prior), *roster(19, start=2)], policy=LENIENT)
    assert "wage_step" not in result.people[0].outcomes


def test_六_一_a_praise_step_restarts_the_excellent_counter_too() -> None:
    """表扬 2020–2022 and 优秀 2023 make four (lenient policy): step in 2023; 2024 优秀 starts afresh."""
    prior = history((2020, "表扬"), (2021, "表扬"), (2022, "表扬"), (2023, "优秀"))
    result = run([person(1, proposed_grade="优秀", prior_grades=prior), *roster(19, start=2)], policy=LENIENT)
    assert "wage_step" not in result.people[0].outcomes
    assert ("info", "wage_step_counted_earlier", "六(一)") in codes(result, "P0001")


def test_六_一_a_step_granted_this_year_counts_nothing_more_this_year() -> None:
    prior = history((2023, "优秀"))
    assert "wage_step" not in outcomes_of(proposed_grade="优秀", prior_grades=prior, last_wage_step_year=2024)


def test_六_一_policy_may_let_excellent_continue_a_praise_run() -> None:
    prior = history((2021, "表扬"), (2022, "优秀"), (2023, "表扬"))
    people = [person(1, proposed_grade="表扬", prior_grades=prior), *roster(19, start=2)]
    assert "wage_step" not in run(people).people[0].outcomes
    lenient = run(people, policy=LENIENT)
    assert "wage_step" in lenient.people[0].outcomes


# ----------------------------------------------------------------------------- 六(二) termination


def test_六_二_2_不合格_this_year_ends_the_engagement() -> None:
    result = run([person(1, proposed_grade="不合格")])
    assert result.people[0].outcomes == ["termination", "return_dispatching_unit"]
    assert ("warning", "termination", "六(二)2") in codes(result)


def test_六_二_1_基本合格_two_years_running_ends_it_one_year_does_not() -> None:
    once = run([person(1, proposed_grade="基本合格", prior_grades=history((2023, "合格")))])
    assert "termination" not in once.people[0].outcomes
    gap = run([person(1, proposed_grade="基本合格", prior_grades=history((2022, "基本合格")))])
    assert "termination" not in gap.people[0].outcomes
    twice = run([person(1, proposed_grade="基本合格", prior_grades=history((2023, "基本合格")))])
    assert "termination" in twice.people[0].outcomes
    assert ("warning", "termination", "六(二)1") in codes(twice)


def test_六_二_1_a_trigger_given_基本合格_counts_too() -> None:
    result = run([person(1, facts={"major_loss": True}, prior_grades=history((2023, "基本合格")))])
    assert result.people[0].grade == "基本合格"
    assert "termination" in result.people[0].outcomes


# ----------------------------------------------------------------------------- 六(四) certificates


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"proposed_grade": "优秀"}, ["commendation", "certificate"]),
        ({"proposed_grade": "表扬"}, ["commendation", "certificate"]),
        ({"proposed_grade": "合格", "dedication_award": True}, ["commendation", "certificate"]),
        ({"proposed_grade": "合格"}, []),
    ],
)
def test_六_四_excellent_praise_and_dedication_award_get_a_certificate(
    fields: dict[str, Any], expected: list[str]
) -> None:
    assert outcomes_of(**fields) == expected


# ----------------------------------------------------------------------------- the round


def test_a_round_without_amounts_has_no_bonus() -> None:
    assert run([person(1)]).people[0].bonus is None


def test_ok_is_false_only_for_errors() -> None:
    result = run([person(1, proposed_grade="不合格")])
    assert result.findings and result.ok


@pytest.mark.parametrize(
    ("clause", "kept", "lost"),
    [
        ("五(六)1", {"bad_reviews": 0, "complaints": 1}, {"bad_reviews": 1}),
        ("五(六)2", {"complaints": 0, "bad_reviews": 1}, {"complaints": 1}),
        ("五(六)6", {"refused_tasks": 0, "late_or_disobey": 5}, {"refused_tasks": 1}),
    ],
)
def test_五_六_1_and_2_and_6_one_occurrence_disqualifies_excellent_none_does_not(
    clause: str, kept: dict[str, int], lost: dict[str, int]
) -> None:
    """五(六) "取消当年'优秀'评选资格": 1. 三星以下"差评"…自身责任的; 2. 被投诉且经核实确定为自身责任的;
    6. 对中心布置的工作要求拒不执行的 — the first occurrence disqualifies; none leaves 优秀 open (the other
    facts in `kept` belong to other items and must not trigger this one)."""
    keep = run([person(1, proposed_grade="优秀", facts=kept), *roster(9, start=2)])
    assert clause not in [c for _, _, c in codes(keep, "P0001")]
    lose = run([person(1, proposed_grade="优秀", facts=lost), *roster(9, start=2)])
    assert codes(lose, "P0001") == [("error", "excellent_disqualified", clause)]
    assert "取消当年“优秀”评选资格" in lose.findings[0].message


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        ("五(七)2", "major_negative_inspection"),
        ("五(七)4", "serious_violation_unrectified"),
        ("五(七)5", "major_loss"),
        ("五(七)6", "reputation_damage"),
    ],
)
def test_五_七_2_and_4_and_5_and_6_each_fact_caps_合格_only_when_true(clause: str, fact: str) -> None:
    """五(七) "视情可确定为'基本合格'或'不合格'":
    2. 明察暗访中被通报，造成重大负面影响; 4. 严重违反中心管理制度，且拒不整改;
    5. 因工作失职，造成单位重大损失; 6. 有破坏单位名誉及信用的行为.
    False: 合格 stands; true: 合格 is an error, 基本合格 is within the ceiling, and without a proposal the
    rules give 基本合格."""
    assert run([person(1, proposed_grade="合格", facts={fact: False})]).findings == []
    assert codes(run([person(1, proposed_grade="合格", facts={fact: True})])) == [
        ("error", "soft_ceiling_exceeded", clause)
    ]
    assert run([person(1, proposed_grade="基本合格", facts={fact: True})]).ok
    assert run([person(1, facts={fact: True})]).people[0].grade == "基本合格"


def test_七_the_rounds_timeline_cites_七_not_八() -> None:
    """七 时间安排 (八 is 相关事宜): the stages of a round from the notice of 2024-12-23 cite 七(一)–七(四)
    and end on the seed's deadlines 12月27日, 12月31日, 1月8日, 1月20日, 1月24日 (B8)."""
    from service.timeline import timeline

    stages = timeline(rules.SCHEME_ID, dt.date(2024, 12, 23))
    assert [stage.clause for stage in stages] == ["七(一)", "七(二)", "七(三)", "七(三)", "七(四)"]
    assert [stage.end for stage in stages] == [
        dt.date(2024, 12, 27),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 8),
        dt.date(2025, 1, 20),
        dt.date(2025, 1, 24),
    ]
