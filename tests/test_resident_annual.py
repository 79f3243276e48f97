"""Seed 000 (常驻人员年度考核, 宝行政中心〔2022〕17号): the rules, called directly without the app."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from schemas.common import Finding
from schemas.evaluation import IndividualResult, IndividualRound, PersonResult
from schemas.resident_annual import ResidentAnnualPolicy
from service.rules.months import add_months, months_through
from service.rules.registry import default_policy_data, merge
from service.rules.resident_annual import SCHEME, evaluate
from tests.factories import person


def staff(index: int, **overrides: Any) -> dict[str, Any]:
    """A 区内 公务员 of 业务科 on the roster; overrides change any field."""
    defaults: dict[str, Any] = {"category": "公务员", "department": "业务科", "unit_kind": "区内"}
    return person(index, **{**defaults, **overrides})


def department(count: int, start: int = 1, *, head: bool = True, **overrides: Any) -> list[dict[str, Any]]:
    """`count` members of one department, the first of them its head unless `head` is false."""
    return [staff(i, is_head=head and i == start, **overrides) for i in range(start, start + count)]


def policy_with(override: dict[str, Any] | None = None) -> ResidentAnnualPolicy:
    return ResidentAnnualPolicy.model_validate(merge(default_policy_data(SCHEME.id), override or {}))


def run(
    people: list[dict[str, Any]],
    *,
    year: int = 2022,
    as_of: str | None = None,
    policy: dict[str, Any] | None = None,
) -> IndividualResult:
    request = IndividualRound.model_validate({"year": year, "as_of": as_of, "people": people})
    assert SCHEME.check_payload(request, policy_with(policy)) == []
    return evaluate(request, policy_with(policy))


def result_of(result: IndividualResult, person_id: str) -> PersonResult:
    return next(p for p in result.people if p.id == person_id)


def findings(result: IndividualResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def quota(result: IndividualResult, key: str) -> Any:
    return next(q for q in result.quotas if q.key == key)


# ---------------------------------------------------------------------------------------------- 二


def test_二_months_at_the_centre_count_the_joining_day_and_the_cut_off_day() -> None:
    """二 "在中心工作满6个月": 06-01 through 11-30 is six full months, 06-02 through 11-30 five."""
    assert add_months(dt.date(2022, 5, 31), 6) == dt.date(2022, 11, 30)
    assert months_through(dt.date(2022, 6, 1), dt.date(2022, 11, 30)) == 6
    assert months_through(dt.date(2022, 6, 2), dt.date(2022, 11, 30)) == 5
    assert months_through(dt.date(2022, 5, 31), dt.date(2022, 11, 30)) == 6
    assert months_through(dt.date(2022, 5, 31), dt.date(2022, 11, 29)) == 5
    assert months_through(dt.date(2022, 6, 30), dt.date(2022, 11, 30)) == 5
    assert months_through(dt.date(2022, 8, 31), dt.date(2023, 2, 28)) == 6
    assert months_through(dt.date(2022, 1, 1), dt.date(2022, 11, 30)) == 11
    assert months_through(dt.date(2021, 12, 1), dt.date(2022, 11, 30)) == 12
    assert months_through(dt.date(2022, 11, 30), dt.date(2022, 11, 30)) == 0
    assert months_through(dt.date(2022, 12, 1), dt.date(2022, 11, 30)) == 0


def test_000_二_and_001_五_六_4_count_months_with_one_helper() -> None:
    """二 and 001 五(六)4: seed 001 counts 07-01 → 12-31 as six months; seed 000 counts alike."""
    from service.rules import purchased_service_annual

    joined = IndividualRound.model_validate(
        {"year": 2024, "people": [{"id": "P1", "name": "甲", "joined_on": "2024-07-01"}]}
    ).people[0]
    assert purchased_service_annual.months_on_post(joined, 2024, dt.date(2024, 12, 31)) == 6
    assert months_through(dt.date(2024, 7, 1), dt.date(2024, 12, 31)) == 6


def test_二_on_the_roster_at_30_november_takes_part_whatever_the_months() -> None:
    result = run([staff(1, on_roster=True, joined_on="2022-10-01")])
    assert result_of(result, "P0001").eligible is True


def test_二_six_months_by_30_november_takes_part_off_the_roster() -> None:
    """二 boundary: joined 2022-06-01, cut-off 2022-11-30 included → six months → takes part (B1)."""
    result = run([staff(1, on_roster=False, joined_on="2022-06-01")])
    assert result_of(result, "P0001").eligible is True
    assert findings(result, "not_eligible") == []


def test_二_five_months_by_30_november_does_not_take_part() -> None:
    """二 boundary: joined 2022-06-02 → five whole months by 11-30; nothing claimed → info, round ok."""
    result = run([staff(1, on_roster=False, joined_on="2022-06-02")])
    outcome = result_of(result, "P0001")
    assert (outcome.eligible, outcome.grade, outcome.outcomes) == (False, None, [])
    [finding] = findings(result, "not_eligible")
    assert (finding.severity, finding.clause, finding.person_id) == ("info", "二", "P0001")
    assert "2022年11月30日不在册" in finding.message
    assert "工作5个月，不满6个月" in finding.message
    assert result.ok is True


@pytest.mark.parametrize(
    ("claim", "said"),
    [
        ({"proposed_grade": "优秀"}, "拟定等次优秀"),
        ({"recommended": True}, "初评推荐优秀"),
        ({"advanced": True}, "先进个人"),
    ],
)
def test_二_a_non_participant_graded_recommended_or_advanced_is_an_error(
    claim: dict[str, Any], said: str
) -> None:
    """二 is hard (DESIGN.md §3): someone short of six months who is graded, recommended or named
    先进个人 is an error and the round is not ok (B2)."""
    result = run([*department(3), staff(4, on_roster=False, joined_on="2022-07-01", **claim)])
    [finding] = findings(result, "not_eligible")
    assert (finding.severity, finding.clause, finding.person_id) == ("error", "二", "P0004")
    assert f"其{said}不予计入" in finding.message
    assert result.ok is False
    assert result_of(result, "P0004").eligible is False


def test_二_a_joining_date_after_the_cut_off_is_said_as_such() -> None:
    """二: joined 2022-12-01, after the cut-off 11-30 — not "0个月" but "晚于该日" (B9)."""
    result = run([staff(1, on_roster=False, joined_on="2022-12-01")])
    [finding] = findings(result, "not_eligible")
    assert "进驻日期2022年12月1日晚于该日" in finding.message
    assert "0个月" not in finding.message


def test_二_off_the_roster_without_a_joining_date_does_not_take_part() -> None:
    result = run([staff(1, on_roster=False)])
    assert result_of(result, "P0001").eligible is False
    assert "未填写进驻日期" in findings(result, "not_eligible")[0].message


def test_二_as_of_overrides_the_policy_cut_off() -> None:
    joined_in_june = staff(1, on_roster=False, joined_on="2022-06-30")
    assert result_of(run([joined_in_june]), "P0001").eligible is False
    assert result_of(run([joined_in_june], as_of="2022-12-31"), "P0001").eligible is True


def test_二_the_cut_off_and_minimum_months_are_policy() -> None:
    joined = staff(1, on_roster=False, joined_on="2022-09-30")
    assert result_of(run([joined], policy={"min_months": 2}), "P0001").eligible is True
    assert result_of(run([joined], policy={"cut_off": "10-31", "min_months": 2}), "P0001").eligible is False


def test_二_people_who_do_not_take_part_use_no_quota() -> None:
    newcomers = [staff(i, on_roster=False, joined_on="2022-11-01", proposed_grade="优秀") for i in (13, 14)]
    result = run([*department(12), *newcomers])
    pool = quota(result, "优秀:公务员+参公")
    assert (pool.base, pool.used, pool.ok) == (12, 0, True)
    assert quota(result, "先进个人").base == 12


def test_000_二_purchased_service_staff_are_out_of_scope_an_info_finding() -> None:
    """二 "所有常驻人员" of 四's categories: a 购买服务 person with nothing proposed is only noted."""
    result = run([*department(3), staff(4, name="王五", category="购买服务")])
    outcome = result_of(result, "P0004")
    assert (outcome.eligible, outcome.grade, outcome.outcomes) == (False, None, [])
    [finding] = findings(result, "not_eligible")
    assert (finding.severity, finding.clause, finding.person_id) == ("info", "二", "P0004")
    assert finding.message.startswith("王五（P0004）为购买服务人员，不属于常驻人员年度考核范围")
    assert "政府购买服务人员年度考核" in finding.message
    assert result.ok is True


