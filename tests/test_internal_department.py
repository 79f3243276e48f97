"""Seed 003 (机关内设机构考核): scores of 三 and 四, the cap of 八1, the awards of 六2 and the veto of 六4."""

from __future__ import annotations

from service.rules.internal_department import evaluate
from service.rules.registry import default_policy
from tests.department_payloads import by_id, codes, department, ranked, run

SCHEME = "internal-department"


def awarded(result, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.id for d in result.departments if code in d.awards]


# ---------------------------------------------------------------- 三 / 八1: categories and their caps


def test_003_三_untouched_department_scores_70_plus_weighted_evaluations() -> None:
    result = run(SCHEME, [department(1, evaluations={"democratic": 92.5, "leaders": 95})])
    only = result.departments[0]
    assert only.parts.assessment == 70
    # 四(一) 综合部门 民主测评 20 points: 92.5 → 18.5; 四(三) 领导评价 10: 95 → 9.5.
    assert (only.parts.evaluation.democratic, only.parts.evaluation.leaders) == (18.5, 9.5)
    assert only.total == 98
    assert [c.points for c in only.parts.categories] == [20, 10, 10, 10, 10, 10]


def test_003_八1_deductions_over_the_category_points_stop_at_the_category_points() -> None:
    """八1 "扣分以本项目分值为限，扣完为止": 作风建设 (10 points) with 8 + 4 = 12 deducted scores 0."""
    payload = department(1, items={"7": {"deduct": 8}, "11": {"deduct": 4}})
    result = run(SCHEME, [payload])
    style = next(c for c in result.departments[0].parts.categories if c.name == "作风建设")
    assert (style.deduct, style.deduct_counted, style.score) == (12, 10, 0)
    assert result.departments[0].parts.assessment == 60
    [capped] = codes(result, "deduction_capped")
    assert capped.clause == "八1" and "扣分12分" in capped.message and "按10分扣完为止" in capped.message


def test_003_八1_deductions_equal_to_the_cap_are_counted_whole_without_a_finding() -> None:
    result = run(SCHEME, [department(1, items={"15": {"deduct": 6}, "16": {"deduct": 4}})])
    integrity = next(c for c in result.departments[0].parts.categories if c.name == "党风廉政建设")
    assert (integrity.deduct_counted, integrity.score) == (10, 0)
    assert codes(result, "deduction_capped") == []


def test_003_八1_bonuses_have_no_ceiling_even_in_a_category_whose_deductions_are_capped() -> None:
    """八1 "加分不封顶": 争先创优 10 points + 15 bonus = 25; deductions still cap at 10 before it."""
    result = run(SCHEME, [department(1, items={"17": {"bonus": 15, "deduct": 13}, "18": {"bonus": 0.5}})])
    category = next(c for c in result.departments[0].parts.categories if c.name == "争先创优")
    assert (category.deduct_counted, category.bonus, category.score) == (10, 15.5, 15.5)


def test_003_三_decimal_points_add_exactly() -> None:
    """0.2 × 3 must be 0.6 so two departments with the same deductions tie exactly."""
    result = run(
        SCHEME, [department(1, items={"1": {"deduct": 0.2}, "3": {"deduct": 0.4}, "12": {"deduct": 0.1}})]
    )
    assert result.departments[0].parts.assessment == 69.3


# ---------------------------------------------------------------- 四: 综合测评 weights


def test_003_四_public_serving_department_weights_10_10_10() -> None:
    payload = department(1, serves_public=True, evaluations={"democratic": 92.5, "style": 80, "leaders": 90})
    evaluation = run(SCHEME, [payload]).departments[0].parts.evaluation
    assert (evaluation.democratic, evaluation.style, evaluation.leaders, evaluation.total) == (
        9.25,
        8,
        9,
        26.25,
    )


def test_003_四_二_internal_department_takes_no_part_in_the_style_review() -> None:
    payload = department(1, evaluations={"democratic": 50, "style": 100, "leaders": 50})
    result = run(SCHEME, [payload])
    evaluation = result.departments[0].parts.evaluation
    assert (evaluation.democratic, evaluation.style, evaluation.total) == (10, 0, 15)
    [ignored] = codes(result, "evaluation_not_applicable")
    assert ignored.severity == "warning" and ignored.clause == "四(二)"


