"""003 内设机构年度考核自评表 (五2 "各部门填报考核自评表"), scored as the 考核办 scores it (三, 八1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.department import Department, ItemScore
from schemas.internal_department import InternalDepartmentPolicy
from schemas.self_assessment import FORM_ITEMS, ItemEntry, SelfAssessment
from service.documents.registry import DocumentKind
from service.errors import Conflict
from service.round_context import Needs, RoundContext, require_target
from service.rules.internal_department import category_points
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


def _points(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _signed(entry: ItemEntry) -> str:
    """自评分 of an item: its adjustment, "−0.4", "+1", "−0.4 +1" or "0"."""
    parts = []
    if entry.deduct:
        parts.append(f"−{_points(entry.deduct)}")
    if entry.bonus:
        parts.append(f"+{_points(entry.bonus)}")
    return " ".join(parts) or "0"


def context(payload: BaseModel) -> dict[str, Any]:
    """Category scores by the rule of `internal-department` (八1: 扣分以本项目分值为限，加分不封顶)."""
    form = cast(SelfAssessment, payload)
    policy = InternalDepartmentPolicy.model_validate(default_policy_data("internal-department"))
    department = Department(
        id="self",
        name=form.department,
        items={key: ItemScore(deduct=float(e.deduct), bonus=float(e.bonus)) for key, e in form.items.items()},
    )
    scored, capped = category_points(department, [], policy)
    entries = [form.items.get(str(number), ItemEntry()) for _, _, items in FORM_ITEMS for number, _ in items]
    total = sum((Decimal(str(c.score)) for c in scored), Decimal(0))
    return {
        **form.model_dump(exclude={"items"}),
        "items": [{"score": _signed(e), "note": e.note} for e in entries],
        "categories": [
            {"name": c.name, "points": _points(c.points), "score": _points(c.score)} for c in scored
        ],
        "points_total": _points(sum((Decimal(str(c.points)) for c in scored), Decimal(0))),
        "total": _points(total),
        "capped_note": "；".join(f.message for f in capped),
    }


def example() -> BaseModel:
    """003 (2016 办法): 综合处's self-assessment, filed by 1月10日 (五2) for the year 2016."""
    return SelfAssessment(
        year=2016,
        department="综合处",
        filled_on=dt.date(2017, 1, 9),
        head="综合处处长",
        items={
            "1": ItemEntry(deduct=Decimal("0.4"), note="半年度完成情况少报2次，每次扣0.2分"),
            "2": ItemEntry(bonus=Decimal(1), note="调研建议得到市领导批示1次"),
            "3": ItemEntry(bonus=Decimal("0.5"), note="市级新闻单位录用1篇"),
            "6": ItemEntry(bonus=Decimal("0.5"), note="参加专业知识竞赛1人次"),
            "8": ItemEntry(deduct=Decimal("0.5"), note="未按规定时间报送材料1次"),
        },
    )


def filename(payload: BaseModel) -> str:
    form = cast(SelfAssessment, payload)
    return f"{form.year}年度内设机构考核自评表-{form.department}"


def papers(context: RoundContext) -> list[dict[str, str]]:
    """One 自评表 per department stored in the round (五2 "各部门填报")."""
    return [{"department": str(d.payload.get("name") or d.code)} for d in context.department_results]


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """The department's 自评 as stored with the round: its items' deductions and bonuses (三)."""
    names = [str(d.payload.get("name") or d.code) for d in context.department_results]
    name = require_target(request.department, needs, "department", "处室", names)
    needs.check()
    stored = next(
        (d for d in context.department_results if str(d.payload.get("name") or d.code) == name), None
    )
    if stored is None:
        raise Conflict(f"本轮没有处室「{name}」（可选：{'、'.join(names) or '无'}）")
    head = next((d.head_name for d in context.departments if d.name == name), None)
    return SelfAssessment(
        year=context.year,
        organisation=context.short_name,
        department=name,
        filled_on=context.round.starts_on,
        head=head,
        items={
            key: ItemEntry.model_validate(item) for key, item in (stored.payload.get("items") or {}).items()
        },
    )


KINDS = [
    DocumentKind(
        kind="self-assessment-internal",
        title="内设机构年度考核自评表",
        seed="003_7dc38d50dbc8ae07.txt",
        schema=SelfAssessment,
        template="self_assessment_internal.docx",
        example=example,
        from_round=from_round,
        schemes=("internal-department",),
        papers=papers,
        context=context,
        filename=filename,
    )
]
