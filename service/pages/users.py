"""用户 (admin): the users with their role and department; create one, change role, department or name,
disable or enable, reset the password, end every login, lift a lockout — what /api/users offers, through
the same service functions (service/accounts.py) and models (schemas/user.py), nothing more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.organisation import DepartmentOut
from schemas.user import PasswordReset, UserCreate, UserUpdate
from service import accounts, organisations
from service.auth import ROLE_NAMES, Actor, ActorDep
from service.db import SessionDep
from service.errors import Conflict
from service.pages import forms
from service.pages.context import current_organisation
from service.pages.templating import render

router = APIRouter(prefix="/users", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/users.html"
# Each form of a user's row and the notice shown after it worked.
DONE = {
    "created": "已创建用户",
    "updated": "已保存更改",
    "disabled": "已停用，该用户的登录已全部注销",
    "enabled": "已启用",
    "password": "已重置密码，该用户的登录已全部注销",
    "revoked": "已注销该用户的全部登录",
    "unlocked": "已解除登录锁定",
}


def _departments(session: Session) -> list[DepartmentOut]:
    organisation = current_organisation(session=session)
    if organisation is None:
        return []
    return organisations.list_departments(session=session, organisation_id=organisation.id)


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, Any] | None = None,
    errors: forms.FieldErrors | None = None,
    row: int | None = None,
    status_code: int = 200,
    done: str | None = None,
) -> Response:
    """The list and the create form; `row` is the user whose form `values`/`errors` belong to."""
    users = accounts.list_users(session=session, actor=actor)  # admin only: a Forbidden is the page's 403
    departments = _departments(session)
    context = {
        "users": users,
        "department_choices": [(str(d.id), d.name) for d in departments],
        "department_names": {d.id: d.name for d in departments},
        "roles": list(ROLE_NAMES.items()),
        "role_names": ROLE_NAMES,
        "values": values if row is None and values is not None else {},
        "errors": errors if row is None and errors is not None else {},
        "row": row,
        "row_values": values if row is not None and values is not None else {},
        "row_errors": errors if row is not None and errors is not None else {},
        "done": DONE.get(done or ""),
        "done_user": request.query_params.get("user"),
    }
    return render(request, TEMPLATE, context, status_code=status_code)


def _data(model: type[BaseModel], fields: dict[str, list[str]]) -> tuple[dict[str, Any], forms.FieldErrors]:
    data, errors = forms.model_data(model, fields)
    # The department select's empty choice: no department (the API's null), not "unchanged".
    if "department_id" in model.model_fields and forms.last(fields, "department_id") == "":
        data["department_id"] = None
    return data, errors


def _write(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    model: type[BaseModel],
    fields: dict[str, list[str]],
    call: Callable[[Any], Any],
    done: str,
    row: int | None = None,
) -> Response:
    """Parse the form into the API's model, call the API's service function, show its errors."""
    data, errors = _data(model, fields)
    parsed, invalid = forms.parse(model, data)
    errors |= invalid
    status_code = 422
    if parsed is not None and not errors:
        try:
            _, errors = forms.attempt(lambda: call(parsed))
        except Conflict as exc:
            errors, status_code = {"form": exc.detail}, exc.status_code
        if not errors:
            target = f"/users?done={done}" + (f"&user={row}" if row is not None else "")
            return RedirectResponse(target, status_code=303)
        session.rollback()  # refused as the JSON route's 4xx is: nothing of it stays
    data.pop("password", None)  # a refused password is not sent back into the page
    return _page(request, session, actor, values=data, errors=errors, row=row, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, actor: ActorDep, done: str | None = None) -> Response:
    return _page(request, session, actor, done=done)


@router.post("")
def create(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    return _write(
        request,
        session,
        actor,
        model=UserCreate,
        fields=fields,
        call=lambda data: accounts.create_user(session=session, actor=actor, data=data),
        done="created",
    )


@router.post("/{user_id}")
def update(
    user_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    """停用/启用 (the `active` button) or a change of name, role or department: PATCH /api/users/{id}."""
    done = {"false": "disabled", "true": "enabled"}.get(forms.last(fields, "active") or "", "updated")
    return _write(
        request,
        session,
        actor,
        model=UserUpdate,
        fields=fields,
        call=lambda changes: accounts.update_user(
            session=session, actor=actor, user_id=user_id, changes=changes
        ),
        done=done,
        row=user_id,
    )


@router.post("/{user_id}/password")
def reset_password(
    user_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    return _write(
        request,
        session,
        actor,
        model=PasswordReset,
        fields=fields,
        call=lambda reset: accounts.reset_password(
            session=session, actor=actor, user_id=user_id, request=reset
        ),
        done="password",
        row=user_id,
    )


@router.post("/{user_id}/revoke-tokens")
def revoke_tokens(user_id: RowId, session: SessionDep, actor: ActorDep) -> Response:
    accounts.revoke_tokens(session=session, actor=actor, user_id=user_id)
    return RedirectResponse(f"/users?done=revoked&user={user_id}", status_code=303)


@router.post("/{user_id}/unlock")
def unlock(user_id: RowId, session: SessionDep, actor: ActorDep) -> Response:
    accounts.unlock(session=session, actor=actor, user_id=user_id)
    return RedirectResponse(f"/users?done=unlocked&user={user_id}", status_code=303)
