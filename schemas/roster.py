"""000 附表1 《宝山区行政服务中心2022年度常驻人员考核名单》.

000 二 "2022年11月30日在册或在中心工作满6个月以上的所有常驻人员。详细名单见…(附表1)". The list is
printed by department, each person with the 编制性质 that decides which 登记表 they fill (五(二)1).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from schemas.common import Model, Name
from schemas.resident_annual import ResidentCategory

Text = Annotated[str, Field(min_length=1, max_length=100)]


class RosterEntry(Model):
    name: Name
    gender: Literal["男", "女"] | None = None
    department: Text = Field(description="进驻部门")
    category: ResidentCategory = Field(description="编制性质")
    post: Annotated[str, Field(max_length=100)] | None = Field(default=None, description="职务或岗位")
    unit: Annotated[str, Field(max_length=100)] | None = Field(default=None, description="派出单位")
    is_head: bool = Field(default=False, description="科长或负责人（五(三)由中心组织考评）")
    note: Annotated[str, Field(max_length=200)] | None = None


class Roster(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text = "宝山区行政服务中心"
    cut_off: dt.date = Field(description="在册截止日期（二：11月30日）")
    people: Annotated[list[RosterEntry], Field(min_length=1, max_length=20_000)]
    min_months: Annotated[int, Field(ge=0, le=24)] | None = Field(
        default=None, description="二 在中心工作满N个月；不填取考核办法的默认值"
    )