@pytest.mark.parametrize(
    ("claim", "named"),
    [
        ({"proposed_grade": "优秀"}, "拟定等次优秀"),
        ({"proposed_grade": "合格"}, "拟定等次合格"),
        ({"recommended": True}, "初评推荐优秀"),
        ({"advanced": True}, "先进个人"),
    ],
)
def test_000_二_purchased_service_staff_put_forward_are_an_error_and_use_no_quota(
    claim: dict[str, Any], named: str
) -> None:
    """二: graded, recommended or 先进个人 though out of scope → error; in no base of 四 or 五(二)3."""
    result = run([*department(5), staff(6, category="购买服务", **claim)])
    [finding] = findings(result, "not_eligible")
    assert (finding.severity, finding.clause, finding.person_id) == ("error", "二", "P0006")
    assert finding.message.endswith(f"；其{named}不予计入")
    assert result.ok is False
    assert result_of(result, "P0006").eligible is False
    assert (quota(result, "优秀:公务员+参公").base, quota(result, "优秀:公务员+参公").used) == (5, 0)
    assert (quota(result, "先进个人").base, quota(result, "先进个人").used) == (5, 0)
    assert quota(result, "推荐:业务科:公务员+参公").used == 0


# ---------------------------------------------------------------------------------------------- 四


