"""The 文号 register: allocate per (机关代字, year), void with a reason, list (DESIGN.md §3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from schemas.common import RowId, WriteModel
from service.docnum import format_docnum


def _makes_a_docnum(agency_code: str) -> str:
    format_docnum(agency_code, 2000, 1)  # a 机关代字 with brackets or spaces cannot make a 文号 (422)
    return agency_code


AgencyCode = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_makes_a_docnum)]
Year = Annotated[int, Field(ge=1949, le=2200)]


class DocnumAllocate(WriteModel):
    agency_code: AgencyCode
    year: Year
    title: Annotated[str, Field(min_length=1, max_length=300)]
    round_id: RowId | None = None


class DocnumVoid(WriteModel):
    reason: Annotated[str, Field(min_length=2, max_length=500)]


class DocnumStart(WriteModel):
    """Begin a year's sequence at `next_number`: the numbers before it were given out before the
    service was installed ("start 2025 at 13")."""

    agency_code: AgencyCode
    year: Year
    next_number: Annotated[int, Field(ge=1, le=100_000)]


class DocnumCounterOut(BaseModel):
    agency_code: str
    year: int
    next_number: int


class DocnumExternal(WriteModel):
    """A number allocated outside the service, recorded so that it is never given again."""

    docnum: Annotated[str, Field(min_length=1, max_length=100)]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    round_id: int | None = None


class DocnumOut(BaseModel):
    id: int
    agency_code: str
    year: int
    number: int
    text: str
    title: str
    round_id: int | None
    status: str
    source: str = "service"
    paper: str | None = None
    void_reason: str | None
    allocated_by: str
    allocated_at: dt.datetime
    voided_by: str | None
    voided_at: dt.datetime | None
