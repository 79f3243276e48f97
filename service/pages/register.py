"""文号登记: 本机构's 文号 register — every number with its paper, allocate one by hand, void one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.register import DocnumAllocate, DocnumVoid
from service import register
from service.auth import Actor, ActorDep
from service.db import SessionDep
from service.errors import DomainError
from service.pages import forms
from service.pages.context import current_organisation
from service.pages.templating import render

router = APIRouter(prefix="/register", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/register.html"


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, Any] | None = None,
    errors: forms.FieldErrors | None = None,
    status_code: int = 200,
) -> Response:
    organisation = current_organisation(session=session)
    numbers = (
        register.listing(session=session, actor=actor, agency_code=organisation.agency_code)
        if organisation
        else []
    )
    context = {
        "organisation": organisation,
        "numbers": sorted(numbers, key=lambda d: (-d.year, -d.number)),
        "values": values or {"year": dt.date.today().year},
        "errors": errors or {},
    }
    return render(request, TEMPLATE, context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def register_page(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    return _page(request, session, actor)


@router.post("")
def allocate(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    """A number for a paper made outside the service (DESIGN.md §7): the same allocation as the API's."""
    organisation = current_organisation(session=session)
    data, errors = forms.model_data(DocnumAllocate, fields)
    data["agency_code"] = organisation.agency_code if organisation else ""
    errors.pop("agency_code", None)
    parsed, invalid = forms.parse(DocnumAllocate, data)
    errors |= invalid
    if parsed is not None and not errors:
        try:
            register.allocate(session=session, actor=actor, request=parsed)
        except DomainError as exc:
            session.rollback()  # refused as the JSON route's 4xx is: nothing of it stays
            errors = {"form": exc.detail}
        else:
            return RedirectResponse("/register", status_code=303)
    return _page(request, session, actor, values=data, errors=errors, status_code=422)


@router.post("/{docnum_id}/void")
def void(
    docnum_id: RowId, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    data, errors = forms.model_data(DocnumVoid, fields)
    parsed, invalid = forms.parse(DocnumVoid, data)
    errors |= invalid
    if parsed is not None and not errors:
        try:
            register.void(session=session, actor=actor, docnum_id=docnum_id, request=parsed)
        except DomainError as exc:
            session.rollback()  # refused as the JSON route's 4xx is: nothing of it stays
            errors = {"form": exc.detail}
        else:
            return RedirectResponse("/register", status_code=303)
    errors = {
        f"reason-{docnum_id}" if name == "reason" else name: message for name, message in errors.items()
    }
    return _page(request, session, actor, errors=errors, status_code=422)
