"""The pages in production mode without a browser, on SQLite and PostgreSQL (issue 13 "Login page in
production mode", DESIGN.md §10): /login logs in through the same `auth.login` as the API (its lockout,
its audit), a page without a valid login goes to /login and back to a safe `next`, the API keeps its
JSON 401, /logout revokes the token; a 部门负责人 on 评定 sees and proposes only for their department
(seed 000 五(二)3), and is refused the final grades in Chinese."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from service import csrf
from service.auth import ROLE_NAMES
from service.config import settings
from service.pages.login import safe_next
from tests.rounds_support import create_round, person, setup_organisation
from tests.test_rounds_permissions import PASSWORD, _create_admin, production  # noqa: F401 — fixture

pytestmark = pytest.mark.usefixtures("production")


def _client(api: TestClient) -> TestClient:
    """Another browser: the same app, a cookie jar of its own."""
    return TestClient(api.app, follow_redirects=False)


def _form_login(
    client: TestClient, username: str, password: str = PASSWORD, next_path: str | None = None
) -> Any:
    client.get("/login")  # the csrftoken cookie, as a browser gets it
    data = {"username": username, "password": password, csrf.FIELD: client.cookies[csrf.COOKIE]}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/login", data=data)


def _post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={**data, csrf.FIELD: client.cookies[csrf.COOKIE]})


@pytest.fixture
def admin(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The first admin (service/users.py create-admin), logged in through the login page."""
    assert _create_admin(monkeypatch) == 0
    client = _client(api)
    assert _form_login(client, "root").status_code == 303
    return client


def test_a_page_without_a_login_goes_to_the_login_page_and_the_api_keeps_its_json_401(
    api: TestClient,
) -> None:
    client = _client(api)
    login = client.get("/login")
    assert login.status_code == 200 and login.headers["content-type"].startswith("text/html")
    for label in ('for="login-username">用户名<', 'for="login-password">密码<', 'type="submit">登录<'):
        assert label in login.text
    assert "退出" not in login.text and "机构设置" not in login.text  # nobody is logged in yet
    for path, expected_next in (
        ("/", "/"),
        ("/organisation", "/organisation"),
        ("/rounds/7/grading?saved=1", "/rounds/7/grading?saved=1"),
    ):
        response = client.get(path)
        assert response.status_code == 303, path
        location = urlsplit(response.headers["location"])
        assert location.path == "/login" and parse_qs(location.query)["next"] == [expected_next]
    api_answer = client.get("/api/rounds")
    assert api_answer.status_code == 401 and api_answer.json()["error"] == "未登录或登录已过期"
    assert client.get("/static/css/pages.css").status_code == 200  # the login page's own stylesheet
    # htmx swaps no login form into a fragment: it is told to load the login page instead.
    htmx = client.post(
        "/rounds/7/grading/preview",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/rounds/7/grading",
            "X-CSRF-Token": client.cookies[csrf.COOKIE],
        },
    )
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/login?next=%2Frounds%2F7%2Fgrading"


def test_the_login_form_sets_the_session_cookie_and_goes_back_to_next(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _create_admin(monkeypatch) == 0
    client = _client(api)
    response = _form_login(client, "root", next_path="/register?year=2022")
    assert response.status_code == 303 and response.headers["location"] == "/register?year=2022"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(settings.session_cookie))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    page = client.get("/register")
    assert page.status_code == 200
    assert f'id="who">root（{ROLE_NAMES["admin"]}）<' in page.text and ">退出<" in page.text
    assert "本机模式" not in page.text
    # The same audit row as the API's login (auth.login), with the client's address.
    log = client.get("/api/audit", params={"entity": "user"}).json()
    assert log[0]["action"] == "login" and log[0]["actor"] == "root"


@pytest.mark.parametrize(
    "unsafe",
    [
        "//evil.example/rounds",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "rounds/1",
        "/login",
        "/\x00x",
        "",
    ],
)
def test_next_is_only_a_path_of_this_service(unsafe: str) -> None:
    assert safe_next(unsafe) == "/"


