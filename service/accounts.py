"""User management (issue 11 point 3): create, list, disable, change role, reset password, revoke tokens,
lift a lockout. Admin-only, each change an audit row (who, when, before, after; never a hash).

Usernames are unique after folding and may not mix alphabets (service/usernames.py); passwords follow
the unit's policy (service/passwords.py). The last active admin cannot be disabled or demoted, so an
install can always be managed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from schemas.user import PasswordReset, UserCreate, UserOut, UserUpdate
from service import audit, throttle
from service.auth import Actor, password_hash, require_role, user_out
from service.errors import Conflict, InvalidPayload, NotFound
from service.models import User
from service.passwords import check_password
from service.storage import users as user_storage
from service.usernames import check_username, username_key

MANAGERS = ("admin",)


def _user(session: Session, user_id: int) -> User:
    user = user_storage.get_user(session=session, user_id=user_id)
    if user is None:
        raise NotFound(f"没有编号为 {user_id} 的用户")
    return user


def create_user(*, session: Session, actor: Actor, data: UserCreate) -> UserOut:
    require_role(actor, *MANAGERS)
    return _add_user(session=session, actor_name=actor.username, data=data)


def create_admin(*, session: Session, username: str, password: str) -> UserOut:
    """The first admin, from the command line (service.users)."""
    data = UserCreate(username=username, display_name=username, password=password, role="admin")
    return _add_user(session=session, actor_name="cli", data=data)


def _add_user(*, session: Session, actor_name: str, data: UserCreate) -> UserOut:
    name = check_username(data.username)
    key = username_key(name)
    existing = user_storage.get_user_by_key(session=session, username_key=key)
    if existing is not None:
        raise Conflict(f"用户名 {data.username} 与已有用户 {existing.username} 相同或过于相似")
    check_password(data.password, name)
    if data.role == "department_head" and data.department_id is None:
        raise Conflict("部门负责人必须指定所在部门（department_id）")
    user = user_storage.add_user(
        session=session,
        user=User(
            username=name,
            username_key=key,
            display_name=data.display_name,
            password_hash=password_hash.hash(data.password),
            role=data.role,
            department_id=data.department_id,
        ),
    )
    audit.record(
        session=session,
        actor=actor_name,
        action="create",
        entity="user",
        entity_id=user.id,
        after=audit.snapshot(user),
    )
    return user_out(user)


def list_users(*, session: Session, actor: Actor) -> list[UserOut]:
    require_role(actor, *MANAGERS)
    return [user_out(u) for u in user_storage.list_users(session=session)]


def _keeps_an_admin(session: Session, user: User, changes: dict[str, Any]) -> None:
    leaves = changes.get("active") is False or changes.get("role", "admin") != "admin"
    if (
        user.role == "admin"
        and user.active
        and leaves
        and user_storage.count_active_admins(session=session) <= 1
    ):
        raise Conflict("不能停用或降级最后一个管理员账号")


def update_user(*, session: Session, actor: Actor, user_id: int, changes: UserUpdate) -> UserOut:
    """Disable or enable, change role, department or display name. Disabling revokes every token."""
    require_role(actor, *MANAGERS)
    user = _user(session, user_id)
    values = changes.model_dump(exclude_unset=True)
    _keeps_an_admin(session, user, values)
    role = values.get("role", user.role)
    department = values.get("department_id", user.department_id)
    if role == "department_head" and department is None:
        raise InvalidPayload([(("department_id",), "部门负责人必须指定所在部门")])
    before = audit.snapshot(user)
    for name, value in values.items():
        setattr(user, name, value)
    revoked = 0 if user.active else user_storage.revoke_tokens(session=session, user_id=user.id)
    audit.record(
        session=session,
        actor=actor.username,
        action="update",
        entity="user",
        entity_id=user.id,
        before=before,
        after={**(audit.snapshot(user) or {}), "tokens_revoked": revoked},
    )
    return user_out(user)


def reset_password(*, session: Session, actor: Actor, user_id: int, request: PasswordReset) -> UserOut:
    """A new password (by the unit's policy); the user's tokens are revoked, so old logins end."""
    require_role(actor, *MANAGERS)
    user = _user(session, user_id)
    check_password(request.password, user.username)
    user.password_hash = password_hash.hash(request.password)
    revoked = user_storage.revoke_tokens(session=session, user_id=user.id)
    audit.record(
        session=session,
        actor=actor.username,
        action="reset_password",
        entity="user",
        entity_id=user.id,
        after={"tokens_revoked": revoked},
    )
    return user_out(user)


def revoke_tokens(*, session: Session, actor: Actor, user_id: int) -> dict[str, int]:
    require_role(actor, *MANAGERS)
    user = _user(session, user_id)
    revoked = user_storage.revoke_tokens(session=session, user_id=user.id)
    audit.record(
        session=session,
        actor=actor.username,
        action="revoke_tokens",
        entity="user",
        entity_id=user.id,
        after={"tokens_revoked": revoked},
    )
    return {"revoked": revoked}


def unlock(*, session: Session, actor: Actor, user_id: int) -> dict[str, bool]:
    """Lift the account's login lockout (and forget its failures) before it ends by itself."""
    require_role(actor, *MANAGERS)
    user = _user(session, user_id)
    lifted = throttle.clear(session=session, scope=throttle.ACCOUNT, key=user.username_key or "")
    audit.record(
        session=session,
        actor=actor.username,
        action="unlock",
        entity="user",
        entity_id=user.id,
        after={"lifted": lifted},
    )
    return {"unlocked": lifted}