def test_四_without_a_proposal_the_grade_is_the_normal_grade_of_the_category() -> None:
    people = [
        staff(1, is_head=True),
        staff(2, category="参公"),
        staff(3, category="事业"),
        staff(4, category="其他"),
    ]
    grades = [p.grade for p in run(people).people]
    assert grades == ["称职", "称职", "合格", "合格"]


@pytest.mark.parametrize(
    ("category", "wrong", "expected", "allowed"),
    [
        ("公务员", "合格", "称职", "优秀、称职、基本称职或不称职"),
        ("参公", "不合格", "称职", "优秀、称职、基本称职或不称职"),
        ("事业", "称职", "合格", "优秀、合格、基本合格或不合格"),
        ("其他", "基本称职", "合格", "优秀、合格、基本合格或不合格"),
    ],
)
def test_000_四_a_grade_of_another_categorys_set_is_an_error_and_the_rules_grade(
    category: str, wrong: str, expected: str, allowed: str
) -> None:
    """四(一)(二): each category has its own four grades; the person gets the category's normal grade."""
    result = run([staff(1, name="张三", category=category, is_head=True, proposed_grade=wrong)])
    [finding] = findings(result, "grade_not_in_category")
    assert (finding.severity, finding.clause, finding.person_id) == ("error", "四", "P0001")
    assert finding.message == f"张三（{category}）的等次应为{allowed}，不能是{wrong}；按规则确定为{expected}"
    assert (result_of(result, "P0001").eligible, result_of(result, "P0001").grade) == (True, expected)
    assert result.ok is False


def test_000_四_五_六_a_grade_of_another_set_falls_to_the_五_六_ceiling() -> None:
    """四 + 五(六)2: 合格 for a 公务员 with condition 2 → the rules give 基本称职, and 七(四) follows."""
    result = run([staff(1, is_head=True, proposed_grade="合格", conditions=[2])])
    assert result_of(result, "P0001").grade == "基本称职"
    assert "adjustment_letter" in result_of(result, "P0001").outcomes
    assert [f.code for f in result.findings if f.severity == "error"] == ["grade_not_in_category"]


def test_四_一_twelve_civil_servants_allow_two_优秀() -> None:
    two = department(12, proposed_grade=None)
    for member in two[:2]:
        member["proposed_grade"] = "优秀"
    result = run(two)
    pool = quota(result, "优秀:公务员+参公")
    assert (pool.base, pool.limit, pool.used, pool.ok) == (12, 2, 2, True)
    assert result.ok is True


