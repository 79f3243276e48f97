"""The 文号 register: one counter row per (机关代字, year) and one row per number ever given out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class DocnumCounter(Base):
    """The last number given out; allocation locks this row (PostgreSQL) or the database (SQLite)."""

    __tablename__ = "docnum_counters"

    agency_code: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Docnum(Base):
    """A number given out. Never deleted, never given again; a voided number stays voided."""

    __tablename__ = "docnums"
    __table_args__ = (UniqueConstraint("agency_code", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(50))
    year: Mapped[int]
    number: Mapped[int]
    text: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="issued")
    # "service": given out by the register; "external": allocated outside it (before the service was
    # installed, or by hand) and recorded so that it is never given again.
    source: Mapped[str] = mapped_column(String(10), default="service")
    # The identity of the issued paper that carries the number (service.archive.paper_key): a 文号 goes
    # on exactly one paper, its later versions included.
    paper: Mapped[str | None] = mapped_column(String(400))
    void_reason: Mapped[str | None] = mapped_column(String(500))
    allocated_by: Mapped[str] = mapped_column(String(100))
    allocated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    voided_at: Mapped[dt.datetime | None]
