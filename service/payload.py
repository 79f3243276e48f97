"""Validating a client's JSON against a model inside a service function, with 422 paths kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from service.errors import InvalidPayload

M = TypeVar("M", bound=BaseModel)


def parse_payload(model: type[M], data: Any, prefix: Sequence[str | int] = ("body",)) -> M:
    """`model.model_validate(data)`, a failure answered as HTTP 422 with paths under `prefix`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": (*prefix, *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def duplicate_ids(
    items: Iterable[Any], collection: str, label: str
) -> list[tuple[tuple[str | int, ...], str]]:
    """Every item whose `id` appeared before it: 'people[3].id: 编号 P001 与第1条重复'."""
    first_seen: dict[str, int] = {}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, item in enumerate(items):
        if item.id in first_seen:
            problems.append(
                ((collection, index, "id"), f"{label}编号 {item.id} 与第{first_seen[item.id] + 1}条重复")
            )
        else:
            first_seen[item.id] = index
    return problems


def reject(problems: list[tuple[tuple[str | int, ...], str]] | list[Any]) -> None:
    if problems:
        raise InvalidPayload(problems)
