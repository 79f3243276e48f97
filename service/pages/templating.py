"""The pages' one Jinja environment (autoescape on) and the one way a page is rendered.

htmx fragments are blocks of the page's own template (jinja2-fragments, STYLE.md 12): a partial update
renders `block_name` of the same template, never a second copy of the markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response
from jinja2_fragments.fastapi import Jinja2Blocks

from service import accounts, csrf, organisations, register, rounds
from service.auth import AUDIT_READERS, ROLE_NAMES, Actor
from service.config import ROOT, settings
from service.rules.registry import schemes

templates = Jinja2Blocks(directory=str(ROOT / "service" / "templates"))

SCHEME_NAMES = {scheme.id: scheme.name for scheme in schemes().values()}
SEVERITY_NAMES = {"error": "错误", "warning": "提醒", "info": "说明"}
templates.env.globals.update(scheme_names=SCHEME_NAMES, severity_names=SEVERITY_NAMES, role_names=ROLE_NAMES)
# The main navigation: each entry for the roles its service functions allow (a department head has no
# 机构设置, 新建考核 or 文号登记); the interactive docs exist in local mode only (service/app.py).
NAV: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("/", "首页", ("clerk", "department_head", "leader", "admin")),
    ("/organisation", "机构设置", organisations.MANAGERS),
    ("/rounds/new", "新建考核", rounds.ORGANISERS),
    ("/register", "文号登记", register.READERS),
    ("/audit", "审计日志", AUDIT_READERS),
    ("/users", "用户", accounts.MANAGERS),
    ("/holidays", "节假日安排", tuple(ROLE_NAMES)),  # everyone reads; holiday_years.EDITORS edit
)


def navigation(actor: Actor | None) -> list[tuple[str, str]]:
    role = actor.role if actor else "anonymous"
    entries = [(href, label) for href, label, roles in NAV if role in roles]
    if settings.mode == "local" and role != "anonymous":
        entries.append(("/docs", "接口文档"))
    return entries


# Times are stored in UTC; a clerk reads Beijing time.
CLERKS_ZONE = ZoneInfo("Asia/Shanghai")


def local_time(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(CLERKS_ZONE).strftime("%Y-%m-%d %H:%M")


templates.env.filters["local_time"] = local_time


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    block_name: str | None = None,
) -> Response:
    """The page (or one of its blocks, for htmx) with the CSRF token in its <meta> and forms."""
    actor = getattr(request.state, "actor", None)  # set by auth.current_actor
    full = {
        "csrf_token": csrf.csrf_token(request),
        "viewer": actor,
        "production": settings.mode == "production",
        "nav": navigation(actor),
        **context,
    }
    return templates.TemplateResponse(request, name, full, status_code=status_code, block_name=block_name)
