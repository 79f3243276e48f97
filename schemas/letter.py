"""The payload of the letters to a 派出单位 (seed 000 七(二)/(四); seed 001 六(二)).

- 调整人员建议书 (`adjustment-letter`): 000 七(四) "考核中被确定为基本称职(基本合格)的人员，由中心向派出单位
  发出要求调整人员的建议书";
- 退回函 (`return-letter`): 000 七(四) "不在编人员退回派出单位，不允许再次派驻中心"; 001 六(二) 终止用工,
  "将其退回劳务派遣单位，建议劳务派遣单位解除与该用工的劳动关系";
- 考核结果反馈函 (`feedback-letter`): 000 七(二) "市条线单位及其他性质的工作人员，中心将考核结果
  反馈至派出单位".

Each letter names the dispatching unit, the person(s) and grade(s), the clause it acts on and what it
asks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator

from schemas.common import Category, Model
from service.docnum import normalise_docnum

Line = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]


class LetterPerson(Model):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    category: Category | None = None
    department: Annotated[str, Field(max_length=100)] = ""
    post: Annotated[str, Field(max_length=100)] = ""
    grade: Annotated[str, Field(min_length=1, max_length=20)] = Field(description="考核等次，如“基本称职”")


class Letter(Model):
    """A 函 (GB/T 9704-2012 10.1 信函格式) from the centre to one dispatching unit."""

    issuer_mark: Line = Field(description="发文机关标志（全称），如“上海市宝山区行政服务中心”")
    docnum: Line | None = Field(default=None, description="发文字号；没有可留空")
    addressee: Line = Field(description="派出单位名称（主送机关）")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(description="考核年度")
    basis_title: Line = Field(description="依据文件标题，如《关于做好2022年度常驻部门考核工作的通知》")
    basis_docnum: Line | None = Field(default=None, description="依据文件文号")
    clause: Annotated[str, Field(min_length=1, max_length=20)] = Field(description="条款，如“七（四）”")
    clause_text: Text = Field(description="所依据条款的原文")
    people: Annotated[list[LetterPerson], Field(min_length=1, max_length=200)]
    request: Text = Field(default="", description="请派出单位做的事；留空时按函的种类写明")
    reply_by: dt.date | None = Field(default=None, description="请于此日期前回复")
    contact: Annotated[str, Field(max_length=100)] = Field(default="", description="联系人及电话")
    signature: Line
    date: dt.date
    sealed: bool = Field(default=False, description="是否加盖印章（成文日期右空四字，GB/T 9704 7.3.5.1）")

    @field_validator("docnum", "basis_docnum")
    @classmethod
    def _normalised_docnum(cls, value: str | None) -> str | None:
        return normalise_docnum(value) if value else value
