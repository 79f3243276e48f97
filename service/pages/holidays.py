"""节假日安排: the years the working-day calendar knows and where each comes from; an administrator
adds or corrects a year the calendar package does not carry yet — through holiday_years.put_year and
HolidayYearIn, the same function and model as PUT /api/holidays/{year}, errors beside the fields."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from schemas.holiday import HolidayYearIn, HolidayYearOut
from service import csrf, holiday_years
from service.auth import Actor, ActorDep
from service.db import SessionDep
from service.errors import Conflict, chinese_message
from service.pages import forms
from service.pages.templating import render

router = APIRouter(prefix="/holidays", include_in_schema=False, dependencies=[Depends(holiday_years.refresh)])
FormDep = Annotated[dict[str, list[str]], Depends(forms.form_fields)]
TEMPLATE = "pages/holidays.html"
ORIGIN_NAMES = {"package": "日历包（chinesecalendar）", "file": "服务器文件", "database": "管理员录入"}
DATE_LISTS = ("holidays", "workdays")
# Dates typed one a line, or separated by spaces, commas or 、 as a clerk copies them from the notice.
_SEPARATORS = re.compile(r"[\s,，、;；]+")
_YEAR = TypeAdapter(int)


def date_list(text: str | None) -> list[str]:
    return [part for part in _SEPARATORS.split(text or "") if part]


def spans(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last): 2027-01-01…01-03 reads as one holiday."""
    found: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if found and day - found[-1][1] == dt.timedelta(days=1):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def _by_field(errors: forms.FieldErrors, values: dict[str, list[str]]) -> forms.FieldErrors:
    """`holidays.3` → beside the 放假日 box, naming the 4th date as typed."""
    shown: dict[str, list[str]] = {}
    for name, message in errors.items():
        field, _, index = name.partition(".")
        if field in DATE_LISTS and index.isdigit():
            typed = values[field][int(index)] if int(index) < len(values[field]) else ""
            message = f"第{int(index) + 1}个日期（{typed}）：{message}"
        shown.setdefault(field if field in DATE_LISTS else name, []).append(message)
    return {name: "；".join(messages) for name, messages in shown.items()}


def _form_values(year: HolidayYearOut) -> dict[str, Any]:
    return {
        "year": year.year,
        "holidays": "\n".join(d.isoformat() for d in year.holidays or []),
        "workdays": "\n".join(d.isoformat() for d in year.workdays or []),
        "source": year.source or "",
    }


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, Any] | None = None,
    errors: forms.FieldErrors | None = None,
    status_code: int = 200,
    saved: int | None = None,
) -> Response:
    years = sorted(holiday_years.list_years(session=session), key=lambda y: -y.year)
    # Past years the package carries fold away: a clerk looks at this year and the next.
    recent = [y for y in years if y.origin != "package" or y.year >= dt.date.today().year - 1]
    context = {
        "years": years,
        "recent": recent,
        "older": [y for y in years if y not in recent],
        "spans": {y.year: (spans(y.holidays or []), spans(y.workdays or [])) for y in years},
        "origin_names": ORIGIN_NAMES,
        "can_edit": actor.role in holiday_years.EDITORS,
        "values": values or {"year": max(y.year for y in years) + 1 if years else dt.date.today().year + 1},
        "errors": errors or {},
        "saved": saved,
    }
    return render(request, TEMPLATE, context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def holidays_page(
    request: Request, session: SessionDep, actor: ActorDep, year: int | None = None, saved: int | None = None
) -> Response:
    """`?year=` fills the form with an entered year, to correct it."""
    entered = {y.year: y for y in holiday_years.list_years(session=session) if y.origin == "database"}
    values = _form_values(entered[year]) if year in entered else None
    return _page(request, session, actor, values=values, saved=saved)


@router.post("")
def put_year(request: Request, session: SessionDep, actor: ActorDep, fields: FormDep) -> Response:
    text = {name: forms.last(fields, name) or "" for name in ("year", *DATE_LISTS, "source")}
    unknown = {n: "不允许的字段" for n in fields if n not in text and n != csrf.FIELD}
    lists = {name: date_list(text[name]) for name in DATE_LISTS}
    data: dict[str, Any] = {**lists, "source": text["source"]}
    if not data["source"].strip():
        del data["source"]  # absent, so the model says it is missing
    errors: forms.FieldErrors = dict(unknown)
    year: int | None = None
    try:
        year = _YEAR.validate_python(text["year"].strip())
    except ValidationError as exc:
        error = {"type": "missing"} if not text["year"].strip() else dict(exc.errors()[0])
        errors["year"] = chinese_message(error)
    parsed, invalid = forms.parse(HolidayYearIn, data)
    errors |= invalid
    status_code = 422
    if parsed is not None and year is not None and not errors:
        try:
            _, errors = forms.attempt(
                lambda: holiday_years.put_year(session=session, actor=actor, year=year, request=parsed)
            )
        except Conflict as exc:  # a year the package carries: the official copy wins
            errors, status_code = {"year": exc.detail}, exc.status_code
        if not errors:
            return RedirectResponse(f"/holidays?saved={year}", status_code=303)
        session.rollback()  # refused as the JSON route's 4xx is: nothing of it stays
    return _page(
        request, session, actor, values=text, errors=_by_field(errors, lists), status_code=status_code
    )
