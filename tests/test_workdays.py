"""Working days on the official PRC calendar (DESIGN.md §3; 002 四(五) "公示期不少于3个工作日")."""

from __future__ import annotations

import datetime as dt

import pytest

from service.workdays import (
    CalendarYearUnsupported,
    add_working_days,
    is_working_day,
    publicity_end,
    supported_years,
    working_days_between,
)


def test_design_3_five_working_day_publicity_from_2024_09_30_ends_2024_10_11() -> None:
    assert publicity_end(dt.date(2024, 9, 30), 5) == dt.date(2024, 10, 11)
    assert add_working_days(dt.date(2024, 9, 30), 5) == dt.date(2024, 10, 11)


def test_national_day_weekdays_are_holidays_and_tiaoxiu_weekends_are_working_days() -> None:
    assert not is_working_day(dt.date(2024, 10, 2))  # Wednesday in 国庆节
    assert is_working_day(dt.date(2024, 9, 29))  # Sunday worked in lieu
    assert is_working_day(dt.date(2024, 10, 12))  # Saturday worked in lieu
    assert not is_working_day(dt.date(2024, 10, 13))  # an ordinary Sunday


def test_a_period_starts_on_its_first_day_when_that_is_a_working_day() -> None:
    assert add_working_days(dt.date(2024, 9, 30), 1) == dt.date(2024, 9, 30)
    assert add_working_days(dt.date(2024, 11, 4), 3) == dt.date(2024, 11, 6)  # Mon → Wed


def test_a_period_starting_on_a_holiday_starts_on_the_next_working_day() -> None:
    assert add_working_days(dt.date(2024, 10, 1), 1) == dt.date(2024, 10, 8)
    assert add_working_days(dt.date(2024, 11, 2), 3) == dt.date(2024, 11, 6)  # Saturday start


def test_three_working_days_over_a_weekend() -> None:
    assert add_working_days(dt.date(2024, 11, 7), 3) == dt.date(2024, 11, 11)  # Thu, Fri, Mon


def test_working_days_between_counts_both_ends() -> None:
    assert working_days_between(dt.date(2024, 9, 30), dt.date(2024, 10, 11)) == 5
    assert working_days_between(dt.date(2024, 11, 4), dt.date(2024, 11, 4)) == 1
    assert working_days_between(dt.date(2024, 10, 1), dt.date(2024, 10, 7)) == 0
    assert working_days_between(dt.date(2024, 11, 5), dt.date(2024, 11, 4)) == 0


def test_between_and_add_agree() -> None:
    start = dt.date(2024, 1, 25)
    for n in range(1, 40):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_a_year_without_an_official_arrangement_is_refused_in_chinese_not_guessed() -> None:
    last = supported_years()[1]
    beyond = dt.date(last + 1, 3, 2)
    with pytest.raises(CalendarYearUnsupported, match="节假日安排尚未收录"):
        is_working_day(beyond)
    with pytest.raises(CalendarYearUnsupported):
        working_days_between(dt.date(last, 12, 1), beyond)
    with pytest.raises(CalendarYearUnsupported):
        add_working_days(dt.date(last, 12, 20), 30)
    with pytest.raises(CalendarYearUnsupported):
        is_working_day(dt.date(1999, 5, 4))


@pytest.mark.parametrize("n", [0, -1])
def test_a_period_must_have_at_least_one_working_day(n: int) -> None:
    with pytest.raises(ValueError, match="工作日天数"):
        add_working_days(dt.date(2024, 9, 30), n)


def test_a_year_added_by_the_unit_follows_its_own_arrangement(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A year the package lacks is computed from service/holidays/<year>.json once the unit adds it."""
    from service import workdays
    from service.config import settings

    year = supported_years()[1] + 1
    # A made-up arrangement: Monday 1 January off, Saturday 6 January worked in lieu.
    monday = dt.date(year, 1, 1) + dt.timedelta(days=(7 - dt.date(year, 1, 1).weekday()) % 7)
    saturday = monday + dt.timedelta(days=5)
    (tmp_path / f"{year}.json").write_text(
        f'{{"holidays": ["{monday}"], "workdays": ["{saturday}"]}}', encoding="utf-8"
    )
    monkeypatch.setattr(settings, "holiday_dir", tmp_path)
    workdays._supplement.cache_clear()
    try:
        assert not workdays.is_working_day(monday)
        assert workdays.is_working_day(saturday)
        assert workdays.is_working_day(monday + dt.timedelta(days=1))
        # Tuesday … Saturday (in lieu) are the five working days of a 公示 starting on the holiday.
        assert workdays.add_working_days(monday, 5) == saturday
    finally:
        workdays._supplement.cache_clear()
