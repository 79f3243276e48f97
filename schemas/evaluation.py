"""Request and response of `POST /api/schemes/{id}/evaluate` for the staff schemes (DESIGN.md §4).

`resident-annual` (000), `purchased-service-annual` (001) and `civil-servant-quarterly` (002) share one
person shape; a scheme reads the fields it needs and the others may be omitted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from schemas.common import (
    AnnualGrade,
    Category,
    Count,
    Day,
    Finding,
    Grade,
    Group,
    Identifier,
    Model,
    Name,
    QuarterGrade,
    Quota,
    UnitKind,
    Yuan,
)

# 001 六(三)2 岗位级别, as the meeting names it ("一级").
Level = Annotated[str, Field(min_length=1, max_length=20)]

OutcomeCode = Literal[
    "report_organization_dept",
    "report_hrss",
    "copy_dispatching_unit",
    "feedback_dispatching_unit",
    "adjustment_letter",
    "return_dispatching_unit",
    "no_redispatch",
    "commendation",
    "certificate",
    "wage_step",
    "termination",
    "annual_not_excellent",
    "annual_basic_or_below",
    "annual_incompetent_allowed",
]
# The outcome codes in the words of the seeds, for what a clerk reads (results.xlsx, pages).
OUTCOME_WORDS: dict[str, str] = {
    "report_organization_dept": "报区委组织部备案",
    "report_hrss": "报区人社局备案",
    "copy_dispatching_unit": "抄送派出单位",
    "feedback_dispatching_unit": "反馈派出单位",
    "adjustment_letter": "向派出单位提出调整建议",
    "return_dispatching_unit": "退回派出单位",
    "no_redispatch": "不再派驻",
    "commendation": "予以表彰",
    "certificate": "颁发荣誉证书",
    "wage_step": "晋升一档工资",
    "termination": "解除劳动合同",
    "annual_not_excellent": "年度考核不得评为优秀",
    "annual_basic_or_below": "年度考核应为基本称职或不称职",
    "annual_incompetent_allowed": "年度考核可直接确定为不称职",
}


class Scores(Model):
    """002 三(一): KPI and BPI on 100 points, OPI a signed adjustment."""

    kpi: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 0
    bpi: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 0
    opi: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] = 0


class AlreadyDeducted(Model):
    """001 六(三)5: what the monthly appraisals already deducted is not deducted again."""

    bad_reviews: Count = 0
    complaints: Count = 0
    other_violations: Count = 0


class Facts(Model):
    """Counted events of the year (001 五(六), 五(七), 六(三)5)."""

    bad_reviews: Count = 0
    complaints: Count = 0
    personal_leave_days: Annotated[float, Field(ge=0, le=366, allow_inf_nan=False)] = 0
    violation_notices: Count = 0
    refused_tasks: Count = 0
    late_or_disobey: Count = 0
    monthly_low_or_patrol: Count = 0
    other_violations: Count = 0
    already_deducted: AlreadyDeducted = Field(default_factory=AlreadyDeducted)
    major_negative_inspection: bool = False
    serious_violation_unrectified: bool = False
    major_loss: bool = False
    reputation_damage: bool = False
    # 001 六(三)5(1): 元 that the 2019 management measures deduct, net of what the months already took.
    measures_deduction: Yuan = 0


class PriorGrade(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    grade: AnnualGrade


class Person(Model):
    id: Identifier
    name: Name
    category: Category | None = None
    department: Annotated[str, Field(max_length=100)] | None = None
    is_head: bool = False
    # 002 二 "非领导职务公务员": a 领导职务 is not appraised quarterly; None → the policy decides from
    # `is_head` (`leaders_from_heads`).
    is_leader: bool | None = None
    group: Group | None = None
    on_roster: bool = True
    joined_on: Day | None = None
    months_on_post: Annotated[float, Field(ge=0, le=12, allow_inf_nan=False)] | None = None
    proposed_grade: Grade | None = None
    recommended: bool = False
    advanced: bool = False
    quarterly_excellent: Annotated[int, Field(ge=0, le=4)] | None = None
    quarter_grades: Annotated[list[QuarterGrade], Field(max_length=4)] = Field(default_factory=list)
    scores: Scores | None = None
    direct_grade: Literal["好", "较差"] | None = None
    facts: Facts = Field(default_factory=Facts)
    # 000 五(六) items by number.
    conditions: Annotated[list[Annotated[int, Field(ge=1, le=5)]], Field(max_length=5)] = Field(
        default_factory=list
    )
    allowance_level: Level | None = None
    dedication_award: bool = False
    # 001 六(一)(二) look back a few years; 50 covers a working life.
    prior_grades: Annotated[list[PriorGrade], Field(max_length=50)] = Field(default_factory=list)
    last_wage_step_year: Annotated[int, Field(ge=1949, le=2200)] | None = None
    unit_kind: UnitKind | None = None
    # 000 七(四) 在编 or 不在编; unsaid, it follows the category (see `_establishment_from_category`).
    in_establishment: bool = True
    justification: Annotated[str, Field(max_length=2000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _establishment_from_category(cls, data: Any) -> Any:
        """000 七(四): 公务员、参公、事业编制 are 在编; 其他性质人员 are 编外 unless the roster says
        otherwise, so a 不合格 returns them to the 派出单位 rather than to the 组织部/人社局 rules."""
        if isinstance(data, dict) and data.get("in_establishment") is None:
            return {**data, "in_establishment": data.get("category") != "其他"}
        return data


class Amounts(Model):
    """001 六(三): amounts the leadership meeting fixes each year (元)."""

    bonus_month: Yuan = 0
    allowance_month: Annotated[dict[Level, Yuan], Field(max_length=50)] = Field(default_factory=dict)
    award: dict[Literal["优秀", "表扬"], Yuan] = Field(default_factory=dict)
    dedication: Yuan = 0
    # 六(三)6 年终清算: its own monthly amount (元/月 × 在岗月数), 0 when the meeting fixed none.
    settlement_month: Yuan = 0


class IndividualRound(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    as_of: Day | None = None
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None
    policy: dict[str, Any] = Field(default_factory=dict)
    amounts: Amounts = Field(default_factory=Amounts)
    people: Annotated[list[Person], Field(min_length=1, max_length=20_000)]
    # 002 四(五): the 公示 of the round's results, checked against "不少于3个工作日".
    publicity_start: Day | None = None
    publicity_end: Day | None = None


class BonusLine(BaseModel):
    item: str
    amount: float
    clause: str


class Bonus(BaseModel):
    """001 六(三): every line of a person's 考核奖 (元)."""

    gross: float
    grade_deduction: float
    incident_deduction: float
    net: float
    lines: list[BonusLine]


class PersonResult(BaseModel):
    id: str
    eligible: bool
    grade: str | None
    score: float | None = None
    outcomes: list[OutcomeCode] = Field(default_factory=list)
    bonus: Bonus | None = None
    # 000 五(二)5/五(三): the centre evaluates this person directly (no department 初评); None elsewhere.
    evaluated_by_centre: bool | None = None


class IndividualResult(BaseModel):
    scheme: str
    ok: bool
    quotas: list[Quota] = Field(default_factory=list)
    people: list[PersonResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
