"""Thin routes (STYLE.md 4): user management, admin-only and audited (service/accounts.py)."""

from __future__ import annotations

from fastapi import APIRouter

from schemas.common import RowId
from schemas.user import PasswordReset, UserCreate, UserOut, UserUpdate
from service import accounts
from service.auth import ActorDep
from service.db import SessionDep

router = APIRouter(prefix="/api/users", tags=["auth"])


@router.post("", status_code=201)
def create_user(data: UserCreate, session: SessionDep, actor: ActorDep) -> UserOut:
    return accounts.create_user(session=session, actor=actor, data=data)


@router.get("")
def list_users(session: SessionDep, actor: ActorDep) -> list[UserOut]:
    return accounts.list_users(session=session, actor=actor)


@router.patch("/{user_id}", summary="停用/启用、更改角色或部门")
def update_user(user_id: RowId, changes: UserUpdate, session: SessionDep, actor: ActorDep) -> UserOut:
    return accounts.update_user(session=session, actor=actor, user_id=user_id, changes=changes)


@router.post("/{user_id}/password", summary="重置密码（并注销该用户的全部登录）")
def reset_password(user_id: RowId, request: PasswordReset, session: SessionDep, actor: ActorDep) -> UserOut:
    return accounts.reset_password(session=session, actor=actor, user_id=user_id, request=request)


@router.post("/{user_id}/revoke-tokens", summary="注销该用户的全部登录令牌")
def revoke_tokens(user_id: RowId, session: SessionDep, actor: ActorDep) -> dict[str, int]:
    return accounts.revoke_tokens(session=session, actor=actor, user_id=user_id)


@router.post("/{user_id}/unlock", summary="解除登录锁定")
def unlock(user_id: RowId, session: SessionDep, actor: ActorDep) -> dict[str, bool]:
    return accounts.unlock(session=session, actor=actor, user_id=user_id)
