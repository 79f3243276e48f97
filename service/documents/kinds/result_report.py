"""考核结果上报表: 000 七(一) 公务员(参公) → 区委组织部, 事业编制 → 区人社局; 八(四) 上报阶段."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from pydantic import BaseModel

from schemas.result_report import ReportedPerson, ResultReport
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import numbered, require_grades, resident_grades
from service.rules.registry import default_policy_data

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
    )
]
