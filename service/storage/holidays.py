"""Rows of the holiday_years table (a year's 节假日安排 entered by an administrator)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import HolidayYear


def get(*, session: Session, year: int) -> HolidayYear | None:
    return session.get(HolidayYear, year)


def add(*, session: Session, year: HolidayYear) -> HolidayYear:
    session.add(year)
    session.flush()
    return year


def list_years(*, session: Session) -> list[HolidayYear]:
    return list(session.scalars(select(HolidayYear).order_by(HolidayYear.year)))
