"""荣誉证书: 001 六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书";
000 七(三) "中心年度先进个人，由中心进行表彰"."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from pydantic import BaseModel

from schemas.certificate import Certificate
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import purchased_service_grades, resident_grades


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


KINDS = [
    DocumentKind(
        kind="certificate",
        title="荣誉证书",
        seed="001_3227ea5220f34209.txt",
        schema=Certificate,
        template="certificate.docx",
        example=example,
        context=context,
        filename=filename,
    )
]
