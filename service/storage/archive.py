"""Issued documents: inserted, read, never updated (the migration's triggers refuse it too)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.models import IssuedDocument


def latest(
    *, session: Session, round_id: int, kind: str, subject: str, recipient: str = "", award: str = ""
) -> IssuedDocument | None:
    """The last version of one paper: (round, kind, subject, recipient, award) is its identity."""
    query = (
        select(IssuedDocument)
        .where(
            IssuedDocument.round_id == round_id,
            IssuedDocument.kind == kind,
            IssuedDocument.subject == subject,
            IssuedDocument.recipient == recipient,
            IssuedDocument.award == award,
        )
        .order_by(IssuedDocument.version.desc())
        .limit(1)
    )
    return session.scalar(query)


def add(*, session: Session, document: IssuedDocument) -> IssuedDocument:
    session.add(document)
    session.flush()
    return document


def with_docnum(*, session: Session, docnum: str) -> list[IssuedDocument]:
    """Every issued version that carries this 文号, oldest first."""
    query = select(IssuedDocument).where(IssuedDocument.docnum == docnum).order_by(IssuedDocument.id)
    return list(session.scalars(query))


def get(*, session: Session, document_id: int) -> IssuedDocument:
    found = session.get(IssuedDocument, document_id)
    if found is None:
        raise NotFound(f"没有编号为 {document_id} 的已签发文书")
    return found


def list_for_round(*, session: Session, round_id: int) -> list[IssuedDocument]:
    query = select(IssuedDocument).where(IssuedDocument.round_id == round_id).order_by(IssuedDocument.id)
    return list(session.scalars(query))


def count(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(IssuedDocument)) or 0
