"""CSRF protection of the clerk's pages, in both modes (issue 11 point 1): a double-submit token — the
cookie `csrftoken` (HttpOnly, SameSite=Strict) plus the header `X-CSRF-Token` or the form field
`csrf_token`. Exercised on a page route mounted on the real app, over HTTP (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from starlette.datastructures import UploadFile

from service.app import create_app
from service.config import settings
from service.csrf import COOKIE, csrf_token
from service.db import Database


def _with_page_routes(database: Database) -> TestClient:
    app = create_app()
    app.state.database = database

    @app.get("/test-page", response_class=HTMLResponse)
    def page(request: Request) -> str:
        token = csrf_token(request)
        return f'<form method="post"><input type="hidden" name="csrf_token" value="{token}"></form>'

    @app.post("/test-page")
    async def submit(request: Request) -> dict[str, object]:
        form = await request.form()
        upload = form.get("file")
        size = len(await upload.read()) if isinstance(upload, UploadFile) else None
        return {"name": form.get("name"), "size": size}

    return TestClient(app)


@pytest.fixture
def pages(database: Database) -> Iterator[TestClient]:
    with _with_page_routes(database) as client:
        yield client


def _token(pages: TestClient) -> str:
    response = pages.get("/test-page")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "SameSite=Strict" in cookie and "HttpOnly" in cookie
    token = pages.cookies[COOKIE]
    assert f'value="{token}"' in response.text
    return token


def test_the_token_is_set_once_and_reused(pages: TestClient) -> None:
    token = _token(pages)
    again = pages.get("/test-page")
    assert "set-cookie" not in again.headers and f'value="{token}"' in again.text


def test_a_form_post_with_the_field_passes_and_the_app_still_reads_the_body(pages: TestClient) -> None:
    token = _token(pages)
    response = pages.post("/test-page", data={"csrf_token": token, "name": "张三"})
    assert response.status_code == 200 and response.json()["name"] == "张三"
    upload = pages.post(
        "/test-page",
        data={"csrf_token": token},
        files={"file": ("名单.xlsx", b"x" * 70_000, "application/x")},
    )
    assert upload.status_code == 200 and upload.json()["size"] == 70_000


def test_htmx_sends_the_header(pages: TestClient) -> None:
    token = _token(pages)
    response = pages.post("/test-page", data={"name": "李四"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200 and response.json()["name"] == "李四"


@pytest.mark.parametrize("case", ["no-cookie", "no-token", "wrong-token", "wrong-header"])
def test_a_write_without_the_matching_token_is_refused(pages: TestClient, case: str) -> None:
    token = _token(pages)
    if case == "no-cookie":
        pages.cookies.clear()  # what a page on another site gets: SameSite=Strict keeps the cookie home
    data = {"name": "x"} if case in ("no-token", "wrong-header") else {"csrf_token": "A" * 43, "name": "x"}
    headers = {"X-CSRF-Token": "B" * 43} if case == "wrong-header" else {}
    if case == "no-cookie":
        data["csrf_token"] = token
    response = pages.post("/test-page", data=data, headers=headers)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and response.json()["error"] == "无权操作"


def test_the_api_asks_bearer_clients_for_no_token_but_cookie_sessions_for_one(
    pages: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = {"name": "中心", "issuer_mark": "中心文件", "agency_code": "中心", "signature": "中心"}
    pages.cookies.clear()
    # A script in local mode: no cookie, no token; the write is the clerk's own (422: not a template).
    assert pages.post("/api/templates/lint", json=body).status_code == 422
    # A browser logged in to the pages with the session cookie must send the token to the API too.
    token = _token(pages)
    pages.cookies.set(settings.session_cookie, "session-value")
    refused = pages.post("/api/templates/lint", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    allowed = pages.post("/api/templates/lint", json=body, headers={"X-CSRF-Token": token})
    assert allowed.status_code == 401  # past the CSRF check, the login decides: this cookie is no token
