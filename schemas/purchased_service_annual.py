"""Policy of `purchased-service-annual`: every number and date of seed 001 (宝政务中心〔2024〕21号).

The rules (service/rules/purchased_service_annual.py) and the notice both read this one model, so the
notice can never print 15% while the check enforces 10%. A round may override any field through the
request's `policy`; unknown fields are refused so that a misspelt override is not silently ignored.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.common import NonNegativeFloat, Rounding, Yuan

# 四 "考核结果分为5个等次：优秀、表扬、合格、基本合格、不合格", best first.
PurchasedGrade = Literal["优秀", "表扬", "合格", "基本合格", "不合格"]
FIVE_GRADES: tuple[PurchasedGrade, ...] = ("优秀", "表扬", "合格", "基本合格", "不合格")

QuotaGrade = Literal["优秀", "表扬"]
MonthsRounding = Literal["floor", "half_up", "exact"]
COMMENDED_GRADES: tuple[PurchasedGrade, ...] = ("优秀", "表扬")
PurchasedCategory = Literal["购买服务"]
PURCHASED_CATEGORIES: tuple[PurchasedCategory, ...] = ("购买服务",)

Ratio = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Level = Annotated[str, Field(min_length=1, max_length=20)]
Count = Annotated[int, Field(ge=0, le=366)]


class PolicyPart(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MonthDay(PolicyPart):
    """A date of the round without its year: `12-31`, and whether it falls in the following year."""

    date: Annotated[str, Field(pattern=r"^\d{2}-\d{2}$", examples=["12-31"])]
    next_year: bool = False

    @field_validator("date")
    @classmethod
    def _real_day(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
        except ValueError:
            raise ValueError(f"{value} 不是有效的月-日") from None
        return value

    def on(self, year: int) -> dt.date:
        """The date in the round of `year` (the appraisal year): 01-08 with next_year → year+1-01-08.

        02-29 falls on 02-28 in a common year (the last day of February), as in seed 000's policy."""
        month, day = (int(part) for part in self.date.split("-"))
        actual_year = year + 1 if self.next_year else year
        if (month, day) == (2, 29) and not calendar.isleap(actual_year):
            day = 28
        return dt.date(actual_year, month, day)


class GradeQuota(PolicyPart):
    """四 "优秀名额比率不超过10%，表扬名额比率不超过15%"."""

    ratio: Ratio
    rounding: Rounding | None = None  # None: the policy-wide `rounding`


def _seed_quotas() -> dict[QuotaGrade, GradeQuota]:
    return {"优秀": GradeQuota(ratio=0.10), "表扬": GradeQuota(ratio=0.15)}


class ExcellentDisqualification(PolicyPart):
    """五(六) "有下列情况之一的，取消当年'优秀'评选资格" — hard rules.

    `*_min` disqualifies from that count on; `*_max` disqualifies above it ("超过5天" → 6 days is out).
    """

    bad_reviews_min: Count = 1  # 1. 三星以下"差评"且核实为自身责任
    complaints_min: Count = 1  # 2. 被投诉且经核实确定为自身责任
    personal_leave_days_max: NonNegativeFloat = 5  # 3. 当年事假天数超过5天
    months_on_post_min: Annotated[float, Field(ge=0, le=12)] = 6  # 4. 当年在岗时间不满6个月
    violation_notices_max: Count = 3  # 5. 违反各项规章制度被通报超过3次
    refused_tasks_min: Count = 1  # 6. 对中心布置的工作要求拒不执行


class BasicOrFailTriggers(PolicyPart):
    """五(七) "有下列情况之一的，视情可确定为'基本合格'或'不合格'" — soft rules (DESIGN.md §3)."""

    reviews_and_complaints_min: Count = 5  # 1. 差评及各类投诉……数量大于等于5个
    late_or_disobey_max: Count = 5  # 3. 不服从工作安排，或不按时完成工作任务超过5次
    monthly_low_or_patrol_max: Count = 5  # 7. 月度考核基本合格/不合格及巡查通报合计超过5次以上
    ceiling: PurchasedGrade = "基本合格"  # the best grade a triggered person may get without justification


