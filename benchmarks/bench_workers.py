"""One PDF packet with 1 and with 2 `make worker` processes on PostgreSQL (issue 15), and the ratio.

Each worker has one soffice (`OFFICE_WORKERS=1`), so "2 workers" means twice the conversion capacity
spread over processes that share nothing but PostgreSQL. The packet is `BENCH_FORMS` registration forms
(default 1,000 as in the issue; `BENCH_FORMS=200` fits a loaded 2-core machine) in chunks of
`BENCH_CHUNK` (default 100), submitted through `service.jobs.submit` (what POST /api/jobs calls) and
timed from submission to `done` in the job table; the workers are started and warm before.

Needs PostgreSQL: run under `scripts/with-postgres.sh` (TEST_POSTGRES_URL), e.g.
    scripts/with-postgres.sh .venv/bin/python -m benchmarks workers
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import delete, func, select

from benchmarks.deployment import (
    WORKER_COMMAND,
    MemorySampler,
    Service,
    environment,
    fresh_database,
    wait_until,
)
from schemas.batch import BatchRequest
from service import job_store, jobs
from service.auth import Actor
from service.bootstrap import upgrade
from service.config import settings
from service.db import Database
from service.documents.registry import get_kind
from service.models import Job, JobWorker

FORM = "form-civil-servant"


def packet(count: int) -> BatchRequest:
    payload = get_kind(FORM).example().model_dump(mode="json")
    return BatchRequest.model_validate(
        {
            "items": [
                {"kind": FORM, "payload": {**payload, "name": f"人员{n}"}, "person": f"人员{n}"}
                for n in range(count)
            ],
            "output": "pdf",
            "title": "登记表",
        }
    )


def run_packet(database: Database, request: BatchRequest, workers: int, logs: Path) -> dict[str, Any]:
    env = environment(database.url, OFFICE_WORKERS="1")
    services = [Service(f"worker-{workers}-{n}", WORKER_COMMAND, env, logs) for n in range(workers)]
    with database.session(write=True) as session:
        session.execute(delete(JobWorker))
    try:
        for service in services:
            service.start()

        def reporting() -> bool:
            assert all(s.alive() for s in services), [s.tail() for s in services]
            with database.session() as session:
                return (session.scalar(select(func.count()).select_from(JobWorker)) or 0) >= workers

        wait_until("workers up", reporting, 180)
        with MemorySampler(services):
            started = time.perf_counter()
            with database.session(write=True) as session:
                bench = Actor(username="bench", role="admin")
                state = jobs.submit(request, session=session, database=database, owner=bench)

            def finished() -> Job | None:
                with database.session() as session:
                    job = job_store.load(session=session, job_id=state.id)
                    return job if job.status in ("done", "failed") else None

            job = wait_until("packet done", finished, 3600, every=0.5)
            seconds = time.perf_counter() - started
        assert job.status == "done", job.message
        with database.session() as session:
            _, content = job_store.result(session=session, job_id=state.id)
        pages = len(PdfReader(io.BytesIO(content)).pages)
        return {
            "workers": workers,
            "seconds": round(seconds, 1),
            "pages": pages,
            "pages_per_second": round(pages / seconds, 1),
            "result_mib": round(len(content) / 2**20, 1),
            "peak_rss_mib_per_worker": [round(s.peak_rss / 2**20) for s in services],
        }
    finally:
        for service in services:
            service.stop()


def run() -> dict[str, Any]:
    admin_url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("BENCH_POSTGRES_URL")
    if not admin_url:
        return {"skipped": "需要 PostgreSQL：scripts/with-postgres.sh .venv/bin/python -m benchmarks workers"}
    forms = int(os.environ.get("BENCH_FORMS", "1000"))
    settings.job_chunk_size = int(os.environ.get("BENCH_CHUNK", "100"))
    settings.job_max_unfinished = 10
    request = packet(forms)
    runs: list[dict[str, Any]] = []
    with fresh_database(admin_url) as url, tempfile.TemporaryDirectory(prefix="kaohe-bench-") as logs:
        upgrade(url)
        database = Database(url)
        try:
            for workers in (1, 2):
                runs.append(run_packet(database, request, workers, Path(logs)))
        finally:
            jobs.shutdown_runner()
            database.dispose()
    return {
        "forms": forms,
        "chunk": settings.job_chunk_size,
        "runs": runs,
        "speed_up_2_workers": round(runs[0]["seconds"] / runs[1]["seconds"], 2),
        "cpus": os.cpu_count(),
    }
