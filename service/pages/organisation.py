"""机构设置: 本机构's 发文 details, its departments and its 派出单位."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from schemas.common import UnitKind
from schemas.notice_text import NoticeTextIn
from schemas.organisation import DepartmentIn, DispatchingUnitIn, OrganisationIn, OrganisationUpdate
from schemas.register import DocnumStart
from service import evaluation, notice_texts, organisations, register
from service.auth import ActorDep
from service.db import SessionDep
from service.errors import Conflict, DomainError, InvalidPayload
from service.pages import forms, notice_form
from service.pages.context import current_organisation
from service.pages.templating import render

router = APIRouter(prefix="/organisation", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
UNIT_KINDS = UnitKind.__args__  # type: ignore[attr-defined]
# The 发文 details every round's papers print, edited after registration (PATCH /api/organisations/{id}).
DETAIL_FIELDS = (
    ("name", "全称"),
    ("issuer_mark", "发文机关标志"),
    ("signature", "署名"),
    ("short_name", "简称"),
    ("address", "地址"),
    ("objection_office", "受理异议的部门"),
    ("objection_phone", "受理异议的电话"),
    ("contact", "联系人及电话"),
)


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
        "detail_fields": DETAIL_FIELDS,
        "notice_schemes": [(s, evaluation.require_scheme(s).name) for s in notice_texts.NOTICE_SCHEMES],
        "notice_texts": {},
        "placeholders": {},
        "this_year": dt.date.today().year,
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
        for scheme in notice_texts.NOTICE_SCHEMES:
            stored = notice_texts.versions(session=session, organisation_id=organisation.id, scheme=scheme)
            context["notice_texts"][scheme] = (
                {"record": stored[-1], "text": notice_form.text_of(stored[-1].paragraphs)} if stored else None
            )
            context["placeholders"][scheme] = notice_texts.placeholders_of(
                session=session, organisation_id=organisation.id, scheme=scheme
            ).placeholders
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
    saved: str = "/organisation",
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
            return RedirectResponse(saved, status_code=303)
    return _page(request, session, status_code=422, form=form, values=data, errors=errors)


@router.post("")
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


@router.post("/departments")
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


@router.post("/dispatching-units")
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


@router.post("/details")
def save_details(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    """The 发文 details once registered: an empty field keeps what is stored (a PATCH gives only what
    changes); the 机关代字 numbers the register and stays."""
    organisation_id = _organisation_id(session)
    return _submit(
        request,
        session,
        fields,
        form="details",
        model=OrganisationUpdate,
        save=lambda data: organisations.update_organisation(
            session=session, actor=actor, organisation_id=organisation_id, data=data
        ),
        saved="/organisation?saved=details",
    )


@router.post("/notice-texts/{scheme}")
def save_notice_text(
    scheme: str, request: Request, session: SessionDep, actor: ActorDep, fields: FormDep
) -> Response:
    """A new version of the organisation's notice text for the scheme; the lint's problems are shown
    next to the text with the line they are on."""
    organisation_id = _organisation_id(session)
    text = forms.last(fields, "text") or ""
    body, errors = forms.parse(NoticeTextIn, {"paragraphs": notice_form.paragraphs_of(text)})
    if body is not None:
        try:
            notice_texts.save(
                session=session, actor=actor, organisation_id=organisation_id, scheme=scheme, body=body
            )
        except InvalidPayload as exc:
            errors = forms.errors_of(exc)
        else:
            return RedirectResponse(f"/organisation?saved=notice-{scheme}", status_code=303)
    lines = "；".join(f"第{_line(name)}段：{message}" for name, message in errors.items())
    values = {"scheme": scheme, "text": text}
    return _page(request, session, status_code=422, form="notice", values=values, errors={"text": lines})


def _line(field: str) -> str:
    """`paragraphs.3.text` → 4 (the clerk counts lines from 1)."""
    parts = field.split(".")
    return str(int(parts[1]) + 1) if len(parts) > 1 and parts[1].isdigit() else field


@router.post("/docnum-start")
def start_docnums(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    """The year's first 文号 number (numbers before it were given before the service was installed)."""
    organisation = current_organisation(session=session)
    if organisation is None:
        raise Conflict("请先登记本机构的发文机关信息")
    data, errors = forms.model_data(DocnumStart, fields)
    data["agency_code"] = organisation.agency_code
    errors.pop("agency_code", None)
    parsed, invalid = forms.parse(DocnumStart, data)
    errors |= invalid
    if parsed is not None and not errors:
        try:
            register.start_year(session=session, actor=actor, request=parsed)
        except DomainError as exc:
            session.rollback()  # refused as the JSON route's 4xx is: nothing of it stays
            errors = {"next_number": exc.detail}
        else:
            return RedirectResponse("/organisation?saved=docnum-start", status_code=303)
    return _page(request, session, status_code=422, form="docnum", values=data, errors=errors)
