"""Who may reach the service, and the headers every response carries (issue 11, DESIGN.md §10).

Local mode (`make run`, no login) acts for whoever can send it a request, so it must serve only this
machine's own clerk: a web page the clerk visits can make the browser send a cross-site POST (a form or
a multipart upload needs no permission), and DNS rebinding points a foreign name at 127.0.0.1. Hence:

- a request whose `Host` is not an address the service serves is refused (in production only when
  `ALLOWED_HOSTS` is configured: there a proxy decides the public name);
- in local mode, a write (POST/PUT/PATCH/DELETE) whose `Origin` — or, without one, `Referer` — is not
  one of those addresses, or that the browser itself marks `Sec-Fetch-Site: cross-site`, is refused.
  A request with neither header (curl, scripts) is the clerk's own and passes.

Both answer 403 with `{"error", "detail"}` in Chinese, like every other refusal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import Settings, settings

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")

# Only the service's own files: no inline script, no other site, no framing (also for old browsers).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# /docs: Swagger UI from the vendored files (service/pages/docs.py), started from a .js file — nothing
# from another site. It still sets style attributes and reads data: icons, which the pages never need.
DOCS_PATHS = ("/docs",)
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Static files (CSS, htmx) may be cached; everything else may carry personnel data and must not be.
CACHEABLE_PREFIXES = ("/static/",)


def served_hosts(config: Settings, scope: Scope | None = None) -> set[str]:
    """The Host values this service answers to, lower case, `name:port` (a Host or Origin without a port
    is compared with its default port added).

    Besides the configured `HOST:PORT`, the address and port the connection actually arrived on
    (`scope["server"]`) are served: a server started on another port, or bound to 0.0.0.0 and reached
    by its IP address, is still itself. DNS rebinding needs a *name*, and names must be configured.
    """
    names = {config.host, *LOOPBACK_NAMES}
    ports = {config.port}
    server = (scope or {}).get("server")
    if server:
        address, server_port = str(server[0]), server[1]
        names.add(f"[{address}]" if ":" in address else address)
        if server_port:
            ports.add(int(server_port))
    hosts = {f"{name}:{port}" for name in names for port in ports}
    for extra in config.allowed_hosts:
        extra = extra.strip().lower()
        hosts.add(extra)
        if ":" not in extra.rsplit("]", 1)[-1]:
            hosts |= {f"{extra}:80", f"{extra}:443", *(f"{extra}:{port}" for port in ports)}
    return {h.lower() for h in hosts}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def origin_host(url: str) -> str | None:
    """`http://127.0.0.1:8000/rounds` → `127.0.0.1:8000`; None for `null` or what is not a URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = 443 if parts.scheme == "https" else 80
    return f"{host}:{parts.port or default}".lower()


def _normal_host(host: str) -> str:
    """A Host header with its port, `name:port`, as `served_hosts` lists them."""
    host = host.strip().lower()
    return host if ":" in host.rsplit("]", 1)[-1] else f"{host}:80"


def client_address(scope: Scope, config: Settings = settings) -> str:
    """The client's address; behind a trusted proxy, the last address it appended to X-Forwarded-For."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if peer in config.trusted_proxies:
        forwarded = _header(scope, b"x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[-1].strip() or peer
    return peer


def behind_tls(scope: Scope, config: Settings = settings) -> bool:
    if config.https or scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    trusted = client is not None and str(client[0]) in config.trusted_proxies
    return trusted and (_header(scope, b"x-forwarded-proto") or "").lower() == "https"


def refusal(scope: Scope, config: Settings = settings) -> str | None:
    """Why this request may not reach the service, in Chinese; None when it may."""
    hosts = served_hosts(config, scope)
    check_host = config.mode == "local" or bool(config.allowed_hosts)
    host = _header(scope, b"host")
    if check_host and (host is None or _normal_host(host) not in hosts):
        return f"本服务不接受地址 {host or '（空）'} 的访问；如需用其他名称访问，请在 ALLOWED_HOSTS 中配置"
    if config.mode != "local" or scope.get("method") not in UNSAFE_METHODS:
        return None
    if (_header(scope, b"sec-fetch-site") or "").lower() in ("cross-site", "same-site"):
        return "拒绝跨站请求：本地模式只接受本服务自己页面发出的修改"
    source = _header(scope, b"origin")
    label = "来源"
    if source is None:
        source, label = _header(scope, b"referer"), "引用页"
    if source is not None and origin_host(source) not in hosts:
        return f"拒绝跨站请求：{label} {source} 不是本服务的地址，本地模式只接受本机页面发出的修改"
    return None


async def forbidden(send: Send, detail: str) -> None:
    """A 403 in the shape of every refusal, sent before the app sees the request."""
    body = json.dumps({"error": "无权操作", "detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class LocalOriginGuard:
    """Refuses foreign Host values and, in local mode, cross-site writes (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = refusal(scope)
            if reason is not None:
                await forbidden(send, reason)
                return
        await self.app(scope, receive, send)


def security_headers(path: str, tls: bool) -> Iterable[tuple[str, str]]:
    yield "X-Content-Type-Options", "nosniff"
    yield "X-Frame-Options", "DENY"
    yield "Content-Security-Policy", DOCS_CSP if path in DOCS_PATHS else CSP
    yield "Referrer-Policy", "same-origin"
    yield "Cross-Origin-Opener-Policy", "same-origin"
    if tls:
        yield "Strict-Transport-Security", f"max-age={settings.hsts_seconds}; includeSubDomains"


class SecurityHeaders:
    """The headers of every response, refusals and 413s included (it is the outermost middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        tls = behind_tls(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security_headers(path, tls):
                    headers.setdefault(name, value)
                if not path.startswith(CACHEABLE_PREFIXES):
                    headers["Cache-Control"] = "no-store"
                if "server" in headers:  # never announce the server (uvicorn runs --no-server-header)
                    del headers["server"]
            await send(message)

        await self.app(scope, receive, send_with_headers)
