"""A year's 节假日安排 as the State Council publishes it (国务院办公厅关于YYYY年部分节假日安排的通知)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from schemas.common import WriteModel

# A year has 7 holidays of at most 8 days and a handful of 调休 days: these caps are generous.
MAX_HOLIDAYS, MAX_WORKDAYS = 60, 20


class HolidayYearIn(WriteModel):
    """`holidays`: every day off of the arrangement (weekend days inside a holiday may be listed too);
    `workdays`: the weekend days worked in lieu (调休上班). Every date in the year of the URL."""

    holidays: Annotated[list[dt.date], Field(min_length=1, max_length=MAX_HOLIDAYS)]
    workdays: Annotated[list[dt.date], Field(max_length=MAX_WORKDAYS)] = Field(default_factory=list)
    source: Annotated[str, Field(min_length=2, max_length=200)] = Field(
        description="所依据的通知，如 国办发明电〔2026〕7号"
    )


class HolidayYearOut(BaseModel):
    year: int
    origin: str  # database | file | package
    holidays: list[dt.date] | None = None
    workdays: list[dt.date] | None = None
    source: str | None = None
    updated_by: str | None = None
    updated_at: dt.datetime | None = None
