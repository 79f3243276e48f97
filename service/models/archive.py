"""Issued documents: immutable rows (a correction is a new version), bytes kept as issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from service.errors import Conflict
from service.models.base import Base, utcnow


class IssuedDocument(Base):
    """A paper's identity is (round, kind, subject, recipient, award) (DESIGN.md §7): `subject` is the
    person's code for per-person papers and "" otherwise; `recipient` the 派出单位, 上报机关 or department
    the paper goes to ("" for the whole round); `award` the honour of a certificate (one person's 优秀
    and 敬业奉献奖 certificates are two papers). Versions chain only within one identity."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint(
            "round_id",
            "kind",
            "subject",
            "recipient",
            "award",
            "version",
            name="uq_issued_documents_identity_version",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(64), default="")
    recipient: Mapped[str] = mapped_column(String(200), default="")
    award: Mapped[str] = mapped_column(String(30), default="")
    version: Mapped[int]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="RESTRICT"))
    docnum: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]]
    template_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


@event.listens_for(IssuedDocument, "before_update")
def _refuse_update(_mapper: object, _connection: object, document: IssuedDocument) -> None:
    raise Conflict(f"已签发的文书不可修改（编号 {document.id}），更正请签发新版本")


@event.listens_for(IssuedDocument, "before_delete")
def _refuse_delete(_mapper: object, _connection: object, document: IssuedDocument) -> None:
    raise Conflict(f"已签发的文书不可删除（编号 {document.id}）")
