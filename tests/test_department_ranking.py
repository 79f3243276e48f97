"""The one home of ranks and ties for seeds 003 六2 and 004 五1."""

from __future__ import annotations

from decimal import Decimal

from service.rules.department_ranking import (
    competition_ranks,
    decimal,
    select_bottom,
    select_top,
    tie_warning,
)


def scores(**values: float) -> dict[str, Decimal]:
    return {key: decimal(value) for key, value in values.items()}


def test_a_tie_on_the_total_shares_the_rank_and_the_next_rank_is_skipped() -> None:
    assert competition_ranks(scores(a=98, b=95.5, c=95.5, d=90)) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_decimal_sums_tie_where_float_sums_would_not() -> None:
    assert 0.1 + 0.2 != 0.3  # why the rules add Decimals
    assert competition_ranks({"a": decimal(0.1) + decimal(0.2), "b": decimal(0.3)}) == {"a": 1, "b": 1}


def test_select_top_without_a_tie_takes_exactly_the_seats() -> None:
    selection = select_top(scores(a=5, b=4, c=3), 2)
    assert (selection.chosen, selection.clean) == (["a", "b"], True)


def test_select_top_with_a_tie_on_the_boundary_reports_the_tied_group() -> None:
    values = scores(a=5, b=4, c=4, d=3)
    include = select_top(values, 2, "include_all")
    exclude = select_top(values, 2, "exclude_all")
    assert (include.chosen, include.tied) == (["a", "b", "c"], ["b", "c"])
    assert (exclude.chosen, exclude.tied) == (["a"], ["b", "c"])


def test_a_tie_inside_the_seats_is_not_a_boundary_tie() -> None:
    assert select_top(scores(a=5, b=5, c=3), 2).clean


def test_select_top_with_more_seats_than_candidates_or_none() -> None:
    assert select_top(scores(a=1), 5).chosen == ["a"]
    assert select_top(scores(a=1), 0).chosen == []


def test_select_bottom_reads_from_the_last_place_up() -> None:
    selection = select_bottom(scores(a=5, b=4, c=3, d=3), 1)
    assert (selection.chosen, selection.boundary_score) == (["c", "d"], Decimal(3))


def test_tie_warning_names_the_tied_departments_and_who_decides() -> None:
    selection = select_top(scores(a=5, b=4.5, c=4.5), 2)
    finding = tie_warning(
        selection,
        {"a": "甲处", "b": "乙处", "c": "丙处"},
        award="先进处室",
        clause="六2",
        decider="党组",
        tie_rule="include_all",
    )
    assert finding.severity == "warning" and finding.clause == "六2"
    assert (
        finding.message
        == "先进处室名额2个，第2名并列：乙处、丙处（均为4.5分）；并列部门均已列入，共3个，请党组研究确定"
    )
