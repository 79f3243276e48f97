"""Kinds of the person registration forms: 000 附表2–5 and 001 附件1 (one person per form).

The grade options printed ☑/☐ come from the scheme's policy (000 四(一)(二), 001 四), so the form can
never offer a grade the rules do not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.appraisal_form import AppraisalForm
from service.documents.builders.appraisal_form import FORMS
from service.documents.registry import DocumentKind, FromRound
from service.documents.scheme_terms import (
    purchased_service_grades,
    require_grades,
    resident_grades,
    text_rows,
    tick_line,
)
from service.errors import Conflict
from service.round_context import Needs, RoundContext, results_date
from service.rules.registry import default_policy_data

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

SEED_000 = "000_202f48eaffbe9a1b.txt"
SEED_001 = "001_3227ea5220f34209.txt"
# A form with no 评语 yet keeps room for a handwritten one.
BLANK_ROWS = ["", "", ""]
# A blank form (a notice's 附表) keeps room for the summary; the rows print as ruled lines.
BLANK_SUMMARY_ROWS = 10

GRADES: dict[str, Callable[[], tuple[str, ...]]] = {
    "form-civil-servant": lambda: resident_grades("公务员"),
    "form-canggong": lambda: resident_grades("参公"),
    "form-public-institution": lambda: resident_grades("事业"),
    "form-resident": lambda: resident_grades("其他"),
    "form-purchased-service": purchased_service_grades,
}


def _months(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value)}个月" if float(value).is_integer() else f"{value:g}个月"


def context_for(kind: str) -> Callable[[BaseModel], dict[str, Any]]:
    def context(payload: BaseModel) -> dict[str, Any]:
        form = cast(AppraisalForm, payload)
        options = GRADES[kind]()
        require_grades(
            ((("proposed_grade",), form.proposed_grade), (("final_grade",), form.final_grade)), options
        )
        quarters = [*form.quarter_grades, *([None] * (4 - len(form.quarter_grades)))]
        return {
            **form.model_dump(),
            "summary_rows": text_rows(form.summary) or [""] * BLANK_SUMMARY_ROWS,
            "comment_rows": text_rows(form.comments) or BLANK_ROWS,
            "proposed_line": tick_line(options, form.proposed_grade),
            "final_line": tick_line(options, form.final_grade),
            "quarters": [grade or "" for grade in quarters],
            "months_text": _months(form.months_on_post),
        }

    return context


def blank_for(kind: str) -> Callable[[int, str], dict[str, Any]]:
    """The form as a notice attaches it (000 五(二)1, 001 五(一)): title and year, every field empty."""

    def blank(year: int, organisation: str) -> dict[str, Any]:
        options = GRADES[kind]()
        return {
            **dict.fromkeys(AppraisalForm.model_fields),
            "year": year,
            "organisation": organisation,
            "summary_rows": [""] * BLANK_SUMMARY_ROWS,
            "comment_rows": BLANK_ROWS,
            "proposed_line": tick_line(options, None),
            "final_line": tick_line(options, None),
            "quarters": [""] * 4,
            "months_text": "",
        }

    return blank


def filename_for(title: str) -> Callable[[BaseModel], str]:
    def filename(payload: BaseModel) -> str:
        form = cast(AppraisalForm, payload)
        return f"{form.year}年度{title}-{form.name}"

    return filename


# ---------------------------------------------------------------- examples from the seeds

SUMMARY_000 = (
    "2022年，本人在中心业务科窗口岗位上，坚持以习近平新时代中国特色社会主义思想为指导，认真学习党的二十大精神，"
    "按照信念坚定、为民服务、勤政务实、敢于担当、清正廉洁的要求，做好本职工作。\n"
    "一是加强学习，提高政治素质和业务能力；二是严格遵守中心管理制度，做到文明服务、规范办事；"
    "三是积极参与“一网通办”窗口服务，全年受理办件无差错、无投诉。\n"
    "存在的不足：业务知识的系统性还需加强。今后将进一步改进工作作风，提高服务质量和效率。"
)


def _resident_example(category: str, post: str, rank: str | None, proposed: int) -> Callable[[], BaseModel]:
    """000: a person stationed at 宝山区行政服务中心 in 2022; dates from 八 时间安排."""

    def example() -> BaseModel:
        policy = default_policy_data("resident-annual")
        grades = resident_grades(category)
        quarterly = category in ("公务员", "参公")
        return AppraisalForm(
            year=2022,
            organisation=policy["issuer"],
            name="王晓燕",
            gender="女",
            birth_month="1986.05",
            ethnicity="汉族",
            political_status="中共党员",
            education="大学本科",
            unit="宝山区市场监督管理局" if category != "其他" else "宝山区政务服务外包单位",
            department="业务科",
            post=post,
            rank=rank,
            post_since="2019.03",
            months_on_post=None if quarterly else 12,
            summary=SUMMARY_000,
            comments="该同志政治立场坚定，工作认真负责，服务热情规范，群众满意度高，较好地完成了年度各项工作任务。",
            proposed_grade=grades[proposed],
            final_grade=grades[proposed],
            quarter_grades=["好", "好", "较好", "好"] if quarterly else [],
            rewards="无",
            # 五(二)4 "所有表格于2022年12月15日前上交"; 八(二) 互评阶段 to 12月23日; 八(三) 评定 to 1月5日.
            signed_on=dt.date(2022, 12, 14),
            reviewed_on=dt.date(2022, 12, 23),
            decided_on=dt.date(2023, 1, 5),
        )

    return example


def _purchased_service_example() -> BaseModel:
    """001: 宝山区政务服务中心 2024; 七(二) 自评 12月31日前, 七(三) 测评 1月8日前, 等次评定 1月20日前."""
    grades = purchased_service_grades()
    return AppraisalForm(
        year=2024,
        organisation="宝山区政务服务中心",
        name="李佳琪",
        gender="女",
        birth_month="1994.09",
        political_status="共青团员",
        education="大学专科",
        unit="上海某人力资源服务有限公司（劳务派遣单位）",
        department="业务科",
        post="大厅服务窗口综合受理",
        rank="二级",
        post_since="2021.07",
        months_on_post=12,
        summary=(
            "2024年，本人在中心大厅综合受理窗口工作，遵守工作纪律，落实服务规范，"
            "熟练掌握“一网通办”业务，全年无差评、无投诉。\n"
            "积极参与中心年度重点工作，主动承担延时服务和帮办代办任务。"
        ),
        comments="该同志服务规范，业务熟练，工作成效明显，年度亮点工作突出。",
        proposed_grade=grades[1],
        final_grade=grades[1],
        rewards="2024年度敬业奉献奖",
        signed_on=dt.date(2024, 12, 31),
        reviewed_on=dt.date(2025, 1, 8),
        decided_on=dt.date(2025, 1, 20),
    )


EXAMPLES: dict[str, tuple[str, Callable[[], BaseModel]]] = {
    "form-civil-servant": (SEED_000, _resident_example("公务员", "四级主任科员", "四级主任科员", 0)),
    "form-canggong": (SEED_000, _resident_example("参公", "科员", "一级科员", 1)),
    "form-public-institution": (SEED_000, _resident_example("事业", "窗口工作人员", "专业技术十级", 1)),
    "form-resident": (SEED_000, _resident_example("其他", "窗口辅助人员", None, 1)),
    "form-purchased-service": (SEED_001, _purchased_service_example),
}

TITLES = {
    "form-civil-servant": "上海市公务员考核登记表（附表2）",
    "form-canggong": "参照公务员法管理事业单位人员考核登记表（附表3）",
    "form-public-institution": "事业单位工作人员年度考核登记表（附表4）",
    "form-resident": "常驻人员年度考核登记表（附表5）",
    "form-purchased-service": "政府购买服务人员年度考核登记表（附件1）",
}

# ---------------------------------------------------------------- from a round

# 000 五(二)1 "按编制性质分别填写…", 001 五(一): each category its own form.
FORM_OF_CATEGORY = {
    "公务员": "form-civil-servant",
    "参公": "form-canggong",
    "事业": "form-public-institution",
    "其他": "form-resident",
    "购买服务": "form-purchased-service",
}
ROUND_SCHEMES = {"form-purchased-service": ("purchased-service-annual",)}


def papers_for(kind: str) -> Callable[[RoundContext], list[dict[str, str]]]:
    """One form for each person who takes part and whose category fills this form."""

    def papers(context: RoundContext) -> list[dict[str, str]]:
        return [
            {"person_id": p.code}
            for p in context.participants()
            if FORM_OF_CATEGORY.get(p.category or "") == kind
        ]

    return papers


def from_round_for(kind: str) -> FromRound:
    def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
        code = needs("person_id", request.person_id, "人员编号", "person_id（批量时用“*”）")
        needs.check()
        person = context.person(str(code))
        if person is None:
            raise Conflict(f"考核轮次中没有人员 {code}")
        own = FORM_OF_CATEGORY.get(person.category or "")
        if own != kind:
            title = TITLES.get(own or "", "（无对应登记表）")
            raise Conflict(f"{person.name}（{person.category}）应填写「{title}」（{own}）")
        if context.evaluated and not person.eligible:
            raise Conflict(f"{person.name}经评定不参加本轮考核，不出具登记表")

        def fact(key: str, label: str) -> Any:
            where = f'PATCH /api/rounds/{context.round.id}/people/{person.code} {{"{key}": …}}'
            return needs(key, person.fact(key), f"{person.name}的{label}", where)

        gender = fact("gender", "性别")
        birth_month = fact("birth_month", "出生年月")
        political_status = fact("political_status", "政治面貌")
        unit = needs(
            "unit",
            person.unit,
            f"{person.name}的工作单位（派出单位）",
            f"people/{person.code}.dispatching_unit",
        )
        post = fact("post", "职务或岗位")
        needs.check()
        return AppraisalForm(
            year=context.year,
            organisation=context.short_name,
            name=person.name,
            gender=gender,
            birth_month=birth_month,
            ethnicity=person.fact("ethnicity"),
            political_status=political_status,
            education=person.fact("education"),
            unit=unit,
            department=person.department,
            post=post,
            rank=person.fact("rank"),
            months_on_post=person.fact("months_on_post"),
            summary=person.fact("summary", ""),
            proposed_grade=person.proposed_grade,
            final_grade=person.final_grade,
            quarter_grades=list(person.fact("quarter_grades", []))[:4],
            decided_on=results_date(context) if person.final_grade else None,
        )

    return from_round


KINDS = [
    DocumentKind(
        kind=kind,
        title=TITLES[kind],
        seed=seed,
        schema=AppraisalForm,
        template=FORMS[kind].file,
        example=example,
        context=context_for(kind),
        filename=filename_for(TITLES[kind].split("（")[0]),
        blank=blank_for(kind),
        from_round=from_round_for(kind),
        schemes=ROUND_SCHEMES.get(kind, ("resident-annual",)),
        papers=papers_for(kind),
        per_person=True,
    )
    for kind, (seed, example) in EXAMPLES.items()
]
