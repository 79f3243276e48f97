"""The policy of `internal-department`: seed 003, 常州市经信委机关内设机构考核(试行)办法 (2016).

The committed defaults are `service/policies/internal_department.json`, including the scoring
CATALOGUE of 三: each item's fixed deductions and bonuses, so a clerk enters events ("两篇省级期刊论文,
其中一篇字数不足") and the service gives the points with their clause. A round's `policy` overrides any
of it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Points = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Clause = Annotated[str, Field(min_length=1, max_length=30)]
Text = Annotated[str, Field(min_length=1, max_length=300)]
Seats = Annotated[int, Field(ge=0, le=1000)]
TieRule = Literal["include_all", "exclude_all"]
ContestAwardReading = Literal["range", "respectively"]
ITEM_NUMBERS = tuple(str(n) for n in range(1, 19))


class PolicyModel(BaseModel):
    """Policy parts reject unknown keys: a misspelt override must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(PolicyModel):
    """三(一)–(六): a category, its points and its items."""

    name: Text
    clause: Clause
    points: Points
    items: Annotated[list[Annotated[int, Field(ge=1, le=18)]], Field(min_length=1, max_length=18)]


class CatalogueEntry(PolicyModel):
    """One fixed deduction or bonus of an item: `points` per occurrence, or a `range` (八2 区间)."""

    code: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
    label: Text
    kind: Literal["deduct", "bonus"]
    points: Points | None = None
    range: tuple[Points, Points] | None = None
    unit: Annotated[str, Field(min_length=1, max_length=10)] = "次"
    # What earns half (三(一)2 "字数不足…减半加分"); None when the clause has no halving.
    halved_when: Text | None = None
    clause: Clause
    # 三(二)6 "获先进个人和先进集体奖项分别加1-2分": the entry belongs to one reading of the clause
    # (`InternalDepartmentPolicy.contest_award`); None for every other entry.
    reading: ContestAwardReading | None = None

    @model_validator(mode="after")
    def _points_or_range(self) -> CatalogueEntry:
        if (self.points is None) == (self.range is None):
            raise ValueError(f"{self.code}：分值（points）与区间（range）须且只能填一个")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"{self.code}：区间下限不能大于上限")
        return self


class CatalogueItem(PolicyModel):
    title: Text
    clause: Clause
    responsible: Text
    entries: Annotated[list[CatalogueEntry], Field(max_length=30)]
    note: Text | None = None

    @model_validator(mode="after")
    def _codes_unique(self) -> CatalogueItem:
        codes = [entry.code for entry in self.entries]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{self.title}：加减分项代码重复")
        return self


class EvaluationWeights(PolicyModel):
    """四: points of 民主测评, 作风评议 and 领导评价 for one kind of department."""

    democratic: Weight
    style: Weight
    leaders: Weight


class Weights(PolicyModel):
    """四(一)(二): 承担对外服务的业务部门 10/10/10; 不承担对外服务的综合部门 20/0/10."""

    serves_public: EvaluationWeights
    internal: EvaluationWeights


class Awards(PolicyModel):
    """六2: how many departments each award reaches."""

    advanced: Seats = 5
    recommended: Seats = 2
    praised_through: Seats = 10
    most_improved: Seats = 5
    head_not_excellent: Seats = 2

    @model_validator(mode="after")
    def _bands_ordered(self) -> Awards:
        if self.praised_through < self.advanced:
            raise ValueError("表扬的末位名次不能小于先进处室名额")
        if self.recommended > self.advanced:
            raise ValueError("推荐上报名额不能多于先进处室名额")
        return self


class InternalDepartmentPolicy(PolicyModel):
    categories: Annotated[list[Category], Field(min_length=1, max_length=18)]
    evaluation_weights: Weights
    awards: Awards = Field(default_factory=Awards)
    # A tie on an award boundary (rank 5, rank 10, …): both tied departments hold the shared rank, so by
    # default both receive the award; the warning asks the party group (党组) to decide either way.
    tie_at_boundary: TieRule = "include_all"
    # 三(二)6 "参加竞赛获先进个人和先进集体奖项分别加1-2分": `range` — either award 1–2 points, the 考核办
    # deciding within it (八2 "加减分值设为区间的"; the seed writes a range "1-2分" as in "扣1-5分", and
    # "respectively" as "分别加5分、3分" in 17); `respectively` — 先进个人 1, 先进集体 2.
    contest_award: ContestAwardReading = "range"
    veto_reasons: dict[Literal["1", "2", "3", "4"], Text]
    catalogue: Annotated[dict[str, CatalogueItem], Field(max_length=18)]

    @model_validator(mode="after")
    def _every_item_once(self) -> InternalDepartmentPolicy:
        listed = sorted(item for category in self.categories for item in category.items)
        if listed != list(range(1, 19)):
            raise ValueError("各类别须恰好包含第1–18项各一次")
        unknown = sorted(set(self.catalogue) - set(ITEM_NUMBERS), key=str)
        if unknown:
            raise ValueError(f"评分目录中的项目编号须为1–18：{'、'.join(unknown)}")
        return self

    @property
    def assessment_points(self) -> float:
        """三: 70 points in the default policy."""
        return sum(category.points for category in self.categories)

    def category_of(self, item: int) -> Category:
        return next(category for category in self.categories if item in category.items)
