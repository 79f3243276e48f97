"""Seed 002 (洸河街道公务员平时考核工作方案): scheme `civil-servant-quarterly`, clause by clause."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from schemas.civil_servant_quarterly import CivilServantQuarterlyPolicy
from schemas.evaluation import IndividualResult, Scores
from service.evaluation import evaluate
from service.rules.civil_servant_quarterly import annual_outcomes, quarterly_score, score_band
from tests.factories import person, roster

SCHEME = "civil-servant-quarterly"
URL = f"/api/schemes/{SCHEME}/evaluate"
POLICY = CivilServantQuarterlyPolicy()


def scored(
    index: int, kpi: float, bpi: float | None = None, opi: float = 0, **overrides: Any
) -> dict[str, Any]:
    """A person whose KPI and BPI are both `kpi` unless told, so the score is `kpi` + `opi`."""
    return person(index, scores={"kpi": kpi, "bpi": kpi if bpi is None else bpi, "opi": opi}, **overrides)


def run(people: list[dict[str, Any]], **round_fields: Any) -> IndividualResult:
    result = evaluate(SCHEME, {"year": 2024, "quarter": 3, "people": people, **round_fields})
    assert isinstance(result, IndividualResult)
    return result


def grades(result: IndividualResult) -> dict[str, str | None]:
    return {p.id: p.grade for p in result.people}


def codes(result: IndividualResult, severity: str | None = None) -> list[str]:
    return [f.code for f in result.findings if severity is None or f.severity == severity]


def finding(result: IndividualResult, code: str) -> Any:
    return next(f for f in result.findings if f.code == code)


# ------------------------------------------------------------------------------------------- 三(一)


def test_三_一_score_is_kpi_70_percent_plus_bpi_30_percent_plus_opi() -> None:
    assert quarterly_score(Scores(kpi=92, bpi=88, opi=1.5), POLICY) == Decimal("92.30")
    assert quarterly_score(Scores(kpi=80, bpi=70, opi=-2), POLICY) == Decimal("75.00")


def test_三_一_ninety_and_ninety_is_exactly_ninety_not_89_999() -> None:
    # 90×0.7 + 90×0.3 in binary floating point is 89.99999999999999.
    result = run([scored(1, 90), scored(2, 70), scored(3, 70)])  # 3 × 40% = 1 place
    assert result.people[0].score == 90.0
    assert result.people[0].grade == "好"


def test_三_一_score_decimals_come_from_the_policy() -> None:
    whole = CivilServantQuarterlyPolicy(score_decimals=0)
    assert quarterly_score(Scores(kpi=89.5, bpi=89.5), whole) == Decimal("90")
    assert str(quarterly_score(Scores(kpi=89.5, bpi=89.5), POLICY)) == "89.50"


def test_三_一_weights_come_from_the_policy() -> None:
    policy = {"weights": {"kpi": 0.6, "bpi": 0.4}}
    result = run([scored(1, 100, 50)], policy=policy)
    assert result.people[0].score == 80.0


# ------------------------------------------------------------------------------------------- 三(二)


@pytest.mark.parametrize(
    ("score", "grade"),
    [("90", "好"), ("89.99", "较好"), ("80", "较好"), ("79.99", "一般"), ("60", "一般"), ("59.99", "较差")],
)
def test_三_二_score_bands_at_their_boundaries(score: str, grade: str) -> None:
    assert score_band(Decimal(score), POLICY) == grade


def test_三_二_89_99_is_较好_and_90_is_好_through_evaluate() -> None:
    result = run([scored(1, 90), scored(2, 89.99), *roster(3, start=3, scores={"kpi": 50, "bpi": 50})])
    assert grades(result)["P0001"] == "好"
    assert grades(result)["P0002"] == "较好"
    assert grades(result)["P0003"] == "较差"


def test_三_二_proposed_grade_above_the_score_band_is_an_error() -> None:
    result = run([scored(1, 85, proposed_grade="好"), *roster(4, start=2, scores={"kpi": 70, "bpi": 70})])
    error = finding(result, "grade_above_score_band")
    assert error.severity == "error" and error.clause == "三(二)"
    assert "85.00分" in error.message and "较好" in error.message
    assert not result.ok


def test_三_二_proposed_grade_below_the_band_is_kept_and_noted() -> None:
    result = run([scored(1, 95, proposed_grade="较好")])
    assert grades(result)["P0001"] == "较好"
    assert "grade_below_score_band" in codes(result, "info")
    assert result.ok


def test_三_二_a_grade_outside_the_four_is_422_with_its_path(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, json={"year": 2024, "people": [scored(1, 95, proposed_grade="优秀")]})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["path"] == "people[0].proposed_grade"
    assert "不是平时考核等次" in detail[0]["msg"] and "较好" in detail[0]["msg"]


def test_三_一_no_score_and_no_grade_is_an_error_finding() -> None:
    result = run([person(1)])
    assert grades(result)["P0001"] is None
    assert finding(result, "score_missing").clause == "三(一)"
    assert not result.ok


# ------------------------------------------------------------------------------------------- 四(三)


def test_四_三_exactly_40_percent_ten_people_four_好_the_fifth_drops_to_较好() -> None:
    people = [scored(i, 100 - i) for i in range(1, 11)]  # everyone in the 好 band
    result = run(people)
    quota = result.quotas[0]
    assert (quota.base, quota.limit, quota.used, quota.ok) == (10, 4, 4, True)
    assert [grades(result)[f"P{i:04d}"] for i in range(1, 7)] == ["好", "好", "好", "好", "较好", "较好"]
    dropped = [f for f in result.findings if f.code == "good_over_quota"]
    assert dropped[0].person_id == "P0005" and "限额4人" in dropped[0].message
    assert result.ok


def test_四_三_best_scores_take_the_places_whatever_the_input_order() -> None:
    people = [scored(1, 91), scored(2, 99), scored(3, 95), scored(4, 70), scored(5, 70)]
    result = run(people)  # 5 × 40% = 2
    assert grades(result) == {"P0001": "较好", "P0002": "好", "P0003": "好", "P0004": "一般", "P0005": "一般"}


def test_四_三_quota_rounds_down_12_people_give_4_not_5() -> None:
    result = run([scored(i, 95) for i in range(1, 13)])
    assert result.quotas[0].limit == 4  # 12 × 40% = 4.8
    assert list(grades(result).values()).count("好") == 4


def test_四_三_a_round_of_two_has_no_好_place_under_floor() -> None:
    result = run([scored(1, 99), scored(2, 98)])  # 2 × 40% = 0.8 → 0
    assert result.quotas[0].limit == 0
    assert set(grades(result).values()) == {"较好"}


def test_四_三_rounding_is_policy_half_up_gives_5_of_12() -> None:
    result = run([scored(i, 99 - i * 0.1) for i in range(1, 13)], policy={"rounding": "half_up"})
    assert result.quotas[0].limit == 5


def test_四_三_direct_好_is_counted_in_the_cap_and_takes_its_place_first() -> None:
    people = [scored(1, 70, direct_grade="好", justification="抗洪抢险表现突出")]
    people += [scored(i, 100 - i) for i in range(2, 11)]  # 9 in the 好 band
    result = run(people)
    assert grades(result)["P0001"] == "好"
    good = [pid for pid, grade in grades(result).items() if grade == "好"]
    assert good == ["P0001", "P0002", "P0003", "P0004"]
    assert result.quotas[0].used == 4 and result.ok


def test_四_三_direct_好_beyond_the_cap_is_quota_exceeded_with_the_arithmetic() -> None:
    people = [scored(i, 70, direct_grade="好", justification="急难险重") for i in range(1, 3)]
    people += [scored(i, 70) for i in range(3, 5)]  # 4 × 40% = 1
    result = run(people)
    error = finding(result, "quota_exceeded")
    assert error.clause == "四(三)"
    assert error.message == "好等次2人（其中直接确定2人），超过限额1人（4人×40%，向下取整）"
    assert not result.ok


def test_四_三_proposed_好_beyond_the_cap_is_quota_exceeded() -> None:
    people = [scored(i, 95, proposed_grade="好") for i in range(1, 6)] + [scored(i, 70) for i in range(6, 11)]
    result = run(people)
    assert result.quotas[0].used == 5 and not result.quotas[0].ok
    assert finding(result, "quota_exceeded").message == "好等次5人，超过限额4人（10人×40%，向下取整）"


def test_四_三_four_proposed_好_of_ten_is_exactly_at_the_cap() -> None:
    people = [scored(i, 95, proposed_grade="好") for i in range(1, 5)] + [scored(i, 70) for i in range(5, 11)]
    result = run(people)
    assert result.quotas[0].used == 4 and result.ok


def test_四_三_proposed_好_take_places_before_unproposed_scores() -> None:
    people = [scored(1, 91, proposed_grade="好"), scored(2, 99), scored(3, 98), scored(4, 60), scored(5, 60)]
    result = run(people)  # 5 × 40% = 2: P0001 proposed, then the best of the rest
    assert grades(result)["P0001"] == "好" and grades(result)["P0002"] == "好"
    assert grades(result)["P0003"] == "较好"


def test_四_三_a_tie_on_the_cap_boundary_is_a_warning_naming_the_tied() -> None:
    people = [scored(1, 99), scored(2, 95), scored(3, 95), scored(4, 70), scored(5, 70)]
    result = run(people)  # 2 places, P0002 and P0003 tie for the second
    tie = finding(result, "quota_tie")
    assert tie.severity == "warning" and tie.clause == "四(三)"
    assert "人员2（P0002）" in tie.message and "人员3（P0003）" in tie.message
    assert "人员1" not in tie.message
    assert grades(result)["P0002"] == "好" and grades(result)["P0003"] == "较好"


def test_四_三_no_tie_warning_when_the_boundary_scores_differ() -> None:
    people = [scored(1, 99), scored(2, 96), scored(3, 95), scored(4, 70), scored(5, 70)]
    assert "quota_tie" not in codes(run(people))


# ------------------------------------------------------------------------------------------- 四 (direct)


def test_四_direct_较差_fixes_the_grade_whatever_the_score() -> None:
    result = run([scored(1, 99, direct_grade="较差", justification="关键时刻不服从组织安排")])
    assert grades(result)["P0001"] == "较差"
    recorded = finding(result, "direct_grade")
    assert recorded.severity == "info" and "关键时刻不服从组织安排" in recorded.message


def test_四_direct_grade_without_a_reason_is_a_warning() -> None:
    result = run([scored(1, 50, direct_grade="好")] + [scored(i, 60) for i in range(2, 4)])
    assert finding(result, "direct_grade").severity == "warning"


def test_四_a_proposed_grade_contradicting_the_direct_grade_is_an_error() -> None:
    result = run([scored(1, 99, direct_grade="较差", proposed_grade="好", justification="推诿扯皮")])
    assert grades(result)["P0001"] == "较差"
    assert "proposed_conflicts_direct" in codes(result, "error")


# ------------------------------------------------------------------------------------------- 二


def test_二_only_civil_servants_take_part_and_count_in_the_base() -> None:
    people = [scored(i, 95, category="公务员") for i in range(1, 6)] + [scored(6, 95, category="事业")]
    result = run(people)
    outsider = next(p for p in result.people if p.id == "P0006")
    assert not outsider.eligible and outsider.grade is None
    assert result.quotas[0].base == 5 and result.quotas[0].limit == 2


def test_二_a_leader_takes_no_好_place_and_is_not_in_the_base() -> None:
    """二 "街道非领导职务公务员": a 领导职务 (`is_leader`) is out and counts in no 40% base."""
    people = [scored(i, 95) for i in range(1, 6)] + [scored(6, 99, is_leader=True)]
    result = run(people)
    leader = next(p for p in result.people if p.id == "P0006")
    assert (leader.eligible, leader.grade) == (False, None)
    assert (result.quotas[0].base, result.quotas[0].limit, result.quotas[0].used) == (5, 2, 2)
    assert finding(result, "not_eligible").severity == "info"
    assert "担任领导职务" in finding(result, "not_eligible").message


def test_二_a_head_is_a_leader_unless_marked_otherwise_or_the_policy_says_no() -> None:
    """二: unsaid, a 科长或负责人 (`is_head`) holds a 领导职务 (`leaders_from_heads`, default true)."""
    people = [scored(1, 95, is_head=True), scored(2, 90), scored(3, 70)]
    assert run(people).people[0].eligible is False
    marked = [scored(1, 95, is_head=True, is_leader=False), scored(2, 90), scored(3, 70)]
    assert run(marked).people[0].eligible is True
    assert run(people, policy={"leaders_from_heads": False}).people[0].eligible is True


def test_二_a_leader_proposed_好_is_an_error() -> None:
    """二: a leader given a grade was meant to be counted; the round is not ok until someone looks."""
    result = run([scored(1, 95, is_leader=True, proposed_grade="好"), scored(2, 90), scored(3, 70)])
    found = finding(result, "not_eligible")
    assert (found.severity, found.clause) == ("error", "二")
    assert "其拟定等次好不予计入" in found.message
    assert result.ok is False


# ------------------------------------------------------------------------------------------- 四(五)


def test_四_五_three_working_days_is_enough() -> None:
    result = run([scored(1, 80)], publicity_start="2024-11-07", publicity_end="2024-11-11")
    notice = finding(result, "publicity_period")
    assert notice.severity == "info" and "共3个工作日" in notice.message
    assert result.ok


def test_四_五_two_working_days_over_national_day_is_too_short_and_names_the_end_date() -> None:
    # 2024-09-30 and 10-08 are the only working days in this span (国庆节 10-01…10-07).
    result = run([scored(1, 80)], publicity_start="2024-09-30", publicity_end="2024-10-08")
    error = finding(result, "publicity_too_short")
    assert error.clause == "四(五)" and error.severity == "error"
    assert "仅2个工作日" in error.message and "2024年10月9日" in error.message
    assert not result.ok


def test_四_五_a_start_alone_reports_the_earliest_end() -> None:
    result = run([scored(1, 80)], publicity_start="2024-09-30")
    assert "最早于2024年10月9日期满" in finding(result, "publicity_period").message


def test_四_五_minimum_is_policy_five_days_from_0930_end_1011() -> None:
    result = run(
        [scored(1, 80)],
        publicity_start="2024-09-30",
        publicity_end="2024-10-10",
        policy={"publicity_min_working_days": 5},
    )
    assert "2024年10月11日" in finding(result, "publicity_too_short").message


def test_四_五_an_end_before_the_start_is_422(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "year": 2024,
        "people": [scored(1, 80)],
        "publicity_start": "2024-10-09",
        "publicity_end": "2024-10-08",
    }
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == "publicity_end"


def test_四_五_a_year_without_a_holiday_calendar_is_422_not_a_guess(client) -> None:  # type: ignore[no-untyped-def]
    body = {"year": 2099, "people": [scored(1, 80)], "publicity_start": "2099-10-09"}
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert "节假日安排尚未收录" in response.json()["detail"][0]["msg"]


def test_四_五_a_minimum_end_spilling_into_an_unknown_year_is_an_error_finding() -> None:
    from service.workdays import supported_years

    last = supported_years()[1]
    result = run([scored(1, 80)], publicity_start=f"{last}-12-31")
    assert finding(result, "publicity_unverifiable").severity == "error"


# ------------------------------------------------------------------------------------------- 五(一)


def test_五_一_好_is_commended_and_较好_is_not() -> None:
    result = run([scored(1, 95), scored(2, 85), scored(3, 60)])
    outcomes = {p.id: p.outcomes for p in result.people}
    assert outcomes["P0001"] == ["commendation"]
    assert outcomes["P0002"] == []


# ------------------------------------------------------------------------------------------- 五(二)


@pytest.mark.parametrize(
    ("quarters", "expected"),
    [
        (["好", "好", "较好", "较好"], []),
        (["好", "较好", "较好", "较好"], ["annual_not_excellent"]),
        (["好", "好", "好", "一般"], ["annual_not_excellent"]),
        (["好", "好", "好", "较差"], ["annual_not_excellent"]),
        (["一般", "一般", "较好", "较好"], ["annual_not_excellent"]),
        (["一般", "较差", "一般", "较好"], ["annual_not_excellent", "annual_basic_or_below"]),
        (
            ["较差", "较差", "较差", "较差"],
            ["annual_not_excellent", "annual_basic_or_below", "annual_incompetent_allowed"],
        ),
    ],
)
def test_五_二_four_quarters_link_to_the_annual_grade(quarters: list[str], expected: list[str]) -> None:
    assert annual_outcomes(quarters, POLICY) == expected


def test_五_二_two_of_four_一般_is_not_more_than_half_three_of_four_is() -> None:
    two = run([scored(1, 85, quarter_grades=["一般", "一般", "较好", "较好"])])
    three = run([scored(1, 85, quarter_grades=["一般", "一般", "一般", "较好"])])
    assert "annual_basic_or_below" not in two.people[0].outcomes
    assert "annual_basic_or_below" in three.people[0].outcomes
    assert finding(three, "annual_link").clause == "五(二)"


def test_五_二_three_given_quarters_plus_this_fourth_quarter() -> None:
    people = [scored(1, 95, quarter_grades=["好", "较好", "较好"])] + [scored(i, 60) for i in range(2, 4)]
    result = run(people, quarter=4)
    first = result.people[0]
    assert first.grade == "好" and first.outcomes == ["commendation"]  # 好 2 of 4: may be 优秀
    assert "好2次" in finding(result, "annual_link").message


def test_五_二_in_the_fourth_quarter_this_rounds_grade_is_the_fourth() -> None:
    """五(二) in a `quarter: 4` round: quarter_grades 好×4 with a direct 较差 this quarter → the link uses
    较差, and the contradicting fourth entry is an error (B4)."""
    person_q4 = scored(
        1, 95, quarter_grades=["好", "好", "好", "好"], direct_grade="较差", justification="推诿"
    )
    result = run([person_q4, scored(2, 60), scored(3, 60)], quarter=4)
    first = result.people[0]
    assert first.grade == "较差"
    assert "annual_not_excellent" in first.outcomes
    link = finding(result, "annual_link")
    assert "好3次、较差1次" in link.message and "可在优秀等次人选中考虑" not in link.message
    conflict = finding(result, "quarter_grade_conflict")
    assert (conflict.severity, conflict.clause, conflict.person_id) == ("error", "五(二)", "P0001")
    assert result.ok is False


def test_五_二_a_fourth_entry_equal_to_this_rounds_grade_is_fine() -> None:
    """五(二): four given grades agreeing with the Q4 grade raise nothing; outside Q4 they stand as given."""
    agreeing = run(
        [scored(1, 95, quarter_grades=["好", "好", "好", "好"]), scored(2, 60), scored(3, 60)], quarter=4
    )
    assert "quarter_grade_conflict" not in codes(agreeing)
    third = run([scored(1, 70, quarter_grades=["好", "好", "好", "好"]), scored(2, 60)], quarter=3)
    assert "quarter_grade_conflict" not in codes(third)
    assert "好4次" in finding(third, "annual_link").message


def test_三_二_89_995_rounds_to_90_and_is_好_unless_the_policy_compares_exactly() -> None:
    """三(二) boundary: 89.995 is written 90.00 on the 考核表 and is 好 (`band_score: rounded`, default);
    `exact` compares 89.995 itself, 较好."""
    people = [scored(1, 89.995), scored(2, 70), scored(3, 70)]
    assert (run(people).people[0].score, run(people).people[0].grade) == (90.0, "好")
    exact = run(people, policy={"band_score": "exact"}).people[0]
    assert (exact.score, exact.grade) == (89.995, "较好")


def test_五_二_fewer_than_four_quarters_link_nothing() -> None:
    result = run([scored(1, 50, quarter_grades=["较差", "较差"])])
    assert result.people[0].outcomes == []


# ------------------------------------------------------------------------------------------- policy


def test_policy_defaults_are_served(client) -> None:  # type: ignore[no-untyped-def]
    policy = client.get(f"/api/schemes/{SCHEME}").json()
    assert policy["weights"] == {"kpi": 0.7, "bpi": 0.3, "opi": 1.0}
    assert policy["bands"] == {"好": 90, "较好": 80, "一般": 60}
    assert policy["good_ratio"] == 0.4 and policy["rounding"] == "floor"
    assert policy["publicity_min_working_days"] == 3


@pytest.mark.parametrize(
    ("override", "path"),
    [
        ({"good_ratoi": 0.5}, "policy.good_ratoi"),
        ({"bands": {"较好": 95}}, "policy"),
        ({"good_ratio": 2}, "policy.good_ratio"),
    ],
)
def test_a_bad_policy_override_is_422_under_policy(client, override: dict[str, Any], path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, json={"year": 2024, "people": [scored(1, 80)], "policy": override})
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == path


def test_evaluate_over_http_matches_the_contract(client) -> None:  # type: ignore[no-untyped-def]
    people = [scored(1, 92, 88, 1.5), scored(2, 70), scored(3, 70)]
    response = client.post(URL, json={"year": 2024, "quarter": 3, "people": people})
    assert response.status_code == 200
    body = response.json()
    assert body["scheme"] == SCHEME and body["ok"] is True
    first = body["people"][0]
    assert (first["id"], first["eligible"], first["grade"], first["score"]) == ("P0001", True, "好", 92.3)
    assert body["quotas"][0]["key"] == "好"
