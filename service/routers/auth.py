"""Thin routes (STYLE.md 4): login, logout, who am I, users, the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from schemas.user import LoginRequest, TokenOut, UserCreate, UserOut
from service import auth
from service.auth import ActorDep
from service.db import SessionDep

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/login")
def login(credentials: LoginRequest, session: SessionDep) -> TokenOut:
    return auth.login(session=session, credentials=credentials)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, session: SessionDep, actor: ActorDep) -> None:
    auth.logout(session=session, token=auth.bearer_token(request), actor=actor)


@router.get("/auth/me")
def me(actor: ActorDep) -> dict[str, Any]:
    return auth.describe(actor)


@router.post("/users", status_code=201)
def create_user(data: UserCreate, session: SessionDep, actor: ActorDep) -> UserOut:
    return auth.create_user(session=session, actor=actor, data=data)


@router.get("/users")
def list_users(session: SessionDep, actor: ActorDep) -> list[UserOut]:
    return auth.list_users(session=session, actor=actor)


@router.get("/audit")
def audit_log(
    session: SessionDep, actor: ActorDep, entity: str | None = None, entity_id: str | None = None
) -> list[dict[str, Any]]:
    return auth.audit_log(session=session, actor=actor, entity=entity, entity_id=entity_id)
