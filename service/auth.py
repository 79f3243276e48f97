"""Login, roles and who is asking.

`settings.mode == "local"` (make run's default, bound to 127.0.0.1) asks for no login: a request
without a token acts as the local administrator. `mode == "production"` needs a bearer token on every
endpoint but /api/health, refuses to start without a secret key, and has no default password: the first
admin is created with `python -m service.users create-admin NAME`.

Tokens are random and opaque; the database keeps only their HMAC (keyed with the secret key), so a copy
of the database logs nobody in and a token is revoked by deleting or flagging one row.
Passwords are hashed with argon2 (pwdlib). Logins are throttled per account and per client address
(service/throttle.py); users are managed by admins in service/accounts.py.

The pages may log in with a cookie instead of the header: the token returned by `login`, set as the
cookie `SESSION_COOKIE` (HttpOnly, SameSite=Strict); every write carrying it is held to the CSRF token
(service/csrf.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pwdlib import PasswordHash
from sqlalchemy.orm import Session

from schemas.user import LoginRequest, TokenOut, UserOut
from service import audit, throttle
from service.config import Settings, settings
from service.db import Database, database_of
from service.errors import Forbidden, Unauthorized
from service.models import User
from service.models.base import as_utc
from service.storage import audit as audit_storage
from service.storage import users as user_storage
from service.usernames import username_key

MODES = ("local", "production")
# The pages' login and logout too: a stale cookie must not stand between a user and the login page.
PUBLIC_PATHS = frozenset({"/api/health", "/api/auth/login", "/login", "/logout"})
ROLE_NAMES = {
    "clerk": "业务科办事员",
    "department_head": "部门负责人",
    "leader": "考核领导小组",
    "admin": "管理员",
}

password_hash = PasswordHash.recommended()  # argon2id
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Actor:
    """Who is asking: a logged-in user, or the local single user of `make run`."""

    username: str
    role: str
    department_id: int | None = None
    user_id: int | None = None


LOCAL_ADMIN = Actor(username="local", role="admin")
ANONYMOUS = Actor(username="anonymous", role="anonymous")


def check_settings(config: Settings) -> None:
    """Startup refuses what production must not run with."""
    if config.mode not in MODES:
        raise RuntimeError(f"MODE 应为 {' 或 '.join(MODES)}，收到 {config.mode!r}")
    if config.mode == "production" and len(config.secret_key) < 32:
        raise RuntimeError("生产模式必须设置 SECRET_KEY（至少32个字符），拒绝启动")


def _token_digest(token: str) -> str:
    key = (settings.secret_key or "local-mode").encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def user_out(user: User) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


def login(*, database: Database, credentials: LoginRequest, address: str) -> TokenOut:
    """A token for the right password, unless the account or the address is locked (429, throttle.py).

    Two short transactions with the argon2 check (slow on purpose) between them, inside neither: look up
    the user and check the lockout; then record the outcome. A failure is committed (count, audit row)
    even though the answer is a 401, which is why this takes the database, not the request's session.
    """
    key = username_key(credentials.username)
    keys = throttle.keys_for(key, address)
    with database.session() as session:
        throttle.check(session=session, keys=keys, now=dt.datetime.now(dt.UTC))
        user = user_storage.get_user_by_key(session=session, username_key=key[:100])
        stored_hash = user.password_hash if user else _DUMMY_HASH
    valid = password_hash.verify(credentials.password, stored_hash) and user is not None and user.active
    now = dt.datetime.now(dt.UTC)
    with database.session(write=True) as session:
        if not valid:
            locked = throttle.record_failure(session=session, keys=keys, now=now)
            _audit_failure(
                session=session, credentials=credentials, user=user, address=address, locked=locked
            )
        else:
            assert user is not None
            throttle.check(session=session, keys=keys, now=now)  # locked by a parallel failure meanwhile
            throttle.clear(session=session, scope=throttle.ACCOUNT, key=key)
            token = secrets.token_urlsafe(32)
            expires_at = now + dt.timedelta(hours=settings.token_hours)
            user_storage.add_token(
                session=session, user_id=user.id, token_hash=_token_digest(token), expires_at=expires_at
            )
            audit.record(
                session=session,
                actor=user.username,
                action="login",
                entity="user",
                entity_id=user.id,
                after={"address": address},
            )
            return TokenOut(access_token=token, expires_at=expires_at, user=user_out(user))
    raise Unauthorized("用户名或密码不正确")


def _audit_failure(
    *,
    session: Session,
    credentials: LoginRequest,
    user: User | None,
    address: str,
    locked: list[throttle.Key],
) -> None:
    reason = "no_such_user" if user is None else "disabled" if not user.active else "wrong_password"
    audit.record(
        session=session,
        actor=credentials.username[:100],
        action="login_failed",
        entity="user",
        entity_id=user.id if user else username_key(credentials.username)[:100],
        after={"address": address, "reason": reason, "locked": [scope for scope, _ in locked]},
    )


def set_session_cookie(response: Response, login: TokenOut, *, secure: bool) -> None:
    """The pages' login: the token as an HttpOnly, SameSite=Strict cookie that no script and no other
    site can use; `secure` behind TLS (security.behind_tls). Writes carrying it need the CSRF token."""
    response.set_cookie(
        settings.session_cookie,
        login.access_token,
        expires=login.expires_at,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def logout(*, session: Session, token: str | None, actor: Actor) -> None:
    if token is None:
        return
    stored = user_storage.get_token(session=session, token_hash=_token_digest(token))
    if stored is not None:
        stored.revoked = True
        audit.record(
            session=session, actor=actor.username, action="logout", entity="user", entity_id=stored.user_id
        )


def bearer_token(request: Request) -> str | None:
    """The login token: `Authorization: Bearer …` (the API), else the pages' login cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(settings.session_cookie) or None


