"""The payload of a 表彰决定 (seed 001 六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉
证书"; seed 000 七(三) "中心年度先进个人，由中心进行表彰")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator

from schemas.common import Model
from service.docnum import normalise_docnum

Line = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=3000)]


class Honoree(Model):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    department: Annotated[str, Field(max_length=100)] = ""


class AwardGroup(Model):
    """One honour and the people who receive it, e.g. 年度优秀 — 张三（业务科）、李四（综合科）."""

    award: Annotated[str, Field(min_length=1, max_length=50)]
    people: Annotated[list[Honoree], Field(min_length=1, max_length=500)]


class Commendation(Model):
    issuer_mark: Line = Field(description="发文机关标志，如“上海市宝山区政务服务中心文件”")
    docnum: Line = Field(description="发文字号")
    title: Line = Field(description="标题，如“关于表彰2024年度优秀、表扬和敬业奉献奖人员的决定”")
    addressees: Line = Field(description="主送机关")
    preamble: Text = Field(description="表彰缘由")
    decision: Text = Field(description="决定语，如“经中心领导班子会议研究，决定对以下同志予以表彰：”")
    groups: Annotated[list[AwardGroup], Field(min_length=1, max_length=20)]
    closing: Text = Field(description="希望与号召")
    signature: Line
    date: dt.date

    @field_validator("docnum")
    @classmethod
    def _normalised_docnum(cls, value: str) -> str:
        return normalise_docnum(value)
