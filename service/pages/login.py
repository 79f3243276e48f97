"""登录 / 退出: the pages' login in production mode (DESIGN.md §10, issue 13).

The same `auth.login` as `POST /api/auth/login` — the same throttling, lockout and audit rows — with the
token set as the pages' HttpOnly cookie (`auth.set_session_cookie`). A page asked for without a valid
login is answered with a redirect here (`unauthorized`), the API with its JSON 401 as before; a page
the role may not use says so on a page (`forbidden`), the API with its JSON 403.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from schemas.user import LoginRequest
from service import auth
from service.config import settings
from service.db import SessionDep, database_of
from service.errors import DomainError, Forbidden, TooManyAttempts, Unauthorized, domain_response
from service.pages import forms
from service.pages.templating import render
from service.security import behind_tls, client_address

router = APIRouter(include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/login.html"
LOGIN_PATH = "/login"
# Not pages: a client of these wants its JSON 401, not a login form.
NOT_PAGES = ("/api/", "/static/")


def safe_next(value: str | None) -> str:
    """Where to go after the login: a path of this service only. `//evil.example` and `/\\evil.example`
    are another site to a browser, so only a path starting with one "/" and no backslash or control
    character is kept; anything else goes to 首页."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path in (LOGIN_PATH, "/logout"):
        return "/"
    return value


def login_url(next_path: str) -> str:
    return f"{LOGIN_PATH}?{urlencode({'next': next_path})}"


def _is_page(path: str) -> bool:
    return not path.startswith(NOT_PAGES) and path != "/api"


async def unauthorized(request: Request, exc: Exception) -> Response:
    """No valid login (none, expired, revoked): a page's GET goes to the login page and back; an htmx
    request is told to load it (HX-Redirect); the API and every other write keep the JSON 401."""
    assert isinstance(exc, DomainError)
    path = request.url.path
    if _is_page(path) and request.headers.get("hx-request"):
        response = domain_response(exc)
        current = urlsplit(request.headers.get("hx-current-url", ""))
        back = current.path + (f"?{current.query}" if current.query else "")
        response.headers["HX-Redirect"] = login_url(safe_next(back))
        return response
    if _is_page(path) and request.method in ("GET", "HEAD"):
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(login_url(safe_next(target)), status_code=303)
    return domain_response(exc)


async def forbidden(request: Request, exc: Exception) -> Response:
    """A page (or a plain form post) the role may not use (a 部门负责人 on 文号登记): the service's Chinese
    refusal on a page of ours, 403; htmx and the API keep the JSON answer."""
    assert isinstance(exc, Forbidden)
    if not _is_page(request.url.path) or request.headers.get("hx-request"):
        return domain_response(exc)
    return render(request, "pages/forbidden.html", {"detail": exc.detail}, status_code=exc.status_code)


def _page(
    request: Request,
    *,
    next_path: str,
    username: str = "",
    errors: forms.FieldErrors | None = None,
    refusal: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "next_path": next_path,
        "username": username,
        "errors": errors or {},
        "refusal": refusal,
        "local_mode": settings.mode == "local",
    }
    return render(request, TEMPLATE, context, status_code=status_code)


@router.get(LOGIN_PATH, response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    return _page(request, next_path=safe_next(next))


@router.post(LOGIN_PATH)
def login(request: Request, fields: FormDep) -> Response:
    next_path = safe_next(forms.last(fields, "next"))
    data, unknown = forms.model_data(LoginRequest, fields, ignore=("next",))
    credentials, errors = forms.parse(LoginRequest, data)
    username = str(data.get("username", ""))[:100]
    if credentials is None or unknown:
        errors |= unknown
        return _page(request, next_path=next_path, username=username, errors=errors, status_code=422)
    try:
        token = auth.login(
            database=database_of(request), credentials=credentials, address=client_address(request.scope)
        )
    except TooManyAttempts as exc:
        response = _page(request, next_path=next_path, username=username, refusal=exc.detail, status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Unauthorized as exc:
        return _page(request, next_path=next_path, username=username, refusal=exc.detail, status_code=401)
    response = RedirectResponse(next_path, status_code=303)
    auth.set_session_cookie(response, token, secure=behind_tls(request.scope))
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    """Revokes the cookie's token (if it is still valid) and forgets the cookie."""
    token = request.cookies.get(settings.session_cookie)
    if token:
        try:
            actor = auth.actor_for_token(session=session, token=token)
        except Unauthorized:
            pass  # expired or revoked already: nothing to revoke
        else:
            auth.logout(session=session, token=token, actor=actor)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(
        settings.session_cookie,
        path="/",
        httponly=True,
        samesite="strict",
        secure=behind_tls(request.scope),
    )
    return response
