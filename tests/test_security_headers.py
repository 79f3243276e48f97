"""Security headers on every response (issue 11 point 4): nosniff, no framing, a CSP of 'self' only
(the docs pages get what Swagger UI needs), Referrer-Policy, HSTS only behind TLS, no-store on API
answers, no `server` banner, and 401 names its scheme (WWW-Authenticate: Bearer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import ROOT, settings
from service.security import CSP

REQUIRED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def _assert_secure(headers: dict[str, str] | object, path: str) -> None:
    for name, value in REQUIRED.items():
        assert headers[name] == value, (path, name)  # type: ignore[index]
    policy = headers["content-security-policy"]  # type: ignore[index]
    assert "frame-ancestors 'none'" in policy
    assert "server" not in headers  # type: ignore[operator]
    assert "strict-transport-security" not in headers  # type: ignore[operator]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/health", 200),
        ("GET", "/api/schemes", 200),
        ("GET", "/api/rounds/999", 404),
        ("POST", "/api/organisations", 422),
        ("GET", "/no/such/page", 404),
        ("DELETE", "/api/health", 405),
    ],
)
def test_every_response_carries_the_headers(api: TestClient, method: str, path: str, status: int) -> None:
    response = api.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    _assert_secure(response.headers, path)
    assert response.headers["content-security-policy"] == CSP


def test_the_csp_allows_only_the_service_itself() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP and "http" not in CSP


def test_a_too_large_body_refused_before_the_app_has_the_headers(api: TestClient) -> None:
    declared = {"Content-Length": str(settings.max_request_bytes + 1)}
    response = api.post("/api/organisations", content=b"x" * 64, headers=declared)
    assert response.status_code == 413
    _assert_secure(response.headers, "413")


def test_docs_still_work_with_their_own_policy(api: TestClient) -> None:
    response = api.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()
    _assert_secure(response.headers, "/docs")
    policy = response.headers["content-security-policy"]
    assert policy != CSP and "frame-ancestors 'none'" in policy
    # What the page loads is allowed by its policy: its scripts come from the sources the CSP names.
    for source in re.findall(r'<script src="(https://[^/]+)/', response.text):
        assert source in policy
    assert api.get("/openapi.json").headers["content-security-policy"] == CSP


def test_hsts_only_behind_tls(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "strict-transport-security" not in api.get("/api/health", headers=forwarded).headers
    monkeypatch.setattr(settings, "trusted_proxies", ["testclient"])  # TestClient's peer address
    hsts = api.get("/api/health", headers=forwarded).headers["strict-transport-security"]
    assert hsts.startswith("max-age=31536000")
    assert "strict-transport-security" not in api.get("/api/health").headers
    monkeypatch.setattr(settings, "trusted_proxies", [])
    monkeypatch.setattr(settings, "https", True)
    assert "strict-transport-security" in api.get("/api/health").headers


def test_a_401_names_the_bearer_scheme(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "mode", "production")
    response = api.get("/api/rounds")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    _assert_secure(response.headers, "401")


def test_every_uvicorn_start_hides_the_server_banner() -> None:
    starts = [
        (path, line)
        for path in (ROOT / "Makefile", *Path(ROOT, "scripts").glob("*"))
        if path.is_file()
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\buvicorn\b.*service\.app", line)
    ]
    assert starts, "make run starts uvicorn"
    for path, line in starts:
        assert "--no-server-header" in line, (path.name, line)
