"""STUB — to be completed: department schemes 003/004 request and response (DESIGN.md §4)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from schemas.common import Identifier, Model, Name


class Department(Model):
    id: Identifier
    name: Name


class DepartmentRound(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    policy: dict[str, Any] = Field(default_factory=dict)
    departments: Annotated[list[Department], Field(min_length=1)]
