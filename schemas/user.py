"""Users, roles and login."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from schemas.common import RowId, WriteModel

Role = Literal["clerk", "department_head", "leader", "admin"]
# The length a unit requires, and the rest of the policy, is checked by service/passwords.py (Settings).
Password = Annotated[str, Field(min_length=1, max_length=200)]
# No control characters: PostgreSQL refuses NUL in text, and nobody types a tab into a name.
PlainName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]


class LoginRequest(WriteModel):
    username: PlainName
    password: Annotated[str, Field(min_length=1, max_length=200)]


class UserCreate(WriteModel):
    username: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")]
    display_name: PlainName
    password: Password
    role: Role
    department_id: RowId | None = None


class UserUpdate(WriteModel):
    """What an admin may change; omitted fields stay. `active: false` disables and revokes every token."""

    display_name: PlainName | None = None
    role: Role | None = None
    department_id: RowId | None = None
    active: bool | None = None


class PasswordReset(WriteModel):
    password: Password


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
