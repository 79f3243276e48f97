"""Vocabulary shared by every scheme: categories, grades, findings, quotas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Category = Literal["公务员", "参公", "事业", "其他", "购买服务"]
Group = Literal["大厅服务", "大厅管理", "其他科室"]
UnitKind = Literal["区内", "市条线", "其他"]
# Annual grades of every staff scheme: 000 四 (公务员/参公 and 事业 sets), 001 四 (five grades).
AnnualGrade = Literal["优秀", "称职", "基本称职", "不称职", "合格", "基本合格", "不合格", "表扬"]
# Quarterly grades of 002 三(二).
QuarterGrade = Literal["好", "较好", "一般", "较差"]
Grade = Literal[AnnualGrade, QuarterGrade]  # one Literal, so a bad grade has one 422 path
Rounding = Literal["floor", "half_up", "ceil"]
Severity = Literal["error", "warning", "info"]

NonNegativeInt = Annotated[int, Field(ge=0)]
NonNegativeFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
# A count of events in one person's or one department's year (差评, 投诉, 通报…). No real round reaches
# 10,000; past it the number is a typo (or 1 followed by 400 zeros) and is refused with its path, before
# it can overflow an amount into `null`.
Count = Annotated[int, Field(ge=0, le=10_000)]
# 元, at most 1亿: amounts are kept to the cent as 28-digit Decimals, and a figure past this is a typo.
Yuan = Annotated[float, Field(ge=0, le=100_000_000, allow_inf_nan=False)]
Identifier = Annotated[str, Field(min_length=1, max_length=64)]


def _date_text(value: Any) -> Any:
    """A date is written as text, `2024-06-01`: Pydantic would take the number 20240601 for seconds
    since 1970 and answer "日期不应带时间", which says nothing to a clerk."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"日期应写成文本 YYYY-MM-DD，例如 2024-06-01，不能是数字 {value}")
    return value


# A calendar day in a request: ISO text only.
Day = Annotated[dt.date, BeforeValidator(_date_text)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
# A row's id, in a path or a body: the database keeps 64-bit integers, and a larger one reached the driver
# as a 500 (issue 10); bounded here it is a 422 with its path, and the OpenAPI says so.
INT64_MAX = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=INT64_MAX)]


class Model(BaseModel):
    """Base of the request models: unknown fields are ignored so clients may send more than a scheme uses."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class WriteModel(Model):
    """Base of what a client writes into storage: an unknown key is a 422 naming it (a misspelt field
    must not be silently dropped and then read as empty)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Finding(BaseModel):
    """A rule violation or a thing to look at. `clause` cites the seed, e.g. `五(六)3`."""

    severity: Severity
    code: str
    person_id: str | None = None
    department_id: str | None = None
    clause: str
    message: str


class Quota(BaseModel):
    """A cap "不超过/以内 N%" and how it was met: limit = round(base × ratio)."""

    key: str
    grade: str
    base: int
    ratio: float
    rounding: Rounding
    limit: int
    used: int
    ok: bool
