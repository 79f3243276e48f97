"""A year's 节假日安排 entered by an administrator (service/holidays.py, service/workdays.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class HolidayYear(Base):
    """The State Council's arrangement for one year: weekday holidays and weekend days worked in lieu."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    holidays: Mapped[list[Any]]
    workdays: Mapped[list[Any]]
    source: Mapped[str] = mapped_column(
        String(200)
    )  # the notice it is copied from, e.g. 国办发明电〔2026〕7号
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
