"""003 《市经信委机关内设机构年度考核自评表》: 18 items in six categories, 合计 70 分.

003 五2 "各部门填报考核自评表于1月10日前报考核办公室"; 八1 "考核评分以相应分值为基础，加减分因素项目不细分
分值，加分不封顶，扣分以本项目分值为限，扣完为止".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator

from schemas.common import Model

Text = Annotated[str, Field(min_length=1, max_length=100)]
Adjustment = Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=2)]

# The printed form: (类别, 分值, [(序号, 考核内容)]) exactly as the seed's 自评表 lists them.
FORM_ITEMS: tuple[tuple[str, int, tuple[tuple[int, str], ...]], ...] = (
    ("业务工作", 20, ((1, "年度目标任务完成情况"), (2, "积极开展工作调研"), (3, "加大信息宣传力度"))),
    ("能力建设", 10, ((4, "加强理论学习"), (5, "参加各级各类培训"), (6, "参加各类竞赛活动"))),
    (
        "作风建设",
        10,
        (
            (7, "履行服务承诺"),
            (8, "提高行政效能"),
            (9, "遵守社会公德"),
            (10, "开展行政监察"),
            (11, "执行请销假等人事管理制度"),
        ),
    ),
    ("日常政务", 10, ((12, "推进政务公开"), (13, "推进依法行政"), (14, "行政权力三合一网络运行"))),
    ("党风廉政建设", 10, ((15, "落实党风廉政建设责任制"), (16, "发现违纪问题"))),
    ("争先创优", 10, ((17, "工作创新取得成效"), (18, "获先进集体、先进个人等荣誉"))),
)
ITEM_NUMBERS = frozenset(number for _, _, items in FORM_ITEMS for number, _ in items)


class ItemEntry(Model):
    deduct: Adjustment = Decimal(0)
    bonus: Adjustment = Decimal(0)
    note: Annotated[str, Field(max_length=1_000)] = Field(default="", description="情况说明")


class SelfAssessment(Model):
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text = "常州市经信委"
    department: Text = Field(description="处室")
    filled_on: dt.date = Field(description="填表日期")
    head: Annotated[str, Field(max_length=50)] | None = Field(default=None, description="处室负责人")
    # Keyed by item number as in the evaluation request of `internal-department` ("1"…"18").
    items: dict[str, ItemEntry] = Field(default_factory=dict)

    @field_validator("items")
    @classmethod
    def _known_items(cls, items: dict[str, ItemEntry]) -> dict[str, ItemEntry]:
        unknown = [key for key in items if not key.isdigit() or int(key) not in ITEM_NUMBERS]
        if unknown:
            raise ValueError(f"自评表只有第1—18项，没有：{'、'.join(unknown)}")
        return items
