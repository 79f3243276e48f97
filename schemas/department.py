"""Request and response of `POST /api/schemes/{id}/evaluate` for the department schemes (DESIGN.md §4).

`internal-department` (seed 003, 机关内设机构考核) and `street-department` (seed 004, 街道机关部门考核)
share one department shape; a scheme reads the fields it needs and the others may be omitted.
Names are the contract: fields may be added, never renamed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from schemas.common import Finding, Identifier, Model, Name, Quota

# 003 四 / 004 四2: an evaluation or review is entered on a 0–100 scale and scaled to its weight.
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
# Points entered by the 考核办: bounded so that totals stay finite numbers (a typo of 1e308 points would
# otherwise sum to infinity and be answered as null).
EnteredPoints = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
ItemNumber = Annotated[int, Field(ge=1, le=18)]

AwardCode = Literal[
    "advanced_department",  # 003 六2 先进处室 (前5名)
    "recommended_to_city",  # 003 六2 推荐上报市级机关优秀处室 (2名)
    "praised",  # 003 六2 第6-10名给予表扬
    "most_improved",  # 003 六2 前10名以外进步最快的5个部门 "争先进位"
    "head_not_excellent",  # 003 六2 排名最后2名，部门主要负责人原则上当年不予评优
    "excellent_department",  # 004 五1 优秀部门 (30%)
]
# The award codes in the seeds' words (results.xlsx, pages).
AWARD_WORDS: dict[str, str] = {
    "advanced_department": "先进处室",
    "recommended_to_city": "推荐上报市级机关优秀处室",
    "praised": "通报表扬",
    "most_improved": "争先进位",
    "head_not_excellent": "主要负责人当年不予评优",
    "excellent_department": "优秀部门",
}


def _veto_number(value: Any) -> Any:
    """A form's select sends "2" for 六4(2) and "" for none: "2" is still the clause's number."""
    if isinstance(value, bool):
        raise ValueError("一票否决应填情形的序号或写明原因")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        # ASCII digits only: "²".isdigit() is true but int("²") fails, and a 5,000-digit string would
        # exceed int()'s limit; anything else stays text, the reason in words.
        if text.isascii() and text.isdigit() and len(text) <= 9:
            return int(text)
    return value


Veto = Annotated[
    int | Annotated[str, Field(min_length=1, max_length=500)] | None, BeforeValidator(_veto_number)
]


class ItemScore(Model):
    """003 三: points taken off and added on one of the 18 items, as the 考核办 entered them."""

    deduct: EnteredPoints = 0
    bonus: EnteredPoints = 0


class CatalogueEvent(Model):
    """An occurrence of the 003 scoring catalogue: "2 papers in provincial journals, one of them short".

    `short` is how many of `count` earn half (三(一)2 字数不足; 三(六)18 条线/单项); `value` is the points
    of one occurrence where the clause gives a range ("扣1-5分", decided by the 考核办 as 八2 says).
    """

    item: ItemNumber
    code: Annotated[str, Field(min_length=1, max_length=60)]
    count: Annotated[int, Field(ge=1, le=10_000)] = 1
    short: Annotated[int, Field(ge=0, le=10_000)] = 0
    value: EnteredPoints | None = None
    note: Annotated[str, Field(max_length=500)] | None = None


class Evaluations(Model):
    """003 四: 民主测评, 作风评议 and 领导评价, each 0–100 before weighting."""

    democratic: Percent | None = None
    style: Percent | None = None
    leaders: Percent | None = None


class Review(Model):
    """004 四2: the half-year 综合评议 and the year-end 述职评议, each 0–100."""

    half_year: Percent | None = None
    year_end: Percent | None = None


class Department(Model):
    id: Identifier
    name: Name
    serves_public: bool = False
    directly_led: bool = False
    headcount: Annotated[int, Field(ge=0, le=100_000)] = 0
    # 003: keys are the item numbers "1"–"18" (checked by the scheme, with the path of a bad key).
    items: Annotated[dict[str, ItemScore], Field(max_length=18)] = Field(default_factory=dict)
    # Occurrences of the 三 catalogue in one year; no department reaches 1,000 lines of them.
    events: Annotated[list[CatalogueEvent], Field(max_length=1_000)] = Field(default_factory=list)
    evaluations: Evaluations = Field(default_factory=Evaluations)
    # 004 三1: points of the 70-point daily goals and the 30-point 规范化建设 (bounds from the policy).
    daily: EnteredPoints | None = None
    normalization: EnteredPoints | None = None
    review: Review = Field(default_factory=Review)
    innovation: EnteredPoints = 0
    last_year_rank: Annotated[int, Field(ge=1, le=10_000)] | None = None
    # A veto: the number of its reason (003 六4 (1)–(4); 004 五4 or 五5) or the reason in words.
    veto: Veto = None
    # 003 六2 "经党组研究推荐2名": the party group's choice; without one the top two are proposed.
    recommended_to_city: bool = False


class DepartmentRound(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    policy: dict[str, Any] = Field(default_factory=dict)
    departments: Annotated[list[Department], Field(min_length=1, max_length=2_000)]


# ---------------------------------------------------------------- response


class EventPoints(BaseModel):
    """One catalogue event and the points its clause gives it."""

    item: int
    code: str
    label: str
    kind: Literal["deduct", "bonus"]
    count: int
    short: int
    value: float | None
    points: float
    clause: str


class ItemPoints(BaseModel):
    item: int
    title: str
    deduct: float
    bonus: float


class CategoryPoints(BaseModel):
    """003 三 one category; 八1: deductions stop at the category's points, bonuses have no ceiling."""

    name: str
    clause: str
    points: float
    deduct: float
    deduct_counted: float
    bonus: float
    score: float
    items: list[ItemPoints]


class EvaluationPoints(BaseModel):
    """003 四: each evaluation scaled to its weight (民主测评 10/20, 作风评议 10/0, 领导评价 10)."""

    democratic: float
    style: float
    leaders: float
    weights: dict[str, float]
    total: float


class InternalParts(BaseModel):
    assessment: float
    evaluation: EvaluationPoints
    categories: list[CategoryPoints]
    events: list[EventPoints]


class StreetParts(BaseModel):
    """004 三: daily goals 70 + 规范化建设 30 + 综合评议 100 = base 200, plus innovation points."""

    daily: float
    normalization: float
    review: float
    review_half_year: float | None
    review_year_end: float | None
    base: float
    innovation: float
    advanced_quota_basis: str


class DepartmentResult(BaseModel):
    id: str
    name: str
    total: float
    rank: int
    parts: InternalParts | StreetParts
    awards: list[AwardCode] = Field(default_factory=list)
    advanced_quota: int | None = None
    vetoed: bool = False
    # 003 六2 争先进位: last year's rank minus this year's.
    improvement: int | None = None


class DepartmentEvaluation(BaseModel):
    scheme: str
    ok: bool
    departments: list[DepartmentResult]
    quotas: list[Quota] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
