"""Users and login tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import LoginToken, User


def get_user_by_name(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


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
