"""个人考核民主测评表: 000 附表6 (五(二)2, 五(二)6, 五(三)2) and 001 附件3 (五(四))."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.ballot import Ballot, BallotPerson
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import (
    blank_rows,
    numbered,
    purchased_service_grades,
    resident_ballot_columns,
)
from service.errors import Conflict
from service.round_context import Needs, RoundContext, require_target
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


def column_labels(columns: Callable[[], tuple[str, ...]]) -> list[str]:
    """称职(合格): the bracketed 事业 name on its own line, so a grade column stays narrow."""
    return [grade.replace("(", "\n(") for grade in columns()]


def context_with(columns: Callable[[], tuple[str, ...]]) -> Callable[[BaseModel], dict[str, Any]]:
    def context(payload: BaseModel) -> dict[str, Any]:
        ballot = cast(Ballot, payload)
        return {
            **ballot.model_dump(exclude={"people"}),
            "grades": column_labels(columns),
            "people": numbered([person.model_dump() for person in ballot.people]),
        }

    return context


BLANK_ROWS = 15


def blank_with(columns: Callable[[], tuple[str, ...]]) -> Callable[[int, str], dict[str, Any]]:
    """000 附表6 / 001 附件3 as the notice attaches it: numbered empty rows, 测评范围 left to fill."""

    def blank(year: int, organisation: str) -> dict[str, Any]:
        return {
            "year": year,
            "organisation": organisation,
            "department": "",
            "grades": column_labels(columns),
            "people": blank_rows(BLANK_ROWS, "name", "post"),
        }

    return blank


def resident_example() -> BaseModel:
    """000 五(二)2: a department's 互评 in 2022, people of the 进驻部门 as on 附表1."""
    return Ballot(
        year=2022,
        organisation=default_policy_data("resident-annual")["issuer"],
        department="业务科",
        people=[
            BallotPerson(name="周建华", post="科长"),
            BallotPerson(name="王晓燕", post="四级主任科员"),
            BallotPerson(name="陈立", post="窗口辅助人员"),
        ],
    )


def purchased_service_example() -> BaseModel:
    """001 五(四): 考核领导小组组织推优人员和管理人员进行集中测评, 2024."""
    return Ballot(
        year=2024,
        organisation="宝山区政务服务中心",
        department="推优人员和管理人员",
        people=[
            BallotPerson(name="李佳琪", post="大厅服务窗口综合受理"),
            BallotPerson(name="张伟", post="大厅管理"),
            BallotPerson(name="吴婷", post="其他科室（综合科）"),
        ],
    )


def filename(payload: BaseModel) -> str:
    ballot = cast(Ballot, payload)
    return f"{ballot.organisation}{ballot.year}年度个人考核民主测评表-{ballot.department}"


def _departments(context: RoundContext) -> list[str]:
    return list(dict.fromkeys(p.department for p in context.participants() if p.department))


def papers(context: RoundContext) -> list[dict[str, str]]:
    """One ballot per department with people who take part (000 五(二)2 "科长或负责人组织…互评")."""
    return [{"department": name} for name in _departments(context)]


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """The ballot of one department: its people who take part, and only them."""
    departments = _departments(context)
    department = require_target(request.department, needs, "department", "测评范围（部门）", departments)
    needs.check()
    people = [
        BallotPerson(name=p.name, post=p.fact("post"))
        for p in context.participants()
        if p.department == department
    ]
    if not people:
        raise Conflict(f"部门「{department}」没有参加考核的人员（可选：{'、'.join(departments) or '无'}）")
    return Ballot(year=context.year, organisation=context.short_name, department=department, people=people)


KINDS = [
    DocumentKind(
        kind="ballot-resident-annual",
        title="个人考核民主测评表（附表6）",
        seed="000_202f48eaffbe9a1b.txt",
        schema=Ballot,
        template="ballot_resident_annual.docx",
        example=resident_example,
        from_round=from_round,
        schemes=("resident-annual",),
        papers=papers,
        context=context_with(resident_ballot_columns),
        filename=filename,
        blank=blank_with(resident_ballot_columns),
    ),
    DocumentKind(
        kind="ballot-purchased-service",
        title="政府购买服务人员年度考核民主测评表（附件3）",
        seed="001_3227ea5220f34209.txt",
        schema=Ballot,
        template="ballot_purchased_service.docx",
        example=purchased_service_example,
        from_round=from_round,
        schemes=("purchased-service-annual",),
        papers=papers,
        context=context_with(purchased_service_grades),
        filename=filename,
        blank=blank_with(purchased_service_grades),
    ),
]
