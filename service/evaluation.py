"""`POST /api/schemes/{id}/evaluate`: parse a round's facts, apply the round's policy, run the rules."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from service.errors import NotFound
from service.payload import duplicate_ids, parse_payload, reject
from service.rules.registry import Scheme, default_policy_data, get_scheme, merge


def require_scheme(scheme_id: str) -> Scheme:
    scheme = get_scheme(scheme_id)
    if scheme is None:
        raise NotFound(f"没有考核方案「{scheme_id}」")
    return scheme


def round_policy(scheme: Scheme, override: dict[str, Any]) -> BaseModel:
    """The scheme's committed policy with the round's override; a bad override is a 422 under `policy`."""
    data = merge(default_policy_data(scheme.id), override)
    return parse_payload(scheme.policy_model, data, prefix=("body", "policy"))


def evaluate(scheme_id: str, body: Any) -> BaseModel:
    scheme = require_scheme(scheme_id)
    request = parse_payload(scheme.request_model, body)
    policy = round_policy(scheme, getattr(request, "policy", {}) or {})
    if scheme.kind == "individual":
        reject(duplicate_ids(request.people, "people", "人员"))  # type: ignore[attr-defined]
    else:
        reject(duplicate_ids(request.departments, "departments", "部门"))  # type: ignore[attr-defined]
    reject(scheme.check_payload(request, policy))
    return scheme.evaluate(request, policy)
