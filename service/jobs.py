"""Background jobs for batches of hundreds of people (issue 6): submit, poll progress, fetch the result.

In-process and bounded on purpose: a clerk's office runs one service, and the expensive part (LibreOffice)
is already a bounded pool. `JOB_WORKERS` threads run jobs; at most `MAX_WAITING` wait behind them, one
more is refused with 503 + Retry-After. Results are written to a temporary folder, not kept in memory
(a 1,000-person packet is tens of megabytes), and the oldest finished jobs are forgotten after
`KEEP_FINISHED`.

A job remembers who started it: only that user, or an admin, sees its progress and its result (the
papers name people, and a job id in a log or a browser history must not be a way to read them).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from schemas.batch import BatchRequest
from schemas.job import ItemError, JobState, JobStatus
from service.auth import Actor
from service.errors import Conflict, DomainError, Forbidden, NotFound, ServiceBusy
from service.pdf.batch import BatchResult, run_batch
from service.tempfiles import make_folder

JOB_WORKERS = 2
MAX_WAITING = 8
KEEP_FINISHED = 50


# A job's work: given a callback that advances its progress by n documents, the finished batch.
Work = Callable[[Callable[[int], None]], BatchResult]


@dataclass
class Job:
    id: str
    work: Work
    total: int
    owner: str  # the username of who submitted it
    status: JobStatus = "queued"
    done: int = 0
    errors: list[ItemError] = field(default_factory=list)
    message: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    result_path: Path | None = None
    media_type: str = "application/octet-stream"
    filename: str = ""
    fonts: dict[str, object] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, documents: int) -> None:
        with self.lock:
            self.done = min(self.total, self.done + documents)

    def state(self) -> JobState:
        with self.lock:
            return JobState(
                id=self.id,
                status=self.status,
                done=self.done,
                total=self.total,
                errors=list(self.errors),
                message=self.message,
                created_at=self.created_at,
                finished_at=self.finished_at,
                result_url=f"/api/jobs/{self.id}/result" if self.status == "done" else None,
            )


class JobRunner:
    def __init__(self, workers: int = JOB_WORKERS, max_waiting: int = MAX_WAITING) -> None:
        self.workers = workers
        self.capacity = workers + max_waiting
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._folder = make_folder("jobs")  # named after this process: a killed run's is removed at start

    def _unfinished(self) -> int:
        return sum(1 for job in self._jobs.values() if job.status in ("queued", "running"))

    def submit(self, request: BatchRequest, owner: Actor) -> Job:
        """A batch of payloads (`POST /api/jobs`): what can be rendered is, errors are listed per item."""
        return self.submit_work(
            lambda progress: run_batch(request, strict=False, progress=progress),
            total=len(request.items),
            owner=owner,
        )

    def submit_work(self, work: Work, *, total: int, owner: Actor) -> Job:
        """Any batch of `total` documents, e.g. a round's papers (service/round_batches.py)."""
        with self._lock:
            if self._unfinished() >= self.capacity:
                raise ServiceBusy(
                    f"已有 {self.capacity} 个文书任务在处理或等待，请稍后再提交", retry_after=30
                )
            job = Job(id=uuid.uuid4().hex, work=work, total=total, owner=owner.username)
            self._jobs[job.id] = job
            self._forget_old()
        self._executor.submit(self._run, job)
        return job

    def get(self, job_id: str, actor: Actor) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(
                f"没有编号为 {job_id} 的任务：任务只保存在服务内存中，服务重启后会丢失，"
                f"已完成的任务也只保留最近 {KEEP_FINISHED} 个；请重新提交"
            )
        if actor.role != "admin" and actor.username != job.owner:
            raise Forbidden("只有提交该任务的用户或管理员可以查看任务进度和结果")
        return job

    def result(self, job_id: str, actor: Actor) -> tuple[Job, bytes]:
        job = self.get(job_id, actor)
        if job.status == "failed":
            raise Conflict(f"任务失败，没有结果：{job.message}")
        if job.status != "done" or job.result_path is None:
            raise Conflict(f"任务尚未完成（{job.done}/{job.total}），请稍后再取")
        return job, job.result_path.read_bytes()

    def _run(self, job: Job) -> None:
        with job.lock:
            job.status = "running"
        try:
            result = job.work(job.advance)
        except DomainError as error:
            self._finish(job, "failed", message=error.detail)
            return
        except Exception as error:  # a bug: the job says so instead of hanging in "running"
            self._finish(job, "failed", message=f"内部错误：{type(error).__name__}: {error}")
            raise
        self._store(job, result)

    def _store(self, job: Job, result: BatchResult) -> None:
        if result.documents == 0:
            with job.lock:
                job.errors = result.errors
            self._finish(job, "failed", message="没有一份文书生成成功，见 errors")
            return
        path = self._folder / job.id
        path.write_bytes(result.content)
        with job.lock:
            job.result_path, job.media_type, job.filename = path, result.media_type, result.filename
            job.errors, job.fonts = result.errors, result.fonts
        self._finish(job, "done")

    def _finish(self, job: Job, status: JobStatus, message: str | None = None) -> None:
        with job.lock:
            job.status, job.message = status, message
            job.done = job.total if status == "done" else job.done
            job.finished_at = datetime.now(UTC)

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.status in ("done", "failed")]
        for job in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.id]
            if job.result_path is not None:
                job.result_path.unlink(missing_ok=True)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        with contextlib.suppress(OSError):
            shutil.rmtree(self._folder)


_runner: JobRunner | None = None
_runner_lock = threading.Lock()


def get_runner() -> JobRunner:
    global _runner
    with _runner_lock:
        if _runner is None:
            _runner = JobRunner()
        return _runner


def shutdown_runner() -> None:
    global _runner
    with _runner_lock:
        if _runner is not None:
            _runner.shutdown()
            _runner = None
