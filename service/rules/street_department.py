"""STUB — to be replaced: the rules of seed 004_2816660fc72ff933.txt (街道机关部门考核)."""

from pydantic import BaseModel

from schemas.department import DepartmentRound
from service.rules.registry import Scheme


class Policy(BaseModel):
    pass


def evaluate(request: DepartmentRound, policy: Policy) -> BaseModel:
    raise NotImplementedError("street-department")


SCHEME = Scheme(
    id="street-department",
    name="街道机关部门考核",
    seed="004_2816660fc72ff933.txt",
    kind="department",
    request_model=DepartmentRound,
    policy_model=Policy,
    evaluate=evaluate,
)
