"""A background job: a batch too large for one blocking request, with progress (issue 6)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

JobStatus = Literal["queued", "running", "done", "failed"]


class ItemError(BaseModel):
    index: int
    kind: str
    path: str
    message: str


class JobState(BaseModel):
    id: str
    status: JobStatus
    done: int
    total: int
    errors: list[ItemError]
    message: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
    result_url: str | None = None
    # Issue 15 (added, nothing renamed): who submitted it, what it is, and its chunks on the workers.
    owner: str | None = None
    kind: str = "batch"
    started_at: datetime | None = None
    chunks_total: int = 0
    chunks_done: int = 0
