"""The job table (issue 15): every read and write of a job's state, progress and files.

Keyword-only persistence functions over a session (STYLE.md 5); the caller's session commits once.
Nothing slow happens here: rendering and conversion run before, and only their bytes are written, so a
write transaction lasts milliseconds (DESIGN.md §11). A chunk is recorded at most once: its manifest
row is the mark, checked under the job row's lock, so a task retried after a killed worker neither
counts its documents twice nor misses that it was the last chunk.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from schemas.job import ItemError, JobState, JobStatus
from service.errors import Conflict, NotFound
from service.models import Job, JobFile, JobWorker
from service.models.base import utcnow

UNFINISHED: tuple[JobStatus, ...] = ("queued", "running")
RESULT_NAME = "result"


def manifest_name(index: int) -> str:
    return f"chunk-{index:05d}.json"


def create(
    *,
    session: Session,
    job_id: str,
    kind: str,
    owner: str | None,
    request: dict[str, Any],
    total: int,
    chunk_size: int,
    chunks_total: int,
) -> Job:
    job = Job(
        id=job_id,
        kind=kind,
        owner=owner,
        status="queued",
        total=total,
        chunk_size=chunk_size,
        chunks_total=chunks_total,
        errors=[],
        request=request,
    )
    session.add(job)
    session.flush()
    return job


def unfinished_count(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Job).where(Job.status.in_(UNFINISHED))) or 0


def load(*, session: Session, job_id: str, lock: bool = False) -> Job:
    query = select(Job).where(Job.id == job_id)
    job = session.scalar(query.with_for_update() if lock else query)
    if job is None:
        raise NotFound(f"没有编号为 {job_id} 的任务")
    return job


def state_of(job: Job) -> JobState:
    errors = sorted((ItemError.model_validate(e) for e in job.errors), key=lambda e: (e.index, e.path))
    return JobState(
        id=job.id,
        status=job.status,
        done=job.done,
        total=job.total,
        errors=errors,
        message=job.message,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result_url=f"/api/jobs/{job.id}/result" if job.status == "done" else None,
        owner=job.owner,
        kind=job.kind,
        started_at=job.started_at,
        chunks_total=job.chunks_total,
        chunks_done=job.chunks_done,
    )


def start(*, session: Session, job_id: str) -> bool:
    """queued → running (once); False when the job is already finished and the task has nothing to do."""
    job = load(session=session, job_id=job_id, lock=True)
    if job.status == "queued":
        job.status, job.started_at = "running", utcnow()
    return job.status == "running"


def advance(*, session: Session, job_id: str, documents: int) -> None:
    """Progress of a job run in one step (its chunks are counted by record_chunk instead)."""
    done = case((Job.done + documents > Job.total, Job.total), else_=Job.done + documents)
    session.execute(update(Job).where(Job.id == job_id, Job.status == "running").values(done=done))


def record_chunk(
    *,
    session: Session,
    job_id: str,
    index: int,
    files: Mapping[str, bytes],
    manifest: dict[str, Any],
    errors: Sequence[ItemError],
    items: int,
) -> bool:
    """Store a converted chunk and count its items; True when every chunk of the job is recorded."""
    job = load(session=session, job_id=job_id, lock=True)  # serialises the chunks of one job
    name = manifest_name(index)
    already = session.get(JobFile, (job_id, name)) is not None
    if not already and job.status in UNFINISHED:
        for file_name, content in {**files, name: json.dumps(manifest).encode()}.items():
            session.merge(JobFile(job_id=job_id, name=file_name, size=len(content), content=content))
        job.errors = [*job.errors, *(e.model_dump() for e in errors)]
        job.done = min(job.total, job.done + items)
        job.chunks_done += 1
    return job.chunks_done >= job.chunks_total


def manifests(*, session: Session, job_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(JobFile.content)
        .where(JobFile.job_id == job_id, JobFile.name.like("chunk-%.json"))
        .order_by(JobFile.name)
    )
    return [json.loads(content) for content in rows]


def read_file(*, session: Session, job_id: str, name: str) -> bytes:
    content = session.scalar(select(JobFile.content).where(JobFile.job_id == job_id, JobFile.name == name))
    if content is None:
        raise NotFound(f"任务 {job_id} 缺少文件 {name}")
    return bytes(content)


def finish(
    *,
    session: Session,
    job_id: str,
    content: bytes,
    media_type: str,
    filename: str,
    fonts: dict[str, Any] | None,
    errors: Sequence[ItemError] | None = None,
) -> None:
    """The result replaces the chunks (they are no longer needed); the job is done with done = total."""
    job = load(session=session, job_id=job_id, lock=True)
    if job.status not in UNFINISHED:
        return  # a merge retried after it had already finished
    session.execute(delete(JobFile).where(JobFile.job_id == job_id))
    session.add(JobFile(job_id=job_id, name=RESULT_NAME, size=len(content), content=content))
    if errors is not None:
        job.errors = [e.model_dump() for e in errors]
    job.status, job.done, job.finished_at = "done", job.total, utcnow()
    job.result_name, job.media_type, job.filename, job.fonts = RESULT_NAME, media_type, filename, fonts


def fail(*, session: Session, job_id: str, message: str, errors: Sequence[ItemError] | None = None) -> None:
    job = load(session=session, job_id=job_id, lock=True)
    if job.status not in UNFINISHED:
        return
    session.execute(delete(JobFile).where(JobFile.job_id == job_id))
    if errors is not None:
        job.errors = [e.model_dump() for e in errors]
    job.status, job.message, job.finished_at = "failed", message, utcnow()


def interrupt_unfinished(*, session: Session, reason: str, created_before: dt.datetime) -> int:
    """Every queued or running job created before `created_before` failed with `reason`, its files removed
    (an embedded runner's restart)."""
    query = select(Job.id).where(Job.status.in_(UNFINISHED), Job.created_at < created_before)
    ids = list(session.scalars(query))
    if ids:
        session.execute(delete(JobFile).where(JobFile.job_id.in_(ids)))
        session.execute(
            update(Job).where(Job.id.in_(ids)).values(status="failed", message=reason, finished_at=utcnow())
        )
    return len(ids)


def prune_results(*, session: Session, hours: int) -> int:
    """Delete the files of jobs finished more than `hours` ago; their state stays readable."""
    cutoff = utcnow() - dt.timedelta(hours=hours)
    old = select(Job.id).where(Job.finished_at < cutoff, Job.result_name.is_not(None))
    ids = list(session.scalars(old))
    if ids:
        session.execute(delete(JobFile).where(JobFile.job_id.in_(ids)))
        session.execute(update(Job).where(Job.id.in_(ids)).values(result_name=None))
    return len(ids)


def result(*, session: Session, job_id: str) -> tuple[Job, bytes]:
    job = load(session=session, job_id=job_id)
    if job.status == "failed":
        raise Conflict(f"任务失败，没有结果：{job.message}")
    if job.status != "done":
        raise Conflict(f"任务尚未完成（{job.done}/{job.total}），请稍后再取")
    if job.result_name is None:
        raise Conflict(f"任务结果已超过保留期限（{job.finished_at:%Y-%m-%d %H:%M} 完成），请重新提交")
    return job, read_file(session=session, job_id=job_id, name=job.result_name)


def report_worker(
    *, session: Session, name: str, office_workers: int, office_restarts: int, chunks_done: int
) -> None:
    row = session.get(JobWorker, name)
    if row is None:
        row = JobWorker(name=name)
        session.add(row)
    row.heartbeat_at = utcnow()
    row.office_workers, row.office_restarts, row.chunks_done = office_workers, office_restarts, chunks_done


def metrics(*, session: Session) -> dict[str, Any]:
    """Queue depth, the oldest unfinished job's age and every worker's last report (GET /api/metrics)."""
    rows = session.execute(select(Job.status, func.count()).group_by(Job.status))
    counts: dict[str, int] = {status: count for status, count in rows}
    oldest = session.scalar(select(func.min(Job.created_at)).where(Job.status.in_(UNFINISHED)))
    now = utcnow()
    workers = [
        {
            "name": row.name,
            "heartbeat_age_seconds": round((now - _utc(row.heartbeat_at)).total_seconds(), 1),
            "office_workers": row.office_workers,
            "office_restarts": row.office_restarts,
            "chunks_done": row.chunks_done,
        }
        for row in session.scalars(select(JobWorker).order_by(JobWorker.name))
    ]
    return {
        "jobs": {status: counts.get(status, 0) for status in ("queued", "running", "done", "failed")},
        "oldest_unfinished_age_seconds": round((now - _utc(oldest)).total_seconds(), 1) if oldest else None,
        "workers": workers,
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite keeps no time zone; we only ever write UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
