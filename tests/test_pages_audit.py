"""审计日志 page: auth.audit_log newest first, 100 a page with a link to the older ones, filtered by entity
and entity id, times in Beijing time; readable by whom auth.audit_log allows (admin, 考核领导小组)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from service.db import Database
from service.models import AuditEntry
from service.pages.audit import PAGE_SIZE
from tests.admin_pages_support import login, production_app, refused_page


def _ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="audit-(\d+)">', page)]


def _add(database: Database, count: int, **values: object) -> None:
    with database.session(write=True) as session:
        for index in range(count):
            fields = {"actor": "local", "action": "update", "entity": "round", "entity_id": str(index)}
            session.add(AuditEntry(**{**fields, **values}))  # type: ignore[arg-type]


def test_the_log_is_newest_first_in_pages_of_100(api: TestClient, database: Database) -> None:
    _add(database, PAGE_SIZE + 5)
    first = api.get("/audit")
    assert first.status_code == 200
    ids = _ids(first.text)
    assert len(ids) == PAGE_SIZE and ids == sorted(ids, reverse=True)
    older = re.search(r'<a href="([^"]+)" id="audit-older">', first.text)
    assert older and f"before_id={ids[-1]}" in older.group(1)
    second = api.get(older.group(1).replace("&amp;", "&"))
    rest = _ids(second.text)
    assert len(rest) == 5 and max(rest) < min(ids)
    assert 'id="audit-older"' not in second.text and 'id="audit-newest"' in second.text


def test_filters_by_entity_and_id_and_shows_beijing_time(api: TestClient, database: Database) -> None:
    _add(database, 3)
    moment = dt.datetime(2024, 12, 31, 16, 30, tzinfo=dt.UTC)  # 2025-01-01 00:30 in Beijing
    _add(database, 1, entity="user", entity_id="7", action="create", at=moment, after={"role": "clerk"})
    page = api.get("/audit", params={"entity": "user", "entity_id": "7"}).text
    (entry,) = _ids(page)
    row = re.search(rf'<tr id="audit-{entry}">(.*?)</tr>', page, re.S)
    assert row and "2025-01-01 00:30" in row.group(1) and "用户" in row.group(1) and "新建" in row.group(1)
    assert "clerk" in row.group(1)  # what the creation set
    assert '<option value="user" selected>' in page
    assert len(_ids(api.get("/audit", params={"entity": "round"}).text)) == 3
    assert _ids(api.get("/audit", params={"entity": "round", "entity_id": "9"}).text) == []
    assert api.get("/audit", params={"before_id": "0"}).status_code == 422


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_admins_and_leaders_read_the_log_and_clerks_do_not(
    monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    api = production_app(monkeypatch, database, "clerk", "leader")
    for role in ("root", "leader"):
        page = api.get("/audit", headers=login(api, role))
        assert page.status_code == 200, role
        assert '<td class="text-nowrap">登录</td>' in page.text, role  # the logins are in the log
        assert '<a class="nav-link" href="/audit">审计日志</a>' in page.text
    refused = api.get("/audit", headers=login(api, "clerk"))
    assert refused_page(refused, "此操作仅限管理员、考核领导小组")
    assert "/audit" not in re.findall(r'class="nav-link" href="([^"]+)"', refused.text)
