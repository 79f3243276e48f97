"""公示 of the people proposed 优秀/表扬 (000 五(五), 001 七(三)) or 好 (002 四(五)).

The period is written as dates and as N working days on the PRC holiday calendar (service.workdays): a
5-working-day 公示 from 2024-09-30 ends on 2024-10-11 because of 国庆. ID numbers are masked.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.publicity import Publicity, PublicityEntry
from service.cn_format import cn_date_range, cn_number, mask_id_number
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import publicity_days, purchased_service_grades, resident_grades
from service.errors import Conflict, InvalidPayload
from service.round_context import Needs, RoundContext, organisation_field, round_detail
from service.rules.registry import default_policy_data
from service.workdays import publicity_end

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")
# Where each scheme sets its 公示期.
DAYS_CLAUSE = {
    "resident-annual": "000 五(五)",
    "purchased-service-annual": "000 五(五)",
    "civil-servant-quarterly": "002 四(五)",
}


def publicised_grades(scheme: str) -> tuple[str, ...]:
    """Who is publicised: 000 五(五) 优秀; 001 七(三) 优秀和表扬; 002 四(五) the quarter's 好."""
    if scheme == "resident-annual":
        return resident_grades("公务员")[:1]
    if scheme == "purchased-service-annual":
        return purchased_service_grades()[:2]
    return ("好",)


def _title_and_intro(notice: Publicity) -> tuple[str, str]:
    year = notice.year
    if notice.scheme == "resident-annual":
        basis = notice.basis_title or f"《关于做好{year}年度常驻部门考核工作的通知》"
        return (
            f"{year}年度考核拟确定为优秀等次人员的公示",
            f"根据{basis}，经考核领导小组研究、中心领导班子会议通报，"
            f"并征求纪检监察机关意见，现将{year}年度考核拟确定为优秀等次的人员予以公示"
            "（公务员(参公)同时公示其当年平时考核结果等次）：",
        )
    if notice.scheme == "purchased-service-annual":
        basis = notice.basis_title or f"《关于做好{year}年度政府购买服务人员年度考核工作的通知》"
        return (
            f"{year}年度政府购买服务人员考核拟确定优秀、表扬人员的公示",
            f"根据{basis}，经考核领导小组研究、"
            "领导班子会议审议通过，现将拟确定为优秀、表扬等次的人员予以公示：",
        )
    quarter = cn_number(notice.quarter or 1)
    return (
        f"{year}年第{quarter}季度公务员平时考核结果的公示",
        f"根据公务员平时考核工作方案，经考核领导小组审定，现将{year}年第{quarter}季度平时考核结果为"
        "“好”等次的人员予以公示：",
    )


def _quarters(entry: PublicityEntry) -> str:
    if not entry.quarter_grades:
        return "—"
    return "、".join(
        f"{name}{grade or '—'}" for name, grade in zip(QUARTER_NAMES, entry.quarter_grades, strict=False)
    )


def _name(entry: PublicityEntry) -> str:
    """The name, and under it the masked ID number when one was given (a 公示 never shows it whole)."""
    return entry.name if entry.id_number is None else f"{entry.name}\n{mask_id_number(entry.id_number)}"


def check(notice: Publicity) -> int:
    """The working days of the period: the policy's unless given, never fewer (422 with the path)."""
    minimum = publicity_days(notice.scheme)
    days = notice.working_days or minimum
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if days < minimum:
        problems.append(
            (("working_days",), f"公示期不少于{minimum}个工作日（{DAYS_CLAUSE[notice.scheme]}），收到{days}")
        )
    allowed = publicised_grades(notice.scheme)
    for index, entry in enumerate(notice.people):
        if entry.grade not in allowed:
            problems.append(
                (
                    ("people", index, "grade"),
                    f"'{entry.grade}' 不在本公示范围内，可公示：{'、'.join(allowed)}",
                )
            )
    if problems:
        raise InvalidPayload(problems)
    return days


