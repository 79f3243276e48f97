"""CSRF protection for the clerk's pages, in both modes: a double-submit token.

The contract (README "Security"):
- a page template calls `csrf_token(request)` (also a Jinja global when the pages register it) and puts
  the value in every form as `<input type="hidden" name="csrf_token" value="…">`, or once for htmx as
  `<body hx-headers='{"X-CSRF-Token": "…"}'>`;
- the first call sets the cookie `csrftoken` (HttpOnly, SameSite=Strict, Path=/, Secure behind TLS) on
  the response; later calls reuse it;
- every write (POST/PUT/PATCH/DELETE) to a page path (anything outside /api/) or carrying the pages'
  login cookie (`SESSION_COOKIE`) must send the same value in the header `X-CSRF-Token` or the form
  field `csrf_token`; otherwise 403 in Chinese. A page on another site can neither read the cookie nor
  make the browser send it (SameSite=Strict), so it cannot supply the value.
- API clients with a bearer token and no cookie (scripts, curl) are not asked for it: a browser never
  adds an Authorization header by itself.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import settings
from service.security import UNSAFE_METHODS, behind_tls, forbidden

COOKIE = "csrftoken"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
_STATE_KEY = "csrf_token_new"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Paths that are not pages: the JSON API and the interactive docs (no forms of ours).
_NOT_PAGES = ("/api/", "/docs", "/redoc", "/openapi.json", "/static/")


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header: treat as no cookie
                continue
    return {name: morsel.value for name, morsel in jar.items()}


def _well_formed(token: str | None) -> bool:
    return bool(token) and 20 <= len(token or "") <= 100 and (token or "").isascii()


def csrf_token(request: Request) -> str:
    """The token for this visitor's forms; the middleware sets the cookie when it is new."""
    known = request.scope.get("state", {}).get(_STATE_KEY) or request.cookies.get(COOKIE)
    if _well_formed(known):
        return str(known)
    token = secrets.token_urlsafe(32)
    request.scope.setdefault("state", {})[_STATE_KEY] = token
    return token


def needs_token(scope: Scope) -> bool:
    """A write from a page, or one authenticated by the pages' cookie."""
    if scope.get("method") not in UNSAFE_METHODS:
        return False
    path = str(scope.get("path", ""))
    return not path.startswith(_NOT_PAGES) or settings.session_cookie in _cookies(scope)


def _cookie_header(token: str, tls: bool) -> str:
    secure = "; Secure" if tls else ""
    return f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"


class CSRFMiddleware:
    """Checks the double-submitted token on the writes `needs_token` names; sets a new token's cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if needs_token(scope):
            receive, ok = await self._check(scope, receive)
            if not ok:
                await forbidden(send, "页面校验码（CSRF）缺失或不符，请刷新页面后重试")
                return
        tls = behind_tls(scope)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                token = scope.get("state", {}).get(_STATE_KEY)
                if token:
                    MutableHeaders(scope=message).append("Set-Cookie", _cookie_header(token, tls))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _check(self, scope: Scope, receive: Receive) -> tuple[Receive, bool]:
        expected = _cookies(scope).get(COOKIE)
        if not _well_formed(expected):
            return receive, False
        assert expected is not None
        headers = dict(scope.get("headers", ()))
        sent = headers.get(HEADER.encode())
        if sent is not None:
            return receive, hmac.compare_digest(sent.decode("latin-1"), expected)
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        if not content_type.startswith(_FORM_TYPES):
            return receive, False
        # A plain HTML form: read the body (RequestSizeLimit, outside, has capped it), find the field,
        # then hand the same body to the app.
        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        replay_for_form = list(messages)

        async def form_receive() -> Message:
            return replay_for_form.pop(0) if replay_for_form else {"type": "http.disconnect"}

        form = await Request(scope, form_receive).form()
        try:
            field = form.get(FIELD)
            ok = isinstance(field, str) and hmac.compare_digest(field, expected)
        finally:
            await form.close()

        async def app_receive() -> Message:
            return messages.pop(0) if messages else await receive()

        return app_receive, ok
