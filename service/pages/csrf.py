"""A minimal CSRF double-submit, the contract service/csrf.py (security) keeps and may replace this with.

The cookie `csrftoken` (SameSite=Strict, so another site's page never sends it) must be echoed on every
write: in the header `X-CSRF-Token` (htmx, set by static/js/pages.js from the page's <meta>) or in the
form field `csrf_token` (a plain form post). A cross-site form cannot read the cookie, so it cannot echo it.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from service.errors import Forbidden

COOKIE = "csrftoken"
HEADER = "X-CSRF-Token"
FIELD = "csrf_token"


def token_for(request: Request) -> str:
    """The request's token: the cookie it came with, else a new one (set on the response by `set_cookie`)."""
    existing = getattr(request.state, "csrf_token", None)
    if existing:
        return str(existing)
    token = request.cookies.get(COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf_token = token
    return token


def set_cookie(request: Request, response: Response) -> None:
    token = token_for(request)
    if request.cookies.get(COOKIE) != token:
        response.set_cookie(COOKIE, token, httponly=False, samesite="strict", path="/")


async def verify(request: Request) -> None:
    """A page write is refused (403) unless it echoes the cookie's token."""
    cookie = request.cookies.get(COOKIE, "")
    sent = request.headers.get(HEADER, "")
    if not sent:
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not hmac.compare_digest(cookie, sent):
        raise Forbidden("页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
