"""The audit log's rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import AuditEntry


def add_entry(
    *,
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor, action=action, entity=entity, entity_id=entity_id, before=before, after=after
    )
    session.add(entry)
    return entry


def list_entries(
    *,
    session: Session,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: int | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Newest first; `before_id` pages on (the rows older than that one) without an OFFSET scan."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    return list(session.scalars(query))