def test_四_一_a_third_优秀_of_twelve_exceeds_the_quota_with_the_arithmetic() -> None:
    people = department(12)
    for member in people[:3]:
        member["proposed_grade"] = "优秀"
    result = run(people)
    assert result.ok is False
    [finding] = findings(result, "quota_exceeded")
    assert finding.clause == "四(一)"
    assert finding.message == "公务员(参公)优秀3人，超过限额2人（12人×20%，向下取整）"
    assert [p.grade for p in result.people[:3]] == ["优秀"] * 3  # a proposed grade is checked, not changed


def test_四_一_exactly_at_the_cap_fifteen_allow_three() -> None:
    people = department(15)
    for member in people[:3]:
        member["proposed_grade"] = "优秀"
    pool = quota(run(people), "优秀:公务员+参公")
    assert (pool.limit, pool.used, pool.ok) == (3, 3, True)


def test_四_一_公务员_and_参公_share_one_pool() -> None:
    people = department(6) + department(4, start=7, category="参公", department="综合科")
    people[1]["proposed_grade"] = "优秀"
    people[7]["proposed_grade"] = "优秀"
    pool = quota(run(people), "优秀:公务员+参公")
    assert (pool.base, pool.limit, pool.used) == (10, 2, 2)


def test_四_二_事业_has_its_own_pool_of_twenty_percent() -> None:
    people = department(5) + department(10, start=6, category="事业", department="综合科")
    people[6]["proposed_grade"] = "优秀"
    people[7]["proposed_grade"] = "优秀"
    people[8]["proposed_grade"] = "优秀"
    result = run(people)
    civil, public = quota(result, "优秀:公务员+参公"), quota(result, "优秀:事业")
    assert (civil.base, civil.used) == (5, 0)
    assert (public.base, public.limit, public.used, public.ok) == (10, 2, 3, False)
    assert (
        findings(result, "quota_exceeded")[0].message == "事业编制优秀3人，超过限额2人（10人×20%，向下取整）"
    )
    assert findings(result, "quota_exceeded")[0].clause == "四(二)"


def test_四_二_the_事业_base_is_its_own_participants_unless_the_policy_says_the_centre() -> None:
    """四(二) "中心参加年度考核人数的20%": by default of the 事业 participants (10 → 2); with
    `base: all_participants` of every participant (5 + 10 → 3)."""
    people = department(5) + department(10, start=6, category="事业", department="综合科")
    for index in (6, 7, 8):
        people[index]["proposed_grade"] = "优秀"
    assert (quota(run(people), "优秀:事业").base, quota(run(people), "优秀:事业").limit) == (10, 2)
    pools = policy_with().model_dump()["excellent_pools"]
    pools[1]["base"] = "all_participants"
    wide = quota(run(people, policy={"excellent_pools": pools}), "优秀:事业")
    assert (wide.base, wide.limit, wide.used, wide.ok) == (15, 3, 3, True)
    assert quota(run(people, policy={"excellent_pools": pools}), "优秀:公务员+参公").base == 5


def test_四_其他_staff_are_in_no_优秀_pool_unless_the_policy_adds_one() -> None:
    people = department(10, category="其他")
    people[1]["proposed_grade"] = "优秀"
    result = run(people)
    [finding] = findings(result, "no_excellent_quota")
    assert (finding.severity, finding.person_id, finding.clause) == ("error", "P0002", "四")
    other_pool = {"key": "其他", "label": "其他性质", "categories": ["其他"], "ratio": 0.1, "clause": "四"}
    pools = [*default_policy_data(SCHEME.id)["excellent_pools"], other_pool]
    added = run(people, policy={"excellent_pools": pools})
    assert findings(added, "no_excellent_quota") == []
    assert (quota(added, "优秀:其他").limit, added.ok) == (1, True)


@pytest.mark.parametrize(
    ("rounding", "base", "limit", "words"),
    [
        ("floor", 13, 2, "向下取整"),
        ("half_up", 13, 3, "四舍五入"),
        ("half_up", 12, 2, "四舍五入"),
        ("ceil", 11, 3, "向上取整"),
    ],
)
def test_四_rounding_of_the_优秀_quota_is_a_policy_choice(
    rounding: str, base: int, limit: int, words: str
) -> None:
    people = department(base)
    for member in people[:4]:
        member["proposed_grade"] = "优秀"
    result = run(people, policy={"rounding": rounding})
    assert quota(result, "优秀:公务员+参公").limit == limit
    [finding] = [f for f in findings(result, "quota_exceeded") if f.clause == "四(一)"]
    assert f"（{base}人×20%，{words}）" in finding.message


