"""A posted form parsed into the API's own Pydantic model; its errors keyed by field, in Chinese.

A form field is named by the model field's path (`policy.recommendation.at_least_one`), so an error's
`loc` is the name of the field it is shown next to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from service import csrf
from service.config import settings
from service.errors import InvalidPayload, chinese_message

M = TypeVar("M", bound=BaseModel)
FieldErrors = dict[str, str]
# The largest page form is the grade table: one field per person of a roster, and rosters are capped.
MAX_FORM_FIELDS = settings.max_roster_size + 100


async def form_fields(request: Request) -> dict[str, list[str]]:
    """Every text field of the posted form, all its values in order (a checkbox follows its hidden)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, []).append(value)
    return fields


def last(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[-1] if values else None


def field_name(loc: Sequence[str | int]) -> str:
    """`("body", "policy", "advanced", "ratio")` → `policy.advanced.ratio`."""
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    return ".".join(str(part) for part in parts) or "form"


def errors_of(exc: Exception) -> FieldErrors:
    """Any of the three ways the API refuses a payload, as {field: Chinese message}."""
    found: FieldErrors = {}
    if isinstance(exc, ValidationError | RequestValidationError):
        for error in exc.errors():
            found.setdefault(field_name(error.get("loc", ())), chinese_message(dict(error)))
    elif isinstance(exc, InvalidPayload):
        for loc, message in exc.problems:
            found.setdefault(field_name(loc), message)
    else:
        raise TypeError(f"not a payload error: {exc!r}")
    return found


def parse(model: type[M], data: dict[str, Any]) -> tuple[M | None, FieldErrors]:
    """`model.model_validate(data)`, or None and the errors next to each field."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, errors_of(exc)


def attempt(call: Callable[[], Any]) -> tuple[Any, FieldErrors]:
    """A service call whose payload errors (422) are the form's errors, not the page's failure."""
    try:
        return call(), {}
    except (ValidationError, RequestValidationError, InvalidPayload) as exc:
        return None, errors_of(exc)


def model_data(
    model: type[BaseModel], fields: dict[str, list[str]], *, ignore: Sequence[str] = ()
) -> tuple[dict[str, Any], FieldErrors]:
    """The model's fields from the form (an empty field is an absent one, so its default applies);
    a field the model does not have is refused, as the JSON API refuses an unknown key."""
    known = set(model.model_fields)
    data = {name: value for name in known if (value := last(fields, name)) is not None and value.strip()}
    unknown = [name for name in fields if name not in known and name not in ignore and name != csrf.FIELD]
    return data, {name: "不允许的字段" for name in unknown}
