"""What the GB/T 9704 checks share: the finding they report and millimetres (service/pdf/gbt9704_*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Finding:
    check: str
    clause: str
    ok: bool | None  # None: nothing to measure
    message: str
    measured: dict[str, Any]


def mm(value: float) -> float:
    return round(value, 1)
