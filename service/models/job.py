"""Background jobs of our own (issue 15): state, progress and results that any instance can read.

A job's work may run in another process (a `make worker` on PostgreSQL), so nothing about a job lives
in a process's memory: the API answers `GET /api/jobs/{id}` and the download from these tables alone.
Results and the PDFs of finished chunks are rows of `job_files` (see README "Deploying for a district
or a province" for why the database and not a shared folder).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class Job(Base):
    """One submitted batch. `status`: queued → running → done | failed."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_created_at", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # "batch": a POST /api/jobs batch of documents
    # The actor who submitted it (its username): the owner check reads it.
    owner: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int]
    # A PDF job is cut into chunks of `chunk_size` items, each its own task; 0 chunks = one task.
    chunk_size: Mapped[int] = mapped_column(default=0)
    chunks_total: Mapped[int] = mapped_column(default=0)
    chunks_done: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    message: Mapped[str | None] = mapped_column(Text)
    request: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    # Where the result is: the name of its row in job_files; None until done or once pruned.
    result_name: Mapped[str | None] = mapped_column(String(80))
    media_type: Mapped[str | None] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(300))
    fonts: Mapped[dict[str, Any] | None]


class JobFile(Base):
    """A file of a job: a converted chunk, its manifest, a sample .docx per kind, or the result."""

    __tablename__ = "job_files"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class JobWorker(Base):
    """A worker process's own report, for GET /api/metrics: its pool's conversions and restarts."""

    __tablename__ = "job_workers"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    office_workers: Mapped[int] = mapped_column(default=0)
    office_restarts: Mapped[int] = mapped_column(default=0)
    chunks_done: Mapped[int] = mapped_column(default=0)
