from typing import Any

from fastapi import APIRouter, Body

from service import evaluation
from service.rules.registry import default_policy_data, schemes

router = APIRouter(prefix="/api/schemes", tags=["schemes"])


@router.get("")
def list_schemes() -> list[dict[str, str]]:
    return [{"id": s.id, "name": s.name, "seed": s.seed} for s in schemes().values()]


@router.get("/{scheme_id}")
def get_policy(scheme_id: str) -> dict[str, Any]:
    scheme = evaluation.require_scheme(scheme_id)
    policy = scheme.policy_model.model_validate(default_policy_data(scheme.id))
    return {"id": scheme.id, "name": scheme.name, "seed": scheme.seed, **policy.model_dump(mode="json")}


@router.post("/{scheme_id}/evaluate")
def evaluate(scheme_id: str, body: Any = Body(...)) -> dict[str, Any]:
    return evaluation.evaluate(scheme_id, body).model_dump(mode="json")
