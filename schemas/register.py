"""The 文号 register: allocate per (机关代字, year), void with a reason, list (DESIGN.md §3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from schemas.common import Model, RowId
from service.docnum import format_docnum


class DocnumAllocate(Model):
    agency_code: Annotated[str, Field(min_length=1, max_length=50)]
    year: Annotated[int, Field(ge=1949, le=2200)]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    round_id: RowId | None = None

    @field_validator("agency_code")
    @classmethod
    def _makes_a_docnum(cls, agency_code: str) -> str:
        format_docnum(agency_code, 2000, 1)  # a 机关代字 with brackets or spaces cannot make a 文号 (422)
        return agency_code


class DocnumVoid(Model):
    reason: Annotated[str, Field(min_length=2, max_length=500)]


class DocnumOut(BaseModel):
    id: int
    agency_code: str
    year: int
    number: int
    text: str
    title: str
    round_id: int | None
    status: str
    void_reason: str | None
    allocated_by: str
    allocated_at: dt.datetime
    voided_by: str | None
    voided_at: dt.datetime | None
