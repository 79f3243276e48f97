"""Seed 004 (街道机关部门考核): the 200 base points of 三, excellent departments of 五1, worker quotas of
五2 and the vetoes of 五4/五5."""

from __future__ import annotations

import pytest

from schemas.department import Department
from schemas.street_department import StreetDepartmentPolicy
from service.rules.registry import default_policy_data
from service.rules.street_department import worker_quota
from tests.department_payloads import by_id, codes, run, street_department

SCHEME = "street-department"


def scored(count: int, **overrides: object) -> list[dict[str, object]]:
    """`count` departments with strictly falling totals: S01 = 200, S02 = 199, …"""
    return [street_department(i, daily=71 - i, **overrides) for i in range(1, count + 1)]


def excellent(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.id for d in result.departments if "excellent_department" in d.awards]


def test_004_三1_base_200_is_daily_70_normalisation_30_review_100_plus_innovation() -> None:
    """The example of DESIGN.md §4: 66 + 28 + (0.5 × 90 + 0.5 × 94) + 3 = 189."""
    payload = street_department(
        1, daily=66, normalization=28, review={"half_year": 90, "year_end": 94}, innovation=3
    )
    result = run(SCHEME, [payload])
    only = result.departments[0]
    assert (only.parts.daily, only.parts.normalization, only.parts.review) == (66, 28, 92)
    assert (only.parts.base, only.parts.innovation, only.total) == (186, 3, 189)
    assert result.ok


def test_004_四2_review_weights_are_policy() -> None:
    """四2 "年终将两次评议成绩加权折合": 0.4 × 90 + 0.6 × 94 = 92.4."""
    payload = street_department(1, review={"half_year": 90, "year_end": 94})
    result = run(SCHEME, [payload], review_weights={"half_year": 0.4, "year_end": 0.6})
    assert result.departments[0].parts.review == 92.4


