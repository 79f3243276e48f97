"""001 附件2 《宝山区政务服务中心政府购买服务人员2024年度考核评分表》.

001 四 "从工作纪律、服务规范、业务能力、工作成效四个方面进行综合评估"; 五(二) "大厅服务人员由业务科牵头
窗口管理人员结合各自岗位工作实际进行小组内初评，填写…考核评分表，结合月度考核评分情况，按5个等次，对
被考核人员提出初步的考核等次建议，并推荐优秀和表扬人员名单". One sheet is one group's 初评.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from schemas.common import AnnualGrade, Group, Model, Name

Text = Annotated[str, Field(min_length=1, max_length=100)]
Points = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=1)]

# 四: the four aspects, in the order the seed names them.
ASPECTS: tuple[str, ...] = ("工作纪律", "服务规范", "业务能力", "工作成效")


class AspectScores(Model):
    discipline: Points = Field(description="工作纪律")
    service: Points = Field(description="服务规范")
    ability: Points = Field(description="业务能力")
    results: Points = Field(description="工作成效")

    def values(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.discipline, self.service, self.ability, self.results)


class ScoredPerson(Model):
    name: Name
    post: Annotated[str, Field(max_length=100)] | None = None
    scores: AspectScores
    monthly_average: Points | None = Field(default=None, description="月度考核平均分（五(二)）")
    highlights: Annotated[str, Field(max_length=500)] | None = Field(default=None, description="年度亮点工作")
    proposed_grade: AnnualGrade | None = Field(default=None, description="初步考核等次建议")


class Scoresheet(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text = "宝山区政务服务中心"
    group: Group = Field(description="大厅服务 | 大厅管理 | 其他科室")
    department: Text = Field(description="组织初评的科室或小组")
    aspect_points: Points = Field(default=Decimal(25), description="每个方面的满分，四个方面合计100分")
    people: Annotated[list[ScoredPerson], Field(min_length=1, max_length=500)]
    scorer: Annotated[str, Field(max_length=100)] | None = Field(default=None, description="评分人")
    scored_on: dt.date | None = None

    @model_validator(mode="after")
    def _within_full_marks(self) -> Scoresheet:
        for person in self.people:
            for aspect, value in zip(ASPECTS, person.scores.values(), strict=True):
                if value > self.aspect_points:
                    raise ValueError(f"{person.name}的{aspect}得分{value}超过满分{self.aspect_points}")
        return self