class WageStep(PolicyPart):
    """六(一) "连续两年评为优秀的……连续四年评为表扬的，岗位工资可晋升一级。当年度晋升后，所有晋升模式
    全部重新计算"."""

    excellent_years: Annotated[int, Field(ge=1, le=20)] = 2
    praise_years: Annotated[int, Field(ge=1, le=20)] = 4
    # The seed says "连续四年评为表扬"; whether an 优秀 year keeps a 表扬 run going is left open.
    # Default: it does not (read literally); a unit may decide otherwise.
    praise_run_includes_excellent: bool = False
    steps: Annotated[int, Field(ge=1, le=5)] = 1  # "晋升一级"


class Termination(PolicyPart):
    """六(二) "1.连续两年考核等次为基本合格。2.当年度考核等次为不合格" → 退回劳务派遣单位."""

    basic_pass_years: Annotated[int, Field(ge=1, le=10)] = 2
    fail_years: Annotated[int, Field(ge=1, le=10)] = 1


def _seed_grade_share() -> dict[PurchasedGrade, float]:
    return {"基本合格": 0.7, "不合格": 1.0}


class BonusDeductions(PolicyPart):
    """六(三)5 奖金扣除 (月度考核已扣除内容不进行重复扣罚), 元 and shares of 应发."""

    bad_review: Yuan = 500  # (2) 每一个扣500元
    complaint: Yuan = 200  # (3) 每一个扣200元
    other_violation: Yuan = 50  # (5) 发现1次扣50元
    # (4) "基本合格的，应发奖金扣除70%；不合格的，应发奖金扣除100%".
    grade_share: dict[PurchasedGrade, Share] = Field(default_factory=_seed_grade_share)
    floor_at_zero: bool = True  # a bonus is never negative


class BonusAmounts(PolicyPart):
    """六(三)1–4 amounts "由本单位领导班子会议确定" (元); a round's `amounts` override them."""

    bonus_month: Yuan = 0  # 1. 年终奖金 每月额度
    # 2. 岗位津贴 by level
    allowance_month: Annotated[dict[Level, Yuan], Field(max_length=50)] = Field(default_factory=dict)
    award: dict[QuotaGrade, Yuan] = Field(default_factory=dict)  # 3. 评优奖励
    dedication: Yuan = 0  # 4. 敬业奉献奖
    # 6. 年终清算 "按每月额度乘以实际在岗月份发放，具体金额标准由本单位领导班子会议确定": a monthly amount
    # of its own, not a repeat of 1 — the seed numbers it apart and has the meeting fix it apart.
    settlement_month: Yuan = 0


class Bonus(PolicyPart):
    amounts: BonusAmounts = Field(default_factory=BonusAmounts)
    deductions: BonusDeductions = Field(default_factory=BonusDeductions)
    # 六(三)1/2/6 "核定到月": a given 7.5 months on post pays 7 (`floor`), 8 (`half_up`) or 7.5 (`exact`).
    # 五(六)4 "不满6个月" always compares the months as given.
    months_rounding: MonthsRounding = "floor"


class Commendation(PolicyPart):
    """六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书"."""

    grades: list[PurchasedGrade] = Field(default_factory=lambda: list(COMMENDED_GRADES))
    dedication_award: bool = True


class TimelineStep(PolicyPart):
    """One stage of 七 时间安排 with its deadline ("……前")."""

    clause: str
    stage: str
    deadline: MonthDay
    task: str


