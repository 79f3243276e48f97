"""The policy of `street-department`: seed 004, 流亭街道机关各部门2012年考核工作意见.

The committed defaults are `service/policies/street_department.json`; a round's `policy` overrides any
of them (DESIGN.md §3: review weights 0.5/0.5, excellent departments floor(30%), worker quotas 30%/20%).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.common import Rounding

Points = Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)]
Ratio = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, max_length=300)]


class PolicyModel(BaseModel):
    """Policy parts reject unknown keys: a misspelt override must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewWeights(PolicyModel):
    """四2 "年终将两次评议成绩加权折合": the half-year and year-end reviews."""

    half_year: Ratio = 0.5
    year_end: Ratio = 0.5

    @model_validator(mode="after")
    def _sum_to_one(self) -> ReviewWeights:
        if abs(self.half_year + self.year_end - 1) > 1e-9:
            raise ValueError("半年评议与年终评议的权重之和须为1")
        return self


class WorkerRatios(PolicyModel):
    """五2: 先进工作者名额 — 优秀部门 30%, 领导直接分管的部门 30%, 其他部门 20% of the headcount."""

    excellent: Ratio = 0.3
    directly_led: Ratio = 0.3
    other: Ratio = 0.2


class StreetDepartmentPolicy(PolicyModel):
    daily_points: Points = 70
    normalization_points: Points = 30
    review_points: Points = 100
    review_weights: ReviewWeights = Field(default_factory=ReviewWeights)
    excellent_ratio: Ratio = 0.3
    excellent_rounding: Rounding = "floor"
    worker_ratios: WorkerRatios = Field(default_factory=WorkerRatios)
    worker_rounding: Rounding = "floor"
    # DESIGN.md §3: a department with staff gets at least one advanced worker.
    worker_at_least_one: bool = True
    tie_at_boundary: Literal["include_all", "exclude_all"] = "include_all"
    # 五2 × 五4/五5: a directly-led department that is vetoed has lost its 评优资格; its advanced-worker
    # quota falls to the other departments' 20% (`other`) or keeps the directly-led 30% (`directly_led`).
    vetoed_directly_led: Literal["other", "directly_led"] = "other"
    veto_reasons: dict[Literal["4", "5"], Text]

    @property
    def base_points(self) -> float:
        """三1: 200 in the default policy."""
        return self.daily_points + self.normalization_points + self.review_points
