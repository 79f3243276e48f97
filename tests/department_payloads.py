"""Builders of department rounds for seeds 003 and 004 (STYLE.md 9): one department, a list of N."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from service import evaluation


def department(index: int = 1, **overrides: Any) -> dict[str, Any]:
    """A department with full evaluations: 003 total = 70 + 30 × score/100 unless overridden."""
    data: dict[str, Any] = {
        "id": f"D{index:02d}",
        "name": f"第{index}处",
        "headcount": 8,
        "evaluations": {"democratic": 100, "style": None, "leaders": 100},
    }
    data.update(overrides)
    return data


def street_department(index: int = 1, **overrides: Any) -> dict[str, Any]:
    """A 004 department scoring 70 + 30 + 100 = 200 unless overridden."""
    data: dict[str, Any] = {
        "id": f"S{index:02d}",
        "name": f"部门{index}",
        "headcount": 10,
        "daily": 70,
        "normalization": 30,
        "review": {"half_year": 100, "year_end": 100},
    }
    data.update(overrides)
    return data


def ranked(count: int, **overrides: Any) -> list[dict[str, Any]]:
    """`count` 003 departments with strictly falling totals: D01 first (leaders 100, 99, 98, …)."""
    return [
        department(i, evaluations={"democratic": 100, "leaders": 101 - i}, **overrides)
        for i in range(1, count + 1)
    ]


def run(scheme: str, departments: list[dict[str, Any]], **policy: Any) -> Any:
    """The evaluate service without HTTP: parse, policy, checks, rules."""
    result: BaseModel = evaluation.evaluate(
        scheme, {"year": 2016, "policy": policy, "departments": departments}
    )
    return result


def by_id(result: Any) -> dict[str, Any]:
    return {d.id: d for d in result.departments}


def codes(result: Any, code: str) -> list[Any]:
    return [f for f in result.findings if f.code == code]
