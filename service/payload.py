"""Validating a client's JSON against a model inside a service function, with 422 paths kept."""

from __future__ import annotations

import types
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from service.errors import InvalidPayload

M = TypeVar("M", bound=BaseModel)


Problem = tuple[tuple[str | int, ...], str]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a value of this annotation may be: `Model`, `Model | None`, `Annotated[Model, …]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models_in(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _models_in(arg)]
    return []


def _walk(annotation: Any, value: Any, loc: tuple[str | int, ...]) -> list[Problem]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _walk(get_args(annotation)[0], value, loc)
    if origin in (Union, types.UnionType):
        # Only an unambiguous union is walked (a model or nothing); a choice of models is the model's own.
        candidates = [a for a in get_args(annotation) if a is not type(None)]
        return _walk(candidates[0], value, loc) if len(candidates) == 1 else []
    models = _models_in(annotation)
    if models and isinstance(value, dict):
        return unknown_keys(models[0], value, loc)
    if origin is list and isinstance(value, list):
        (item,) = get_args(annotation) or (Any,)
        return [p for index, v in enumerate(value) for p in _walk(item, v, (*loc, index))]
    if origin is dict and isinstance(value, dict):
        item = get_args(annotation)[1] if get_args(annotation) else Any
        return [p for key, v in value.items() for p in _walk(item, v, (*loc, key))]
    return []


def unknown_keys(model: type[BaseModel], data: Any, loc: tuple[str | int, ...] = ()) -> list[Problem]:
    """Every key of `data`, at any depth, that `model` has no field for: `people[3].facts.bad_review`.

    The evaluate models ignore unknown keys (a client may send more than a scheme uses); what is
    written into a round is checked with this, so a misspelt key is a 422 and never read as empty."""
    if not isinstance(data, dict) or model.model_config.get("extra") == "allow":
        return []
    fields = model.model_fields
    known = set(fields) | {f.alias for f in fields.values() if f.alias}
    problems: list[Problem] = [
        ((*loc, key), f"未知字段「{key}」，不会被保存；请检查拼写（可用字段见 OpenAPI 文档）")
        for key in data
        if key not in known
    ]
    for name, field in fields.items():
        key = field.alias or name
        if key in data:
            problems += _walk(field.annotation, data[key], (*loc, key))
    return problems


def parse_payload(
    model: type[M], data: Any, prefix: Sequence[str | int] = ("body",), *, forbid_unknown: bool = False
) -> M:
    """`model.model_validate(data)`, a failure answered as HTTP 422 with paths under `prefix`.
    With `forbid_unknown` (every write into storage) an unknown key anywhere is a 422 naming it."""
    if forbid_unknown:
        inner = tuple(prefix[1:] if prefix[:1] == ("body",) else prefix)  # InvalidPayload adds "body"
        reject([((*inner, *loc), msg) for loc, msg in unknown_keys(model, data)])
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


def reject(problems: Sequence[tuple[Sequence[str | int], str]]) -> None:
    if problems:
        raise InvalidPayload(problems)
