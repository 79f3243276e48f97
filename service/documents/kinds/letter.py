"""The letters to a 派出单位: 调整人员建议书, 退回函, 考核结果反馈函 (seed 000 七(二)/(四), seed 001 六(二)).

All three print on form_templates/letter.docx (GB/T 9704 信函格式); the paragraphs are written here
from the letter's facts: who, which grade, which clause, what is asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.letter import Letter, LetterPerson
from service.cn_format import cn_date
from service.documents.notice_text import SEED_000, full_width
from service.documents.registry import DocumentKind, FromRound
from service.errors import Conflict
from service.round_context import (
    Needs,
    RoundContext,
    RoundPerson,
    organisation_field,
    require_target,
    results_date,
)

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

# 000 七(四) and 七(二), quoted.
CLAUSE_七_四_ADJUST = "考核中被确定为基本称职（基本合格）的人员，由中心向派出单位发出要求调整人员的建议书"
CLAUSE_七_四_RETURN = (
    "考核中被确定为不称职（不合格）的人员，在编人员按区委组织部、区人力资源和社会保障局相关规定执行，"
    "不在编人员退回派出单位，不允许再次派驻中心"
)
CLAUSE_七_二_FEEDBACK = "市条线单位及其他性质的工作人员，中心将考核结果反馈至派出单位"

BASIS_000 = "《区行政服务中心关于做好2022年度常驻部门考核工作的通知》"


def _paragraph(text: str, level: int = 0, number: str = "") -> dict[str, Any]:
    return {"level": level, "number": number, "heading": "", "text": text}


def _who(person: LetterPerson) -> str:
    where = "，".join(part for part in (person.category or "", person.department + person.post) if part)
    return f"{person.name}（{where}）" if where else person.name


def _reply(letter: Letter) -> str:
    return f"，并于{cn_date(letter.reply_by)}前函复我中心" if letter.reply_by else ""


def _basis(letter: Letter) -> str:
    docnum = f"（{letter.basis_docnum}）" if letter.basis_docnum else ""
    return f"根据{letter.basis_title}{docnum}{full_width(letter.clause)}“{letter.clause_text}”的规定"


def _grades(letter: Letter, lead: str) -> list[dict[str, Any]]:
    """The opening sentence and one numbered line per person with the grade."""
    paragraphs = [_paragraph(f"{_basis(letter)}，{lead}")]
    paragraphs += [
        _paragraph(f"{_who(person)}：{person.grade}。", level=3, number=f"{index}.")
        for index, person in enumerate(letter.people, start=1)
    ]
    return paragraphs


def _names(letter: Letter) -> str:
    return "、".join(person.name for person in letter.people)


def _context(
    title: Callable[[Letter], str], lead: str, default_request: Callable[[Letter], str]
) -> Callable[[BaseModel], dict[str, Any]]:
    def context(payload: BaseModel) -> dict[str, Any]:
        letter = cast(Letter, payload)
        request = letter.request or default_request(letter)
        body = [
            *_grades(letter, lead.format(year=letter.year)),
            _paragraph(request),
            _paragraph("特此函告。"),
        ]
        return {
            **letter.model_dump(),
            "title": title(letter),
            "addressees": letter.addressee,
            "paragraphs": body,
        }

    return context


def _filename(title: Callable[[Letter], str]) -> Callable[[BaseModel], str]:
    def filename(payload: BaseModel) -> str:
        letter = cast(Letter, payload)
        return f"{title(letter)}（{letter.addressee}）"

    return filename


def _adjust_title(letter: Letter) -> str:
    return f"关于建议调整{_names(letter)}同志派驻工作的函"


def _return_title(letter: Letter) -> str:
    return f"关于退回{_names(letter)}同志的函"


def _feedback_title(letter: Letter) -> str:
    return f"关于反馈{letter.year}年度派驻人员考核结果的函"


def _example(clause: str, clause_text: str, grade: str, **overrides: Any) -> Callable[[], BaseModel]:
    def example() -> BaseModel:
        data: dict[str, Any] = {
            "issuer_mark": "上海市宝山区行政服务中心",
            "addressee": "上海市宝山区市场监督管理局",
            "year": 2022,
            "basis_title": BASIS_000,
            "basis_docnum": "宝行政中心〔2022〕17号",
            "clause": clause,
            "clause_text": clause_text,
            "people": [
                {
                    "name": "王明",
                    "category": "公务员",
                    "department": "市场监管窗口",
                    "post": "",
                    "grade": grade,
                }
            ],
            "reply_by": dt.date(2023, 1, 20),
            "contact": "中心业务科，电话 56781234",
            "signature": "上海市宝山区行政服务中心",
            # 八(四) 考核结果上报阶段 ends on 2023年1月10日: the letters go out with the results.
            "date": dt.date(2023, 1, 10),
        }
        data.update(overrides)
        return Letter.model_validate(data)

    return example


# ---------------------------------------------------------------- from a round

# 000 七(四): 基本称职/基本合格 → 调整人员建议书; 不称职/不合格 of a person not in establishment → 退回函.
# 七(二): 市条线 and 其他 units get their people's results fed back.
ADJUSTED = ("基本称职", "基本合格")
RETURNED = ("不称职", "不合格")
FED_BACK_KINDS = ("市条线", "其他")
ROUND_SCHEMES = ("resident-annual",)


def _adjusted(person: RoundPerson) -> bool:
    return person.grade in ADJUSTED


def _returned(person: RoundPerson) -> bool:
    return person.grade in RETURNED and person.fact("in_establishment", True) is False


def _fed_back(person: RoundPerson) -> bool:
    return person.unit_kind in FED_BACK_KINDS and person.grade is not None


def _concerned(context: RoundContext, who: Callable[[RoundPerson], bool]) -> list[RoundPerson]:
    return [p for p in context.participants() if p.unit and who(p)]


def _papers(who: Callable[[RoundPerson], bool]) -> Callable[[RoundContext], list[dict[str, str]]]:
    """One letter per 派出单位 that has someone it concerns, in the roster's order."""

    def papers(context: RoundContext) -> list[dict[str, str]]:
        units = dict.fromkeys(p.unit for p in _concerned(context, who) if p.unit)
        return [{"dispatching_unit": unit} for unit in units]

    return papers


