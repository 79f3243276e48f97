"""荣誉证书: 001 六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书";
000 七(三) "中心年度先进个人，由中心进行表彰"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.certificate import Certificate
from schemas.purchased_service_annual import PurchasedServicePolicy
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import purchased_service_grades, resident_grades
from service.errors import Conflict
from service.round_context import Needs, RoundContext, RoundPerson, results_date

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

DEDICATION = "敬业奉献奖"
ADVANCED = "先进个人"
ROUND_SCHEMES = ("resident-annual", "purchased-service-annual")


def citation(certificate: Certificate) -> str:
    """A grade is 被评为“优秀”等次; an award (…奖) is 荣获; a title (先进个人) is 被评为."""
    honour, year = certificate.honour, certificate.year
    grades = set(purchased_service_grades()) | set(resident_grades("公务员")) | set(resident_grades("事业"))
    if honour in grades:
        return f"在{year}年度考核中被评为“{honour}”等次。"
    if honour.endswith("奖"):
        return f"在{year}年度工作中表现突出，荣获“{year}年度{honour}”。"
    return f"在{year}年度考核中被评为“{year}年度{honour}”。"


def context(payload: BaseModel) -> dict[str, Any]:
    certificate = cast(Certificate, payload)
    return {
        **certificate.model_dump(),
        "citation": citation(certificate),
        "number_line": f"证书编号：{certificate.number}" if certificate.number else "",
    }


def example() -> BaseModel:
    """001 七(四) "2025年1月24日前…年度总结表彰会…颁发荣誉证书": a 2024 表扬."""
    return Certificate(
        name="李佳琪",
        honour=purchased_service_grades()[1],
        year=2024,
        organisation="宝山区政务服务中心",
        awarded_on=dt.date(2025, 1, 24),
        number="宝政务中心表〔2024〕3号",
    )


def filename(payload: BaseModel) -> str:
    certificate = cast(Certificate, payload)
    return f"荣誉证书-{certificate.year}年度{certificate.honour}-{certificate.name}"


def honours_of(context: RoundContext, person: RoundPerson) -> list[str]:
    """What a person of the round is honoured for: 001 六(四) the commended grades (final once set) and
    the 敬业奉献奖; 000 七(三) the centre's 先进个人."""
    if not person.eligible:
        return []
    if context.scheme.id == "resident-annual":
        return [ADVANCED] if person.fact("advanced", False) else []
    policy = cast(PurchasedServicePolicy, context.policy)
    honours: list[str] = [person.grade] if person.grade and person.grade in policy.commendation.grades else []
    if policy.commendation.dedication_award and person.fact("dedication_award", False):
        honours.append(DEDICATION)
    return [h for h in honours if h]


def papers(context: RoundContext) -> list[dict[str, Any]]:
    """One certificate per honour per person (an 优秀 with the 敬业奉献奖 gets two)."""
    return [
        {"person_id": p.code, "payload": {"honour": honour}}
        for p in context.participants()
        for honour in honours_of(context, p)
    ]


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    code = needs("person_id", request.person_id, "人员编号", "person_id（批量时用“*”）")
    needs.check()
    person = context.person(str(code))
    if person is None:
        raise Conflict(f"考核轮次中没有人员 {code}")
    honours = honours_of(context, person) if context.evaluated else []
    if not honours:
        raise Conflict(f"{person.name}在本轮没有获得表彰（须评定后为{'、'.join(honour_names(context))}）")
    honour = request.payload.get("honour") or (honours[0] if len(honours) == 1 else None)
    if honour is None:
        needs("honour", None, f"荣誉名称（{person.name}获得：{'、'.join(honours)}）", "payload.honour")
        needs.check()
    return Certificate(
        name=person.name,
        honour=str(honour),
        year=context.year,
        organisation=context.short_name,
        awarded_on=results_date(context),
    )


def honour_names(context: RoundContext) -> list[str]:
    """The honours of the scheme, in the order a decision lists them."""
    if context.scheme.id == "resident-annual":
        return [ADVANCED]
    policy = cast(PurchasedServicePolicy, context.policy)
    return [*policy.commendation.grades, *([DEDICATION] if policy.commendation.dedication_award else [])]


KINDS = [
    DocumentKind(
        kind="certificate",
        title="荣誉证书",
        seed="001_3227ea5220f34209.txt",
        schema=Certificate,
        template="certificate.docx",
        example=example,
        from_round=from_round,
        schemes=ROUND_SCHEMES,
        papers=papers,
        per_person=True,
        context=context,
        filename=filename,
    )
]
