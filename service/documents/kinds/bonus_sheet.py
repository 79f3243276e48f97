"""001 考核奖明细表: the 考核奖 of 六(三) per person with every line, the totals and the 大写 total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.bonus_sheet import BonusSheet, PersonBonus
from schemas.evaluation import Facts
from schemas.purchased_service_annual import BonusAmounts, PurchasedServicePolicy
from service.cn_format import yuan
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import purchased_service_grades, require_grades
from service.errors import Conflict
from service.round_context import Needs, RoundContext, results_date
from service.rules.purchased_service_bonus import PriceList, person_bonus
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


def _months(value: Decimal) -> str:
    return f"{value.normalize():f}"


def context(payload: BaseModel) -> dict[str, Any]:
    sheet = cast(BonusSheet, payload)
    require_grades(
        [(("people", index, "grade"), p.grade) for index, p in enumerate(sheet.people)],
        purchased_service_grades(),
    )
    people = [
        {
            "no": number,
            "name": person.name,
            "department": person.department,
            "grade": person.grade,
            "months": _months(person.months_on_post),
            "gross": yuan(person.gross),
            "grade_deduction": yuan(person.grade_deduction),
            "incident_deduction": yuan(person.incident_deduction),
            "net": yuan(person.net),
            "lines": [{"item": x.item, "clause": x.clause, "amount": yuan(x.amount)} for x in person.lines],
        }
        for number, person in enumerate(sheet.people, start=1)
    ]
    total_gross = sum((p.gross for p in sheet.people), Decimal(0))
    total_deductions = sum((p.grade_deduction + p.incident_deduction for p in sheet.people), Decimal(0))
    total_net = sum((p.net for p in sheet.people), Decimal(0))
    return {
        **sheet.model_dump(exclude={"people"}),
        "people": people,
        "count": len(people),
        "total_gross": yuan(total_gross),
        "total_deductions": yuan(total_deductions),
        "total_net": yuan(total_net),
        "total_net_value": total_net,
    }


# The seed leaves the amounts to the leadership meeting (六(三)1–4 "具体金额标准由本单位领导班子会议确定");
# the example uses the figures of DESIGN.md §4's request.
EXAMPLE_AMOUNTS = BonusAmounts(
    bonus_month=3000, allowance_month={"一级": 500}, award={"优秀": 2000, "表扬": 1000}, dedication=800
)


def _person(
    name: str, department: str, grade: str, months: float, facts: Facts, level: str | None, dedication: bool
) -> PersonBonus:
    """The lines exactly as `purchased-service-annual` computes them (rules/purchased_service_bonus.py)."""
    policy = PurchasedServicePolicy.model_validate(default_policy_data("purchased-service-annual"))
    bonus = person_bonus(
        grade=grade,
        months=months,
        facts=facts,
        allowance_level=level,
        dedication_award=dedication,
        prices=PriceList.of(EXAMPLE_AMOUNTS, policy.bonus.deductions),
    )
    return PersonBonus.model_validate(
        {
            "name": name,
            "department": department,
            "grade": grade,
            "months_on_post": months,
            **bonus.model_dump(),
        }
    )


def example() -> BaseModel:
    """001 六(三), 2024: a 表扬 with 敬业奉献奖, a 管理人员 with 岗位津贴, a 基本合格 with a complaint."""
    return BonusSheet(
        year=2024,
        people=[
            _person("李佳琪", "业务科", "表扬", 12, Facts(), None, True),
            _person("张伟", "业务科（大厅管理）", "合格", 12, Facts(), "一级", False),
            _person("何俊", "业务科", "基本合格", 10, Facts(complaints=1, other_violations=2), None, False),
        ],
        prepared_by="业务科",
        prepared_on=dt.date(2025, 1, 24),
    )


def filename(payload: BaseModel) -> str:
    sheet = cast(BonusSheet, payload)
    return f"{sheet.organisation}{sheet.year}年度考核奖明细表"


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """六(三) from the round's evaluation: each person's lines as the rules computed them, on the final
    grade once it is set (POST /evaluate after PUT /grades), the amounts of the round."""
    needs.check()
    people = [
        PersonBonus.model_validate(
            {
                "name": p.name,
                "department": p.department,
                "grade": p.grade,
                "months_on_post": p.fact("months_on_post", 12),
                **p.bonus,
            }
        )
        for p in context.participants()
        if p.bonus is not None
    ]
    if not people:
        raise Conflict("本轮评定结果中没有考核奖：请先在轮次的 amounts 中填写金额（bonus_month 等）并评定")
    return BonusSheet(
        year=context.year,
        organisation=context.short_name,
        people=people,
        prepared_on=results_date(context),
    )


KINDS = [
    DocumentKind(
        kind="bonus-sheet",
        title="政府购买服务人员考核奖明细表",
        seed="001_3227ea5220f34209.txt",
        schema=BonusSheet,
        template="bonus_sheet.docx",
        example=example,
        context=context,
        filename=filename,
        from_round=from_round,
        schemes=("purchased-service-annual",),
    )
]
