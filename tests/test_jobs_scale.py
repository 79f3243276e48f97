"""Issue 15, the held-out story in small: two API instances and two workers share nothing but PostgreSQL.

Instance A takes a 40-form PDF job (chunks of 10: the machine has 2 cores), B is polled; one worker is
killed with SIGKILL and A is restarted mid-job; B still reports done 40/40 and serves a 40-page PDF.
Every wait is on a condition (a progress value, a health answer, a process exit) with a bound.
Runs on the throw-away PostgreSQL of `make test`; skipped without it, failed under CI=true.
"""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from benchmarks.deployment import (
    WORKER_COMMAND,
    Service,
    api_service,
    environment,
    free_port,
    healthy,
    wait_until,
)
from service.db import Database
from service.documents.registry import get_kind
from service.models import JobWorker
from tests.db_fixtures import _fresh_postgres

pytestmark = [pytest.mark.pdf, pytest.mark.postgres]

FORM = "form-civil-servant"
FORMS, CHUNK = 40, 10


@pytest.fixture
def postgres_url(postgres_template: str) -> Iterator[str]:
    yield from _fresh_postgres(postgres_template)


@pytest.fixture
def deployment(postgres_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    base = environment(
        postgres_url,
        JOB_CHUNK_SIZE=str(CHUNK),
        OFFICE_WORKERS="1",
        WORKER_HEARTBEAT_SECONDS="1",
        WORKER_STALLED_SECONDS="5",
    )
    api_env = {**base, "RUN_WORKER": "false"}
    ports = {"a": free_port(), "b": free_port()}
    apis = {name: api_service(f"api-{name}", port, api_env, tmp_path) for name, port in ports.items()}
    workers = [Service(f"worker-{n}", WORKER_COMMAND, base, tmp_path) for n in (1, 2)]
    everything = [*apis.values(), *workers]
    database = Database(postgres_url)
    try:
        for service in everything:
            service.start()
        yield {"apis": apis, "ports": ports, "workers": workers, "database": database}
    finally:
        for service in everything:
            service.stop()
        database.dispose()


def items(count: int) -> list[dict[str, Any]]:
    payload = get_kind(FORM).example().model_dump(mode="json")
    return [
        {"kind": FORM, "payload": {**payload, "name": f"人员{n}"}, "person": f"人员{n}"} for n in range(count)
    ]


def test_two_instances_two_workers_survive_a_killed_worker_and_a_restarted_instance(
    deployment: dict[str, Any],
) -> None:
    apis, ports, workers = deployment["apis"], deployment["ports"], deployment["workers"]
    database: Database = deployment["database"]
    for name, port in ports.items():
        wait_until(f"instance {name} healthy", lambda p=port: healthy(p), 90)

    def workers_reporting() -> bool:
        assert all(w.alive() for w in workers), [w.tail() for w in workers]
        with database.session() as session:
            return (session.scalar(select(func.count()).select_from(JobWorker)) or 0) >= 2

    wait_until("both workers up (LibreOffice warm)", workers_reporting, 120)

    a, b = (f"http://127.0.0.1:{ports[name]}" for name in ("a", "b"))
    submitted = httpx.post(f"{a}/api/jobs", json={"items": items(FORMS), "output": "pdf"}, timeout=60)
    assert submitted.status_code == 202, submitted.text
    job_id = submitted.json()["id"]
    assert submitted.json()["chunks_total"] == FORMS // CHUNK

    def state_on_b() -> dict[str, Any]:
        response = httpx.get(f"{b}/api/jobs/{job_id}", timeout=30)
        assert response.status_code == 200, response.text
        return dict(response.json())

    at_kill = wait_until("first chunk done", lambda: (s := state_on_b())["done"] >= CHUNK and s, 180)
    assert at_kill["status"] == "running" and at_kill["done"] < FORMS, at_kill  # really mid-job
    workers[0].stop(signal.SIGKILL)
    assert workers[0].process is not None and workers[0].process.returncode == -signal.SIGKILL
    apis["a"].stop(signal.SIGTERM)
    apis["a"].start()
    wait_until("instance a back", lambda: healthy(ports["a"]), 90)

    final = wait_until("job finished", lambda: (s := state_on_b())["status"] in ("done", "failed") and s, 300)
    assert final["status"] == "done", (final, workers[1].tail())
    assert (final["done"], final["total"]) == (FORMS, FORMS)
    assert final["errors"] == []
    assert httpx.get(f"{a}/api/jobs/{job_id}", timeout=30).json()["status"] == "done"  # A, restarted

    # RUN_WORKER=false: B ran none of it and started no LibreOffice; both workers reported in.
    figures = httpx.get(f"{b}/api/metrics", timeout=30).json()
    assert figures["this_process"]["office_started"] is False
    assert len(figures["workers"]) == 2 and figures["jobs"]["done"] == 1

    result = httpx.get(f"{b}/api/jobs/{job_id}/result", timeout=60)
    assert result.status_code == 200
    assert result.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(result.content))
    assert len(reader.pages) == FORMS
    people = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert people == [f"人员{n}" for n in range(FORMS)]  # request order, across chunks and workers
