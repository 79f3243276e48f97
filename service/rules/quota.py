"""Quota arithmetic shared by every scheme (DESIGN.md §3 "Quota rounding").

A cap "不超过/以内 N%" must never be exceeded, so the default rounding is floor: 12 × 20% = 2.
Decimal arithmetic keeps 15 × 20% at exactly 3 rather than 2.9999….
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from schemas.common import Finding, Quota, Rounding

_MODES = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}
ROUNDING_NAMES: dict[str, str] = {"floor": "向下取整", "half_up": "四舍五入", "ceil": "向上取整"}


def percent(ratio: float) -> str:
    """0.2 → '20%', 0.125 → '12.5%'."""
    value = (Decimal(str(ratio)) * 100).normalize()
    return f"{value:f}%"


def quota_limit(base: int, ratio: float, rounding: Rounding = "floor", *, at_least_one: bool = False) -> int:
    """round(base × ratio); `at_least_one` is 000 五(二)3 "按比例不满1人的可推荐1人" for a non-empty group."""
    exact = Decimal(base) * Decimal(str(ratio))
    limit = int(exact.quantize(Decimal(1), rounding=_MODES[rounding]))
    if at_least_one and base > 0:
        limit = max(limit, 1)
    return limit


def make_quota(
    key: str,
    grade: str,
    base: int,
    ratio: float,
    used: int,
    rounding: Rounding = "floor",
    *,
    at_least_one: bool = False,
) -> Quota:
    limit = quota_limit(base, ratio, rounding, at_least_one=at_least_one)
    return Quota(
        key=key,
        grade=grade,
        base=base,
        ratio=ratio,
        rounding=rounding,
        limit=limit,
        used=used,
        ok=used <= limit,
    )


def arithmetic(quota: Quota) -> str:
    """How the limit was reached, for a finding: '12人×20%，向下取整'."""
    text = f"{quota.base}人×{percent(quota.ratio)}，{ROUNDING_NAMES[quota.rounding]}"
    exact = Decimal(quota.base) * Decimal(str(quota.ratio))
    if quota.base > 0 and exact < 1 <= quota.limit:
        text += "，不满1人的按1人"
    return text


def quota_exceeded(
    quota: Quota, subject: str, clause: str, *, department_id: str | None = None, note: str = ""
) -> Finding:
    """The one way an over-quota is said (DESIGN.md §4).

    '公务员(参公)优秀3人，超过限额2人（12人×20%，向下取整）'.

    `subject` names who was counted, everything up to the count ('公务员(参公)优秀', '好等次'); `note`
    follows the count ('（其中直接确定2人）').
    """
    return Finding(
        severity="error",
        code="quota_exceeded",
        department_id=department_id,
        clause=clause,
        message=f"{subject}{quota.used}人{note}，超过限额{quota.limit}人（{arithmetic(quota)}）",
    )


def no_errors(findings: Iterable[Finding]) -> bool:
    """A result is `ok` when none of its findings is an error (warnings and notes do not count)."""
    return not any(finding.severity == "error" for finding in findings)
