"""用户 page (admin): the list with role names and departments, create with the password policy's errors
beside the field (service/passwords.py), change role/department, disable/enable, reset the password, end
logins, lift a lockout — through service/accounts.py as /api/users; refused to anyone but an admin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from service import csrf
from service.db import Database
from tests.admin_pages_support import PASSWORD, login, production_app, refused_page, token
from tests.rounds_support import setup_organisation


def _users(api: TestClient) -> dict[str, dict[str, object]]:
    return {u["username"]: u for u in api.get("/api/users").json()}


def _row(page: str, user_id: object) -> str:
    found = re.search(rf'<tr id="user-{user_id}">(.*?)</tr>', page, re.S)
    assert found, f"no row for user {user_id}"
    return found.group(1)


def test_an_admin_creates_a_user_and_a_weak_password_is_refused_beside_its_field(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    department = api.get(f"/api/organisations/{organisation_id}/departments").json()[0]
    form = {
        "username": "wangwu",
        "display_name": "王五",
        "role": "department_head",
        "department_id": str(department["id"]),
        csrf.FIELD: token(api, "/users"),
    }
    weak = api.post("/users", data={**form, "password": "short"})
    assert weak.status_code == 422
    # service/passwords.py: the unit's minimum length (10 by default), said in Chinese next to the field.
    assert re.search(r'id="f-password"[^>]*aria-describedby="e-password', weak.text)
    assert re.search(r'<div class="invalid-feedback" id="e-password">密码至少需要 10 个字符', weak.text)
    assert 'value="王五"' in weak.text and 'value="short"' not in weak.text
    assert "wangwu" not in _users(api)

    created = api.post("/users", data={**form, "password": PASSWORD}, follow_redirects=False)
    assert created.status_code == 303
    user = _users(api)["wangwu"]
    assert user["role"] == "department_head" and user["department_id"] == department["id"]
    row = _row(api.get("/users").text, user["id"])
    assert "王五" in row and "部门负责人" in row and department["name"] in row and "在用" in row


def test_the_models_errors_and_the_services_refusals_are_shown_on_the_page(api: TestClient) -> None:
    csrf_token = token(api, "/users")
    base = {"display_name": "赵六", "password": PASSWORD, "role": "clerk", csrf.FIELD: csrf_token}
    bad_name = api.post("/users", data={**base, "username": "赵 六"})  # UserCreate.username pattern
    assert bad_name.status_code == 422
    assert '<div class="invalid-feedback" id="e-username">格式不正确</div>' in bad_name.text
    bad_role = api.post("/users", data={**base, "username": "zhaoliu", "role": "boss"})
    assert bad_role.status_code == 422 and "&#39;boss&#39; 不是可选值" in bad_role.text
    # A department head without a department is the service's refusal (accounts._add_user), not a 500.
    head = api.post("/users", data={**base, "username": "zhaoliu", "role": "department_head"})
    assert head.status_code == 409 and "部门负责人必须指定所在部门" in head.text
    assert api.post("/users", data={**base, "username": "zhaoliu"}, follow_redirects=False).status_code == 303
    taken = api.post("/users", data={**base, "username": "ZhaoLiu"})  # folded, it is the same name
    assert taken.status_code == 409 and "相同或过于相似" in taken.text


def test_an_admin_changes_the_role_disables_enables_and_resets_the_password(api: TestClient) -> None:
    csrf_token = token(api, "/users")
    new = {"username": "lisi", "display_name": "李四", "password": PASSWORD, "role": "clerk"}
    api.post("/users", data={**new, csrf.FIELD: csrf_token})
    user_id = _users(api)["lisi"]["id"]

    head = {"display_name": "李四", "role": "department_head", "department_id": "", csrf.FIELD: csrf_token}
    refused = api.post(f"/users/{user_id}", data=head)
    assert refused.status_code == 422
    assert f'id="e-u{user_id}-department_id">部门负责人必须指定所在部门' in refused.text
    assert _users(api)["lisi"]["role"] == "clerk"
    leader = {**head, "role": "leader", "display_name": "李四（组长）"}
    assert api.post(f"/users/{user_id}", data=leader, follow_redirects=False).status_code == 303
    assert _users(api)["lisi"] | {"role": "leader", "display_name": "李四（组长）"} == _users(api)["lisi"]
    assert "考核领导小组" in _row(api.get("/users").text, user_id)

    disabled = api.post(f"/users/{user_id}", data={"active": "false", csrf.FIELD: csrf_token})
    assert disabled.status_code == 200 and "已停用" in _row(disabled.text, user_id)
    assert _users(api)["lisi"]["active"] is False
    api.post(f"/users/{user_id}", data={"active": "true", csrf.FIELD: csrf_token})
    assert _users(api)["lisi"]["active"] is True

    weak = api.post(f"/users/{user_id}/password", data={"password": "lisi-password", csrf.FIELD: csrf_token})
    assert weak.status_code == 422
    assert f'id="e-u{user_id}-password">密码不能包含用户名' in weak.text
    reset = api.post(f"/users/{user_id}/password", data={"password": "another horse staple"})
    assert reset.status_code == 403, "a write without the CSRF token is refused"
    reset = api.post(
        f"/users/{user_id}/password", data={"password": "another horse staple", csrf.FIELD: csrf_token}
    )
    assert reset.status_code == 200 and "已重置密码" in reset.text
    for action in ("revoke-tokens", "unlock"):
        done = api.post(f"/users/{user_id}/{action}", data={csrf.FIELD: csrf_token}, follow_redirects=False)
        assert done.status_code == 303, action
    actions = [e["action"] for e in api.get("/api/audit", params={"entity": "user"}).json()]
    assert {"create", "update", "reset_password", "revoke_tokens", "unlock"} <= set(actions)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_only_an_administrator_sees_or_changes_users(
    monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    api = production_app(monkeypatch, database, "clerk", "leader")
    no_login = api.get("/users", follow_redirects=False)  # production: no login, the login page
    assert no_login.status_code == 303 and no_login.headers["location"].startswith("/login")
    admin = login(api, "root")
    page = api.get("/users", headers=admin)
    assert page.status_code == 200 and "业务科办事员" in page.text and "考核领导小组" in page.text
    assert '<a class="nav-link" href="/users">用户</a>' in page.text
    for role in ("clerk", "leader"):
        headers = login(api, role)
        refused = api.get("/users", headers=headers)
        assert refused_page(refused, "此操作仅限管理员"), refused.text[:300]
        assert "/users" not in re.findall(r'class="nav-link" href="([^"]+)"', refused.text)
        form = {"username": "x1", "display_name": "x", "password": PASSWORD, "role": "admin"}
        post = api.post("/users", data={**form, csrf.FIELD: token(api, "/users", headers)}, headers=headers)
        assert refused_page(post, "此操作仅限管理员")
    assert "x1" not in {u["username"] for u in api.get("/api/users", headers=admin).json()}
