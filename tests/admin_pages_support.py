"""The admin pages' tests in production mode: an app whose users log in, and a login per role."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from schemas.user import UserCreate
from service import accounts, csrf
from service.app import create_app
from service.auth import LOCAL_ADMIN
from service.config import settings
from service.db import Database

PASSWORD = "correct horse battery staple"


def production_app(monkeypatch: pytest.MonkeyPatch, database: Database, *roles: str) -> TestClient:
    """Production mode with one user per role, named after it (`clerk`, `leader`, …)."""
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "secret_key", "s" * 48)
    monkeypatch.setattr(settings, "database_url", database.url)
    with database.session(write=True) as session:
        accounts.create_admin(session=session, username="root", password=PASSWORD)
        for role in roles:
            data = UserCreate(username=role, display_name=role, password=PASSWORD, role=role)  # type: ignore[arg-type]
            accounts.create_user(session=session, actor=LOCAL_ADMIN, data=data)
    app = create_app()
    app.state.database = database
    return TestClient(app)


def login(api: TestClient, username: str) -> dict[str, str]:
    response = api.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def token(api: TestClient, page: str, headers: dict[str, str] | None = None) -> str:
    """The CSRF token a page's forms carry (the cookie it sets)."""
    assert api.get(page, headers=headers).status_code in (200, 403)
    return api.cookies[csrf.COOKIE]


def refused_page(response: httpx.Response, message: str) -> bool:
    """A 403 told on a page of ours (service/pages/login.py `forbidden`), in Chinese, not the API's JSON."""
    return (
        response.status_code == 403
        and response.headers["content-type"].startswith("text/html")
        and f'<div class="alert alert-danger" role="alert" id="forbidden">{message}</div>' in response.text
    )
