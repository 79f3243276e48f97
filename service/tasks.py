"""The job steps as procrastinate tasks (issue 15): PostgreSQL is the queue, no broker to run.

Each chunk of a PDF job is its own task, so several workers share one packet; the chunk that records
the job's last chunk defers the merge. Retries: every task runs at most `job_max_attempts` times, with
waits of 2, 4, 8… s between (procrastinate's RetryStrategy); the last failed attempt fails the job with
its reason. A worker killed mid-task stops sending heartbeats; every worker runs `retry_stalled`, which
puts such tasks back after `worker_stalled_seconds`, and a retried step finds in the job table what
was already done (service/job_store.py).

`app` is the workers' App: its connector gets the pool of the worker that opens it (service/worker.py).
The API defers through a second App with a synchronous connector (its routes are sync, in threads),
by task name, so it needs none of the tasks' code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.types import JSONValue
from sqlalchemy.engine import make_url

from service import job_work  # round_batches registers its job kind
from service.config import settings
from service.db import Database

log = logging.getLogger(__name__)

QUEUE = "kaohe_jobs"
CHUNK, MERGE, WHOLE = "kaohe.job_chunk", "kaohe.job_merge", "kaohe.job_whole"
# procrastinate's max_attempts counts the retries after the first run.
RETRY = procrastinate.RetryStrategy(max_attempts=max(0, settings.job_max_attempts - 1), exponential_wait=2)

app = procrastinate.App(connector=procrastinate.PsycopgConnector())

_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def libpq_url(url: str) -> str:
    """procrastinate speaks to psycopg directly: `postgresql+psycopg://` → `postgresql://`."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_for(url: str) -> Database:
    with _databases_lock:
        if url not in _databases:
            _databases[url] = Database(url)
        return _databases[url]


def _database(context: procrastinate.JobContext) -> Database:
    return database_for(context.additional_context.get("database_url", settings.database_url))


@contextlib.asynccontextmanager
async def _last_attempt_fails_the_job(context: procrastinate.JobContext, job_id: str) -> AsyncIterator[None]:
    try:
        yield
    except Exception as error:
        job = context.job
        if job is not None and job.attempts >= (RETRY.max_attempts or 0):
            log.exception("job %s: task %s failed for good", job_id, job.task_name)
            await asyncio.to_thread(job_work.fail_job, _database(context), job_id, error)
        raise


def _count(context: procrastinate.JobContext, key: str) -> None:
    counters = context.additional_context.get("counters")
    if isinstance(counters, dict):
        counters[key] = counters.get(key, 0) + 1


@app.task(name=CHUNK, queue=QUEUE, retry=RETRY, pass_context=True)
async def job_chunk(context: procrastinate.JobContext, job_id: str, index: int) -> None:
    async with _last_attempt_fails_the_job(context, job_id):
        last = await asyncio.to_thread(job_work.run_chunk, _database(context), job_id, index)
        _count(context, "chunks_done")
        if last:
            # Once per job: a retried last chunk asks again, the queueing lock keeps one merge waiting,
            # and a merge that finds its job done does nothing.
            with contextlib.suppress(AlreadyEnqueued):
                await context.app.configure_task(MERGE, queueing_lock=f"merge-{job_id}").defer_async(
                    job_id=job_id
                )


@app.task(name=MERGE, queue=QUEUE, retry=RETRY, pass_context=True)
async def job_merge(context: procrastinate.JobContext, job_id: str) -> None:
    async with _last_attempt_fails_the_job(context, job_id):
        await asyncio.to_thread(job_work.run_merge, _database(context), job_id)


@app.task(name=WHOLE, queue=QUEUE, retry=RETRY, pass_context=True)
async def job_whole(context: procrastinate.JobContext, job_id: str) -> None:
    async with _last_attempt_fails_the_job(context, job_id):
        await asyncio.to_thread(job_work.run_whole, _database(context), job_id)


class Deferrer:
    """The API side: puts a job's tasks on the queue (sync, from request threads)."""

    def __init__(self, url: str) -> None:
        connector = procrastinate.SyncPsycopgConnector(conninfo=libpq_url(url), min_size=1, max_size=4)
        self.app = procrastinate.App(connector=connector).open()

    def defer(self, job_id: str, chunks: int) -> None:
        if chunks == 0:
            self.app.configure_task(WHOLE, queue=QUEUE).defer(job_id=job_id)
            return
        deferrer = self.app.configure_task(CHUNK, queue=QUEUE)
        arguments: list[dict[str, JSONValue]] = [{"job_id": job_id, "index": i} for i in range(chunks)]
        deferrer.batch_defer(*arguments)

    def close(self) -> None:
        self.app.close()


def queue_depth(url: str) -> dict[str, Any]:
    """Tasks waiting and running on the queue (for GET /api/metrics), straight from procrastinate's table."""
    with psycopg.connect(libpq_url(url), connect_timeout=5) as connection:
        rows = connection.execute(
            "SELECT status::text, count(*) FROM procrastinate_jobs WHERE queue_name = %s GROUP BY status",
            (QUEUE,),
        ).fetchall()
    counts = {status: count for status, count in rows}
    return {
        "todo": counts.get("todo", 0),
        "doing": counts.get("doing", 0),
        "failed": counts.get("failed", 0),
    }
