"""考核结果上报表: 000 七(一) 公务员(参公) → 区委组织部, 事业编制 → 区人社局; 八(四) 上报阶段."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.result_report import ReportedPerson, ResultReport
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import numbered, require_grades, resident_grades
from service.errors import Conflict
from service.round_context import Needs, RoundContext, RoundPerson, organisation_field, require_target
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

CATEGORY_LABEL = {"区委组织部": "公务员（参公）", "区人社局": "事业单位工作人员"}


def context(payload: BaseModel) -> dict[str, Any]:
    report = cast(ResultReport, payload)
    for index, person in enumerate(report.people):
        require_grades([(("people", index, "grade"), person.grade)], resident_grades(person.category))
    order = resident_grades(report.people[0].category)
    counts = {grade: sum(1 for p in report.people if p.grade == grade) for grade in order}
    return {
        **report.model_dump(exclude={"people"}),
        "category_label": CATEGORY_LABEL[report.recipient],
        "people": numbered([p.model_dump() for p in report.people]),
        "total": len(report.people),
        "grade_summary": "，".join(f"{grade}{count}人" for grade, count in counts.items() if count),
    }


def example() -> BaseModel:
    """000 七(一), 八(四) "2023年1月6日—2023年1月10日…汇总考核结果报区委组织部": the 2022 公务员(参公)."""
    grades = resident_grades("公务员")
    return ResultReport(
        year=2022,
        organisation=default_policy_data("resident-annual")["issuer"],
        recipient="区委组织部",
        people=[
            ReportedPerson(
                name="王晓燕",
                gender="女",
                unit="宝山区市场监督管理局",
                post="四级主任科员",
                category="公务员",
                grade=grades[0],
            ),
            ReportedPerson(
                name="刘芳",
                gender="女",
                unit="宝山区市场监督管理局",
                post="首席代表",
                category="参公",
                grade=grades[1],
            ),
            ReportedPerson(
                name="孙磊",
                gender="男",
                unit="宝山区市场监督管理局",
                post="一级科员",
                category="公务员",
                grade=grades[1],
            ),
        ],
        contact="业务科",
        phone="021-12345678",
        reported_on=dt.date(2023, 1, 6),
    )


def filename(payload: BaseModel) -> str:
    report = cast(ResultReport, payload)
    return f"{report.year}年度{CATEGORY_LABEL[report.recipient]}考核结果上报表（报{report.recipient}）"


# 000 七(一): "区内单位的公务员（参公）的考核等次，由中心上报区委组织部；区内单位的事业编制人员的考核等次，
# 由中心上报区人社局". 市条线 and 其他 units are not reported: their results are fed back (七(二)).
ROUTES = {"区委组织部": ("公务员", "参公"), "区人社局": ("事业",)}


def _reported(person: RoundPerson, recipient: str) -> bool:
    return person.unit_kind == "区内" and person.category in ROUTES[recipient] and person.grade is not None


def papers(context: RoundContext) -> list[dict[str, str]]:
    people = context.participants()
    return [{"recipient": r} for r in ROUTES if any(_reported(p, r) for p in people)]


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """The report to one recipient of 七(一), with only the people its route sends there."""
    recipient = require_target(request.recipient, needs, "recipient", "上报对象", list(ROUTES))
    contact = organisation_field(context, needs, "contact", "联系人及电话")
    needs.check()
    people = [
        ReportedPerson(
            name=p.name,
            gender=p.fact("gender"),
            unit=p.unit or "",
            post=p.fact("post"),
            category=p.category,
            grade=p.grade,
        )
        for p in context.participants()
        if _reported(p, recipient)
    ]
    if not people:
        raise Conflict(f"本轮没有应上报{recipient}的人员（七(一)：区内单位的{'、'.join(ROUTES[recipient])}）")
    stage = context.last_stage  # 八(四) 考核结果上报阶段 begins with the reports
    return ResultReport(
        year=context.year,
        organisation=context.short_name,
        recipient=recipient,
        people=people,
        contact=str(contact)[:50],
        reported_on=stage.start if stage is not None else context.round.starts_on,
    )


KINDS = [
    DocumentKind(
        kind="result-report",
        title="考核结果上报表",
        seed="000_202f48eaffbe9a1b.txt",
        schema=ResultReport,
        template="result_report.docx",
        example=example,
        context=context,
        filename=filename,
        from_round=from_round,
        schemes=("resident-annual",),
        papers=papers,
    )
]
