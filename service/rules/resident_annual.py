"""STUB — to be replaced: the rules of seed 000_202f48eaffbe9a1b.txt (常驻人员年度考核)."""

from pydantic import BaseModel

from schemas.evaluation import IndividualRound
from service.rules.registry import Scheme


class Policy(BaseModel):
    pass


def evaluate(request: IndividualRound, policy: Policy) -> BaseModel:
    raise NotImplementedError("resident-annual")


SCHEME = Scheme(
    id="resident-annual",
    name="常驻人员年度考核",
    seed="000_202f48eaffbe9a1b.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=Policy,
    evaluate=evaluate,
)
