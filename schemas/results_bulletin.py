"""The payload of a 考核结果通报 with ranks and awards (seed 003 六2, seed 004 五).

003 六2: 前5名 "先进处室", 推荐2名上报市级机关优秀处室, 第6-10名 表扬, 前10名以外进步最快的5个部门 "争先进位",
最后2名 部门主要负责人原则上当年不予评优; 六4 一票否决. 004 五1: 优秀部门 30%.
The award codes are those of the evaluation contract (DESIGN.md §4), so a result feeds the bulletin as is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator

from schemas.common import Model
from schemas.department import AwardCode
from service.docnum import normalise_docnum

Line = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=3000)]

AWARD_NAMES: dict[str, str] = {
    "advanced_department": "先进处室",
    "recommended_to_city": "推荐市级机关优秀处室",
    "praised": "表扬",
    "most_improved": "争先进位",
    "head_not_excellent": "主要负责人当年不予评优",
    "excellent_department": "优秀部门",
}


class RankedDepartment(Model):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    rank: Annotated[int, Field(ge=1, le=1000)]
    total: Annotated[float, Field(ge=-1000, le=1000, allow_inf_nan=False)]
    awards: list[AwardCode] = Field(default_factory=list)
    vetoed: bool = False
    note: Annotated[str, Field(max_length=200)] = ""


class ResultsBulletin(Model):
    issuer_mark: Line
    docnum: Line
    title: Line
    addressees: Line
    year: Annotated[int, Field(ge=2000, le=2100)]
    preamble: Text
    departments: Annotated[list[RankedDepartment], Field(min_length=1, max_length=500)]
    closing: Text = ""
    signature: Line
    date: dt.date

    @field_validator("docnum")
    @classmethod
    def _normalised_docnum(cls, value: str) -> str:
        return normalise_docnum(value)
