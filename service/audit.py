"""Who did what: every change writes one audit row (who, when, the record before and after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from service.models import Base
from service.storage import audit as audit_storage

# Columns never copied into the log: the bytes of a document and secrets.
_NOT_LOGGED = frozenset({"content", "password_hash", "token_hash"})


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(record: Base | None) -> dict[str, Any] | None:
    """A row's columns as JSON, the way the audit log keeps them."""
    if record is None:
        return None
    columns = inspect(record).mapper.column_attrs
    return {c.key: _json_safe(getattr(record, c.key)) for c in columns if c.key not in _NOT_LOGGED}


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One change. Flushes first so a new row's id is known and written in the same transaction."""
    session.flush()
    audit_storage.add_entry(
        session=session,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=before,
        after=after,
    )
