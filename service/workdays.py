"""Working days on the official PRC holiday and 调休 calendar (DESIGN.md §3 "Dates in documents").

The calendar is the State Council's yearly 节假日安排 as packaged by `chinese_calendar`: a weekday inside
a holiday is not a working day, a weekend day moved by 调休 (e.g. Sunday 2024-09-29) is one.

Convention for periods ("公示期不少于3个工作日", "公示5个工作日"): a period of N working days starts ON
its first day when that day is a working day, otherwise on the next working day, and ends on its N-th
working day. So a 5-working-day 公示 starting Monday 2024-09-30 covers 9-30, 10-08, 10-09, 10-10 and
10-11 (10-01…10-07 are 国庆节) and ends on 2024-10-11, not 2024-10-04.

A year the package has no 节假日安排 for is refused with a Chinese message rather than guessed from
weekends alone: a wrong 公示 end date is worse than no date. When the State Council publishes a year
the package does not have yet (each November for the next year), an administrator adds it through
`PUT /api/holidays/{year}` (stored in the database, audited: service/holiday_years.py), or a unit drops
`service/holidays/<year>.json` — `{"holidays": ["2027-01-01", …], "workdays": ["2027-02-07", …]}`, the
holidays and the weekend days worked in lieu — on the server. For a year, the database wins over the
file, the file over the package.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import chinese_calendar

from service.config import settings
from service.errors import DomainError


class CalendarYearUnsupported(DomainError):
    """A date in a year whose official holiday arrangement is not known to the calendar."""

    error = "节假日安排缺失"


@cache
def _supplement() -> dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]:
    """Years added by the unit: year → (holidays, workdays in lieu), from service/holidays/<year>.json."""
    years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
    for path in sorted(settings.holiday_dir.glob("[0-9][0-9][0-9][0-9].json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        holidays = frozenset(dt.date.fromisoformat(d) for d in data.get("holidays", []))
        workdays = frozenset(dt.date.fromisoformat(d) for d in data.get("workdays", []))
        years[int(path.stem)] = (holidays, workdays)
    return years


YearArrangement = tuple[frozenset[dt.date], frozenset[dt.date]]  # (holidays, workdays in lieu)
# Years an administrator entered (the holiday_years table), set by service.holiday_years.
_entered: dict[int, YearArrangement] = {}


def use_entered_years(years: dict[int, YearArrangement]) -> None:
    """Replace the years entered through the API (service.holiday_years loads them from the database)."""
    global _entered
    _entered = dict(years)


@cache
def package_years() -> frozenset[int]:
    """The years the installed chinesecalendar package carries (2004–2026 for 1.10)."""
    return frozenset(day.year for day in (*chinese_calendar.holidays, *chinese_calendar.workdays))


def file_years() -> frozenset[int]:
    """The years added as service/holidays/<year>.json."""
    return frozenset(_supplement())


def known_years() -> frozenset[int]:
    """Every year with an official arrangement: the package's, the files', the administrator's."""
    return package_years() | frozenset(_supplement()) | frozenset(_entered)


def supported_years() -> tuple[int, int]:
    """First and last year the calendar knows."""
    years = known_years()
    return min(years), max(years)


def arrangement(year: int) -> YearArrangement | None:
    """A year's (holidays, workdays in lieu) as the calendar counts them — the administrator's, else the
    file's, else the package's — or None for a year it does not know."""
    found = _entered.get(year) or _supplement().get(year)
    if found is not None:
        return found
    if year not in package_years():
        return None
    return (
        frozenset(day for day in chinese_calendar.holidays if day.year == year),
        frozenset(day for day in chinese_calendar.workdays if day.year == year),
    )


def _require_covered(day: dt.date) -> None:
    if day.year not in known_years():
        first, last = supported_years()
        raise CalendarYearUnsupported(
            f"{day.year}年的国务院节假日安排尚未收录（已收录{first}—{last}年），"
            f"无法计算{day.isoformat()}前后的工作日；"
            f"请管理员按国务院办公厅通知录入{day.year}年节假日安排（PUT /api/holidays/{day.year}，"
            "见 README「工作日」）后重试"
        )


def is_working_day(day: dt.date) -> bool:
    """True on a 工作日, including a weekend day worked in lieu (调休上班)."""
    _require_covered(day)
    added = _entered.get(day.year) or _supplement().get(day.year)
    if added is not None:
        holidays, workdays = added
        return day in workdays or (day.weekday() < 5 and day not in holidays)
    return bool(chinese_calendar.is_workday(day))


def _positive(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"工作日天数应为不小于1的整数，收到 {n!r}")


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The last day of a period of `n` working days beginning on `start` (see the module's convention).

    `add_working_days(date(2024, 9, 30), 5)` → 2024-10-11; `n = 1` on a working day → `start` itself.
    """
    _positive(n)
    day = start
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == n:
                return day
        day += dt.timedelta(days=1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from `start` to `end`, both included; 0 when `end` is before `start`."""
    if end < start:
        return 0
    _require_covered(start)
    _require_covered(end)
    return sum(
        1 for offset in range((end - start).days + 1) if is_working_day(start + dt.timedelta(days=offset))
    )


def publicity_end(start: dt.date, n: int) -> dt.date:
    """The earliest end date of a 公示 of `n` working days starting on `start` (002 四(五), DESIGN.md §3)."""
    return add_working_days(start, n)
