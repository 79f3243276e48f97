"""One person's annual 考核登记表: 000 附表2–5 and 001 附件1 share this model.

000 五(二)1 "所有参加考核人员按编制性质分别填写《上海市公务员考核登记表》(附表2)、《参照公务员法管理
事业单位人员考核登记表》(附表3)、《事业单位工作人员年度考核登记表》(附表4)，其他性质人员填写《宝山区
行政服务中心常驻人员年度考核登记表》(附表5)"; 001 五(一) "个人撰写本人年度总结，填写《宝山区政务服务
中心政府购买服务人员年度考核登记表》(详见附件1)".

One payload is one person (a batch is many payloads). The kinds differ in title, grade options and
whether the form has the four 季度 平时考核 grades (the 公务员 forms: 002 五(二) "平时考核结果记入
《公务员年度考核登记表》").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from schemas.common import AnnualGrade, Model, Name, QuarterGrade

# 出生年月 and 任现职时间 are written "1985.06" on the printed forms.
YEAR_MONTH_PATTERN = r"^(19|20)\d{2}\.(0[1-9]|1[0-2])$"
YearMonth = Annotated[str, Field(pattern=YEAR_MONTH_PATTERN, examples=["1985.06"], description="年.月")]
ShortText = Annotated[str, Field(min_length=1, max_length=100)]
OptionalText = Annotated[str, Field(max_length=100)] | None


class AppraisalForm(Model):
    """The fields of a printed 年度考核登记表, pre-filled from the person's data."""

    year: Annotated[int, Field(ge=1949, le=2200, description="考核年度")]
    organisation: ShortText = Field(description="组织考核的单位，如 宝山区行政服务中心")
    name: Name
    gender: Literal["男", "女"]
    birth_month: YearMonth = Field(description="出生年月")
    ethnicity: OptionalText = Field(default=None, description="民族")
    political_status: ShortText = Field(description="政治面貌")
    education: OptionalText = Field(default=None, description="文化程度")
    unit: ShortText = Field(description="工作单位（派出单位）")
    department: OptionalText = Field(default=None, description="所在部门或窗口")
    post: ShortText = Field(description="现任职务或岗位")
    rank: OptionalText = Field(default=None, description="职级或岗位等级")
    post_since: YearMonth | None = Field(default=None, description="任现职时间")
    months_on_post: Annotated[float, Field(ge=0, le=12, allow_inf_nan=False)] | None = Field(
        default=None, description="本年度在岗月数"
    )
    summary: Annotated[str, Field(max_length=20_000)] = Field(
        default="", description="个人年度总结；空行分段，长文跨页续排；留空印空白栏由本人手写"
    )
    comments: Annotated[str, Field(max_length=5_000)] | None = Field(default=None, description="主管领导评语")
    proposed_grade: AnnualGrade | None = Field(default=None, description="考核等次建议")
    final_grade: AnnualGrade | None = Field(default=None, description="最终确定的考核等次")
    quarter_grades: Annotated[list[QuarterGrade | None], Field(max_length=4)] = Field(
        default_factory=list, description="第一至四季度平时考核等次（公务员、参公登记表）"
    )
    rewards: Annotated[str, Field(max_length=2_000)] | None = Field(default=None, description="奖惩情况")
    signed_on: dt.date | None = Field(default=None, description="本人签名日期")
    reviewed_on: dt.date | None = Field(default=None, description="主管领导签名日期")
    decided_on: dt.date | None = Field(default=None, description="考核领导小组（委员会）意见日期")
