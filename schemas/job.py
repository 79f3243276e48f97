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
