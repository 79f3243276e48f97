from typing import Any

from fastapi import APIRouter, Body, Response

from schemas.department import DepartmentRound
from schemas.evaluation import IndividualRound
from service import evaluation
from service.rules.registry import default_policy_data, schemes

router = APIRouter(prefix="/api/schemes", tags=["schemes"])

# The body's model depends on the scheme in the path, so it is validated in the service; the docs
# still show both shapes.
_EVALUATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        IndividualRound.model_json_schema(ref_template="#/components/schemas/{model}"),
                        DepartmentRound.model_json_schema(ref_template="#/components/schemas/{model}"),
                    ]
                }
            }
        },
    }
}


@router.get("")
def list_schemes() -> list[dict[str, str]]:
    return [{"id": s.id, "name": s.name, "seed": s.seed} for s in schemes().values()]


@router.get("/{scheme_id}")
def get_policy(scheme_id: str) -> dict[str, Any]:
    scheme = evaluation.require_scheme(scheme_id)
    policy = scheme.policy_model.model_validate(default_policy_data(scheme.id))
    return {"id": scheme.id, "name": scheme.name, "seed": scheme.seed, **policy.model_dump(mode="json")}


@router.post("/{scheme_id}/evaluate", openapi_extra=_EVALUATE_BODY)
def evaluate(scheme_id: str, body: Any = Body(...)) -> Response:
    # Serialised by Pydantic directly: a 2,000-person result through jsonable_encoder costs ~0.5 s.
    result = evaluation.evaluate(scheme_id, body)
    return Response(content=result.model_dump_json(), media_type="application/json")
