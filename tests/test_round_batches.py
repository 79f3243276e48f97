"""A round's papers in bulk are bounded (issue 10.6): past the bound a 413 naming the job, and the job
makes them in the background with progress — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient

from service.config import settings
from tests.rounds_support import create_round, person, setup_organisation

FORM = "form-civil-servant"
SUMMARY = {"summary": "全年完成窗口受理任务。"}  # what a form needs beyond the stored data
PEOPLE = 12


@pytest.fixture
def round_id(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(settings, "max_blocking_documents", 5)
    identifier = create_round(api, setup_organisation(api))
    response = api.put(
        f"/api/rounds/{identifier}/people", json={"people": [person(i) for i in range(1, PEOPLE + 1)]}
    )
    assert response.status_code == 200, response.text
    # "*" means those who take part, known once the rules have run (RoundContext.participants).
    assert api.post(f"/api/rounds/{identifier}/evaluate").status_code == 200
    return identifier


def wait_for_job(api: TestClient, job_id: str, seconds: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    seen: list[int] = []
    while time.monotonic() < deadline:
        state: dict[str, Any] = api.get(f"/api/jobs/{job_id}").json()
        seen.append(state["done"])
        if state["status"] in ("done", "failed"):
            state["seen"] = seen
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def test_everyone_past_the_bound_is_refused_before_rendering_and_names_the_job(
    api: TestClient, round_id: int
) -> None:
    start = time.monotonic()
    response = api.post(
        f"/api/rounds/{round_id}/documents", json={"items": [{"kind": FORM, "person_id": "*"}]}
    )
    assert response.status_code == 413, response.text
    detail = response.json()["detail"]
    assert f"本次将生成 {PEOPLE} 份文书，超过直接生成的上限 5 份" in detail
    assert f"POST /api/rounds/{round_id}/documents/jobs" in detail
    assert time.monotonic() - start < 5  # counted, not rendered


def test_a_batch_within_the_bound_still_answers_at_once(api: TestClient, round_id: int) -> None:
    items = [{"kind": FORM, "person_id": f"P{i:03d}", "payload": SUMMARY} for i in range(1, 6)]
    response = api.post(f"/api/rounds/{round_id}/documents", json={"items": items})
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert len(package.namelist()) == 5


def test_the_job_makes_every_paper_with_progress_and_errors_per_item(api: TestClient, round_id: int) -> None:
    items = [{"kind": FORM, "person_id": "*", "payload": SUMMARY}, {"kind": FORM, "person_id": "NOBODY"}]
    response = api.post(f"/api/rounds/{round_id}/documents/jobs", json={"items": items})
    assert response.status_code == 202, response.text
    assert response.json()["total"] == PEOPLE + 1
    state = wait_for_job(api, response.json()["id"])
    assert state["status"] == "done", state
    assert state["done"] == state["total"] == PEOPLE + 1
    assert state["seen"] == sorted(state["seen"])  # progress only goes forward
    assert [(e["index"], e["path"]) for e in state["errors"]] == [(1, "items[1]")]
    assert "NOBODY" in state["errors"][0]["message"]
    result = api.get(state["result_url"])
    assert result.status_code == 200
    with zipfile.ZipFile(io.BytesIO(result.content)) as package:
        names = package.namelist()
        assert len(names) == PEOPLE
        assert names[0].startswith("001_") and names[-1].startswith(f"{PEOPLE:03d}_")
        first = "\n".join(p.text for p in Document(io.BytesIO(package.read(names[0]))).paragraphs)
        last = package.read(names[-1])
    assert first and last  # real .docx files, one per person
    texts = [
        cell.text for table in Document(io.BytesIO(last)).tables for row in table.rows for cell in row.cells
    ]
    assert any(f"常驻人员{PEOPLE}" in text for text in texts)


def test_a_job_of_issued_papers_archives_each_one(api: TestClient, round_id: int) -> None:
    items = [{"kind": FORM, "person_id": "*", "issue": True, "payload": SUMMARY}]
    submitted = api.post(f"/api/rounds/{round_id}/documents/jobs", json={"items": items}).json()
    state = wait_for_job(api, submitted["id"])
    assert state["status"] == "done" and state["errors"] == [], state
    issued = api.get(f"/api/rounds/{round_id}/issued").json()
    assert len([d for d in issued if d["kind"] == FORM]) == PEOPLE