def test_an_unsafe_next_after_a_login_goes_home(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _create_admin(monkeypatch) == 0
    client = _client(api)
    assert _form_login(client, "root", next_path="//evil.example/x").headers["location"] == "/"
    shown = client.get("/login", params={"next": "https://evil.example/"}).text
    assert 'name="next" value="/"' in shown


def test_a_wrong_password_is_said_beside_the_form_and_sets_no_cookie(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _create_admin(monkeypatch) == 0
    client = _client(api)
    refused = _form_login(client, "root", password="not the password", next_path="/organisation")
    assert refused.status_code == 401
    assert re.search(r'id="login-error">用户名或密码不正确<', refused.text)
    assert 'value="root"' in refused.text and 'name="next" value="/organisation"' in refused.text
    assert settings.session_cookie not in client.cookies
    empty = _form_login(client, "", password="")
    assert empty.status_code == 422
    assert '<div class="invalid-feedback" id="e-username">缺少必填字段</div>' in empty.text
    assert '<div class="invalid-feedback" id="e-password">缺少必填字段</div>' in empty.text
    no_token = client.post("/login", data={"username": "root", "password": PASSWORD})
    assert no_token.status_code == 403 and settings.session_cookie not in client.cookies


def test_the_lockout_of_the_api_holds_for_the_login_page_in_chinese(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same throttle as POST /api/auth/login (service/throttle.py): after the account's allowed
    failures even the right password is answered 429 with the wait, on the page."""
    assert _create_admin(monkeypatch) == 0
    client = _client(api)
    for _ in range(settings.login_account_max_failures):
        assert _form_login(client, "root", password="wrong password").status_code in (401, 429)
    locked = _form_login(client, "root")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert re.search(r'id="login-error">登录失败次数过多，已暂时锁定，请 \d+ (秒|分钟)后再试', locked.text)
    assert settings.session_cookie not in client.cookies
    api_answer = api.post("/api/auth/login", json={"username": "root", "password": PASSWORD})
    assert api_answer.status_code == 429  # one lockout, whichever door


def test_logout_revokes_the_token_and_an_old_cookie_goes_to_the_login_page(admin: TestClient) -> None:
    token = admin.cookies[settings.session_cookie]
    assert admin.get("/").status_code == 200
    out = _post(admin, "/logout", {})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert settings.session_cookie not in admin.cookies
    assert admin.get("/api/rounds", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    admin.cookies.set(settings.session_cookie, token)  # the revoked token, kept by a stale browser
    stale = admin.get("/organisation")
    assert stale.status_code == 303 and stale.headers["location"] == "/login?next=%2Forganisation"
    assert admin.get("/login").status_code == 200  # the stale cookie does not block the login page
    admin.cookies.set(settings.session_cookie, "forged-token")
    assert admin.get("/").headers["location"] == "/login?next=%2F"
    assert _post(admin, "/logout", {}).status_code == 303  # logging out twice is no error


def test_local_mode_says_so_and_has_no_logout(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "mode", "local")
    page = api.get("/")
    assert page.status_code == 200 and 'id="who">本机模式<' in page.text and "退出" not in page.text
    assert "本机模式无需登录" in api.get("/login").text


# ---------------------------------------------------------------- the department head on 评定


@pytest.fixture
def office(api: TestClient, admin: TestClient) -> dict[str, Any]:
    """Seed 000's organisation, a clerk and the head of 业务科, a round of 8 people in 4 departments."""
    bearer = {"Authorization": f"Bearer {admin.cookies[settings.session_cookie]}"}
    setup = TestClient(api.app, headers=bearer)
    organisation_id = setup_organisation(setup)
    departments = {
        d["name"]: d["id"] for d in setup.get(f"/api/organisations/{organisation_id}/departments").json()
    }
    for username, role, department in (("clerk", "clerk", None), ("head", "department_head", "业务科")):
        body = {
            "username": username,
            "display_name": username,
            "password": PASSWORD,
            "role": role,
            "department_id": departments.get(department or ""),
        }
        assert setup.post("/api/users", json=body).status_code == 201
    round_id = create_round(setup, organisation_id)
    roster = {"people": [person(i) for i in range(1, 9)]}
    assert setup.put(f"/api/rounds/{round_id}/people", json=roster).status_code == 200
    people = {p["person"]["id"]: p for p in setup.get(f"/api/rounds/{round_id}/people").json()}
    return {"round_id": round_id, "people": people, "api": setup}


def test_000_五_二_3_a_department_head_sees_and_proposes_only_for_their_department(
    api: TestClient, office: dict[str, Any]
) -> None:
    round_id, people, setup = office["round_id"], office["people"], office["api"]
    own = sorted(code for code, p in people.items() if p["person"]["department"] == "业务科")
    others = sorted(code for code, p in people.items() if p["person"]["department"] != "业务科")
    assert len(own) == 2 and len(others) == 6
    head = _client(api)
    assert _form_login(head, "head", next_path=f"/rounds/{round_id}/grading").status_code == 303
    page = head.get(f"/rounds/{round_id}/grading")
    assert page.status_code == 200
    assert f'id="who">head（{ROLE_NAMES["department_head"]}）<' in page.text
    for code in own:
        assert f'name="grade.{code}"' in page.text and people[code]["person"]["name"] in page.text
    for code in others:
        assert f'id="person-{code}"' not in page.text
        assert f"{people[code]['person']['name']}<" not in page.text
    assert f'action="/rounds/{round_id}/grading/proposals"' in page.text
    assert "保存等次建议" in page.text and "确认并保存最终等次" not in page.text
    for hidden in ('href="/organisation"', 'href="/rounds/new"', 'href="/register"', 'href="/docs"'):
        assert hidden not in page.text  # what a 部门负责人 cannot use is not offered
    # …and asked for by its address, refused on a page in Chinese (the API keeps its JSON 403).
    register = head.get("/register")
    assert register.status_code == 403 and register.headers["content-type"].startswith("text/html")
    assert re.search(r'id="forbidden">此操作仅限[^<]*管理员<', register.text)
    assert head.get("/api/docnums").json()["error"] == "无权操作"

    # 五(二)3 科长或负责人…提出考核等次建议: stored as the proposal, as PATCH /api/.../people/{code} does.
    saved = _post(head, f"/rounds/{round_id}/grading/proposals", {f"grade.{own[0]}": "优秀"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("saved=1")
    stored = {p["person"]["id"]: p for p in setup.get(f"/api/rounds/{round_id}/people").json()}
    assert stored[own[0]]["proposed_grade"] == "优秀" and stored[own[0]]["final_grade"] is None
    log = setup.get("/api/audit", params={"entity": "round_entry"}).json()
    assert log[0]["actor"] == "head" and log[0]["after"]["proposed_grade"] == "优秀"

    # Another department's person, posted by hand: refused in Chinese, and nothing of the form stored.
    refused = _post(
        head,
        f"/rounds/{round_id}/grading/proposals",
        {f"grade.{own[1]}": "优秀", f"grade.{others[0]}": "优秀"},
    )
    assert refused.status_code == 403 and "部门负责人只能修改本部门人员" in refused.text
    stored = {p["person"]["id"]: p for p in setup.get(f"/api/rounds/{round_id}/people").json()}
    assert stored[own[1]]["proposed_grade"] == "称职" and stored[others[0]]["proposed_grade"] == "称职"

    # The final grades are the 考核领导小组's (rounds.GRADERS): the page says so, no JSON, no 500.
    final = _post(head, f"/rounds/{round_id}/grading", {f"grade.{own[0]}": "优秀"})
    assert final.status_code == 403 and final.headers["content-type"].startswith("text/html")
    assert "未保存：" in final.text and "此操作仅限" in final.text
    assert setup.get(f"/api/rounds/{round_id}/people").json()[0]["final_grade"] is None


def test_the_clerk_still_grades_the_whole_round_in_production(
    api: TestClient, office: dict[str, Any]
) -> None:
    clerk = _client(api)
    assert _form_login(clerk, "clerk").headers["location"] == "/"
    page = clerk.get(f"/rounds/{office['round_id']}/grading")
    assert page.status_code == 200 and page.text.count('name="grade.') == 8
    assert "确认并保存最终等次" in page.text and 'href="/rounds/new"' in page.text
    assert 'href="/docs"' not in page.text  # production serves no /docs