def _seed_timeline() -> list[TimelineStep]:
    # 七: the seed numbers two stages (三); the clauses are quoted as printed.
    return [
        TimelineStep(
            clause="七(一)",
            stage="前期准备",
            deadline=MonthDay(date="12-27"),
            task="拟定考核方案，布置考核工作",
        ),
        TimelineStep(
            clause="七(二)",
            stage="工作人员自评",
            deadline=MonthDay(date="12-31"),
            task="填写年度考核登记表（附件1）",
        ),
        TimelineStep(
            clause="七(三)",
            stage="民主测评",
            deadline=MonthDay(date="01-08", next_year=True),
            task="相关科室初评，填写年度考核评分表（附件2），推荐优秀和表扬人员名单报考核领导小组；"
            "考核领导小组组织推优人员和管理人员进行述职和民主测评",
        ),
        TimelineStep(
            clause="七(三)",
            stage="考核等次评定",
            deadline=MonthDay(date="01-20", next_year=True),
            task="提出考核等次建议，报领导班子会议审议通过后公示；公示结束后最终确定考核等次及优秀和表扬人员名单",
        ),
        TimelineStep(
            clause="七(四)",
            stage="考核总结",
            deadline=MonthDay(date="01-24", next_year=True),
            task="召开年度总结表彰会，对获得年度优秀、表扬和敬业奉献奖人员进行表彰，颁发荣誉证书",
        ),
    ]


class Timeline(PolicyPart):
    """七 "考核从2024年12月下旬开始，至2025年1月上旬结束"."""

    starts: str = "12月下旬"
    starts_next_year: bool = False
    ends: str = "1月上旬"
    ends_next_year: bool = True
    steps: list[TimelineStep] = Field(default_factory=_seed_timeline)


class PurchasedServicePolicy(PolicyPart):
    """Every parameter of seed 001; the defaults are the seed's own figures."""

    basis: str = "《宝山区行政服务中心政府购买服务人员管理办法》（宝行政中心〔2019〕10号）"
    # 三 "截至12月31日本单位所有在岗的政府购买服务人员".
    categories: list[PurchasedCategory] = Field(default_factory=lambda: list(PURCHASED_CATEGORIES))
    roster_cutoff: MonthDay = Field(default_factory=lambda: MonthDay(date="12-31"))
    # 四 five grades, best first; 五(二)(三) "按5个等次".
    grades: list[PurchasedGrade] = Field(default_factory=lambda: list(FIVE_GRADES))
    quotas: dict[QuotaGrade, GradeQuota] = Field(default_factory=_seed_quotas)
    rounding: Rounding = "floor"  # DESIGN.md §3: a cap "不超过N%" is never exceeded
    default_grade: PurchasedGrade = "合格"  # the grade the rules give when none is proposed
    excellent_disqualification: ExcellentDisqualification = Field(default_factory=ExcellentDisqualification)
    basic_or_fail: BasicOrFailTriggers = Field(default_factory=BasicOrFailTriggers)
    wage_step: WageStep = Field(default_factory=WageStep)
    termination: Termination = Field(default_factory=Termination)
    bonus: Bonus = Field(default_factory=Bonus)
    commendation: Commendation = Field(default_factory=Commendation)
    timeline: Timeline = Field(default_factory=Timeline)

    @model_validator(mode="after")
    def _grades_known(self) -> PurchasedServicePolicy:
        if not self.grades:
            raise ValueError("等次不能为空")
        if self.default_grade not in self.grades:
            raise ValueError(f"默认等次「{self.default_grade}」不在等次 {'、'.join(self.grades)} 中")
        # 五(七) compares a proposed grade with this ceiling by rank, so it must be one of the grades.
        ceiling = self.basic_or_fail.ceiling
        if ceiling not in self.grades:
            raise ValueError(f"五(七)的等次上限「{ceiling}」不在等次 {'、'.join(self.grades)} 中")
        return self

    def rounding_of(self, grade: QuotaGrade) -> Rounding:
        return self.quotas[grade].rounding or self.rounding

    def rank(self, grade: str) -> int:
        """0 for the best grade; a lower rank is a better grade."""
        return self.grades.index(grade)  # type: ignore[arg-type]
