"""An organisation's own notice text for a scheme: each save a new version, never changed after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class NoticeText(Base):
    """The paragraphs of schemas.notice_text.NoticeTextIn, figures as {placeholders} of the policy."""

    __tablename__ = "notice_texts"
    __table_args__ = (UniqueConstraint("organisation_id", "scheme", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    scheme: Mapped[str] = mapped_column(String(50))
    version: Mapped[int]
    paragraphs: Mapped[list[Any]]
    saved_by: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
