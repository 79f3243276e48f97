"""STUB — to be replaced: the rules of seed 002_6eae691e86ed9a7f.txt (公务员平时考核)."""

from pydantic import BaseModel

from schemas.evaluation import IndividualRound
from service.rules.registry import Scheme


class Policy(BaseModel):
    pass


def evaluate(request: IndividualRound, policy: Policy) -> BaseModel:
    raise NotImplementedError("civil-servant-quarterly")


SCHEME = Scheme(
    id="civil-servant-quarterly",
    name="公务员平时考核",
    seed="002_6eae691e86ed9a7f.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=Policy,
    evaluate=evaluate,
)
