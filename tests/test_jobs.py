"""Jobs (issues 6, 15): a roster of hundreds runs in the background with done/total and errors per item.

On SQLite, with the embedded runner, writing the job table (a restart is one more app on the same file).
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from schemas.batch import BatchRequest
from service import job_store, jobs, users
from service.app import create_app
from service.auth import Actor
from service.config import settings
from service.db import Database
from service.documents.registry import get_kind
from service.errors import Forbidden
from service.models import Job, JobFile
from service.models.base import utcnow

pytestmark = pytest.mark.pdf

FORM = "form-civil-servant"


def items(count: int) -> list[dict[str, Any]]:
    payload = get_kind(FORM).example().model_dump(mode="json")
    return [
        {"kind": FORM, "payload": {**payload, "name": f"人员{n}"}, "person": f"人员{n}"} for n in range(count)
    ]


def wait_for(client: TestClient, job_id: str, seconds: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    seen: list[int] = []
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        seen.append(state["done"])
        if state["status"] in ("done", "failed"):
            state["seen_done"] = seen
            return state
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


@pytest.fixture
def sqlite_database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copyfile(sqlite_template, tmp_path / "kaohe.db")
    database = Database(f"sqlite:///{tmp_path / 'kaohe.db'}")
    yield database
    database.dispose()


def serve(database: Database) -> TestClient:
    """The app on `database`; entered (`with`), its life cycle starts the embedded runner at once."""
    app = create_app()
    app.state.database = database
    return TestClient(app)


@pytest.fixture
def client(sqlite_database: Database) -> Iterator[TestClient]:
    """Without the life cycle: the runner starts on the first job, the warm pool is shared by the tests."""
    yield serve(sqlite_database)
    jobs.shutdown_runner()


def test_job_reports_progress_errors_per_item_and_serves_the_merged_pdf(client: TestClient) -> None:
    request = items(120)
    request[7] = {"kind": FORM, "payload": {**request[7]["payload"], "name": ""}}
    request[50] = {"kind": "no-such-kind", "payload": {}}
    response = client.post("/api/jobs", json={"items": request, "output": "pdf", "title": "登记表"})
    assert response.status_code == 202, response.text
    submitted = response.json()
    assert submitted["total"] == 120 and submitted["status"] in ("queued", "running")

    state = wait_for(client, submitted["id"])
    assert state["status"] == "done", state
    assert state["done"] == state["total"] == 120
    assert state["seen_done"] == sorted(state["seen_done"])  # progress only goes forward
    errors = {(e["index"], e["path"]) for e in state["errors"]}
    assert errors == {(7, "items[7].payload.name"), (50, "items[50].kind")}

    result = client.get(state["result_url"])
    assert result.status_code == 200
    assert result.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(result.content))
    assert len(reader.pages) == 118  # every good form, one page each
    people = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert len(people) == 118  # a bookmark per person, each holding their form
    assert people[7].title == "人员8"  # the bad item is skipped, the order kept


def test_job_of_docx_forms_returns_a_zip(client: TestClient) -> None:
    response = client.post("/api/jobs", json={"items": items(3), "output": "zip", "format": "docx"})
    state = wait_for(client, response.json()["id"])
    assert state["status"] == "done"
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["result_url"]).content))
    assert len(archive.namelist()) == 3


def test_job_with_no_good_item_fails_and_says_why(client: TestClient) -> None:
    response = client.post("/api/jobs", json={"items": [{"kind": "no-such-kind", "payload": {}}]})
    state = wait_for(client, response.json()["id"])
    assert state["status"] == "failed"
    assert state["errors"][0]["path"] == "items[0].kind"
    assert client.get(f"/api/jobs/{state['id']}/result").status_code == 409


def test_unknown_job_is_404(client: TestClient) -> None:
    response = client.get("/api/jobs/0123456789abcdef")
    assert response.status_code == 404
    assert "没有编号为" in response.json()["detail"]


def test_result_before_the_job_is_done_is_409_and_a_full_job_queue_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "job_max_unfinished", 1)
    first = client.post("/api/jobs", json={"items": items(60), "output": "pdf"})
    assert first.status_code == 202
    early = client.get(f"/api/jobs/{first.json()['id']}/result")
    assert early.status_code == 409
    assert "尚未完成" in early.json()["detail"]
    refused = client.post("/api/jobs", json={"items": items(1)})
    assert refused.status_code == 503
    assert int(refused.headers["Retry-After"]) > 0
    assert wait_for(client, first.json()["id"])["status"] == "done"


def test_batch_request_schema_rejects_an_unknown_watermark() -> None:
    with pytest.raises(ValueError, match="watermark"):
        BatchRequest.model_validate({"items": items(1), "watermark": "机密"})


def test_a_job_is_a_row_any_instance_reads_with_its_owner(
    client: TestClient, sqlite_database: Database
) -> None:
    response = client.post("/api/jobs", json={"items": items(2), "output": "zip", "format": "docx"})
    state = wait_for(client, response.json()["id"])
    assert state["status"] == "done" and state["owner"] == "local"  # the local admin of make run
    # A second app on the same database (another instance, or this one restarted) answers for it.
    with serve(sqlite_database) as other:
        again = other.get(f"/api/jobs/{state['id']}")
        assert again.json()["status"] == "done"
        assert zipfile.ZipFile(io.BytesIO(other.get(state["result_url"]).content)).namelist()


def test_a_restart_fails_unfinished_jobs_with_a_reason_and_removes_their_files(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10 item 5 / issue 15: no 404 after a restart, and nothing left behind."""
    with sqlite_database.session(write=True) as session:
        job_store.create(
            session=session,
            job_id="a" * 32,
            kind="batch",
            owner="clerk",
            request={"items": []},
            total=40,
            chunk_size=10,
            chunks_total=4,
        )
        job_store.start(session=session, job_id="a" * 32)
        session.add(JobFile(job_id="a" * 32, name="chunk-00000-0.pdf", size=3, content=b"pdf"))
    jobs.shutdown_runner()  # what a process's end does; the next app is the restarted service,
    monkeypatch.setattr(jobs, "PROCESS_STARTED", utcnow())  # a process started after the job
    with serve(sqlite_database) as restarted:
        state = restarted.get(f"/api/jobs/{'a' * 32}").json()
    assert state["status"] == "failed"
    assert state["message"] == "服务重启，任务中断，请重新提交"
    with sqlite_database.session() as session:
        assert session.query(JobFile).filter_by(job_id="a" * 32).count() == 0
        assert session.get(Job, "a" * 32) is not None