def test_003_四_a_missing_evaluation_is_an_error_and_counts_zero() -> None:
    result = run(SCHEME, [department(1, serves_public=True, evaluations={"democratic": 100, "leaders": 100})])
    [missing] = codes(result, "missing_evaluation")
    assert (missing.clause, missing.severity, result.ok) == ("四(二)", "error", False)
    assert result.departments[0].total == 90


def test_003_四_weights_are_policy_and_a_round_may_change_them() -> None:
    weights = {"internal": {"democratic": 10, "style": 10, "leaders": 10}}
    payload = department(1, evaluations={"democratic": 100, "style": 50, "leaders": 100})
    result = run(SCHEME, [payload], evaluation_weights=weights)
    assert result.departments[0].parts.evaluation.total == 25


# ---------------------------------------------------------------- ranks


def test_003_a_tie_on_the_total_shares_the_rank() -> None:
    departments = [
        department(1, evaluations={"democratic": 100, "leaders": 100}),
        department(2, evaluations={"democratic": 90, "leaders": 90}),
        # 18.5 + 9.25 and 18.5 + 9.25 through different entries: must tie exactly.
        department(3, evaluations={"democratic": 92.5, "leaders": 92.5}, items={"1": {"deduct": 1}}),
        department(
            4,
            evaluations={"democratic": 92.5, "leaders": 92.5},
            items={"4": {"deduct": 0.5, "bonus": 0}, "5": {"deduct": 0.5}},
        ),
        department(5, evaluations={"democratic": 50, "leaders": 50}),
    ]
    ranks = {d.id: d.rank for d in run(SCHEME, departments).departments}
    assert ranks == {"D01": 1, "D02": 2, "D03": 3, "D04": 3, "D05": 5}


# ---------------------------------------------------------------- 六2 awards


def test_003_六2_top_five_advanced_top_two_recommended_six_to_ten_praised_last_two_heads() -> None:
    result = run(SCHEME, ranked(12))
    assert awarded(result, "advanced_department") == ["D01", "D02", "D03", "D04", "D05"]
    assert awarded(result, "recommended_to_city") == ["D01", "D02"]
    assert awarded(result, "praised") == ["D06", "D07", "D08", "D09", "D10"]
    assert awarded(result, "head_not_excellent") == ["D11", "D12"]
    assert codes(result, "boundary_tie") == []


def test_003_六2_most_improved_are_the_five_best_climbers_outside_the_top_ten() -> None:
    """六2 "前10名以外，当年进步最快的5个部门给予'争先进位'表扬".

    Improvement = last year's rank − this year's; D12 stayed (0) and D19 fell (−9): neither progressed.
    """
    departments = ranked(20)
    last_year = {11: 19, 12: 12, 13: 20, 14: 15, 15: 18, 16: 20, 17: 19, 18: 30, 19: 10, 20: 25}
    for index, rank in last_year.items():
        departments[index - 1]["last_year_rank"] = rank
    # D03 climbed from 20 to 3 but is already 先进处室: 争先进位 is for those outside the top ten.
    departments[2]["last_year_rank"] = 20
    result = run(SCHEME, departments)
    improvement = {d.id: d.improvement for d in result.departments}
    assert (improvement["D11"], improvement["D12"], improvement["D19"]) == (8, 0, -9)
    # D18 +12, D11 +8, D13 +7, D20 +5, D16 +4 — ahead of D15 +3, D17 +2, D14 +1.
    assert sorted(awarded(result, "most_improved")) == ["D11", "D13", "D16", "D18", "D20"]
    assert "most_improved" not in by_id(result)["D03"].awards


def test_003_六2_a_department_without_last_year_rank_takes_no_part_in_most_improved() -> None:
    result = run(SCHEME, ranked(12))
    [note] = codes(result, "no_last_year_rank")
    assert "第11处、第12处" in note.message
    assert awarded(result, "most_improved") == []