# -------------------------------------------------------------------------------------------- 四(三)


def test_四_三_先进个人_are_ten_percent_of_all_participants_of_every_category() -> None:
    people = department(10) + department(5, start=11, category="事业", department="综合科")
    people += department(5, start=16, category="其他", department="窗口科")
    for member in people[:2]:
        member["advanced"] = True
    result = run(people)
    advanced = quota(result, "先进个人")
    assert (advanced.base, advanced.limit, advanced.used, advanced.ok) == (20, 2, 2, True)
    people[2]["advanced"] = True
    [finding] = findings(run(people), "quota_exceeded")
    assert finding.clause == "四(三)"
    assert finding.message == "先进个人3人，超过限额2人（20人×10%，向下取整）"


def test_四_三_an_优秀_may_also_be_先进个人_unless_the_policy_forbids_it() -> None:
    people = department(10)
    people[1].update(proposed_grade="优秀", advanced=True)
    assert run(people).ok is True
    forbidden = run(people, policy={"advanced": {"overlap_with_excellent": False}})
    assert [f.person_id for f in findings(forbidden, "advanced_overlaps_excellent")] == ["P0002"]
    assert forbidden.ok is False


# -------------------------------------------------------------------------------------------- 五(二)3


def test_五_二_3_department_of_three_其他_may_recommend_one() -> None:
    people = [staff(1, is_head=True, department="窗口科")]
    people += [staff(i, category="其他", department="窗口科") for i in (2, 3, 4)]
    people[1]["recommended"] = True
    result = run(people)
    recommended = quota(result, "推荐:窗口科:其他")
    assert (recommended.base, recommended.ratio, recommended.limit, recommended.ok) == (3, 0.1, 1, True)
    people[2]["recommended"] = True
    [finding] = findings(run(people), "quota_exceeded")
    assert (finding.clause, finding.department_id) == ("五(二)3", "窗口科")
    assert (
        finding.message == "窗口科其他性质初评推荐优秀2人，超过限额1人（3人×10%，向下取整，不满1人的按1人）"
    )


def test_五_二_3_without_at_least_one_a_small_group_recommends_nobody() -> None:
    people = [staff(1, is_head=True)] + [staff(i, category="其他") for i in (2, 3, 4)]
    result = run(people, policy={"recommendation": {"at_least_one": False}})
    assert quota(result, "推荐:业务科:其他").limit == 0


def test_五_二_3_公务员_group_recommends_twenty_percent_and_heads_are_not_counted() -> None:
    people = department(11)  # a head and ten staff
    for member in people[:3]:
        member["recommended"] = True  # the head's flag does not count: 五(三) the centre evaluates heads
    result = run(people)
    recommended = quota(result, "推荐:业务科:公务员+参公")
    assert (recommended.base, recommended.limit, recommended.used, recommended.ok) == (10, 2, 2, True)
    [note] = findings(result, "recommendation_not_applicable")
    assert (note.person_id, note.clause, note.severity) == ("P0001", "五(三)", "info")


def test_五_二_3_each_编制性质_group_of_a_department_has_its_own_quota() -> None:
    people = department(6) + [staff(i, category="事业") for i in range(7, 12)]
    people[1]["recommended"] = True
    people[6]["recommended"] = True
    people[7]["recommended"] = True
    result = run(people)
    assert (quota(result, "推荐:业务科:公务员+参公").used, quota(result, "推荐:业务科:公务员+参公").ok) == (
        1,
        True,
    )
    shiye = quota(result, "推荐:业务科:事业")
    assert (shiye.base, shiye.limit, shiye.used, shiye.ok) == (5, 1, 2, False)


def test_五_二_3_heads_counted_is_a_policy_choice() -> None:
    people = department(10)
    result = run(people, policy={"recommendation": {"heads_counted": True}})
    assert quota(result, "推荐:业务科:公务员+参公").base == 10


# -------------------------------------------------------------------------------------------- 五(二)5


