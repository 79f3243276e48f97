"""Users, roles and login."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from schemas.common import WriteModel

Role = Literal["clerk", "department_head", "leader", "admin"]
Password = Annotated[str, Field(min_length=10, max_length=200)]


class LoginRequest(WriteModel):
    username: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class UserCreate(WriteModel):
    username: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")]
    display_name: Annotated[str, Field(min_length=1, max_length=100)]
    password: Password
    role: Role
    department_id: int | None = None


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    department_id: int | None
    active: bool


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
    user: UserOut
