"""审计日志: who changed what and when, newest first, 100 rows a page, filtered by entity and entity id,
through auth.audit_log (GET /api/audit) and so readable by whom it allows."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from schemas.common import RowId
from service import auth
from service.auth import ActorDep
from service.db import SessionDep
from service.pages.templating import render

router = APIRouter(prefix="/audit", include_in_schema=False)
PAGE_SIZE = 100
# What the log calls a record (service/audit.py callers), as a clerk names it.
ENTITY_NAMES = {
    "round": "考核",
    "round_entry": "考核人员等次",
    "person": "人员",
    "issued_document": "签发的文书",
    "docnum": "文号",
    "docnum_counter": "文号起始号",
    "notice_texts": "通知文本",
    "organisations": "机构设置",
    "user": "用户",
    "holiday_year": "节假日安排",
}
ACTION_NAMES = {
    "create": "新建",
    "update": "修改",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "reset_password": "重置密码",
    "revoke_tokens": "注销登录",
    "unlock": "解除锁定",
    "put_holidays": "录入节假日安排",
    "allocate": "取号",
    "void": "作废",
    "record_external": "登记外部文号",
    "start_year": "设定年度起始号",
    "issue": "签发",
    "evaluate": "评定",
    "set_final_grade": "确定最终等次",
    "import_roster": "导入名单",
    "import_departments": "导入部门",
}
Filter = Annotated[str | None, Query(max_length=100)]


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """The fields an entry changed, each (field, before, after); a creation lists what it set."""
    old, new = before or {}, after or {}
    return [(key, old.get(key), new.get(key)) for key in {**old, **new} if old.get(key) != new.get(key)]


@router.get("", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    entity: Filter = None,
    entity_id: Filter = None,
    before_id: RowId | None = None,
) -> Response:
    filters = {"entity": entity or None, "entity_id": entity_id or None}
    # One row more than a page says whether an older page exists.
    rows = auth.audit_log(session=session, actor=actor, **filters, before_id=before_id, limit=PAGE_SIZE + 1)
    entries = [
        {**row, "at": dt.datetime.fromisoformat(row["at"]), "changes": changes(row["before"], row["after"])}
        for row in rows[:PAGE_SIZE]
    ]
    shown = {name: value for name, value in filters.items() if value}
    older = (
        "/audit?" + urlencode({**shown, "before_id": entries[-1]["id"]}) if len(rows) > PAGE_SIZE else None
    )
    context = {
        "entries": entries,
        "filters": filters,
        "entity_names": ENTITY_NAMES,
        "action_names": ACTION_NAMES,
        "older": older,
        "newest": ("/audit?" + urlencode(shown)) if before_id else None,
        "page_size": PAGE_SIZE,
    }
    return render(request, "pages/audit.html", context)
