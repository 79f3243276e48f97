"""公示: the list of people proposed 优秀 (or 表扬) with the period, where to object and who issues it.

000 五(五) "对拟确定为优秀等次的人员…进行公示(公示期为5个工作日)"; 001 七(三) "报领导班子会议审议通过后公示";
002 四(五) "公示期不少于3个工作日" and 五(二) "对年度考核为优秀等次的公务员进行公示时，应当公示其当年平时
考核结果等次". ID numbers, if given, are masked: a public list never shows a full ID number.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from schemas.common import AnnualGrade, Category, Model, Name, QuarterGrade

Text = Annotated[str, Field(min_length=1, max_length=100)]
PublicityScheme = Literal["resident-annual", "purchased-service-annual", "civil-servant-quarterly"]
# 002 五(二): the categories whose annual 优秀 publicity carries the quarterly grades.
CIVIL_SERVANT_CATEGORIES = ("公务员", "参公")


class PublicityEntry(Model):
    name: Name
    department: Text
    post: Annotated[str, Field(max_length=100)] | None = None
    category: Category | None = None
    grade: AnnualGrade | QuarterGrade
    quarter_grades: Annotated[list[QuarterGrade | None], Field(max_length=4)] = Field(default_factory=list)
    # 公民身份号码, 18 digits (or 15 of the old cards); printed masked, never whole.
    id_number: Annotated[str, Field(pattern=r"^(\d{17}[\dXx]|\d{15})$")] | None = Field(
        default=None, description="公民身份号码，公示时打码"
    )


class Publicity(Model):
    scheme: PublicityScheme
    year: Annotated[int, Field(ge=1949, le=2200)]
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None
    organisation: Text
    starts_on: dt.date = Field(description="公示开始日期")
    working_days: Annotated[int, Field(ge=1, le=30)] | None = Field(
        default=None, description="公示期（工作日）；不填用方案的政策值"
    )
    people: Annotated[list[PublicityEntry], Field(min_length=1, max_length=2_000)]
    objection_office: Text = Field(description="受理异议的部门")
    objection_phone: Annotated[str, Field(min_length=3, max_length=40)]
    objection_address: Annotated[str, Field(max_length=200)] | None = None
    issued_on: dt.date
    basis_title: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None, description="依据的通知（带书名号和文号）；不填按考核方案写通知名称"
    )

    @model_validator(mode="after")
    def _civil_servants_show_quarterly_grades(self) -> Publicity:
        if self.scheme == "civil-servant-quarterly" and self.quarter is None:
            raise ValueError("平时考核公示应写明季度（quarter）")
        if self.scheme != "resident-annual":
            return self
        missing = [
            p.name for p in self.people if p.category in CIVIL_SERVANT_CATEGORIES and not p.quarter_grades
        ]
        if missing:
            names = "、".join(missing)
            raise ValueError(f"公务员(参公)公示应写明当年平时考核结果等次（002 五(二)），缺：{names}")
        return self
