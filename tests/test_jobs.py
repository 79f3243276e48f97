"""Jobs (issue 6): a roster of hundreds runs in the background with done/total and errors per item."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from schemas.batch import BatchRequest
from service import jobs
from service.documents.registry import get_kind
from service.jobs import JobRunner

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
def tiny_runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[JobRunner]:
    runner = JobRunner(workers=1, max_waiting=0)
    monkeypatch.setattr(jobs, "_runner", runner)
    yield runner
    runner.shutdown()


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
    client: TestClient, tiny_runner: JobRunner
) -> None:
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
