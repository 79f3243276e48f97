"""A round of appraisal and what it holds: each person's entry, each department's result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class Round(Base):
    """One scheme's round for a year (or a quarter of it): cut-off date, timeline, policy override."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    scheme: Mapped[str] = mapped_column(String(50))
    year: Mapped[int]
    quarter: Mapped[int | None]
    as_of: Mapped[dt.date | None]
    starts_on: Mapped[dt.date]
    title: Mapped[str] = mapped_column(String(200))
    timeline: Mapped[list[Any]]
    policy: Mapped[dict[str, Any]]
    amounts: Mapped[dict[str, Any]]
    # schemas.round.RoundDetails: 上级文件, 考核领导小组, 公示 dates — what the round's papers cite.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Deferred: the whole result of a 20,000-person round is megabytes of JSON that one person's paper
    # never reads.
    result: Mapped[dict[str, Any] | None] = mapped_column(deferred=True)
    evaluated_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RoundEntry(Base):
    """A person in a round: the Person payload of schemas/evaluation.py, the proposal, the final grade."""

    __tablename__ = "round_entries"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    # Indexed: a person's history across rounds (and one person's paper) is looked up by person.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    payload: Mapped[dict[str, Any]]
    proposed_grade: Mapped[str | None] = mapped_column(String(10))
    final_grade: Mapped[str | None] = mapped_column(String(10))
    eligible: Mapped[bool | None]
    outcomes: Mapped[list[Any]]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DepartmentResult(Base):
    """A department in a department-scheme round (003/004): its input and its total, rank and awards."""

    __tablename__ = "department_results"
    __table_args__ = (UniqueConstraint("round_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    payload: Mapped[dict[str, Any]]
    total: Mapped[float | None]
    rank: Mapped[int | None]
    awards: Mapped[list[Any]]
