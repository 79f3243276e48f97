"""001 考核奖明细表: every line of 六(三) per person, the totals and the total in 大写.

The lines are the `bonus` of `POST /api/schemes/purchased-service-annual/evaluate` (DESIGN.md §4):
应发 = 年终奖金 + 岗位津贴 + 评优奖励 + 敬业奉献奖 (六(三)1–4); then 六(三)5(4) 基本合格 −70% / 不合格 −100%;
then 六(三)5(2)(3)(5) 差评 500 元、投诉 200 元、其他违规 50 元 each; never below 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from schemas.common import AnnualGrade, Model, Name

Text = Annotated[str, Field(min_length=1, max_length=100)]
Money = Annotated[Decimal, Field(max_digits=12, decimal_places=2)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class BonusLine(Model):
    item: Text
    amount: Money = Field(description="元；扣除为负数")
    clause: Annotated[str, Field(max_length=20)] = ""


class PersonBonus(Model):
    name: Name
    department: Annotated[str, Field(max_length=100)] | None = None
    grade: AnnualGrade
    months_on_post: Annotated[Decimal, Field(ge=0, le=12)]
    gross: NonNegativeMoney = Field(description="应发")
    grade_deduction: NonNegativeMoney = Field(description="等次扣除（六(三)5(4)）")
    incident_deduction: NonNegativeMoney = Field(description="差评、投诉、违规扣除")
    net: NonNegativeMoney = Field(description="实发")
    lines: Annotated[list[BonusLine], Field(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _net_is_gross_less_deductions(self) -> PersonBonus:
        # 六(三)5: deductions come off 应发 and the result is never below 0.
        expected = max(Decimal(0), self.gross - self.grade_deduction - self.incident_deduction)
        if abs(expected - self.net) > Decimal("0.01"):
            raise ValueError(
                f"{self.name}的实发{self.net}元与应发{self.gross}元减扣除"
                f"{self.grade_deduction + self.incident_deduction}元（{expected}元）不符"
            )
        return self


class BonusSheet(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text = "宝山区政务服务中心"
    people: Annotated[list[PersonBonus], Field(min_length=1, max_length=5_000)]
    prepared_by: Annotated[str, Field(max_length=100)] | None = Field(default=None, description="制表人")
    prepared_on: dt.date | None = None
