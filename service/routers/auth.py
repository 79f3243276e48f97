"""Thin routes (STYLE.md 4): login, logout, who am I, the audit log. Users: routers/users.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from schemas.common import RowId
from schemas.user import LoginRequest, TokenOut
from service import auth
from service.auth import ActorDep
from service.db import SessionDep, database_of
from service.security import client_address

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/login")
def login(credentials: LoginRequest, request: Request) -> TokenOut:
    # Its own short transactions, not the request's session: a failure must be kept (auth.login).
    address = client_address(request.scope)
    return auth.login(database=database_of(request), credentials=credentials, address=address)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, session: SessionDep, actor: ActorDep) -> None:
    auth.logout(session=session, token=auth.bearer_token(request), actor=actor)


@router.get("/auth/me")
def me(actor: ActorDep) -> dict[str, Any]:
    return auth.describe(actor)


@router.get("/audit", summary="审计日志（最新在前；before_id 翻页）")
def audit_log(
    session: SessionDep,
    actor: ActorDep,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: RowId | None = None,
) -> list[dict[str, Any]]:
    return auth.audit_log(
        session=session, actor=actor, entity=entity, entity_id=entity_id, before_id=before_id
    )
