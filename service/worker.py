"""`make worker` (`python -m service.worker`): a process that runs queued jobs and owns its LibreOffice pool.

PostgreSQL only: the worker takes tasks from procrastinate's queue (LISTEN/NOTIFY, so it connects to
PostgreSQL directly, never through PgBouncer's transaction pooling), runs `office_workers` of them at a
time — one per soffice of its pool — and beside them two small loops: `retry_stalled` puts back the
tasks of workers that stopped sending heartbeats (killed, frozen, unplugged), and `report` writes this
worker's counters to `job_workers` for GET /api/metrics. The API process runs the same `run` as an
asyncio task when RUN_WORKER is unset or true, so a one-machine install needs nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
from typing import Any

import procrastinate

from service import job_store, tasks
from service.bootstrap import upgrade
from service.config import settings
from service.pdf.office import OfficePool, get_pool, shutdown_pool

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


async def _retry_stalled(app: procrastinate.App) -> None:
    while True:
        await asyncio.sleep(settings.worker_heartbeat_seconds)
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                queue=tasks.QUEUE, seconds_since_heartbeat=settings.worker_stalled_seconds
            )
            for job in stalled:
                log.warning("task %s of a worker without heartbeat is retried", job.id)
                # Two workers may see the same stalled task; the second retry finds it no longer doing.
                with contextlib.suppress(Exception):
                    await app.job_manager.retry_job(job)
        except Exception:  # a lost connection: the next round tries again
            log.exception("retry_stalled failed")


async def _report(url: str, name: str, pool: OfficePool, counters: dict[str, int]) -> None:
    database = tasks.database_for(url)

    def write() -> None:
        with database.session(write=True) as session:
            job_store.report_worker(
                session=session,
                name=name,
                office_workers=pool.size,
                office_restarts=pool.restarts,
                chunks_done=counters.get("chunks_done", 0),
            )

    while True:
        try:
            await asyncio.to_thread(write)
        except Exception:
            log.exception("worker report failed")
        await asyncio.sleep(settings.worker_heartbeat_seconds)


async def run(
    url: str, *, job_url: str | None = None, name: str | None = None, install_signal_handlers: bool = True
) -> None:
    """Run jobs until stopped (a signal, or cancelling the task that runs this).

    `url` reaches PostgreSQL directly (procrastinate); `job_url` is the job table's (DATABASE_URL, which
    may go through PgBouncer), by default the same.
    """
    job_url = job_url or url
    pool = get_pool()
    await asyncio.to_thread(pool.start)  # before taking a task: a cold soffice is 1–4 s
    name = name or worker_name()
    counters: dict[str, int] = {}
    connector = procrastinate.PsycopgConnector(conninfo=tasks.libpq_url(url))
    options: dict[str, Any] = {
        "queues": [tasks.QUEUE],
        "name": name,
        "concurrency": max(1, pool.size),
        "additional_context": {"database_url": job_url, "counters": counters},
        "install_signal_handlers": install_signal_handlers,
        "update_heartbeat_interval": settings.worker_heartbeat_seconds,
        "stalled_worker_timeout": settings.worker_stalled_seconds,
        "delete_jobs": "successful",  # our job table keeps the history; the queue stays small
    }
    with tasks.app.replace_connector(connector) as app:
        async with app.open_async():
            loops = [
                asyncio.create_task(_retry_stalled(app)),
                asyncio.create_task(_report(job_url, name, pool, counters)),
            ]
            try:
                log.info("worker %s: %s soffice, queue %s", name, pool.size, tasks.QUEUE)
                await app.run_worker_async(**options)
            finally:
                for loop in loops:
                    loop.cancel()
                await asyncio.gather(*loops, return_exceptions=True)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    url = settings.direct_database_url or settings.database_url
    if not url.startswith("postgresql"):
        sys.exit(
            "make worker 需要 PostgreSQL（DATABASE_URL=postgresql+psycopg://…）；"
            "使用 SQLite 时任务在服务进程内运行，无需单独的 worker"
        )
    upgrade(url)  # several workers and API instances may start together: migrations run once
    try:
        asyncio.run(run(url, job_url=settings.database_url))
    finally:
        shutdown_pool()


if __name__ == "__main__":
    main()
