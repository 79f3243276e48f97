"""个人考核民主测评表: 000 附表6 and 001 附件3.

000 五(二)2 "按照中心下发的《宝山区行政服务中心2022年度个人考核民主测评表》(附表6)进行互评";
001 五(四) "填写《宝山区政务服务中心2024年度个人考核民主测评表》进行互评(详见附件3)". One ballot lists the
people of one department (or the 推优人员 of the centre) with a tick column per grade of the scheme.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from schemas.common import Model, Name

Text = Annotated[str, Field(min_length=1, max_length=100)]


class BallotPerson(Model):
    name: Name
    post: Annotated[str, Field(max_length=100)] | None = Field(default=None, description="职务或岗位")


class Ballot(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text
    department: Text = Field(description="部门，或“中心推优人员”等测评范围")
    people: Annotated[list[BallotPerson], Field(min_length=1, max_length=500)]