def context(payload: BaseModel) -> dict[str, Any]:
    notice = cast(Publicity, payload)
    days = check(notice)
    ends_on = publicity_end(notice.starts_on, days)
    title, intro = _title_and_intro(notice)
    people = [
        {
            "no": number,
            "name": _name(entry),
            "department": entry.department,
            "post": entry.post,
            "grade": entry.grade,
            "quarters": _quarters(entry),
        }
        for number, entry in enumerate(notice.people, start=1)
    ]
    data = notice.model_dump(exclude={"people"})
    return {
        **data,
        "title": title,
        "intro": intro,
        "people": people,
        "working_days": days,
        "ends_on": ends_on,
        "period": cn_date_range(notice.starts_on, ends_on),
        "address_text": f"；地址：{notice.objection_address}" if notice.objection_address else "",
    }


def example() -> BaseModel:
    """000 五(五), 八(三): the 2022 优秀 list, 5 working days, a 公务员 with her quarterly grades."""
    policy = default_policy_data("resident-annual")
    excellent = resident_grades("公务员")[0]
    return Publicity(
        scheme="resident-annual",
        year=2022,
        organisation=policy["issuer"],
        starts_on=dt.date(2022, 12, 27),
        people=[
            PublicityEntry(
                name="王晓燕",
                department="业务科",
                post="四级主任科员",
                category="公务员",
                grade=excellent,
                quarter_grades=["好", "好", "较好", "好"],
            ),
            PublicityEntry(
                name="赵敏", department="区人社局窗口", post="窗口工作人员", category="事业", grade=excellent
            ),
        ],
        objection_office="中心考核工作小组（业务科）",
        objection_phone="021-12345678",
        objection_address="宝山区行政服务中心业务科",
        issued_on=dt.date(2022, 12, 27),
    )


def filename(payload: BaseModel) -> str:
    notice = cast(Publicity, payload)
    return _title_and_intro(notice)[0]


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """The round's 公示: who takes part and is proposed (or decided) for the publicised grades, for the
    days the round's policy sets, from the date entered on the round, objections to the office and phone
    entered once on the organisation."""
    scheme = context.scheme.id
    starts_on = round_detail(context, needs, "publicity_starts_on", "公示开始日期")
    office = organisation_field(context, needs, "objection_office", "受理异议的部门")
    phone = organisation_field(context, needs, "objection_phone", "受理异议的电话")
    needs.check()
    grades = request.grades or publicised_grades(scheme)
    notice = context.notice()
    people = [
        PublicityEntry(
            name=p.name,
            department=p.department or p.fact("department") or context.short_name,
            post=p.fact("post"),
            category=p.category,
            grade=p.grade,
            quarter_grades=list(p.fact("quarter_grades", []))[:4],
        )
        for p in context.participants()
        if p.grade in grades and (request.categories is None or p.category in request.categories)
    ]
    if not people:
        raise Conflict(f"本轮没有拟确定为{'、'.join(grades)}等次的人员，无需公示")
    days = getattr(context.policy, "publicity_working_days", None) or getattr(
        context.policy, "publicity_min_working_days", None
    )
    return Publicity(
        scheme=scheme,
        year=context.year,
        quarter=context.round.quarter,
        organisation=context.short_name,
        starts_on=starts_on,
        working_days=days,
        people=people,
        objection_office=office,
        objection_phone=phone,
        objection_address=context.organisation.address,
        issued_on=starts_on,
        basis_title=f"{notice.cited}（{notice.docnum}）" if notice and notice.docnum else None,
    )


KINDS = [
    DocumentKind(
        kind="publicity",
        title="考核结果公示",
        seed="000_202f48eaffbe9a1b.txt",
        schema=Publicity,
        template="publicity.docx",
        example=example,
        context=context,
        filename=filename,
        from_round=from_round,
        schemes=("resident-annual", "purchased-service-annual", "civil-servant-quarterly"),
    )
]