def test_004_四2_weights_that_do_not_sum_to_one_are_422(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "year": 2012,
        "policy": {"review_weights": {"half_year": 0.5, "year_end": 0.6}},
        "departments": scored(1),
    }
    response = client.post(f"/api/schemes/{SCHEME}/evaluate", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"].startswith("policy.review_weights")


def test_004_三_a_missing_review_is_an_error_and_counts_zero() -> None:
    result = run(SCHEME, [street_department(1, review={"half_year": 90})])
    [missing] = codes(result, "missing_score")
    assert (missing.clause, result.ok, result.departments[0].parts.review) == ("四2", False, 45)


def test_004_五1_thirty_percent_of_seven_is_two_excellent_departments() -> None:
    result = run(SCHEME, scored(7))
    assert excellent(result) == ["S01", "S02"]
    [quota] = result.quotas
    assert (quota.base, quota.ratio, quota.limit, quota.used, quota.ok) == (7, 0.3, 2, 2, True)
    [note] = codes(result, "excellent_quota")
    assert note.clause == "五1" and "参评部门7个×30%，向下取整" in note.message


@pytest.mark.parametrize(("count", "limit"), [(3, 0), (4, 1), (6, 1), (10, 3), (13, 3)])
def test_004_五1_excellent_quota_is_floor_of_30_percent(count: int, limit: int) -> None:
    assert run(SCHEME, scored(count)).quotas[0].limit == limit


def test_004_五2_directly_led_departments_are_not_excellent_and_not_counted_in_the_base() -> None:
    """五2 "由领导成员直接分管的部门不参与优秀部门的评选": the best of 8 is directly led → 7 × 30% = 2."""
    departments = scored(8)
    departments[0]["directly_led"] = True
    result = run(SCHEME, departments)
    assert excellent(result) == ["S02", "S03"]
    assert by_id(result)["S01"].rank == 1
    assert result.quotas[0].base == 7
    assert "不含领导直接分管部门1个" in codes(result, "excellent_quota")[0].message


def test_004_五4_vetoed_department_loses_excellent_and_the_next_moves_up() -> None:
    departments = scored(7)
    departments[0]["veto"] = 4
    result = run(SCHEME, departments)
    # The vetoed department leaves the base too: 6 × 30% = 1.
    assert excellent(result) == ["S02"]
    assert by_id(result)["S01"].vetoed and by_id(result)["S01"].awards == []
    [veto] = codes(result, "vetoed")
    assert veto.clause == "五4" and "不作为被投诉查实" in veto.message


def test_004_五5_veto_by_number_cites_五5() -> None:
    departments = scored(4)
    departments[1]["veto"] = 5
    [veto] = codes(run(SCHEME, departments), "vetoed")
    assert veto.clause == "五5" and "禁酒" in veto.message


def test_004_五1_a_tie_at_the_30_percent_line_is_a_warning_naming_the_tied() -> None:
    departments = scored(7)
    departments[2]["daily"] = departments[1]["daily"]  # S03 ties S02 on the line of 2
    result = run(SCHEME, departments)
    [tie] = codes(result, "boundary_tie")
    assert tie.severity == "warning" and tie.clause == "五1"
    assert "第2名并列：部门2、部门3" in tie.message and "街道党工委" in tie.message
    assert excellent(result) == ["S01", "S02", "S03"]
    # Also of issue 12: 30% is a cap; a tie listed in full breaks it, and the round says so too.
    quota = result.quotas[0]
    assert (quota.ok, quota.used, quota.limit, result.ok) == (False, 3, 2, False)
    [note] = codes(result, "excellent_quota")
    assert note.severity == "error" and "因末位并列超过名额1个，请街道党工委研究确定" in note.message


def test_004_五1_tie_under_exclude_all_keeps_within_the_quota() -> None:
    departments = scored(7)
    departments[2]["daily"] = departments[1]["daily"]
    result = run(SCHEME, departments, tie_at_boundary="exclude_all")
    assert excellent(result) == ["S01"]


# ---------------------------------------------------------------- 五2 advanced-worker quotas


def quota_of(
    headcount: int, *, excellent: bool = False, directly_led: bool = False, veto: int | None = None
) -> int:
    policy = StreetDepartmentPolicy.model_validate(default_policy_data(SCHEME))
    department = Department(id="S", name="部门", headcount=headcount, directly_led=directly_led, veto=veto)
    return worker_quota(department, excellent, policy)[0]


@pytest.mark.parametrize(
    ("headcount", "excellent", "directly_led", "expected"),
    [
        (1, False, False, 1),  # 1 × 20% = 0.2: a department of one person still has one (DESIGN.md §3)
        (1, True, False, 1),
        (0, False, False, 0),  # no staff, no quota
        (10, False, False, 2),
        (10, True, False, 3),
        (10, False, True, 3),  # 五2 directly led: 30%
        (9, True, False, 2),  # 2.7 → floor 2
        (14, False, False, 2),  # 2.8 → floor 2
        (15, False, False, 3),  # 3 exactly, not 2.9999…
    ],
)
def test_004_五2_advanced_worker_quota(
    headcount: int, excellent: bool, directly_led: bool, expected: int
) -> None:
    assert quota_of(headcount, excellent=excellent, directly_led=directly_led) == expected


def test_004_五2_department_of_one_person_gets_one_advanced_worker_in_the_result() -> None:
    result = run(SCHEME, [street_department(1, headcount=1), street_department(2, headcount=1, daily=60)])
    assert [d.advanced_quota for d in result.departments] == [1, 1]
    assert "不满1人的按1人" in result.departments[1].parts.advanced_quota_basis


def test_004_五4_a_vetoed_directly_led_department_falls_back_to_20_percent() -> None:
    assert quota_of(10, directly_led=True, veto=4) == 2


def test_004_五2_a_vetoed_directly_led_department_keeps_30_percent_when_the_policy_says() -> None:
    """五2 × 五4: `vetoed_directly_led` — `other` (default) 10 × 20% = 2; `directly_led` 10 × 30% = 3."""
    departments = [street_department(1, directly_led=True, veto=4), *scored(3, headcount=10)[1:]]
    default = by_id(run(SCHEME, departments))["S01"]
    assert default.advanced_quota == 2
    assert default.parts.advanced_quota_basis.startswith("领导直接分管部门，一票否决后按其他部门：10人×20%")
    kept = by_id(run(SCHEME, departments, vetoed_directly_led="directly_led"))["S01"]
    assert kept.advanced_quota == 3


def test_004_五4_五5_no_递补_when_the_vetoed_department_stood_outside_the_band() -> None:
    """五4/五5 with 五1: 7 departments, 6 compete after the veto → 1 seat. A vetoed S07 (last) cost nobody
    a place: no "由下一名递补" (B6); a vetoed S01 (first) did."""
    last = scored(7)
    last[6]["veto"] = 5
    [veto] = codes(run(SCHEME, last), "vetoed")
    assert "递补" not in veto.message and "按得分排第7名" in veto.message
    first = scored(7)
    first[0]["veto"] = 4
    [veto] = codes(run(SCHEME, first), "vetoed")
    assert "其得分在优秀部门名额1个之内，由下一名递补" in veto.message


def test_004_五4_a_vetoed_directly_led_department_moves_nobody_up() -> None:
    """五2: a directly-led department never competes for 优秀部门, so its veto frees no place."""
    departments = scored(4)
    departments[0].update(directly_led=True, veto=4)
    [veto] = codes(run(SCHEME, departments), "vetoed")
    assert "领导直接分管部门本不参与优秀部门评选" in veto.message and "递补" not in veto.message


def test_004_五2_excellent_department_quota_is_30_percent_in_the_result() -> None:
    result = run(SCHEME, scored(4, headcount=10))
    assert [d.advanced_quota for d in result.departments] == [3, 2, 2, 2]
    assert result.departments[0].parts.advanced_quota_basis == "优秀部门：10人×30%，向下取整，3人"


def test_004_三2_innovation_points_come_on_top_of_the_200_base_and_decide_the_rank() -> None:
    """三2 "部门考核创新分包括2012年全区年终考核成绩和部门所获荣誉奖励两部分".

    Added to the base of 200, uncapped: a department with a lower base overtakes with its innovation."""
    result = by_id(
        run(
            SCHEME,
            [
                street_department(1, daily=69),
                street_department(2, daily=69, innovation=1.5),
                street_department(3, innovation=0),
            ],
        )
    )
    assert (result["S01"].parts.base, result["S01"].parts.innovation, result["S01"].total) == (199, 0, 199)
    assert (result["S02"].parts.base, result["S02"].parts.innovation, result["S02"].total) == (
        199,
        1.5,
        200.5,
    )
    assert result["S03"].total == 200
    assert [result[key].rank for key in ("S02", "S03", "S01")] == [1, 2, 3]