def test_results_past_their_hours_are_deleted_and_the_download_says_why(
    client: TestClient, sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = client.post("/api/jobs", json={"items": items(1), "output": "zip", "format": "docx"})
    state = wait_for(client, response.json()["id"])
    monkeypatch.setattr(settings, "job_result_hours", -1)  # everything finished is "old"
    client.post("/api/jobs", json={"items": items(1), "output": "zip", "format": "docx"})
    gone = client.get(state["result_url"])
    assert gone.status_code == 409
    assert "超过保留期限" in gone.json()["detail"]


def test_a_bad_docnum_is_refused_at_submission() -> None:
    with TestClient(create_app()) as any_client:
        response = any_client.post("/api/jobs", json={"items": items(1), "docnum": "没有年份"})
    assert response.status_code == 422


def test_only_the_owner_or_an_admin_sees_a_job(client: TestClient, sqlite_database: Database) -> None:
    response = client.post("/api/jobs", json={"items": items(1), "output": "zip", "format": "docx"})
    job_id = response.json()["id"]
    wait_for(client, job_id)
    clerk = Actor(username="王五", role="clerk")
    with pytest.raises(Forbidden, match="只有提交该任务的用户或管理员"):
        jobs.state(job_id, database=sqlite_database, actor=clerk)
    with pytest.raises(Forbidden):
        jobs.result(job_id, database=sqlite_database, actor=clerk)
    owner = Actor(username="local", role="clerk")
    assert jobs.state(job_id, database=sqlite_database, actor=owner).status == "done"


def test_a_zip_of_pdfs_is_cut_from_the_chunks_in_request_order(client: TestClient) -> None:
    response = client.post("/api/jobs", json={"items": items(3), "output": "zip", "format": "pdf"})
    state = wait_for(client, response.json()["id"])
    assert state["status"] == "done" and state["chunks_total"] == 1
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["result_url"]).content))
    names = archive.namelist()
    assert [name[:4] for name in names] == ["001_", "002_", "003_"]
    assert all(len(PdfReader(io.BytesIO(archive.read(name))).pages) == 1 for name in names)


def test_a_merged_job_keeps_the_watermark_and_the_metadata(client: TestClient) -> None:
    body = {"items": items(2), "output": "pdf", "watermark": "草稿", "docnum": "宝行政中心[2022]第017号"}
    state = wait_for(client, client.post("/api/jobs", json=body).json()["id"])
    assert state["status"] == "done", state
    metadata = PdfReader(io.BytesIO(client.get(state["result_url"]).content)).metadata
    assert metadata is not None
    assert metadata["/Keywords"] == "草稿" and metadata["/Subject"] == "宝行政中心〔2022〕17号"


def test_in_production_a_logged_in_clerk_submits_under_sqlites_write_lock_and_owns_the_job(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The login is read inside the POST's write transaction: the job goes into the same one, not a
    second that would wait for it (SQLite's busy timeout is 30 s)."""
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "secret_key", "s" * 48)
    monkeypatch.setattr(settings, "database_url", sqlite_database.url)
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple\n"))
    assert users.main(["create-admin", "root"]) == 0
    api = serve(sqlite_database)
    login = api.post("/api/auth/login", json={"username": "root", "password": "correct horse battery staple"})
    token = {"Authorization": f"Bearer {login.json()['access_token']}"}
    started = time.monotonic()
    body = {"items": items(1), "output": "zip", "format": "docx"}
    response = api.post("/api/jobs", json=body, headers=token)
    assert response.status_code == 202, response.text
    assert time.monotonic() - started < 10
    assert response.json()["owner"] == "root"
    assert api.get(f"/api/jobs/{response.json()['id']}").status_code == 401  # no token, no job
    jobs.shutdown_runner()