def _from_round(clause: str, clause_text: str, who: Callable[[RoundPerson], bool]) -> FromRound:
    def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
        concerned = _concerned(context, who)
        units = list(dict.fromkeys(p.unit for p in concerned if p.unit))
        unit = require_target(request.dispatching_unit, needs, "dispatching_unit", "派出单位", units)
        notice = context.notice()
        basis_title = needs("basis_title", notice.cited if notice else None, "依据的通知", "先签发本轮通知")
        contact = organisation_field(context, needs, "contact", "联系人及电话")
        needs.check()
        people = [p for p in concerned if p.unit == unit]
        if not people:
            listed = "、".join(units) or "无"
            raise Conflict(f"派出单位「{unit}」没有本函涉及的人员（本轮涉及的单位：{listed}）")
        return Letter(
            issuer_mark=context.organisation.name,
            docnum=request.docnum,
            addressee=unit,
            year=context.year,
            basis_title=basis_title,
            basis_docnum=notice.docnum if notice else None,
            clause=clause,
            clause_text=clause_text,
            people=[
                LetterPerson(
                    name=p.name,
                    category=p.category,
                    department=p.department or "",
                    post=p.fact("post", ""),
                    grade=p.grade or "",
                )
                for p in people
            ],
            contact=contact,
            signature=context.organisation.signature,
            date=results_date(context),
        )

    return from_round


KINDS = [
    DocumentKind(
        kind="adjustment-letter",
        title="调整人员建议书",
        seed=SEED_000,
        schema=Letter,
        template="letter.docx",
        example=_example("七(四)", CLAUSE_七_四_ADJUST, "基本称职"),
        context=_context(
            _adjust_title,
            "贵单位派驻我中心的下列人员{year}年度考核等次确定如下：",
            lambda letter: (
                "建议贵单位对上述人员予以调整，另行选派政治素质好、业务能力强的同志到中心工作"
                f"{_reply(letter)}。"
            ),
        ),
        filename=_filename(_adjust_title),
        from_round=_from_round("七(四)", CLAUSE_七_四_ADJUST, _adjusted),
        schemes=ROUND_SCHEMES,
        papers=_papers(_adjusted),
    ),
    DocumentKind(
        kind="return-letter",
        title="退回函",
        seed=SEED_000,
        schema=Letter,
        template="letter.docx",
        example=_example(
            "七(四)",
            CLAUSE_七_四_RETURN,
            "不合格",
            people=[{"name": "赵磊", "category": "其他", "department": "综合窗口", "grade": "不合格"}],
        ),
        context=_context(
            _return_title,
            "贵单位派驻我中心的下列不在编人员{year}年度考核等次确定如下：",
            lambda letter: (
                f"现将上述人员退回贵单位，今后不再派驻中心工作。请贵单位做好相关衔接工作{_reply(letter)}。"
            ),
        ),
        filename=_filename(_return_title),
        from_round=_from_round("七(四)", CLAUSE_七_四_RETURN, _returned),
        schemes=ROUND_SCHEMES,
        papers=_papers(_returned),
    ),
    DocumentKind(
        kind="feedback-letter",
        title="考核结果反馈函",
        seed=SEED_000,
        schema=Letter,
        template="letter.docx",
        example=_example(
            "七(二)",
            CLAUSE_七_二_FEEDBACK,
            "合格",
            addressee="上海市公积金管理中心宝山分中心",
            people=[
                {"name": "陈静", "category": "其他", "department": "公积金窗口", "grade": "优秀"},
                {"name": "刘洋", "category": "其他", "department": "公积金窗口", "grade": "合格"},
            ],
            reply_by=None,
        ),
        context=_context(
            _feedback_title,
            "现将贵单位派驻我中心人员{year}年度考核结果反馈如下：",
            lambda letter: f"请贵单位结合本单位年度考核工作参考使用{_reply(letter)}。",
        ),
        filename=_filename(_feedback_title),
        from_round=_from_round("七(二)", CLAUSE_七_二_FEEDBACK, _fed_back),
        schemes=ROUND_SCHEMES,
        papers=_papers(_fed_back),
    ),
]
