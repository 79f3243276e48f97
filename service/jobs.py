"""Background jobs for batches of hundreds of people (issues 6, 15): submit, poll progress, fetch the result.

A job is a row of the job table (service/models/job.py), so any API instance answers for it and a
restart loses nothing but work in progress. Who runs the work depends on the database:

- SQLite (one office, one process): the embedded runner, `JOB_WORKERS` threads of this process. At
  start it marks every job left queued or running by the last process failed with "服务重启，任务中断，
  请重新提交" and removes its files, instead of answering 404 later.
- PostgreSQL: procrastinate (service/tasks.py). Submitting defers the job's tasks; `make worker`
  processes run them, and so does this process unless RUN_WORKER=false (service/lifecycle.py).

A job belongs to who submitted it (`owner`): only that user, or an admin, sees its progress and result.

Admission is bounded for the whole deployment: at most `job_max_unfinished` jobs queued or running;
one more is refused with 503 + Retry-After. Results older than `job_result_hours` are deleted at the
next submission (the job's state stays readable and says so).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from schemas.batch import BatchRequest
from schemas.job import JobState
from service import job_store, job_work
from service.auth import Actor
from service.config import settings
from service.db import Database
from service.docnum import normalise_docnum
from service.errors import DomainError, Forbidden, InvalidPayload, ServiceBusy
from service.models import Job
from service.models.base import utcnow
from service.pdf.office import get_pool

log = logging.getLogger(__name__)

JOB_WORKERS = 2
INTERRUPTED = "服务重启，任务中断，请重新提交"
# Jobs older than this process that are still unfinished were another process's: on SQLite that was
# this service before a restart (SQLite means one process), and their threads are gone.
PROCESS_STARTED = utcnow()


class EmbeddedRunner:
    """SQLite: the job's steps in this process's threads, chunks spread over the LibreOffice pool."""

    def __init__(self, database: Database, workers: int = JOB_WORKERS) -> None:
        self.database = database
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        with database.session(write=True) as session:
            interrupted = job_store.interrupt_unfinished(
                session=session, reason=INTERRUPTED, created_before=PROCESS_STARTED
            )
        if interrupted:
            log.warning("%s 个任务因服务重启而中断", interrupted)

    def enqueue(self, job_id: str, chunks: int) -> None:
        self._executor.submit(self._run, job_id, chunks)

    def _run(self, job_id: str, chunks: int) -> None:
        try:
            if chunks == 0:
                job_work.run_whole(self.database, job_id)
                return
            threads = max(1, get_pool().size)
            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job-chunk") as executor:
                list(
                    executor.map(
                        lambda index: job_work.run_chunk(self.database, job_id, index), range(chunks)
                    )
                )
            job_work.run_merge(self.database, job_id)
        except Exception as error:
            job_work.fail_job(self.database, job_id, error)
            if not isinstance(error, DomainError):
                log.exception("job %s failed", job_id)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class QueueRunner:
    """PostgreSQL: the job's tasks go on procrastinate's queue; workers anywhere take them."""

    def __init__(self, database: Database) -> None:
        from service.tasks import Deferrer  # procrastinate is only needed with PostgreSQL

        self.database = database
        self._deferrer = Deferrer(direct_url(database))
        # RUN_WORKER unset or true: this process also runs one worker (its own thread and event loop),
        # so one machine needs nothing more, whether or not the app's life cycle runs (tests, embedding).
        self._worker: tuple[threading.Thread, asyncio.AbstractEventLoop, asyncio.Task[None]] | None = None
        if settings.run_worker:
            self._start_worker()

    def _start_worker(self) -> None:
        from service.worker import run

        loop = asyncio.new_event_loop()
        coroutine = run(direct_url(self.database), job_url=self.database.url, install_signal_handlers=False)
        task = loop.create_task(coroutine)

        def serve() -> None:
            with contextlib.suppress(asyncio.CancelledError):
                loop.run_until_complete(task)
            loop.close()

        thread = threading.Thread(target=serve, name="job-worker", daemon=True)
        thread.start()
        self._worker = (thread, loop, task)

    def enqueue(self, job_id: str, chunks: int) -> None:
        self._deferrer.defer(job_id, chunks)

    def shutdown(self) -> None:
        if self._worker is not None:
            thread, loop, task = self._worker
            loop.call_soon_threadsafe(task.cancel)
            thread.join(timeout=60)
        self._deferrer.close()


def direct_url(database: Database) -> str:
    """Where procrastinate connects: never through PgBouncer (README "Deploying for a district…")."""
    return settings.direct_database_url or database.url


Runner = EmbeddedRunner | QueueRunner
_runners: dict[str, Runner] = {}
_runners_lock = threading.Lock()


def runner_for(database: Database) -> Runner:
    with _runners_lock:
        runner = _runners.get(database.url)
        if runner is None:
            runner = EmbeddedRunner(database) if database.is_sqlite else QueueRunner(database)
            _runners[database.url] = runner
        return runner


def submit(request: BatchRequest, *, session: Session, database: Database, owner: Actor) -> JobState:
    """`POST /api/jobs`: a PDF batch is cut into chunks any worker may take; a .zip of .docx is one step."""
    if request.docnum:
        try:
            normalise_docnum(request.docnum)
        except ValueError as error:
            raise InvalidPayload([(("docnum",), str(error))]) from None
    chunked = job_work.is_chunked(request)
    size = job_work.chunk_size_for(settings.job_chunk_size) if chunked else 0
    return submit_work(
        "batch",
        request.model_dump(mode="json"),
        total=len(request.items),
        session=session,
        database=database,
        owner=owner,
        chunk_size=size,
    )


def submit_work(
    kind: str,
    request: dict[str, Any],
    *,
    total: int,
    session: Session,
    database: Database,
    owner: Actor,
    chunk_size: int = 0,
) -> JobState:
    """Record a job of a registered kind (job_work.register_kind) in the request's session, then queue it.

    The request's session, because it may already hold SQLite's write lock (a login read under a
    POST's BEGIN IMMEDIATE): a second write session would wait for it. It is committed here, before
    the work is queued, so no worker, on any connection, looks for a job that is not there yet.
    """
    chunks = job_work.chunk_count(total, chunk_size) if chunk_size else 0
    job_id = uuid.uuid4().hex
    job_store.prune_results(session=session, hours=settings.job_result_hours)
    unfinished = job_store.unfinished_count(session=session)
    if unfinished >= settings.job_max_unfinished:
        limit = settings.job_max_unfinished
        raise ServiceBusy(
            f"已有 {unfinished} 个文书任务在处理或等待（上限 {limit}），请稍后再提交", retry_after=30
        )
    job = job_store.create(
        session=session,
        job_id=job_id,
        kind=kind,
        owner=owner.username,
        request=request,
        total=total,
        chunk_size=chunk_size,
        chunks_total=chunks,
    )
    state = job_store.state_of(job)
    session.commit()
    try:
        runner_for(database).enqueue(job_id, chunks)  # after the commit: a new runner writes too
    except Exception as error:  # the queue is unreachable: the job says so rather than waiting forever
        log.exception("job %s could not be queued", job_id)
        job_work.fail_job(database, job_id, DomainError(f"任务无法排队：{type(error).__name__}"))
        raise ServiceBusy("任务队列暂时不可用，请稍后重新提交", retry_after=30) from error
    return state


def _visible(job: Job, actor: Actor) -> Job:
    """Only who submitted a job, or an admin, sees it: its papers name people."""
    if actor.role != "admin" and actor.username != job.owner:
        raise Forbidden("只有提交该任务的用户或管理员可以查看任务进度和结果")
    return job


def get(job_id: str, *, database: Database, actor: Actor) -> Job:
    with database.session() as session:
        return _visible(job_store.load(session=session, job_id=job_id), actor)


def state(job_id: str, *, database: Database, actor: Actor) -> JobState:
    return job_store.state_of(get(job_id, database=database, actor=actor))


def result(job_id: str, *, database: Database, actor: Actor) -> tuple[Job, bytes]:
    get(job_id, database=database, actor=actor)
    with database.session() as session:
        return job_store.result(session=session, job_id=job_id)


def shutdown_runner(database: Database | None = None) -> None:
    """Stop every runner of this process (the service's shutdown), or only `database`'s (before it goes)."""
    with _runners_lock:
        if database is None:
            runners = list(_runners.values())
            _runners.clear()
        else:
            runner = _runners.pop(database.url, None)
            runners = [runner] if runner is not None else []
    for runner in runners:
        runner.shutdown()
