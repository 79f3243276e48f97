"""002 公务员平时考核: 《公务员平时考核登记表》 (monthly 纪实 + 季度小结) and 《公务员平时考核表》.

002 四(二) "公务员可采取写实式、条目式等方式进行工作纪实，每月要对工作计划完成情况进行简要小结，填写
《公务员平时考核登记表》"; 四(三) "分管领导…在《公务员平时考核表》中写出考核评语，提出考核等次建议";
三(一) "平时考核得分=个人KPI考核得分×70%+职业行为指标BPI得分×30%+加减分事项指标OPI得分".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, model_validator

from schemas.common import Model, Name, QuarterGrade

Text = Annotated[str, Field(min_length=1, max_length=100)]
LongText = Annotated[str, Field(min_length=1, max_length=10_000)]
# Written by hand on the printed form when a round has no text for it: empty prints an empty box.
HandText = Annotated[str, Field(max_length=10_000)]
Quarter = Annotated[int, Field(ge=1, le=4)]


class MonthRecord(Model):
    month: Annotated[int, Field(ge=1, le=12)]
    plan: HandText = Field(default="", description="本月工作计划；留空由本人手写")
    record: HandText = Field(default="", description="工作纪实及完成情况小结；留空由本人手写")


class QuarterlyRegister(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    quarter: Quarter
    organisation: Text
    name: Name
    department: Text
    post: Text
    months: Annotated[list[MonthRecord], Field(min_length=1, max_length=3)]
    quarter_summary: HandText = Field(default="", description="季度小结；留空由本人手写")
    signed_on: dt.date | None = None

    @model_validator(mode="after")
    def _months_of_the_quarter(self) -> QuarterlyRegister:
        first = 3 * (self.quarter - 1) + 1
        wrong = [m.month for m in self.months if not first <= m.month < first + 3]
        if wrong:
            months = "、".join(map(str, wrong))
            raise ValueError(f"第{self.quarter}季度只含{first}—{first + 2}月，不含{months}月")
        return self


class QuarterlyAppraisal(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    quarter: Quarter
    organisation: Text
    name: Name
    department: Text
    post: Text
    kpi: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
    bpi: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
    opi: Annotated[Decimal, Field(ge=-100, le=100, max_digits=5, decimal_places=2)] = Decimal(0)
    opi_reason: Annotated[str, Field(max_length=500)] | None = Field(default=None, description="加减分事由")
    direct_grade: QuarterGrade | None = Field(
        default=None, description="四(五)后段：直接确定为好或较差等次时填写"
    )
    grade: QuarterGrade | None = Field(default=None, description="考核等次；不填时按得分档次确定")
    comments: HandText = Field(default="", description="分管领导考核评语；留空由分管领导手写")
    group_opinion: Annotated[str, Field(max_length=2_000)] | None = Field(
        default=None, description="考核领导小组意见"
    )
    reviewed_on: dt.date | None = None
    policy: dict[str, Any] = Field(
        default_factory=dict,
        description="本轮对考核办法参数的覆盖（三(一) 权重、三(二) 分数线），与评定所用的一致；不填用默认",
    )