def test_五_二_5_a_department_of_one_person_is_evaluated_by_the_centre() -> None:
    people = [*department(5), staff(9, department="档案室", is_head=True, recommended=True)]
    result = run(people)
    [finding] = findings(result, "evaluated_by_centre")
    assert (finding.severity, finding.department_id, finding.clause) == ("info", "档案室", "五(二)5")
    assert finding.message == "档案室常驻人员为1人，由中心直接组织评比"
    assert result_of(result, "P0009").evaluated_by_centre is True
    assert not any(q.key.startswith("推荐:档案室") for q in result.quotas)
    [note] = findings(result, "recommendation_not_applicable")
    assert (note.person_id, note.clause) == ("P0009", "五(三)")


def test_五_二_5_a_person_without_a_department_is_evaluated_by_the_centre() -> None:
    result = run([*department(5), staff(9, department=None, recommended=True)])
    [finding] = findings(result, "evaluated_by_centre")
    assert (finding.person_id, finding.message) == ("P0009", "人员9（P0009）未填写部门，由中心直接组织评比")
    assert result_of(result, "P0009").evaluated_by_centre is True
    assert findings(result, "recommendation_not_applicable")[0].clause == "五(二)5"


def test_五_二_5_a_department_without_a_head_is_evaluated_by_the_centre() -> None:
    result = run(department(4, head=False, department="窗口科"))
    [finding] = findings(result, "evaluated_by_centre")
    assert finding.message == "窗口科未明确负责人，由中心直接组织评比"
    assert all(p.evaluated_by_centre for p in result.people)
    assert result.quotas[-1].key == "先进个人"  # no department 初评, so no recommendation quota


def test_五_三_in_a_department_with_a_head_only_the_head_is_evaluated_by_the_centre() -> None:
    result = run(department(4))
    assert [p.evaluated_by_centre for p in result.people] == [True, False, False, False]
    assert findings(result, "evaluated_by_centre") == []


# -------------------------------------------------------------------------------------------- 五(六)


def test_五_六_with_a_condition_and_no_proposal_the_grade_is_基本称职_or_基本合格() -> None:
    people = [staff(1, is_head=True), staff(2, conditions=[2]), staff(3, category="事业", conditions=[5])]
    assert [p.grade for p in run(people).people] == ["称职", "基本称职", "基本合格"]


def test_五_六_3_a_grade_above_基本称职_without_justification_is_an_error() -> None:
    people = [staff(1, is_head=True), staff(2, conditions=[3], proposed_grade="称职")]
    result = run(people)
    [finding] = findings(result, "soft_ceiling_exceeded")
    assert (finding.severity, finding.clause, finding.person_id) == ("error", "五(六)3", "P0002")
    assert "视情可确定为基本称职或不称职，拟定等次称职高于基本称职" in finding.message
    assert "责任心一般" in finding.message
    assert result.ok is False


def test_五_六_a_justification_turns_the_error_into_a_warning_that_records_it() -> None:
    reason = "整改到位，经考核领导小组研究"
    people = [
        staff(1, is_head=True),
        staff(2, conditions=[1, 4], proposed_grade="称职", justification=reason),
    ]
    result = run(people)
    [finding] = findings(result, "soft_ceiling_justified")
    assert (finding.severity, finding.clause) == ("warning", "五(六)1、4")
    assert reason in finding.message
    assert (result.ok, result_of(result, "P0002").grade) == (True, "称职")


@pytest.mark.parametrize("grade", ["基本称职", "不称职"])
def test_五_六_基本称职_or_不称职_is_within_the_ceiling(grade: str) -> None:
    result = run([staff(1, is_head=True), staff(2, conditions=[2], proposed_grade=grade)])
    assert findings(result, "soft_ceiling_exceeded") == findings(result, "soft_ceiling_justified") == []
    assert result_of(result, "P0002").grade == grade


# -------------------------------------------------------------------------------------------- 五(五)


def test_五_五_优秀_with_fewer_quarterly_优秀_than_someone_not_优秀_is_a_warning() -> None:
    people = department(10)
    people[1].update(proposed_grade="优秀", quarterly_excellent=1)
    people[2].update(quarterly_excellent=3)
    result = run(people)
    [finding] = findings(result, "fewer_quarterly_excellent")
    assert (finding.severity, finding.clause, finding.person_id) == ("warning", "五(五)", "P0002")
    assert "季度考核优秀1次" in finding.message and "人员3（P0003）（3次）" in finding.message
    assert result.ok is True


