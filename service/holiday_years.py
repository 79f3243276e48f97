"""A year's 节假日安排 added by an administrator (issue 9 point 9): stored, audited, validated, and used
by service.workdays beside the chinesecalendar package and service/holidays/<year>.json.

So a 2026 round whose timeline reaches 2027 can start as soon as the State Council publishes the 2027
arrangement, without a file on the server. A year the installed package already carries is refused
(409): the package is the official copy and a typo must not override it.

Every process keeps the entered years in memory (service.workdays) and reloads them from the database
at most every RELOAD_SECONDS, and at once when it wrote them or when it serves another database; other
API processes see an added year within that time.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from schemas.holiday import HolidayYearIn, HolidayYearOut
from service import audit, workdays
from service.auth import Actor, require_role
from service.db import Database, database_of
from service.errors import Conflict, InvalidPayload
from service.models import HolidayYear
from service.storage import holidays as holiday_storage

RELOAD_SECONDS = 30.0
_lock = threading.Lock()
_loaded: dict[str, Any] = {"database": None, "at": 0.0}
WEEKDAYS = "一二三四五六日"
EDITORS = ("admin",)


def _arrangement(row: HolidayYear) -> workdays.YearArrangement:
    return (
        frozenset(dt.date.fromisoformat(d) for d in row.holidays),
        frozenset(dt.date.fromisoformat(d) for d in row.workdays),
    )


def load(*, session: Session) -> None:
    """Hand the database's years to the calendar (service.workdays)."""
    workdays.use_entered_years(
        {row.year: _arrangement(row) for row in holiday_storage.list_years(session=session)}
    )


def refresh(request: Request) -> None:
    """A dependency of the routers that count a round's working days (rounds, holidays): the calendar
    has this database's years, at most RELOAD_SECONDS old. The stateless endpoints need no database
    and use what the process last loaded, the files and the package."""
    database = database_of(request)
    with _lock:
        fresh = time.monotonic() - _loaded["at"] < RELOAD_SECONDS
        if _loaded["database"] is database and fresh:
            return
        _reload(database)


def _reload(database: Database) -> None:
    with database.session() as session:
        load(session=session)
    _loaded.update(database=database, at=time.monotonic())


def _problems(year: int, request: HolidayYearIn) -> list[tuple[tuple[str | int, ...], str]]:
    """Dates in the year; 调休上班 only on a Saturday or Sunday; no day both off and worked; no repeats."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for field, days in (("holidays", request.holidays), ("workdays", request.workdays)):
        seen: set[dt.date] = set()
        for index, day in enumerate(days):
            if day.year != year:
                problems.append(((field, index), f"{day.isoformat()} 不在{year}年内"))
            if day in seen:
                problems.append(((field, index), f"{day.isoformat()} 重复"))
            seen.add(day)
            if field == "workdays" and day.weekday() < 5:
                problems.append(
                    (
                        (field, index),
                        f"{day.isoformat()} 是星期{WEEKDAYS[day.weekday()]}，调休上班日应为周六或周日",
                    )
                )
    both = sorted(set(request.holidays) & set(request.workdays))
    for day in both:
        problems.append(
            (("workdays", request.workdays.index(day)), f"{day.isoformat()} 同时列为放假日和调休上班日")
        )
    return problems


def _out(row: HolidayYear) -> HolidayYearOut:
    return HolidayYearOut(
        year=row.year,
        origin="database",
        holidays=sorted(dt.date.fromisoformat(d) for d in row.holidays),
        workdays=sorted(dt.date.fromisoformat(d) for d in row.workdays),
        source=row.source,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def put_year(*, session: Session, actor: Actor, year: int, request: HolidayYearIn) -> HolidayYearOut:
    """Add or correct a year's arrangement (admin only), audited with what it was before."""
    require_role(actor, *EDITORS)
    if year in workdays.package_years():
        raise Conflict(f"{year}年的国务院节假日安排已由日历包（chinesecalendar）收录，无需也不能在此录入")
    if not 1949 <= year <= 2200:
        raise InvalidPayload([(("year",), f"年份 {year} 不正确")])
    if problems := _problems(year, request):
        raise InvalidPayload(problems)
    row = holiday_storage.get(session=session, year=year)
    before = audit.snapshot(row)
    values = {
        "holidays": sorted(d.isoformat() for d in request.holidays),
        "workdays": sorted(d.isoformat() for d in request.workdays),
        "source": request.source,
        "updated_by": actor.username,
    }
    if row is None:
        row = holiday_storage.add(session=session, year=HolidayYear(year=year, **values))
    else:
        for field, value in values.items():
            setattr(row, field, value)
        session.flush()
    audit.record(
        session=session,
        actor=actor.username,
        action="put_holidays",
        entity="holiday_year",
        entity_id=year,
        before=before,
        after=audit.snapshot(row),
    )
    load(session=session)  # this process uses it at once; the others within RELOAD_SECONDS
    _loaded.update(at=0.0)  # reread after the commit, in case this transaction rolls back
    return _out(row)


def list_years(*, session: Session) -> list[HolidayYearOut]:
    """Every year the calendar knows, where its arrangement comes from, and its days off and worked."""
    entered = {row.year: _out(row) for row in holiday_storage.list_years(session=session)}
    files = set(workdays.file_years())
    listed = []
    for year in sorted(workdays.package_years() | files | set(entered)):
        if year in entered:
            listed.append(entered[year])
            continue
        holidays, worked = workdays.arrangement(year) or (frozenset(), frozenset())
        origin = "file" if year in files else "package"
        listed.append(
            HolidayYearOut(year=year, origin=origin, holidays=sorted(holidays), workdays=sorted(worked))
        )
    return listed
