"""考核结果上报表: 000 七(一) "区内单位的公务员(参公)的考核等次，由中心上报区委组织部；区内单位的事业编制
人员的考核等次，由中心上报区人社局"; 八(四) "中心汇总考核结果报区委组织部、区人力资源和社会保障局".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from schemas.common import AnnualGrade, Category, Model, Name

Text = Annotated[str, Field(min_length=1, max_length=100)]
Recipient = Literal["区委组织部", "区人社局"]
# 七(一): which categories each recipient receives.
CATEGORIES_OF: dict[str, tuple[str, ...]] = {"区委组织部": ("公务员", "参公"), "区人社局": ("事业",)}


class ReportedPerson(Model):
    name: Name
    gender: Literal["男", "女"] | None = None
    unit: Text = Field(description="派出单位")
    post: Annotated[str, Field(max_length=100)] | None = None
    category: Category
    grade: AnnualGrade
    note: Annotated[str, Field(max_length=200)] | None = None


class ResultReport(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text = "宝山区行政服务中心"
    recipient: Recipient
    people: Annotated[list[ReportedPerson], Field(min_length=1, max_length=5_000)]
    contact: Annotated[str, Field(max_length=50)] | None = Field(default=None, description="联系人")
    phone: Annotated[str, Field(max_length=40)] | None = None
    reported_on: dt.date

    @model_validator(mode="after")
    def _recipient_receives_these_categories(self) -> ResultReport:
        accepted = CATEGORIES_OF[self.recipient]
        wrong = [f"{p.name}（{p.category}）" for p in self.people if p.category not in accepted]
        if wrong:
            raise ValueError(
                f"七(一)：报{self.recipient}的只能是{'、'.join(accepted)}人员，不应包括{'、'.join(wrong)}"
            )
        return self
