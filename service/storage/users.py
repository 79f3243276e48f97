"""Users and login tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.models import LoginToken, User


def get_user_by_key(*, session: Session, username_key: str) -> User | None:
    """The user whose folded name (service/usernames.py) is this key."""
    return session.scalar(select(User).where(User.username_key == username_key))


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def add_user(*, session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def add_token(*, session: Session, user_id: int, token_hash: str, expires_at: dt.datetime) -> LoginToken:
    token = LoginToken(user_id=user_id, token_hash=token_hash, expires_at=expires_at)
    session.add(token)
    return token


def get_token(*, session: Session, token_hash: str) -> LoginToken | None:
    return session.scalar(select(LoginToken).where(LoginToken.token_hash == token_hash))


def revoke_tokens(*, session: Session, user_id: int) -> int:
    """Every still-valid token of the user revoked; how many."""
    result = session.execute(
        update(LoginToken)
        .where(LoginToken.user_id == user_id, LoginToken.revoked.is_(False))
        .values(revoked=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def count_active_admins(*, session: Session) -> int:
    return len(list(session.scalars(select(User.id).where(User.role == "admin", User.active.is_(True)))))