def test_003_六2_tie_at_rank_5_is_a_warning_naming_both_and_both_hold_the_shared_rank() -> None:
    departments = ranked(8)
    departments[5]["evaluations"] = dict(departments[4]["evaluations"])  # D06 ties D05 at rank 5
    result = run(SCHEME, departments)
    assert by_id(result)["D05"].rank == by_id(result)["D06"].rank == 5
    assert awarded(result, "advanced_department") == ["D01", "D02", "D03", "D04", "D05", "D06"]
    [tie] = codes(result, "boundary_tie")
    assert tie.severity == "warning" and tie.clause == "六2"
    assert "先进处室名额5个，第5名并列：第5处、第6处" in tie.message and "党组" in tie.message


def test_003_六2_tie_at_rank_5_under_exclude_all_leaves_both_to_the_party_group() -> None:
    departments = ranked(8)
    departments[5]["evaluations"] = dict(departments[4]["evaluations"])
    result = run(SCHEME, departments, tie_at_boundary="exclude_all")
    assert awarded(result, "advanced_department") == ["D01", "D02", "D03", "D04"]
    assert awarded(result, "praised")[:2] == ["D05", "D06"]
    assert "暂不列入" in codes(result, "boundary_tie")[0].message


def test_003_六2_tie_at_rank_10_is_a_warning_for_the_praise() -> None:
    departments = ranked(14)
    departments[10]["evaluations"] = dict(departments[9]["evaluations"])  # D11 ties D10
    result = run(SCHEME, departments)
    [tie] = codes(result, "boundary_tie")
    assert "前10名（表扬）" in tie.message and "第10处、第11处" in tie.message
    assert "D11" in awarded(result, "praised")


def test_003_六2_the_party_groups_recommendation_is_kept_when_it_is_an_advanced_department() -> None:
    departments = ranked(8)
    departments[3]["recommended_to_city"] = True
    departments[4]["recommended_to_city"] = True
    result = run(SCHEME, departments)
    assert awarded(result, "recommended_to_city") == ["D04", "D05"]
    assert result.ok


def test_003_六2_recommending_a_department_outside_the_top_five_is_an_error() -> None:
    departments = ranked(8)
    departments[6]["recommended_to_city"] = True
    result = run(SCHEME, departments)
    [error] = codes(result, "recommended_not_advanced")
    assert (error.department_id, error.clause, result.ok) == ("D07", "六2", False)


# ---------------------------------------------------------------- 六4 veto


def test_003_六4_vetoed_department_in_the_top_five_takes_no_award_and_the_next_moves_up() -> None:
    departments = ranked(12)
    departments[1]["veto"] = 2  # D02, second by score: 六4(2) 被通报批评
    result = run(SCHEME, departments)
    assert by_id(result)["D02"].rank == 2 and by_id(result)["D02"].awards == []
    assert by_id(result)["D02"].vetoed
    assert awarded(result, "advanced_department") == ["D01", "D03", "D04", "D05", "D06"]
    assert awarded(result, "recommended_to_city") == ["D01", "D03"]
    assert awarded(result, "praised") == ["D07", "D08", "D09", "D10", "D11"]
    [veto] = codes(result, "vetoed")
    assert veto.clause == "六4(2)" and "被通报批评" in veto.message and "递补" in veto.message


def test_003_六4_a_veto_in_words_is_recorded_with_its_reason() -> None:
    departments = ranked(3)
    departments[0]["veto"] = "未按期整改巡察反馈问题"
    result = run(SCHEME, departments)
    [veto] = codes(result, "vetoed")
    assert veto.clause == "六4" and "未按期整改巡察反馈问题" in veto.message
    assert "advanced_department" not in by_id(result)["D01"].awards


def test_003_六2_a_tie_at_the_last_two_line_is_a_warning_and_both_heads_are_named() -> None:
    departments = ranked(12)
    departments[9]["evaluations"] = dict(departments[10]["evaluations"])  # D10 ties D11, one above D12
    result = run(SCHEME, departments)
    assert awarded(result, "head_not_excellent") == ["D10", "D11", "D12"]
    assert any("排名最后2名" in tie.message for tie in codes(result, "boundary_tie"))
    # D10 and D11 tie at rank 10 too: praised and among the last two at once is for the party group.
    assert {f.department_id for f in codes(result, "award_and_last_place")} == {"D10", "D11"}


