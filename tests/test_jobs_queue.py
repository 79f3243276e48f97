"""Jobs on PostgreSQL (issue 15): migrations once when several start, the default in-process worker,
retries that end in a failed job with its reason, and the metrics an admin watches."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from benchmarks.deployment import fresh_database
from service import job_work
from service.app import create_app
from service.bootstrap import upgrade
from service.db import Database
from service.documents.registry import get_kind
from service.pdf.office import ConversionFailed
from tests.db_fixtures import _fresh_postgres, _postgres_url

pytestmark = pytest.mark.postgres

FORM = "form-civil-servant"


def items(count: int) -> list[dict[str, Any]]:
    payload = get_kind(FORM).example().model_dump(mode="json")
    return [{"kind": FORM, "payload": {**payload, "name": f"人员{n}"}} for n in range(count)]


def wait_for(client: TestClient, job_id: str, seconds: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    with fresh_database(_postgres_url(), prefix="kaohe_empty") as url:
        yield url


def test_several_processes_starting_together_migrate_once(empty_postgres: str) -> None:
    """Four `upgrade` at the same moment on an empty database: one migrates, three find it at head."""
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def boot() -> None:
        start.wait()
        try:
            upgrade(empty_postgres)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=boot) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    database = Database(empty_postgres)
    with database.session() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")).startswith("0002")
        assert session.scalar(text("SELECT count(*) FROM procrastinate_jobs")) == 0
    database.dispose()


@pytest.fixture
def served(postgres_template: str) -> Iterator[TestClient]:
    """The app on its own PostgreSQL database with RUN_WORKER unset: one worker runs in the process."""
    urls = _fresh_postgres(postgres_template)
    database = Database(next(urls))
    app = create_app()
    app.state.database = database
    try:
        with TestClient(app) as client:
            yield client
    finally:
        database.dispose()
        urls.close()


@pytest.mark.pdf
def test_the_default_api_process_runs_jobs_and_reports_its_worker(served: TestClient) -> None:
    submitted = served.post("/api/jobs", json={"items": items(3), "output": "pdf", "title": "登记表"})
    assert submitted.status_code == 202, submitted.text
    state = wait_for(served, submitted.json()["id"])
    assert (state["status"], state["done"], state["total"]) == ("done", 3, 3)
    assert served.get(state["result_url"]).content.startswith(b"%PDF")

    figures = served.get("/api/metrics").json()
    assert figures["jobs"]["done"] == 1 and figures["jobs"]["queued"] == 0
    assert figures["queue"]["todo"] == 0 and figures["queue"]["doing"] == 0
    assert len(figures["workers"]) == 1 and figures["workers"][0]["office_workers"] >= 1
    assert figures["this_process"]["office_started"] is True


def test_a_step_that_keeps_failing_fails_its_job_after_the_last_attempt(
    served: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[int] = []

    def broken(*_: object, **__: object) -> bool:
        attempts.append(1)
        raise ConversionFailed("LibreOffice 重启后仍然失败：测试")

    monkeypatch.setattr(job_work, "run_chunk", broken)
    submitted = served.post("/api/jobs", json={"items": items(1), "output": "pdf"})
    state = wait_for(served, submitted.json()["id"], seconds=120)  # waits 2 s, then 4 s between attempts
    assert state["status"] == "failed"
    assert state["message"] == "LibreOffice 重启后仍然失败：测试"
    assert len(attempts) == 3  # job_max_attempts
