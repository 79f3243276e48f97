"""Who sees what (issue 11 point 2, DESIGN.md §10), one test per role and read endpoint or export: a
department head sees only their own department's people, findings and papers; a leader and a clerk the
whole round; an admin everything; a job's result only its submitter and admins; the 文号 register is
refused to heads. Scopes live in the service functions, so each endpoint is asked over HTTP as each role.
One production-mode round (8 people in 4 departments) per database, SQLite and PostgreSQL."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service import jobs, users
from service.app import create_app
from service.config import settings
from service.db import Database
from service.documents.registry import get_kind
from tests.db_fixtures import _database_url
from tests.rounds_support import create_round, person, setup_organisation

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "clerk", "leader", "department_head")
EVERYONE = [f"P{i:03d}" for i in range(1, 9)]
OWN = ["P004", "P008"]  # 业务科, the head's department (rounds_support.DEPARTMENTS[i % 4])
FORM = "form-civil-servant"
NOTICE = "notice-resident-annual"
SUMMARY = {"summary": "本年度工作总结"}  # the one field of a 登记表 the round cannot know


@dataclass
class World:
    api: TestClient
    round_id: int
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # subject (or the notice) → issued id
    job_id: str = ""
    finding_people: set[str] = field(default_factory=set)


def _login(api: TestClient, username: str) -> dict[str, str]:
    response = api.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201, 202), response.text
    return response


def _build(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert users.main(["create-admin", "root"]) == 0
    admin = _login(api, "root")
    organisation_id = setup_organisation(api.__class__(api.app, headers=admin))
    departments = {
        d["name"]: d["id"]
        for d in api.get(f"/api/organisations/{organisation_id}/departments", headers=admin).json()
    }
    for role in ROLES[1:]:
        body = {
            "username": role,
            "display_name": role,
            "password": PASSWORD,
            "role": role,
            "department_id": departments["业务科"] if role == "department_head" else None,
        }
        _ok(api.post("/api/users", json=body, headers=admin))
    world = World(api=api, round_id=0, headers={"admin": admin} | {r: _login(api, r) for r in ROLES[1:]})
    clerk = api.__class__(api.app, headers=world.headers["clerk"])
    world.round_id = create_round(clerk, organisation_id)
    # P001 (another department) and P004 (the head's) take part but are proposed above their 五(六)
    # ceiling: a finding each, and their forms can still be issued.
    flagged = {"conditions": [1]}
    roster = [person(i, **(flagged if i in (1, 4) else {})) for i in range(1, 9)]
    _ok(clerk.put(f"/api/rounds/{world.round_id}/people", json={"people": roster}))
    result = _ok(clerk.post(f"/api/rounds/{world.round_id}/evaluate")).json()
    world.finding_people = {f["person_id"] for f in result["findings"] if f["person_id"]}
    assert {"P001", "P004"} <= world.finding_people

    base = f"/api/rounds/{world.round_id}/documents"
    notice = _ok(clerk.post(f"{base}/{NOTICE}", json={"issue": True, "docnum": "allocate"}))
    world.documents[NOTICE] = int(notice.headers["X-Document-Id"])
    for code in ("P001", "P004"):
        body = {"issue": True, "person_id": code, "payload": SUMMARY}
        issued = _ok(clerk.post(f"{base}/{FORM}", json=body))
        world.documents[code] = int(issued.headers["X-Document-Id"])

    payload = get_kind(FORM).example().model_dump(mode="json")
    job = {"items": [{"kind": FORM, "payload": payload}], "output": "zip", "format": "docx"}
    world.job_id = _ok(clerk.post("/api/jobs", json=job)).json()["id"]
    deadline = time.monotonic() + 120
    while clerk.get(f"/api/jobs/{world.job_id}").json()["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)
    assert clerk.get(f"/api/jobs/{world.job_id}").json()["status"] == "done"
    return world


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    urls = _database_url(request, tmp_path_factory.mktemp("scopes"))
    database = Database(next(urls))
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(settings, "mode", "production")
            monkeypatch.setattr(settings, "secret_key", "s" * 48)
            monkeypatch.setattr(settings, "database_url", database.url)
            app = create_app()
            app.state.database = database
            yield _build(TestClient(app), monkeypatch)
    finally:
        jobs.shutdown_runner(database)  # its queue worker must not outlive the dropped database
        database.dispose()
        urls.close()


def _sheet_column(content: bytes, sheet: str, column: int) -> list[Any]:
    rows = load_workbook(io.BytesIO(content))[sheet].iter_rows(min_row=2, values_only=True)
    return [row[column] for row in rows]


def _get(world: World, role: str, url: str) -> Any:
    return world.api.get(url, headers=world.headers[role])


def _people(world: World, role: str) -> Any:
    response = _get(world, role, f"/api/rounds/{world.round_id}/people")
    return sorted(e["person"]["id"] for e in response.json())


def _results(world: World, role: str) -> Any:
    content = _ok(_get(world, role, f"/api/rounds/{world.round_id}/results.xlsx")).content
    # The 问题 sheet names whom a finding is about: "P001 常驻人员1", or a department for a quota.
    return sorted(_sheet_column(content, "考核结果", 0)), {v for v in _sheet_column(content, "问题", 2) if v}


def _issued(world: World, role: str) -> Any:
    response = _ok(_get(world, role, f"/api/rounds/{world.round_id}/issued"))
    return sorted(d["subject"] or d["kind"] for d in response.json())


def _download(subject: str) -> Callable[[World, str], Any]:
    def check(world: World, role: str) -> Any:
        url = f"/api/rounds/{world.round_id}/issued/{world.documents[subject]}"
        return _get(world, role, url).status_code

    return check


def _status(url: str) -> Callable[[World, str], Any]:
    return lambda world, role: _get(world, role, url.format(w=world)).status_code


def _render(world: World, role: str) -> Any:
    url = f"/api/rounds/{world.round_id}/documents/{FORM}"
    return world.api.post(
        url, json={"person_id": "P004", "payload": SUMMARY}, headers=world.headers[role]
    ).status_code


def _status_findings(world: World, role: str) -> Any:
    """Whom the open findings of `GET /api/rounds/{id}/status` are about."""
    response = _ok(_get(world, role, f"/api/rounds/{world.round_id}/status"))
    return {f["person_id"] for f in response.json()["findings"]}


ALL_ISSUED = sorted(["P001", "P004", NOTICE])
# endpoint → (how to look, what each role sees); a head's view is the narrow one.
MATRIX: dict[str, tuple[Callable[[World, str], Any], dict[str, Any]]] = {
    "people": (_people, {"*": EVERYONE, "department_head": OWN}),
    "results.xlsx": (
        _results,
        {"*": (EVERYONE, "all-findings"), "department_head": (OWN, "own-findings")},
    ),
    "status-findings": (_status_findings, {"*": "all-findings", "department_head": {"P004"}}),
    "issued": (_issued, {"*": ALL_ISSUED, "department_head": sorted(["P004", NOTICE])}),
    "issued-own-person": (_download("P004"), {"*": 200}),
    "issued-other-person": (_download("P001"), {"*": 200, "department_head": 403}),
    "issued-notice": (_download(NOTICE), {"*": 200}),
    "docnums": (_status("/api/docnums"), {"*": 200, "department_head": 403}),
    "job-state": (_status("/api/jobs/{w.job_id}"), {"*": 403, "clerk": 200, "admin": 200}),
    "job-result": (_status("/api/jobs/{w.job_id}/result"), {"*": 403, "clerk": 200, "admin": 200}),
    "audit": (_status("/api/audit"), {"*": 403, "admin": 200, "leader": 200}),
    "users": (_status("/api/users"), {"*": 403, "admin": 200}),
    "render-person": (_render, {"*": 200, "department_head": 403}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_each_role_sees_its_scope_of_each_read_endpoint(world: World, endpoint: str, role: str) -> None:
    look, expected = MATRIX[endpoint]
    want = expected.get(role, expected.get("*"))
    seen = look(world, role)
    if endpoint == "results.xlsx":
        people, problems = seen
        assert people == want[0]
        named = {v.split()[0] for v in problems if v.startswith("P")}
        if want[1] == "all-findings":
            assert named == world.finding_people
        else:  # nothing about another department's person, nor about a department or no one
            assert problems == {v for v in problems if v.startswith("P")}
            assert named == world.finding_people & set(OWN)
        return
    if want == "all-findings":
        want = world.finding_people | ({None} & seen)  # and whatever is about no one in particular
    assert seen == want
