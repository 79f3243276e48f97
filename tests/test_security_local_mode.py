"""Local mode serves only this machine's clerk (issue 11 point 1, DESIGN.md §10): a write whose Origin or
Referer is another site is refused, any Host the service does not serve is refused (DNS rebinding), the
clerk's own requests — from the service's own pages or with no Origin at all, as curl sends — pass.
Over HTTP through the whole app (TestClient, and a real uvicorn server); on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import settings
from service.db import Database
from tests.http_server import serve
from tests.rounds_support import create_round, person, setup_organisation
from tests.test_rounds_excel import roster_workbook, upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = "https://evil.example"


@pytest.fixture
def round_id(api: TestClient) -> int:
    return create_round(api, setup_organisation(api))


def _roster(api: TestClient, round_id: int) -> bytes:
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    return roster_workbook(template, [person(1), person(2)])


def _refused(response: object, phrase: str) -> None:
    assert getattr(response, "status_code", None) == 403, getattr(response, "text", "")
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"] == "无权操作" and phrase in body["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Referer": f"{EVIL}/phish.html"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://127.0.0.1:9999"},  # another service on this machine is another site
    ],
    ids=["origin", "null-origin", "referer", "sec-fetch-site", "other-port"],
)
def test_a_cross_site_roster_upload_is_refused_and_changes_nothing(
    api: TestClient, round_id: int, headers: dict[str, str]
) -> None:
    content = _roster(api, round_id)
    response = api.post(
        f"/api/rounds/{round_id}/roster.xlsx", files={"file": ("名单.xlsx", content, XLSX)}, headers=headers
    )
    _refused(response, "跨站")
    assert api.get(f"/api/rounds/{round_id}/people").json() == []


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts: no Origin, no Referer
        {"Origin": "http://testserver"},
        {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://localhost:8000"},
        {"Referer": "http://[::1]:8000/rounds/1"},
    ],
    ids=["no-origin", "own-origin", "loopback", "localhost", "ipv6-referer"],
)
def test_the_clerks_own_write_is_accepted(api: TestClient, round_id: int, headers: dict[str, str]) -> None:
    response = api.post(
        f"/api/rounds/{round_id}/roster.xlsx",
        files={"file": ("名单.xlsx", _roster(api, round_id), XLSX)},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert len(api.get(f"/api/rounds/{round_id}/people").json()) == 2


def test_reads_from_another_origin_are_not_writes(api: TestClient, round_id: int) -> None:
    # A cross-origin GET cannot change anything, and the browser hides the answer (no CORS headers).
    response = api.get(f"/api/rounds/{round_id}", headers={"Origin": EVIL})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1:9999", "127.0.0.1.nip.io"])
def test_a_foreign_host_is_refused_even_for_reads(api: TestClient, round_id: int, host: str) -> None:
    response = api.get(f"/api/rounds/{round_id}/people", headers={"Host": host})
    _refused(response, "ALLOWED_HOSTS")
    assert "content-security-policy" in response.headers  # refusals carry the security headers too


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"])
def test_the_served_addresses_are_answered(api: TestClient, host: str) -> None:
    assert api.get("/api/rounds", headers={"Host": host}).status_code == 200


def test_an_intranet_name_is_served_once_configured(
    api: TestClient, round_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = {"Host": "kaohe.bsq.gov.cn"}
    origin = {**host, "Origin": "https://kaohe.bsq.gov.cn"}
    assert api.get("/api/rounds", headers=host).status_code == 403
    monkeypatch.setattr(settings, "allowed_hosts", [*settings.allowed_hosts, "kaohe.bsq.gov.cn"])
    assert api.get("/api/rounds", headers=host).status_code == 200
    assert upload(api.__class__(api.app, headers=origin), round_id, _roster(api, round_id)).status_code == 200


def test_production_leaves_origin_to_the_login_and_host_to_its_proxy(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "allowed_hosts", [])
    # Not refused by the guard: the login decides (401), whatever the Host behind the proxy.
    response = api.post("/api/organisations", json={}, headers={"Origin": EVIL, "Host": "kaohe.example"})
    assert response.status_code == 401
    monkeypatch.setattr(settings, "allowed_hosts", ["kaohe.example"])
    assert api.get("/api/health", headers={"Host": "other.example"}).status_code == 403
    assert api.get("/api/health", headers={"Host": "kaohe.example"}).status_code == 200


def test_over_real_http_a_server_on_any_port_serves_itself_and_refuses_the_rest(database: Database) -> None:
    # The pages' browser tests start the service on a random port: it is still its own address.
    app = create_app()
    app.state.database = database
    body = {"name": "中心", "issuer_mark": "中心文件", "agency_code": "中心", "signature": "中心"}
    with serve(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        port = base.rsplit(":", 1)[1]
        assert http.get("/api/rounds").status_code == 200
        assert http.get("/api/rounds", headers={"Host": f"localhost:{port}"}).status_code == 200
        assert http.get("/api/rounds", headers={"Host": f"evil.example:{port}"}).status_code == 403
        cross = http.post("/api/organisations", json=body, headers={"Origin": "https://evil.example"})
        assert cross.status_code == 403 and "跨站" in cross.json()["detail"]
        own = http.post("/api/organisations", json=body, headers={"Origin": base})
        assert own.status_code == 201 and "server" not in own.headers
        assert own.headers["x-frame-options"] == "DENY"
