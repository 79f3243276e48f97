"""The pages in production mode in a real Chromium (issue 13 "A department head logged in sees and grades
only their department"): the real server with MODE=production and a SECRET_KEY made here, the first
admin created as an install creates it (`python -m service.users create-admin`, README "Users and
modes"), the office and its users through the API as that admin; then a 部门负责人 asks for 评定, is sent to
the login page, logs in there (a wrong password first), sees only their department's people, proposes a
grade (seed 000 五(二)3 "科长或负责人…提出考核等次建议") and logs out. Screenshots of the login page and
of the head's 评定 page are kept in tests/artifacts/screens/<test>/.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.pages_server import ROOT, database_url, running_server
from tests.rounds_support import DEPARTMENTS, ORGANISATION, person
from tests.test_pages_browser import Browser, assert_clean, expect
from tests.test_pages_browser import browser as browser_fixture

# test_pages_browser's fixture, given its `server` and `fetch_redirects` by this module.
browser = browser_fixture

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
HEAD_DEPARTMENT = DEPARTMENTS[0]  # 业务科


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Overrides test_pages_browser's `server` for its `browser` fixture: production mode."""
    env = {"MODE": "production", "SECRET_KEY": secrets.token_urlsafe(48)}
    with running_server(tmp_path, env=env) as base:
        created = subprocess.run(
            [sys.executable, "-m", "service.users", "create-admin", "root"],
            input=PASSWORD + "\n",
            text=True,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, **env, "DATABASE_URL": database_url(tmp_path)},
            check=False,
        )
        assert created.returncode == 0, created.stderr
        yield base


@pytest.fixture
def fetch_redirects() -> int:
    """The browser follows the login's redirects itself, so its URL shows where each one went."""
    return 0


def _office(base: str) -> dict[str, Any]:
    """Seed 000's organisation with its departments, the head of 业务科 and a round of 8 people in 4
    departments, set up through the API by the admin."""
    token = httpx.post(f"{base}/api/auth/login", json={"username": "root", "password": PASSWORD})
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as api:
        organisation_id = api.post("/api/organisations", json=ORGANISATION).json()["id"]
        departments = {}
        for name in DEPARTMENTS:
            made = api.post(f"/api/organisations/{organisation_id}/departments", json={"name": name})
            assert made.status_code == 201, made.text
            departments[name] = made.json()["id"]
        head = {
            "username": "head",
            "display_name": "业务科科长",
            "password": PASSWORD,
            "role": "department_head",
            "department_id": departments[HEAD_DEPARTMENT],
        }
        assert api.post("/api/users", json=head).status_code == 201
        body = {
            "organisation_id": organisation_id,
            "scheme": "resident-annual",
            "year": 2022,
            "as_of": "2022-11-30",
            "starts_on": "2022-12-14",
        }
        made = api.post("/api/rounds", json=body)
        assert made.status_code == 201, made.text
        round_id = made.json()["id"]
        people = [person(i) for i in range(1, 9)]
        assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
        return {"round_id": round_id, "people": people, "api_headers": headers}


def test_a_department_head_logs_in_and_grades_only_their_department(browser: Browser) -> None:
    office = _office(browser.base)
    round_id = office["round_id"]
    own = [p for p in office["people"] if p["department"] == HEAD_DEPARTMENT]
    others = [p for p in office["people"] if p["department"] != HEAD_DEPARTMENT]
    assert len(own) == 2 and len(others) == 6
    page = browser.page

    # No login yet: the page sends the browser to the login page, which remembers where it was going.
    browser.goto(f"/rounds/{round_id}/grading")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Frounds%2F\d+%2Fgrading$"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    browser.shot("01-登录")
    page.get_by_label("用户名").fill("head")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#login-error")).to_have_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("head")
    browser.shot("02-登录-密码错误")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # 评定 as the 部门负责人: their department's people only, each with a proposal to make.
    expect(page).to_have_url(f"{browser.base}/rounds/{round_id}/grading")
    browser.ready()
    expect(page.locator("#who")).to_have_text("head（部门负责人）")
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    for hidden in ("机构设置", "新建考核", "文号登记", "接口文档"):
        expect(page.get_by_role("link", name=hidden)).to_have_count(0)
    rows = page.locator("table.grade-table tbody tr")
    expect(rows).to_have_count(len(own))
    for p in own:
        expect(page.locator(f"#person-{p['id']}")).to_contain_text(p["name"])
    for p in others:
        expect(page.locator(f"#person-{p['id']}")).to_have_count(0)
        expect(page.get_by_text(p["name"], exact=True)).to_have_count(0)
    expect(page.locator("#scope-note")).to_contain_text(HEAD_DEPARTMENT)

    # 五(二)3: the head proposes 优秀 for one of theirs; the page re-evaluates, then it is saved.
    choice = page.get_by_label(f"{own[0]['name']}的建议等次")
    choice.select_option("优秀")
    expect(page.locator("#evaluation")).to_contain_text("按页面上的等次试算，尚未保存")
    expect(page.locator(f"#person-{own[0]['id']}")).to_have_class(re.compile("is-unsaved"))
    page.get_by_role("button", name="保存等次建议").click()
    expect(page.get_by_text("等次建议已保存。")).to_be_visible()
    expect(page.get_by_label(f"{own[0]['name']}的建议等次")).to_have_value("优秀")
    browser.shot("03-部门负责人-评定")

    # What the API says the head's cookie may read is the same one department (rounds.list_entries).
    seen = page.request.get(f"{browser.base}/api/rounds/{round_id}/people")
    assert seen.status == 200 and {e["person"]["department"] for e in seen.json()} == {HEAD_DEPARTMENT}
    stored = httpx.get(
        f"{browser.base}/api/rounds/{round_id}/people", headers=office["api_headers"], timeout=30
    ).json()
    proposals = {e["person"]["id"]: e["proposed_grade"] for e in stored}
    assert proposals[own[0]["id"]] == "优秀" and proposals[others[0]["id"]] == "称职"

    # 退出: the token is revoked, the page is the login page again, and 评定 needs a new login.
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    browser.goto(f"/rounds/{round_id}/grading")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert_clean(browser, [401])