def test_五_五_equal_quarterly_优秀_or_another_pool_is_no_warning() -> None:
    people = department(10) + department(5, start=11, category="事业", department="综合科")
    people[1].update(proposed_grade="优秀", quarterly_excellent=3)
    people[2].update(quarterly_excellent=3)
    people[11].update(quarterly_excellent=4)  # 事业: not in the 公务员(参公) pool
    assert findings(run(people), "fewer_quarterly_excellent") == []


# ---------------------------------------------------------------------------------------------- 七


@pytest.mark.parametrize(
    ("category", "unit_kind", "expected"),
    [
        ("公务员", "区内", ["report_organization_dept", "copy_dispatching_unit"]),
        ("参公", "区内", ["report_organization_dept", "copy_dispatching_unit"]),
        ("事业", "区内", ["report_hrss", "copy_dispatching_unit"]),
        ("公务员", "市条线", ["feedback_dispatching_unit"]),
        ("事业", "其他", ["feedback_dispatching_unit"]),
        ("其他", "区内", ["feedback_dispatching_unit"]),
    ],
)
def test_七_一_二_where_the_grade_is_reported_by_unit_kind(
    category: str, unit_kind: str, expected: list[str]
) -> None:
    result = run([staff(1, is_head=True, category=category, unit_kind=unit_kind)])
    assert result_of(result, "P0001").outcomes == expected


def test_七_a_missing_unit_kind_is_a_warning_not_a_guess() -> None:
    result = run([staff(1, is_head=True, unit_kind=None)])
    assert result_of(result, "P0001").outcomes == []
    assert findings(result, "unit_kind_missing")[0].severity == "warning"


def test_七_三_先进个人_are_commended_with_a_certificate() -> None:
    people = department(10)
    people[1]["advanced"] = True
    assert result_of(run(people), "P0002").outcomes[-2:] == ["commendation", "certificate"]


def test_七_四_基本称职_gets_an_adjustment_letter_to_the_dispatching_unit() -> None:
    result = run([staff(1, is_head=True), staff(2, proposed_grade="基本称职")])
    assert "adjustment_letter" in result_of(result, "P0002").outcomes
    assert "adjustment_letter" not in result_of(result, "P0001").outcomes


def test_七_四_不合格_not_in_establishment_is_returned_and_never_redispatched() -> None:
    people = [
        staff(1, is_head=True),
        staff(2, category="其他", proposed_grade="不合格", in_establishment=False),
    ]
    assert result_of(run(people), "P0002").outcomes == [
        "feedback_dispatching_unit",
        "return_dispatching_unit",
        "no_redispatch",
    ]


def test_七_四_不称职_in_establishment_follows_the_organisation_and_hr_rules() -> None:
    result = run([staff(1, is_head=True), staff(2, proposed_grade="不称职", in_establishment=True)])
    assert "return_dispatching_unit" not in result_of(result, "P0002").outcomes
    [finding] = findings(result, "incompetent_in_establishment")
    assert (finding.severity, finding.clause) == ("info", "七(四)")
    assert "区委组织部、区人力资源和社会保障局" in finding.message


def test_七_四_其他_staff_unmarked_are_not_in_establishment_and_are_returned() -> None:
    """七(四) 不合格 "不在编人员退回派出单位，不允许再次派驻中心": 其他性质人员 are 编外 unless the roster
    says 在编 (B3); 公务员 unmarked stay 在编."""
    other = staff(2, category="其他", proposed_grade="不合格")
    result = run([staff(1, is_head=True), other])
    assert result_of(result, "P0002").outcomes == [
        "feedback_dispatching_unit",
        "return_dispatching_unit",
        "no_redispatch",
    ]
    assert findings(result, "incompetent_in_establishment") == []
    marked = run([staff(1, is_head=True), {**other, "in_establishment": True}])
    assert "return_dispatching_unit" not in result_of(marked, "P0002").outcomes
    civil = run([staff(1, is_head=True), staff(2, proposed_grade="不称职")])
    assert findings(civil, "incompetent_in_establishment")[0].clause == "七(四)"


