"""评定: an evaluation result as the page shows it — quota bars with their arithmetic, findings by clause.

It only reads what the rules returned (schemas.common.Quota / Finding); the limit is the rules' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from schemas.common import AnnualGrade, QuarterGrade, Quota
from service.rules.quota import ROUNDING_NAMES, percent


@dataclass(frozen=True)
class QuotaBar:
    key: str
    grade: str
    used: int
    limit: int
    ok: bool
    arithmetic: str

    @property
    def maximum(self) -> int:
        """The bar's scale: the limit, or what overruns it (a bar is never drawn past its end)."""
        return max(self.limit, self.used, 1)


def arithmetic(quota: Quota) -> str:
    """'12人×20%=2.4，向下取整为2': how the rules reached the limit, with the product written out."""
    exact = (Decimal(quota.base) * Decimal(str(quota.ratio))).normalize()
    text = f"{quota.base}人×{percent(quota.ratio)}={exact:f}，{ROUNDING_NAMES[quota.rounding]}为"
    if quota.base > 0 and exact < 1 <= quota.limit:
        return f"{text}{int(exact)}，不满1人的按1人"
    return f"{text}{quota.limit}"


def quota_bars(result: dict[str, Any]) -> list[QuotaBar]:
    bars = []
    for data in result.get("quotas", []):
        quota = Quota.model_validate(data)
        bars.append(QuotaBar(quota.key, quota.grade, quota.used, quota.limit, quota.ok, arithmetic(quota)))
    return bars


@dataclass(frozen=True)
class FindingView:
    severity: str
    message: str
    person_id: str | None
    person_name: str | None


def findings_by_clause(result: dict[str, Any], names: dict[str, str]) -> list[tuple[str, list[FindingView]]]:
    """Findings grouped by the clause they cite, errors first (within a group and among the groups)."""
    groups: dict[str, list[FindingView]] = {}
    for finding in result.get("findings", []):
        person = finding.get("person_id")
        groups.setdefault(finding.get("clause") or "—", []).append(
            FindingView(finding["severity"], finding["message"], person, names.get(person or ""))
        )
    order = {"error": 0, "warning": 1, "info": 2}
    ranked = [
        (clause, sorted(found, key=lambda f: order.get(f.severity, 3))) for clause, found in groups.items()
    ]
    return sorted(ranked, key=lambda group: order.get(group[1][0].severity, 3))  # stable: rule order kept


def grade_choices(policy: Any, category: str | None) -> list[str]:
    """The grades a person of this category may get, as the scheme's policy names them."""
    grade_sets = getattr(policy, "grade_sets", None)  # 000 四: per category
    if grade_sets and category in grade_sets:
        return list(grade_sets[category].grades)
    grades = getattr(policy, "grades", None)  # 001 四: five grades
    if grades:
        return list(grades)
    if getattr(policy, "bands", None) is not None:  # 002 三(二)
        return list(get_args(QuarterGrade))
    return list(get_args(AnnualGrade))
