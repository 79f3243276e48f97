"""The schemes the service knows, each described once: its seed, its policy model and its rules.

A scheme module (service/rules/<scheme>.py) exposes `SCHEME`; this registry is the one list of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any, Literal

from pydantic import BaseModel

from service.config import settings

PayloadProblem = tuple[Sequence[str | int], str]


def _no_problems(request: Any, policy: Any) -> list[PayloadProblem]:
    return []


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    seed: str
    kind: Literal["individual", "department"]
    request_model: type[BaseModel]
    policy_model: type[BaseModel]
    # (request, policy) → result model; pure.
    evaluate: Callable[[Any, Any], BaseModel]
    # Checks of a payload's shape that need the scheme (a grade the scheme does not have, …): → HTTP 422.
    check_payload: Callable[[Any, Any], list[PayloadProblem]] = field(default=_no_problems)

    @property
    def policy_file(self) -> str:
        return f"{self.id.replace('-', '_')}.json"


SCHEME_MODULES = (
    "resident_annual",
    "purchased_service_annual",
    "civil_servant_quarterly",
    "internal_department",
    "street_department",
)


@cache
def schemes() -> dict[str, Scheme]:
    found = [import_module(f"service.rules.{name}").SCHEME for name in SCHEME_MODULES]
    return {scheme.id: scheme for scheme in found}


def get_scheme(scheme_id: str) -> Scheme | None:
    return schemes().get(scheme_id)


@cache
def default_policy_data(scheme_id: str) -> dict[str, Any]:
    """The scheme's policy file as committed (service/policies/<scheme>.json)."""
    scheme = schemes()[scheme_id]
    return json.loads((settings.policy_dir / scheme.policy_file).read_text(encoding="utf-8"))


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """A round's override on top of the defaults; nested objects merge key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def default_policy(scheme_id: str) -> BaseModel:
    return schemes()[scheme_id].policy_model.model_validate(default_policy_data(scheme_id))
