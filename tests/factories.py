"""Small builders of payloads: one person, a roster of N, with overrides."""

from __future__ import annotations

from typing import Any


def person(index: int = 1, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": f"P{index:04d}", "name": f"人员{index}"}
    data.update(overrides)
    return data


def roster(count: int, start: int = 1, **overrides: Any) -> list[dict[str, Any]]:
    return [person(i, **overrides) for i in range(start, start + count)]
