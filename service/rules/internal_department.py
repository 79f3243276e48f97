"""STUB — to be replaced: the rules of seed 003_7dc38d50dbc8ae07.txt (机关内设机构考核)."""

from pydantic import BaseModel

from schemas.department import DepartmentRound
from service.rules.registry import Scheme


class Policy(BaseModel):
    pass


def evaluate(request: DepartmentRound, policy: Policy) -> BaseModel:
    raise NotImplementedError("internal-department")


SCHEME = Scheme(
    id="internal-department",
    name="机关内设机构考核",
    seed="003_7dc38d50dbc8ae07.txt",
    kind="department",
    request_model=DepartmentRound,
    policy_model=Policy,
    evaluate=evaluate,
)
