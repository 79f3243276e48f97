"""The policy of `resident-annual`: seed 000, 常驻人员年度考核 (宝行政中心〔2022〕17号).

Every number and date of the notice lives here, so the notice text, the forms and the checks read the
same values (DESIGN.md §2 "Policies are data"). The committed defaults are
`service/policies/resident_annual.json`; a round's `policy` object overrides any of them.

Dates inside a round are month-days (`"11-30"`) of the round's year; a timeline day may fall in the
next year (`next_year: true`), as 八(三)/(四) run into January.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from schemas.common import AnnualGrade, Rounding

# The categories this scheme appraises; 购买服务 staff belong to `purchased-service-annual` (seed 001).
ResidentCategory = Literal["公务员", "参公", "事业", "其他"]
RESIDENT_CATEGORIES: tuple[ResidentCategory, ...] = ("公务员", "参公", "事业", "其他")


def month_day_in(year: int, month_day: str) -> dt.date:
    """`"11-30"` in `year` → 2022-11-30; 02-29 of a common year is the 28th (the last day of February)."""
    month, day = (int(part) for part in month_day.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        if (month, day) == (2, 29):
            return dt.date(year, 2, 28)
        raise


def _valid_month_day(value: str) -> str:
    try:
        month_day_in(2000, value)  # a leap year, so 02-29 is accepted
    except ValueError:
        raise ValueError(f"「{value}」不是有效的月-日，应为 MM-DD，例如 11-30") from None
    return value


Ratio = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
MonthDay = Annotated[
    str, Field(pattern=r"^\d{2}-\d{2}$", examples=["11-30"]), AfterValidator(_valid_month_day)
]
Clause = Annotated[str, Field(min_length=1, max_length=20)]
Label = Annotated[str, Field(min_length=1, max_length=40)]


class PolicyModel(BaseModel):
    """Policy parts reject unknown keys: a misspelt override must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RoundDay(PolicyModel):
    """A day of the round: month-day of the round's year, or of the next year."""

    month_day: MonthDay
    next_year: bool = False

    def on(self, year: int) -> dt.date:
        return month_day_in(year + 1 if self.next_year else year, self.month_day)


class GradeLadder(PolicyModel):
    """四: the four grades of a category, best first.

    四(一) 公务员(参公): 优秀、称职、基本称职、不称职; 四(二) 事业: 优秀、合格、基本合格、不合格.
    `basic` is the ceiling of 五(六) and the grade of 七(四) 调整; `incompetent` the grade of 七(四) 退回.
    """

    excellent: AnnualGrade = "优秀"
    normal: AnnualGrade
    basic: AnnualGrade
    incompetent: AnnualGrade

    @property
    def grades(self) -> tuple[str, str, str, str]:
        return (self.excellent, self.normal, self.basic, self.incompetent)

    def rank(self, grade: str) -> int:
        """0 for the best grade, 3 for the worst."""
        return self.grades.index(grade)

    @model_validator(mode="after")
    def _distinct(self) -> GradeLadder:
        if len(set(self.grades)) != 4:
            raise ValueError("四个考核等次不能重复")
        return self


class ExcellentPool(PolicyModel):
    """四(一)(二): the categories that share one 优秀 quota and its ratio of their participants.

    四(一) "优秀的比例按全体参加考核的公务员(参公)编制人数的20%确定";
    四(二) "优秀的比例不超过中心参加年度考核人数的20%" (事业).
    """

    key: Label  # the quota key after "优秀:", e.g. "公务员+参公"
    label: Label  # how a finding names the pool, e.g. "公务员(参公)"
    categories: Annotated[list[ResidentCategory], Field(min_length=1)]
    ratio: Ratio
    clause: Clause
    # What the ratio is of. 四(二) says "中心参加年度考核人数" for 事业; read with 四(一)'s "参加考核的
    # 公务员(参公)编制人数" it is the pool's own participants (`pool`, DESIGN.md §3); `all_participants`
    # takes the centre's whole count instead.
    base: Literal["pool", "all_participants"] = "pool"


class AdvancedRule(PolicyModel):
    """四(三) "先进个人的比例按参加考核人员总人数的10%确定，公务员(参公)、事业编制的优秀人员可重复评选"."""

    ratio: Ratio = 0.1
    overlap_with_excellent: bool = True
    clause: Clause = "四(三)"