def actor_for_token(*, session: Session, token: str) -> Actor:
    stored = user_storage.get_token(session=session, token_hash=_token_digest(token))
    if stored is None or stored.revoked or as_utc(stored.expires_at) <= dt.datetime.now(dt.UTC):
        raise Unauthorized("登录已失效，请重新登录")
    user = user_storage.get_user(session=session, user_id=stored.user_id)
    if user is None or not user.active:
        raise Unauthorized("用户已停用")
    return Actor(username=user.username, role=user.role, department_id=user.department_id, user_id=user.id)


def _actor_of_token(database: Database, token: str) -> Actor:
    with database.session() as session:
        return actor_for_token(session=session, token=token)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def current_actor(request: Request) -> Actor:
    """The app-wide dependency: who is asking, or 401 in production without a valid token.

    The token is looked up in a short read session of its own, in a worker thread: sharing the
    request's session would start its transaction here — on SQLite a write request's BEGIN IMMEDIATE,
    then held through whatever slow work (a PDF, an Excel parse) the route does before it commits. And
    async, so /api/health and local mode need no thread at all.
    """
    actor = await _identify(request)
    request.state.actor = actor  # the pages' header shows who is logged in (service/pages/templating.py)
    return actor


async def _identify(request: Request) -> Actor:
    token = bearer_token(request)
    if request.url.path in PUBLIC_PATHS:
        # A stale token or cookie must not stand between a user and the login that replaces it.
        return ANONYMOUS
    if token is not None:
        return await run_in_threadpool(_actor_of_token, database_of(request), token)
    if settings.mode == "local":
        return LOCAL_ADMIN
    raise Unauthorized("请先登录（Authorization: Bearer <令牌>）")


ActorDep = Annotated[Actor, Depends(current_actor)]


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        allowed = "、".join(ROLE_NAMES[r] for r in roles)
        raise Forbidden(f"此操作仅限{allowed}")


def describe(actor: Actor) -> dict[str, Any]:
    return {
        "username": actor.username,
        "role": actor.role,
        "department_id": actor.department_id,
        "mode": settings.mode,
    }


AUDIT_READERS = ("admin", "leader")
AUDIT_MAX_ROWS = 500


def audit_log(
    *,
    session: Session,
    actor: Actor,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: int | None = None,
    limit: int = AUDIT_MAX_ROWS,
) -> list[dict[str, Any]]:
    """The newest changes first, at most `limit` (≤ AUDIT_MAX_ROWS) older than row `before_id`;
    admins and the 考核领导小组 may read it."""
    require_role(actor, *AUDIT_READERS)
    entries = audit_storage.list_entries(
        session=session,
        entity=entity,
        entity_id=entity_id,
        before_id=before_id,
        limit=max(1, min(limit, AUDIT_MAX_ROWS)),
    )
    return [
        {**audit.snapshot(entry), "at": entry.at.isoformat()}  # type: ignore[dict-item]
        for entry in entries
    ]
