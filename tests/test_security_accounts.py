"""Accounts (issue 11 point 3): login throttled per account and per client address with 429 + Retry-After
(kept in the database), a lockout an admin can lift, failed logins audited, admin-only audited user
management, a password policy from Settings, usernames compared after NFKC + case folding with
confusable names refused. Production mode, on SQLite and PostgreSQL; the 20 parallel logins go through
a real uvicorn server."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import Response
from fastapi.testclient import TestClient
from sqlalchemy import text

from schemas.user import TokenOut
from service.accounts import create_admin
from service.app import create_app
from service.auth import set_session_cookie
from service.config import settings
from service.db import Database
from tests.http_server import serve

PASSWORD = "correct horse battery staple"
WRONG = "wrong horse battery staple"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, database: Database) -> Database:
    monkeypatch.setattr(settings, "mode", "production")
    monkeypatch.setattr(settings, "secret_key", "s" * 48)
    monkeypatch.setattr(settings, "database_url", database.url)
    with database.session(write=True) as session:
        create_admin(session=session, username="root", password=PASSWORD)
    return database


@pytest.fixture
def api(production: Database) -> TestClient:
    app = create_app()
    app.state.database = production
    return TestClient(app)


def _login(api: TestClient, username: str, password: str = PASSWORD, **kwargs: Any) -> httpx.Response:
    return api.post("/api/auth/login", json={"username": username, "password": password}, **kwargs)


def _bearer(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _new_user(api: TestClient, admin: dict[str, str], username: str, **fields: Any) -> httpx.Response:
    body = {"username": username, "display_name": username, "password": PASSWORD, "role": "clerk", **fields}
    return api.post("/api/users", json=body, headers=admin)


def _audit(api: TestClient, admin: dict[str, str], action: str) -> list[dict[str, Any]]:
    entries = api.get("/api/audit", params={"entity": "user"}, headers=admin).json()
    return [e for e in entries if e["action"] == action]


def _wait_until_login_works(api: TestClient, username: str, seconds: float = 60) -> httpx.Response:
    """Retry the right password until the lockout ends (each refusal a 429), within a deadline."""
    deadline = time.monotonic() + seconds
    while True:
        response = _login(api, username)
        if response.status_code != 429 or time.monotonic() > deadline:
            return response
        time.sleep(min(0.2, float(response.headers["Retry-After"])))


def test_40_wrong_passwords_are_throttled_and_the_right_one_works_after_the_lockout(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long enough that 35 quick refusals fit in it on a loaded machine, short enough to wait out.
    monkeypatch.setattr(settings, "login_lockout_seconds", 15)
    statuses = []
    for _ in range(40):
        response = _login(api, "root", WRONG)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert 1 <= int(response.headers["Retry-After"]) <= 15
            assert "锁定" in response.json()["detail"] and response.json()["error"] == "尝试次数过多"
    limit = settings.login_account_max_failures
    assert statuses[:limit] == [401] * limit
    # The 429s come without a password check, so 35 of them are far quicker than the lockout.
    assert statuses[limit:] == [429] * (40 - limit)
    assert _login(api, "root").status_code == 429  # the right password waits for the lockout too
    assert _wait_until_login_works(api, "root").status_code == 200


def test_an_address_is_throttled_across_accounts_and_others_are_not(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "login_address_max_failures", 6)
    monkeypatch.setattr(settings, "trusted_proxies", ["testclient"])
    office = {"X-Forwarded-For": "10.0.0.7"}
    for n in range(6):
        assert _login(api, f"guess{n}", WRONG, headers=office).status_code == 401
    refused = _login(api, "root", headers=office)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _login(api, "root", headers={"X-Forwarded-For": "10.0.0.8"}).status_code == 200


def test_several_api_processes_share_one_count(production: Database) -> None:
    first, second = create_app(), create_app()
    for app in (first, second):
        app.state.database = production
    one, other = TestClient(first), TestClient(second)
    for n in range(settings.login_account_max_failures):
        assert _login(one if n % 2 else other, "root", WRONG).status_code == 401
    assert _login(one, "root").status_code == 429
    assert _login(other, "root").status_code == 429


def test_an_admin_lifts_a_lockout_and_failed_logins_are_audited(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "login_lockout_seconds", 3600)
    admin = _bearer(_login(api, "root"))
    clerk_id = _new_user(api, admin, "zhangsan").json()["id"]
    for _ in range(settings.login_account_max_failures):
        _login(api, "zhangsan", WRONG)
    assert _login(api, "zhangsan").status_code == 429
    clerk = _bearer(_login(api, "root"))  # another account from the same address still logs in
    assert api.post(f"/api/users/{clerk_id}/unlock", headers=clerk).json() == {"unlocked": True}
    assert _login(api, "zhangsan").status_code == 200

    failed = _audit(api, admin, "login_failed")
    assert len(failed) == settings.login_account_max_failures
    assert {e["actor"] for e in failed} == {"zhangsan"}
    assert failed[0]["after"]["reason"] == "wrong_password" and failed[0]["after"]["address"] == "testclient"
    assert failed[0]["after"]["locked"] == ["account"]  # the newest first: the one that locked it
    assert _audit(api, admin, "unlock")[0]["actor"] == "root"


def test_a_wrong_name_costs_the_same_answer_as_a_wrong_password(api: TestClient) -> None:
    unknown, wrong = _login(api, "nobody", WRONG), _login(api, "root", WRONG)
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_20_parallel_wrong_logins_over_real_http_never_fail_with_500(
    production: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "allowed_hosts", [])  # production behind a proxy: no Host list
    app = create_app()
    app.state.database = production
    body = {"username": "root", "password": WRONG}
    with serve(app) as base, httpx.Client(base_url=base, timeout=120) as http:
        with ThreadPoolExecutor(20) as pool:
            responses = list(pool.map(lambda _: http.post("/api/auth/login", json=body), range(20)))
        statuses = [r.status_code for r in responses]
        assert set(statuses) <= {401, 429}, [r.text for r in responses if r.status_code >= 500]
        assert all("server" not in r.headers for r in responses)
        # Every failure was counted and audited: none lost to a race, the lockout holds.
        assert statuses.count(401) >= settings.login_account_max_failures
        assert http.post("/api/auth/login", json={**body, "password": PASSWORD}).status_code == 429
    with production.session() as session:
        audited = session.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'login_failed'"))
    assert audited == statuses.count(401)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "至少需要 10 个字符"),
        ("1234567890", "全是数字"),
        ("Password123", "过于常见"),
        ("ＰＡＳＳＷＯＲＤ１２３", "过于常见"),  # full width folds to password123
        ("wangwu-2024-spring", "包含用户名"),
    ],
)
def test_the_password_policy_refuses_weak_passwords_with_a_path(
    api: TestClient, password: str, message: str
) -> None:
    admin = _bearer(_login(api, "root"))
    response = _new_user(api, admin, "WangWu", password=password)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["path"] == "password" and message in problem["msg"]


def test_a_unit_sets_its_own_minimum_length(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = _bearer(_login(api, "root"))
    monkeypatch.setattr(settings, "password_min_length", 32)
    assert "32" in _new_user(api, admin, "lisi").json()["detail"][0]["msg"]
    monkeypatch.setattr(settings, "password_min_length", 8)
    assert _new_user(api, admin, "lisi", password="tea-cup-8").status_code == 201


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("ROOT", 409),
        ("Root", 409),
        ("ｒｏｏｔ", 409),  # full width
        ("rооt", 422),  # Cyrillic о in a Latin name
        ("аdmin", 422),  # Cyrillic а
        ("ѕесrеt", 422),  # Cyrillic ѕ е с е among Latin r t
        (
            "\u0441\u043e\u0445",
            201,
        ),  # Cyrillic "сох", wholly one alphabet: allowed while nothing looks like it …
        ("cox", 409),  # … and then the Latin look-alike is taken
        ("张三", 201),
        ("zhang张三", 201),  # Chinese beside Latin is not confusable
    ],
)
def test_usernames_fold_and_confusable_names_are_refused(api: TestClient, username: str, status: int) -> None:
    admin = _bearer(_login(api, "root"))
    if username == "cox":
        assert _new_user(api, admin, "\u0441\u043e\u0445").status_code == 201
    response = _new_user(api, admin, username)
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["detail"][0]["path"] == "username"
        assert "混用" in response.json()["detail"][0]["msg"]


def test_a_stale_token_or_cookie_does_not_block_the_next_login(api: TestClient) -> None:
    token = _bearer(_login(api, "root"))
    assert api.post("/api/auth/logout", headers=token).status_code == 204
    assert _login(api, "root", headers=token).status_code == 200
    api.cookies.set(settings.session_cookie, "expired-token")
    assert api.get("/api/auth/me").status_code == 401
    # A browser holding the cookie is held to the CSRF token (csrf.py), then logs in again.
    assert _login(api, "root").status_code == 403
    api.cookies.set("csrftoken", "t" * 43)
    assert _login(api, "root", headers={"X-CSRF-Token": "t" * 43}).status_code == 200


def test_the_pages_log_in_with_a_strict_http_only_cookie(api: TestClient) -> None:
    login = TokenOut.model_validate(_login(api, "root").json())
    response = Response()
    set_session_cookie(response, login, secure=True)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{settings.session_cookie}={login.access_token};")
    assert all(flag in cookie for flag in ("HttpOnly", "SameSite=strict", "Secure", "Path=/"))
    api.cookies.set(settings.session_cookie, login.access_token)
    assert api.get("/api/auth/me").json()["username"] == "root"  # the cookie logs in like the header


@pytest.mark.parametrize(
    ("username", "status"),
    [("\ufdfa" * 100, 401), ("ro\x00ot", 422), ("x" * 101, 422), (" ", 422)],
    ids=["folds-to-1800-chars", "nul", "too-long", "blank"],
)
def test_odd_login_names_are_401_or_422_never_500(api: TestClient, username: str, status: int) -> None:
    assert _login(api, username, WRONG).status_code == status


def test_a_name_that_folds_too_long_is_refused_at_creation(api: TestClient) -> None:
    admin = _bearer(_login(api, "root"))
    response = _new_user(api, admin, "\ufdfa" * 10)  # ﷺ: one character, 18 after NFKC
    assert response.status_code == 422 and "超过 100 个字符" in response.json()["detail"][0]["msg"]


def test_a_login_name_is_compared_folded(api: TestClient) -> None:
    assert _login(api, "ROOT").status_code == 200
    assert _login(api, "ｒｏｏｔ").status_code == 200


def test_user_management_is_admin_only_and_audited(api: TestClient) -> None:
    admin = _bearer(_login(api, "root"))
    user_id = _new_user(api, admin, "zhaoliu").json()["id"]
    clerk = _bearer(_login(api, "zhaoliu"))
    for method, path, body in (
        ("PATCH", "", {"active": False}),
        ("POST", "/password", {"password": "another long passphrase"}),
        ("POST", "/revoke-tokens", None),
        ("POST", "/unlock", None),
    ):
        refused = api.request(method, f"/api/users/{user_id}{path}", json=body, headers=clerk)
        assert refused.status_code == 403, path

    # Disable: the user's token stops working and the login is refused; enable again.
    assert api.patch(f"/api/users/{user_id}", json={"active": False}, headers=admin).json()["active"] is False
    assert api.get("/api/auth/me", headers=clerk).status_code == 401
    assert _login(api, "zhaoliu").status_code == 401
    assert api.patch(f"/api/users/{user_id}", json={"active": True}, headers=admin).status_code == 200
    # Change role: a head needs a department (422 on its path).
    bad = api.patch(f"/api/users/{user_id}", json={"role": "department_head"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["detail"][0]["path"] == "department_id"
    assert (
        api.patch(f"/api/users/{user_id}", json={"role": "leader"}, headers=admin).json()["role"] == "leader"
    )
    # Reset password: old logins end, the policy applies, the new password works.
    token = _bearer(_login(api, "zhaoliu"))
    weak = api.post(f"/api/users/{user_id}/password", json={"password": "1234567890"}, headers=admin)
    assert weak.status_code == 422
    new = "another long passphrase"
    assert (
        api.post(f"/api/users/{user_id}/password", json={"password": new}, headers=admin).status_code == 200
    )
    assert api.get("/api/auth/me", headers=token).status_code == 401
    token = _bearer(_login(api, "zhaoliu", new))
    # Revoke tokens.
    assert api.post(f"/api/users/{user_id}/revoke-tokens", headers=admin).json() == {"revoked": 1}
    assert api.get("/api/auth/me", headers=token).status_code == 401
    # The last admin stays.
    root_id = next(u["id"] for u in api.get("/api/users", headers=admin).json() if u["username"] == "root")
    last = api.patch(f"/api/users/{root_id}", json={"role": "clerk"}, headers=admin)
    assert last.status_code == 409 and "最后一个管理员" in last.json()["detail"]
    assert api.patch("/api/users/999", json={"active": False}, headers=admin).status_code == 404
    assert api.patch(f"/api/users/{user_id}", json={"colour": "red"}, headers=admin).status_code == 422

    actions = [e["action"] for e in api.get("/api/audit", params={"entity": "user"}, headers=admin).json()]
    for action in ("update", "reset_password", "revoke_tokens", "create"):
        assert action in actions
    update = _audit(api, admin, "update")[-1]  # the first: disabling
    assert update["before"]["active"] is True and update["after"]["active"] is False
    assert "password_hash" not in update["before"]
