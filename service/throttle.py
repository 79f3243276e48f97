"""Login throttling per account and per client address, kept in the database (issue 11 point 3).

Each failed login counts against the account (its folded username key, whether or not it exists, so a
lockout says nothing about which names are real) and against the client's address. When a count reaches
its limit within `LOGIN_FAILURE_WINDOW_SECONDS`, that account or address is locked for
`LOGIN_LOCKOUT_SECONDS`: every login from it is answered 429 with Retry-After, the right password too,
without a password check (an attempt during the lockout neither counts nor extends it). A lockout ends by
itself or when an admin lifts an account's (`POST /api/users/{id}/unlock`). A successful login clears
the account's count, not the address's (one good account must not buy an attacker fresh guesses).

Rows live in `login_throttle`, so several API processes share the counts; parallel failures of one key
serialise on its row (SQLite: the write transaction; PostgreSQL: INSERT … ON CONFLICT DO NOTHING, then
SELECT … FOR UPDATE), so none is lost and none fails.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.config import settings
from service.errors import TooManyAttempts
from service.models import LoginThrottle
from service.models.base import as_utc

ACCOUNT = "account"
ADDRESS = "address"
Key = tuple[str, str]  # (scope, key)
KEY_LENGTH = 100  # login_throttle.key; a longer folded name or forwarded address is cut (no user has one)


def keys_for(username_key: str, address: str) -> list[Key]:
    """The two counts a login attempt is held to: its account and its client address."""
    return [(ACCOUNT, username_key[:KEY_LENGTH]), (ADDRESS, address[:KEY_LENGTH])]


def _limit(scope: str) -> int:
    return settings.login_account_max_failures if scope == ACCOUNT else settings.login_address_max_failures


def _rows(session: Session, keys: Iterable[Key]) -> list[LoginThrottle]:
    wanted = [and_(LoginThrottle.scope == scope, LoginThrottle.key == key) for scope, key in keys]
    return list(session.scalars(select(LoginThrottle).where(or_(*wanted))))


def check(*, session: Session, keys: Iterable[Key], now: dt.datetime) -> None:
    """429 when any of the keys is locked, with the seconds until the last of its lockouts ends."""
    ends = [
        as_utc(row.locked_until)
        for row in _rows(session, keys)
        if row.locked_until is not None and as_utc(row.locked_until) > now
    ]
    if ends:
        wait = max(1, math.ceil((max(ends) - now).total_seconds()))
        later = f"{wait} 秒" if wait < 120 else f"{math.ceil(wait / 60)} 分钟"
        raise TooManyAttempts(f"登录失败次数过多，已暂时锁定，请 {later}后再试，或请管理员解锁", wait)


def _locked_row(session: Session, scope: str, key: str) -> LoginThrottle:
    """The key's row, created if missing, locked against parallel failures until the commit."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values = {"scope": scope, "key": key, "failures": 0, "window_started_at": dt.datetime.now(dt.UTC)}
    session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing())
    statement = select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
    return session.scalars(statement.with_for_update().execution_options(populate_existing=True)).one()


def record_failure(*, session: Session, keys: Iterable[Key], now: dt.datetime) -> list[Key]:
    """Count one failure against each key; the keys this failure locked."""
    window = dt.timedelta(seconds=settings.login_failure_window_seconds)
    locked: list[Key] = []
    for scope, key in keys:
        row = _locked_row(session, scope, key)
        if row.locked_until is not None and as_utc(row.locked_until) > now:
            continue  # checked before a parallel failure locked it: the lockout stands as it is
        if now - as_utc(row.window_started_at) > window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= _limit(scope):
            row.locked_until = now + dt.timedelta(seconds=settings.login_lockout_seconds)
            row.failures, row.window_started_at = 0, now  # a fresh allowance once the lockout ends
            locked.append((scope, key))
    _forget_stale(session, now - max(window, dt.timedelta(seconds=settings.login_lockout_seconds)))
    return locked


def _forget_stale(session: Session, before: dt.datetime) -> None:
    """Rows whose window and lockout are long over say nothing any more (keeps the table small).

    Rows another login holds right now are skipped (SKIP LOCKED), so the clean-up never waits on one.
    """
    stale = (
        select(LoginThrottle.id)
        .where(
            LoginThrottle.window_started_at < before,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < before),
        )
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(stale))
    if ids:
        session.execute(delete(LoginThrottle).where(LoginThrottle.id.in_(ids)))


def clear(*, session: Session, scope: str, key: str) -> bool:
    """Forget a key's failures and lockout; whether there was anything to forget."""
    result = session.execute(
        delete(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key[:KEY_LENGTH])
    )
    return bool(getattr(result, "rowcount", 0))
