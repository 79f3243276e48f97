"""机构设置: 本机构's 发文 details, its departments and its 派出单位."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from schemas.common import UnitKind
from schemas.organisation import DepartmentIn, DispatchingUnitIn, OrganisationIn
from service import organisations
from service.auth import ActorDep
from service.db import SessionDep
from service.errors import Conflict
from service.pages import csrf, forms
from service.pages.context import current_organisation
from service.pages.templating import render

router = APIRouter(prefix="/organisation", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
UNIT_KINDS = UnitKind.__args__  # type: ignore[attr-defined]


def _page(
    request: Request,
    session: Session,
    *,
    status_code: int = 200,
    form: str | None = None,
    values: dict[str, Any] | None = None,
    errors: forms.FieldErrors | None = None,
) -> Response:
    organisation = current_organisation(session=session)
    context: dict[str, Any] = {
        "organisation": organisation,
        "departments": [],
        "units": [],
        "unit_kinds": UNIT_KINDS,
        "form": form,
        "values": values or {},
        "errors": errors or {},
    }
    if organisation is not None:
        context["departments"] = organisations.list_departments(
            session=session, organisation_id=organisation.id
        )
        context["units"] = organisations.list_dispatching_units(
            session=session, organisation_id=organisation.id
        )
    return render(request, "pages/organisation.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def organisation_page(request: Request, session: SessionDep) -> Response:
    return _page(request, session)


def _submit(
    request: Request,
    session: Session,
    fields: dict[str, list[str]],
    *,
    form: str,
    model: type[BaseModel],
    save: Any,
) -> Response:
    """One of the page's three forms: parse into the API's model, call the service, or show the errors."""
    data, errors = forms.model_data(model, fields)
    parsed, invalid = forms.parse(model, data)
    errors |= invalid
    if parsed is not None and not errors:
        try:
            save(parsed)
        except Conflict as exc:  # a duplicate name: said next to the name
            errors = {"name": exc.detail}
        else:
            return RedirectResponse("/organisation", status_code=303)
    return _page(request, session, status_code=422, form=form, values=data, errors=errors)


@router.post("", dependencies=[Depends(csrf.verify)])
def save_organisation(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    return _submit(
        request,
        session,
        fields,
        form="organisation",
        model=OrganisationIn,
        save=lambda data: organisations.create_organisation(session=session, actor=actor, data=data),
    )


def _organisation_id(session: Session) -> int:
    organisation = current_organisation(session=session)
    if organisation is None:
        raise Conflict("请先登记本机构的发文机关信息")
    return organisation.id


@router.post("/departments", dependencies=[Depends(csrf.verify)])
def add_department(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    organisation_id = _organisation_id(session)
    return _submit(
        request,
        session,
        fields,
        form="department",
        model=DepartmentIn,
        save=lambda data: organisations.create_department(
            session=session, actor=actor, organisation_id=organisation_id, data=data
        ),
    )


@router.post("/dispatching-units", dependencies=[Depends(csrf.verify)])
def add_dispatching_unit(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    organisation_id = _organisation_id(session)
    return _submit(
        request,
        session,
        fields,
        form="unit",
        model=DispatchingUnitIn,
        save=lambda data: organisations.create_dispatching_unit(
            session=session, actor=actor, organisation_id=organisation_id, data=data
        ),
    )
