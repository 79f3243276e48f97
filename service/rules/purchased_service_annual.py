"""STUB — to be replaced: the rules of seed 001_3227ea5220f34209.txt (政府购买服务人员年度考核)."""

from pydantic import BaseModel

from schemas.evaluation import IndividualRound
from service.rules.registry import Scheme


class Policy(BaseModel):
    pass


def evaluate(request: IndividualRound, policy: Policy) -> BaseModel:
    raise NotImplementedError("purchased-service-annual")


SCHEME = Scheme(
    id="purchased-service-annual",
    name="政府购买服务人员年度考核",
    seed="001_3227ea5220f34209.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=Policy,
    evaluate=evaluate,
)