def test_二_an_as_of_outside_the_rounds_year_is_refused() -> None:
    """二 "2022年11月30日在册": the cut-off lies in the round's year; 2030 in a 2022 round is 422 (as 001)."""
    request = IndividualRound.model_validate({"year": 2022, "as_of": "2030-11-30", "people": [staff(1)]})
    [(path, message)] = SCHEME.check_payload(request, policy_with())
    assert tuple(path) == ("as_of",)
    assert message == "截止日期应在2022年内（二 2022年11月30日在册），现为2030年11月30日"


# ----------------------------------------------------------------------------------------- the policy


def test_八_the_policy_holds_every_number_and_date_of_the_notice() -> None:
    policy = policy_with()
    assert (policy.cut_off_date(2022), policy.min_months) == (dt.date(2022, 11, 30), 6)
    assert [(p.key, p.categories, p.ratio) for p in policy.excellent_pools] == [
        ("公务员+参公", ["公务员", "参公"], 0.2),
        ("事业", ["事业"], 0.2),
    ]
    assert [g.ratio for g in policy.recommendation.groups] == [0.2, 0.2, 0.1]
    assert (policy.advanced.ratio, policy.rounding, policy.publicity_working_days) == (0.1, "floor", 5)
    assert policy.submission_deadline.on(2022) == dt.date(2022, 12, 15)
    assert policy.grade_sets["参公"].grades == ("优秀", "称职", "基本称职", "不称职")
    assert policy.grade_sets["其他"].grades == ("优秀", "合格", "基本合格", "不合格")
    assert sorted(policy.conditions) == [1, 2, 3, 4, 5]
    phases = [(p.title, p.start.on(2022), p.end.on(2022)) for p in policy.timeline]
    assert phases == [
        ("前期准备阶段", dt.date(2022, 12, 15), dt.date(2022, 12, 15)),
        ("互评阶段", dt.date(2022, 12, 16), dt.date(2022, 12, 23)),
        ("考核等次评定阶段", dt.date(2022, 12, 26), dt.date(2023, 1, 5)),
        ("考核结果上报阶段", dt.date(2023, 1, 6), dt.date(2023, 1, 10)),
    ]
    assert not {"id", "name", "seed"} & set(policy.model_dump())


@pytest.mark.parametrize(
    "override",
    [
        {"cut_off": "02-30"},
        {"rounding": "round"},
        {
            "excellent_pools": [
                {"key": "x", "label": "x", "categories": ["公务员"], "ratio": 1.5, "clause": "四"}
            ]
        },
        {"recommendation": {"groups": [{"key": "x", "label": "x", "categories": ["公务员"], "ratio": 0.2}]}},
        {"advanced": {"ratio": 0.1, "typo": 1}},
    ],
)
def test_policy_overrides_are_validated(override: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        policy_with(override)


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        (1, "思想政治素质一般或较差"),
        (2, "履行职责的工作能力较弱"),
        (3, "责任心一般，工作消极"),
        (4, "严重违反中心管理制度，且拒不整改的"),
        (5, "廉洁自律方面存在某些不足"),
    ],
)
def test_五_六_1_to_5_each_condition_caps_a_proposed_grade_at_基本称职_or_基本合格(
    condition: int, words: str
) -> None:
    """五(六) "有下列情况之一的，视情可确定为基本称职(基本合格)或不称职(不合格)", items 1 to 5 one by one.

    Without the condition 称职/合格 stands; with it 称职/合格 is an error citing the item; 基本称职 is not."""
    people = [
        staff(1, is_head=True),
        staff(2, proposed_grade="称职"),
        staff(3, proposed_grade="称职", conditions=[condition]),
        staff(4, proposed_grade="基本称职", conditions=[condition]),
        staff(5, category="事业", proposed_grade="合格", conditions=[condition]),
    ]
    result = run(people)
    errors = findings(result, "soft_ceiling_exceeded")
    assert [(f.person_id, f.clause) for f in errors] == [
        ("P0003", f"五(六){condition}"),
        ("P0005", f"五(六){condition}"),
    ]
    assert words in errors[0].message and "视情可确定为基本称职或不称职" in errors[0].message
    assert "视情可确定为基本合格或不合格" in errors[1].message
    assert [p.grade for p in result.people] == ["称职", "称职", "称职", "基本称职", "合格"]
