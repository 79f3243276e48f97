"""新建考核: scheme, year (quarter for 002), cut-off, notice date, and the policy as a form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.round import RoundCreate
from service import evaluation, rounds
from service.auth import ActorDep
from service.db import SessionDep
from service.errors import NotFound
from service.pages import forms, policy_form
from service.pages.context import current_organisation
from service.pages.templating import render
from service.rules.registry import get_scheme, schemes

router = APIRouter(prefix="/rounds/new", include_in_schema=False)
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/new_round.html"
DEFAULT_SCHEME = "resident-annual"


def _context(
    session: Session,
    *,
    scheme: str,
    values: dict[str, Any],
    errors: forms.FieldErrors,
    override: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "organisation": current_organisation(session=session),
        "schemes": [(s.id, s.name) for s in schemes().values()],
        "scheme": scheme,
        "values": values,
        "errors": errors,
        "policy_fields": policy_form.fields(scheme, override),
    }


@router.get("", response_class=HTMLResponse)
def new_round_page(request: Request, session: SessionDep, scheme: str = DEFAULT_SCHEME) -> Response:
    scheme = scheme if get_scheme(scheme) else DEFAULT_SCHEME
    values = {"year": dt.date.today().year}
    return render(request, TEMPLATE, _context(session, scheme=scheme, values=values, errors={}))


@router.get("/policy", response_class=HTMLResponse)
def policy_fieldset(request: Request, session: SessionDep, scheme: str = DEFAULT_SCHEME) -> Response:
    """htmx: the policy form of the scheme just chosen (a block of the same page)."""
    scheme = scheme if get_scheme(scheme) else DEFAULT_SCHEME
    context = _context(session, scheme=scheme, values={}, errors={})
    return render(request, TEMPLATE, context, block_name="policy")


@router.post("")
def create_round(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    data, errors = forms.model_data(
        RoundCreate, fields, ignore=[name for name in fields if policy_form.is_policy_field(name)]
    )
    errors.pop("organisation_id", None)
    scheme = str(data.get("scheme", DEFAULT_SCHEME))
    found = get_scheme(scheme)
    override = policy_form.override_from(scheme, fields) if found else {}
    if found is not None:  # the policy's errors show even while another field is still missing
        errors |= forms.attempt(lambda: evaluation.round_policy(found, override))[1]
    organisation = current_organisation(session=session)
    if organisation is None:
        errors["form"] = "请先在「机构设置」登记本机构"
    else:
        data |= {"organisation_id": organisation.id, "policy": override}
        request_model, invalid = forms.parse(RoundCreate, data)
        errors |= invalid
        if request_model is not None and not errors:
            try:
                created, invalid = forms.attempt(
                    lambda: rounds.create_round(session=session, actor=actor, request=request_model)
                )
            except NotFound as exc:
                created, invalid = None, {"scheme": exc.detail}
            errors |= invalid
            if created is not None:
                return RedirectResponse(f"/rounds/{created.id}/roster", status_code=303)
    context = _context(session, scheme=scheme, values=data, errors=errors, override=override)
    return render(request, TEMPLATE, context, status_code=422)