def test_003_六2_a_tie_at_the_bottom_is_named_from_the_bottom() -> None:
    """六2 "考核排名最后2名": D12 is last and D10 ties D11 just above it, so the tie is on the second
    place from the bottom — "倒数第2名并列", never "第1名并列" (B5)."""
    departments = ranked(12)
    departments[9]["evaluations"] = dict(departments[10]["evaluations"])
    result = run(SCHEME, departments)
    [bottom] = [tie for tie in codes(result, "boundary_tie") if "排名最后2名" in tie.message]
    assert "倒数第2名并列：第10处、第11处" in bottom.message
    assert "第1名并列" not in bottom.message


def test_003_六2_when_every_department_ties_the_tie_is_blamed_not_the_count() -> None:
    """六2: twelve departments all equal are all 先进处室 and all among the last two — because of the tie,
    not because too few departments took part (B5)."""
    departments = [department(i) for i in range(1, 13)]
    result = run(SCHEME, departments)
    overlaps = codes(result, "award_and_last_place")
    assert len(overlaps) == 12
    assert all("得分并列" in f.message and "参评部门" not in f.message for f in overlaps)


def test_003_六2_with_too_few_departments_the_count_is_blamed() -> None:
    """六2: four distinct departments are all in the top five and two are the last two — the count."""
    result = run(SCHEME, ranked(4))
    overlaps = codes(result, "award_and_last_place")
    assert sorted(f.department_id for f in overlaps) == ["D03", "D04"]
    assert all("参评部门仅4个" in f.message for f in overlaps)


def test_003_六4_a_vetoed_department_still_counts_among_the_last_two() -> None:
    departments = ranked(12)
    departments[11]["veto"] = 1
    result = run(SCHEME, departments)
    assert awarded(result, "head_not_excellent") == ["D11", "D12"]


def test_003_rules_are_a_pure_function_of_request_and_policy() -> None:
    from schemas.department import DepartmentRound

    request = DepartmentRound.model_validate({"year": 2016, "departments": ranked(3)})
    policy = default_policy(SCHEME)
    first, second = evaluate(request, policy), evaluate(request, policy)  # type: ignore[arg-type]
    assert first == second and first.scheme == SCHEME and first.ok


def test_003_四_一_democratic_review_is_10_points_serving_the_public_and_20_otherwise() -> None:
    """四(一) "承担对外服务的业务部门本项10分，不承担对外服务的综合部门，本项20分".

    The input is 0–100 and is scaled to the weight."""
    serving = department(1, serves_public=True, evaluations={"democratic": 100, "style": 0, "leaders": 0})
    internal = department(2, evaluations={"democratic": 100, "leaders": 0})
    half = department(3, evaluations={"democratic": 50, "leaders": 0})
    result = by_id(run(SCHEME, [serving, internal, half]))
    assert [result[key].parts.evaluation.democratic for key in ("D01", "D02", "D03")] == [10, 20, 10]
    assert result["D02"].parts.evaluation.weights == {"democratic": 20, "style": 0, "leaders": 10}


def test_003_四_三_leaders_evaluation_is_10_points_for_every_department() -> None:
    """四(三) "委领导班子成员书面测评" 10 points whether or not the department serves the public."""
    payloads = [
        department(1, serves_public=True, evaluations={"democratic": 0, "style": 0, "leaders": 100}),
        department(2, evaluations={"democratic": 0, "leaders": 100}),
        department(3, evaluations={"democratic": 0, "leaders": 0}),
    ]
    result = by_id(run(SCHEME, payloads))
    assert [result[key].parts.evaluation.leaders for key in ("D01", "D02", "D03")] == [10, 10, 0]
    assert [result[key].total for key in ("D01", "D02", "D03")] == [80, 80, 70]