class RecommendationGroup(PolicyModel):
    """五(二)3: one 编制性质 group of a department and its 初评优秀 recommendation ratio."""

    key: Label  # e.g. "公务员+参公"
    label: Label  # e.g. "公务员(参公)"
    categories: Annotated[list[ResidentCategory], Field(min_length=1)]
    ratio: Ratio


class RecommendationRule(PolicyModel):
    """五(二)3 "初评优秀人员的推荐比例：公务员(参公)、事业编制为20%、其他性质为10%，按比例不满1人的可推荐1人".

    `heads_counted` false: 五(三) 科长或负责人由中心组织考评, so heads are neither in the base of a
    department's 初评 nor recommended by it.
    """

    groups: Annotated[list[RecommendationGroup], Field(min_length=1, max_length=4)]
    at_least_one: bool = True
    heads_counted: bool = False
    clause: Clause = "五(二)3"


class TimelinePhase(PolicyModel):
    """八: one phase of the timetable; `start` equal to `end` is a single day (八(一) 前期准备阶段)."""

    title: Label  # 前期准备阶段
    start: RoundDay
    end: RoundDay
    tasks: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _ordered(self) -> TimelinePhase:
        if self.end.on(2000) < self.start.on(2000):
            raise ValueError(f"{self.title}的结束日期早于开始日期")
        return self


class ResidentAnnualPolicy(PolicyModel):
    """Every parameter of seed 000; field names are never `id`, `name` or `seed` (GET /api/schemes/{id})."""

    issuer: Label = "宝山区行政服务中心"
    # 二 "2022年11月30日在册或在中心工作满6个月以上的所有常驻人员".
    cut_off: MonthDay = "11-30"
    min_months: Annotated[int, Field(ge=0, le=24)] = 6
    # 四: grades per category; 其他 uses the 事业 names (DESIGN.md §3).
    grade_sets: dict[ResidentCategory, GradeLadder]
    # 四: 其他性质 staff are in no pool by default — 四(一)(二) give 优秀 ratios only for 公务员(参公)
    # and 事业; 五(二)3's 10% 推荐 of 其他 puts them forward for 先进个人 (四(三) "不分编制性质").
    # A unit may add a pool for them.
    excellent_pools: Annotated[list[ExcellentPool], Field(max_length=4)]
    advanced: AdvancedRule = Field(default_factory=AdvancedRule)
    recommendation: RecommendationRule
    rounding: Rounding = "floor"
    # 五(五) "年度考核确定为优秀等次的，应当从当年度季度考核优秀较多的人员中产生".
    quarterly_excellent_check: bool = True
    # 五(六) 1–5: "有下列情况之一的，视情可确定为基本称职(基本合格)或不称职(不合格)".
    conditions: dict[Annotated[int, Field(ge=1, le=9)], Annotated[str, Field(min_length=1, max_length=200)]]
    # 五(五) "公示期为5个工作日".
    publicity_working_days: Annotated[int, Field(ge=1, le=30)] = 5
    # 五(二)4, 五(三)1 "所有表格于2022年12月15日前上交".
    submission_deadline: RoundDay = RoundDay(month_day="12-15")
    # 八 时间安排.
    timeline: Annotated[list[TimelinePhase], Field(max_length=20)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> ResidentAnnualPolicy:
        missing = [c for c in RESIDENT_CATEGORIES if c not in self.grade_sets]
        if missing:
            raise ValueError(f"grade_sets 缺少编制性质：{'、'.join(missing)}")
        for rules, what in ((self.excellent_pools, "优秀名额"), (self.recommendation.groups, "推荐分组")):
            seen: set[str] = set()
            for item in rules:
                twice = seen.intersection(item.categories)
                if twice:
                    raise ValueError(f"{'、'.join(sorted(twice))}不能同时属于两个{what}")
                seen.update(item.categories)
        ungrouped = [c for c in RESIDENT_CATEGORIES if c not in seen]
        if ungrouped:
            raise ValueError(f"推荐分组缺少编制性质：{'、'.join(ungrouped)}")
        return self

    def cut_off_date(self, year: int) -> dt.date:
        return month_day_in(year, self.cut_off)

    def pool_of(self, category: str) -> ExcellentPool | None:
        return next((pool for pool in self.excellent_pools if category in pool.categories), None)

    def recommendation_group_of(self, category: str) -> RecommendationGroup:
        return next(group for group in self.recommendation.groups if category in group.categories)
