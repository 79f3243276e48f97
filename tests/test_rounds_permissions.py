"""Who did what (issue 5): production needs a login on every endpoint but /api/health, department heads
are limited to their own department's staff and proposals (403 otherwise), every change is in the audit
log with who, when, before and after. Local mode asks for no login. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from service import users
from service.app import create_app
from service.config import settings
from service.db import Database
from tests.rounds_support import DEPARTMENTS, create_round, person, setup_organisation

PASSWORD = "correct horse battery staple"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, database: Database) -> None:
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "secret_key", "s" * 48)
    monkeypatch.setattr(settings, "database_url", database.url)


def _login(api: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = api.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _create_admin(monkeypatch: pytest.MonkeyPatch, name: str = "root") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return users.main(["create-admin", name])


def test_production_refuses_to_start_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "secret_key", "")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.usefixtures("production")
def test_production_needs_a_login_everywhere_but_health(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert api.get("/api/health").status_code == 200
    for open_in_local_mode in ("/docs", "/redoc", "/openapi.json"):
        assert api.get(open_in_local_mode).status_code in (401, 404), open_in_local_mode
    for method, url in (("GET", "/api/rounds"), ("GET", "/api/schemes"), ("POST", "/api/docnums")):
        response = api.request(method, url, json={})
        assert response.status_code == 401, url
        assert response.json()["error"] == "未登录或登录已过期"
    assert api.post("/api/auth/login", json={"username": "root", "password": PASSWORD}).status_code == 401

    assert _create_admin(monkeypatch) == 0
    assert _create_admin(monkeypatch) == 1  # the name is taken: refused, no second admin
    headers = _login(api, "root")
    assert api.get("/api/rounds", headers=headers).status_code == 200
    assert api.get("/api/auth/me", headers=headers).json()["role"] == "admin"
    assert api.post("/api/auth/logout", headers=headers).status_code == 204
    assert api.get("/api/rounds", headers=headers).status_code == 401
    assert api.get("/api/rounds", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_passwords_are_stored_as_argon2_hashes(
    api: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "database_url", database.url)
    _create_admin(monkeypatch)
    with database.session() as session:
        stored = session.scalar(text("SELECT password_hash FROM users"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert (
        api.post("/api/auth/login", json={"username": "root", "password": "wrong password"}).status_code
        == 401
    )


def test_local_mode_asks_for_no_login(api: TestClient) -> None:
    assert settings.mode == "local"
    assert api.get("/api/auth/me").json()["username"] == "local"
    assert (
        api.post(
            "/api/organisations",
            json={"name": "中心", "issuer_mark": "中心文件", "agency_code": "中心", "signature": "中心"},
        ).status_code
        == 201
    )


def _people(api: TestClient, round_id: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = api.get(f"/api/rounds/{round_id}/people", headers=headers)
    assert response.status_code == 200, response.text
    return [entry["person"] for entry in response.json()]


@pytest.mark.usefixtures("production")
def test_000_五_二_3_department_head_proposes_only_for_own_department(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_admin(monkeypatch)
    admin = _login(api, "root")
    api.headers.update(admin)
    organisation_id = setup_organisation(api)
    departments = {
        d["name"]: d["id"] for d in api.get(f"/api/organisations/{organisation_id}/departments").json()
    }
    for username, role, department in (
        ("clerk", "clerk", None),
        ("head", "department_head", departments["业务科"]),
        ("leader", "leader", None),
    ):
        body = {
            "username": username,
            "display_name": username,
            "password": PASSWORD,
            "role": role,
            "department_id": department,
        }
        assert api.post("/api/users", json=body).status_code == 201
    del api.headers["Authorization"]
    clerk, head, leader = _login(api, "clerk"), _login(api, "head"), _login(api, "leader")
    assert api.post("/api/users", json={**body, "username": "x"}, headers=clerk).status_code == 403

    round_id = create_round(api.__class__(api.app, headers=clerk), organisation_id)
    roster = {"people": [person(i) for i in range(1, 9)]}
    assert api.put(f"/api/rounds/{round_id}/people", json=roster, headers=head).status_code == 403
    assert api.put(f"/api/rounds/{round_id}/people", json=roster, headers=clerk).status_code == 200

    visible = _people(api, round_id, head)
    assert {p["department"] for p in visible} == {"业务科"} and len(visible) == 2
    assert len(_people(api, round_id, clerk)) == 8
    own, other = (
        visible[0]["id"],
        next(p["id"] for p in _people(api, round_id, clerk) if p["department"] != "业务科"),
    )

    changed = api.patch(
        f"/api/rounds/{round_id}/people/{own}",
        json={"recommended": True, "proposed_grade": "优秀"},
        headers=head,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["proposed_grade"] == "优秀"
    refused = api.patch(
        f"/api/rounds/{round_id}/people/{other}", json={"proposed_grade": "优秀"}, headers=head
    )
    assert refused.status_code == 403 and "本部门" in refused.json()["detail"]
    moved = api.patch(
        f"/api/rounds/{round_id}/people/{own}", json={"department": DEPARTMENTS[1]}, headers=head
    )
    assert moved.status_code == 403
    assert (
        api.post(
            "/api/docnums", json={"agency_code": "宝行政中心", "year": 2022, "title": "通知"}, headers=head
        ).status_code
        == 403
    )
    assert api.post(f"/api/rounds/{round_id}/evaluate", headers=head).status_code == 403
    assert api.post(f"/api/rounds/{round_id}/evaluate", headers=leader).status_code == 200

    log = api.get("/api/audit", params={"entity": "round_entry"}, headers=leader).json()
    assert log[0]["actor"] == "head" and log[0]["action"] == "update"
    assert log[0]["before"]["proposed_grade"] == "称职" and log[0]["after"]["proposed_grade"] == "优秀"
    assert log[0]["at"]
    assert api.get("/api/audit", headers=head).status_code == 403
    actions = {(e["entity"], e["action"]) for e in api.get("/api/audit", headers=admin).json()}
    assert {
        ("round", "create"),
        ("round", "import_roster"),
        ("person", "create"),
        ("user", "create"),
    } <= actions
