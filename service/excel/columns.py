"""A roster workbook's columns: what a column is, how a cell becomes a field, the columns every scheme
shares. Each scheme's own columns live in service/excel/schemes/<scheme>.py (one home per scheme).

A column's `field` is a dotted path into the row (`facts.bad_reviews`, `scores.kpi`); a column of an
earlier year's grade (`prior_grades`, `years_back` = 1, 2, 3) is headed with that year ("2023年度等次").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from schemas.common import Group, UnitKind

YES, NO = "是", "否"
# Where a drop-down's options come from when they are not fixed: the round's organisation
# (departments) or the round's merged policy (the scheme's categories and grades).
ChoicesFrom = Literal["departments", "categories", "grades", "catalogue"]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: int = 12
    choices: tuple[str, ...] | None = None  # a fixed drop-down; None for free text
    kind: str = "text"  # text | bool | date | number | list | yearmonth | grade_of_year
    choices_from: ChoicesFrom | None = None
    years_back: int = 0  # prior_grades: the grade of (round year − years_back)

    def header_in(self, year: int) -> str:
        return f"{year - self.years_back}年度等次" if self.years_back else self.header


@dataclass(frozen=True)
class DetailSheet:
    """A second sheet whose rows belong to a row of the first: 003's 加减分事项, each naming its
    department by 编号 (`key`) and appended to that department's `into` list."""

    name: str
    into: str
    key: Column
    columns: tuple[Column, ...]
    model: type[BaseModel]
    # (merged policy, row as read) → the model's fields, e.g. the chosen entry's text → item and code.
    resolve: Callable[[Any, dict[str, Any]], dict[str, Any]] = lambda _policy, record: record


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of a scheme's roster workbook: people (individual schemes) or departments (003/004)."""

    name: str
    collection: Literal["people", "departments"]
    columns: tuple[Column, ...]
    # The scheme's drop-downs from its merged policy: {"categories": (...), "grades": (...)}.
    choices: Callable[[Any], Mapping[str, tuple[str, ...]]] = lambda _policy: {}
    details: tuple[DetailSheet, ...] = ()


def yes_no(field: str, header: str, width: int = 10) -> Column:
    return Column(field, header, width, (YES, NO), "bool")


def number(field: str, header: str, width: int = 10) -> Column:
    return Column(field, header, width, None, "number")


# Who the person is: every individual scheme's roster starts with these (the 登记表 print them).
PERSON_HEAD: tuple[Column, ...] = (
    Column("id", "编号", 10),
    Column("name", "姓名", 10),
    Column("id_number", "身份证号", 21),
    Column("gender", "性别", 6, ("男", "女")),
    Column("birth_month", "出生年月", 10, None, "yearmonth"),
    Column("ethnicity", "民族", 8),
    Column("political_status", "政治面貌", 10),
    Column("education", "学历", 10),
    Column("post", "职务或岗位", 14),
    Column("rank", "职级", 10),
    Column("category", "人员类别", 10, choices_from="categories"),
    Column("department", "部门", 16, choices_from="departments"),
    yes_no("is_head", "是否负责人"),
    Column("dispatching_unit", "派出单位", 20),
    Column("unit_kind", "派出单位性质", 12, tuple(UnitKind.__args__)),  # type: ignore[attr-defined]
    yes_no("in_establishment", "是否在编", 9),
)
GROUP = Column("group", "岗位组别", 10, tuple(Group.__args__))  # type: ignore[attr-defined]
PROPOSAL: tuple[Column, ...] = (
    Column("proposed_grade", "建议等次", 10, choices_from="grades"),
    Column("justification", "等次说明", 30),
)


# ---------------------------------------------------------------- cells to fields


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return {YES: True, NO: False, "": None}.get(text, text)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.strip().replace("/", "-").replace(".", "-") if isinstance(value, str) else value


def _text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else None


def _year_month(value: Any) -> Any:
    """出生年月 as 1985.06, however Excel kept it (a date, or the number 1985.1 for 1985.10)."""
    if isinstance(value, dt.date | dt.datetime):
        return f"{value.year}.{value.month:02d}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return _text(value)


def _list(value: Any) -> Any:
    if value is None or value == "":
        return []
    if isinstance(value, int | float):
        return [int(value)]
    parts = str(value).replace("，", ",").replace("、", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


CONVERT: dict[str, Callable[[Any], Any]] = {
    "bool": _bool,
    "date": _date,
    "list": _list,
    "number": lambda v: v,
    "yearmonth": _year_month,
    "text": _text,
    "grade_of_year": _text,
}


def put(record: dict[str, Any], column: Column, value: Any, year: int) -> None:
    """Set the column's field in the row being built (nested for dotted fields)."""
    converted = CONVERT[column.kind](value)
    if column.years_back:
        record.setdefault("prior_grades", []).append({"year": year - column.years_back, "grade": converted})
        return
    *parents, leaf = column.field.split(".")
    target = record
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = converted


def column_of(
    columns: Sequence[Column], loc: Sequence[Any], year: int, record: Mapping[str, Any]
) -> Column | None:
    """The column a Pydantic error's location points at (`facts.bad_reviews`, `prior_grades.0.grade`)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "prior_grades" and len(parts) > 1:
        try:
            wanted = record["prior_grades"][int(parts[1])]["year"]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
        return next((c for c in columns if c.years_back and year - c.years_back == wanted), None)
    for length in range(len(parts), 0, -1):
        path = ".".join(parts[:length])
        found = next((c for c in columns if c.field == path and not c.years_back), None)
        if found is not None:
            return found
    return None
