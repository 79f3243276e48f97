"""002 公务员平时考核: 《公务员平时考核登记表》 (四(二)) and 《公务员平时考核表》 (三(一)(二), 四(三))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.civil_servant_quarterly import QUARTER_GRADES
from schemas.evaluation import Scores
from schemas.quarterly import MonthRecord, QuarterlyAppraisal, QuarterlyRegister
from service.cn_format import cn_number
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import quarterly_policy, text_rows, tick_line
from service.errors import Conflict
from service.round_context import Needs, RoundContext, RoundPerson
from service.rules.civil_servant_quarterly import band_floor, quarterly_score, score_band

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

SEED = "002_6eae691e86ed9a7f.txt"
ORGANISATION = "洸河街道"


def _number(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _percent(weight: float) -> str:
    return f"{_number(Decimal(str(weight)) * 100)}%"


def register_context(payload: BaseModel) -> dict[str, Any]:
    register = cast(QuarterlyRegister, payload)
    return {
        **register.model_dump(),
        "quarter_cn": cn_number(register.quarter),
        "months": [m.model_dump() for m in sorted(register.months, key=lambda m: m.month)],
        "summary_rows": text_rows(register.quarter_summary) or ["", "", ""],
    }


def appraisal_context(payload: BaseModel) -> dict[str, Any]:
    """The score by the policy's weights (三(一)), the grade by its bands (三(二)) unless given directly."""
    form = cast(QuarterlyAppraisal, payload)
    policy = quarterly_policy(form.policy)
    weights = policy.weights
    score = quarterly_score(Scores(kpi=float(form.kpi), bpi=float(form.bpi), opi=float(form.opi)), policy)
    band = score_band(score, policy)
    grade: str
    if form.direct_grade is not None:
        grade, basis = form.direct_grade, f"四(五)后段：当期直接确定为“{form.direct_grade}”等次"
    elif form.grade is not None:
        grade, basis = form.grade, f"考核领导小组确定；按得分应为“{band}”（{band_floor(band, policy)}）"
    else:
        grade, basis = band, f"按得分确定（三(二)：{band}，{band_floor(band, policy)}）"
    opi = f"{'＋' if form.opi >= 0 else '－'}{_number(abs(form.opi))}"
    formula = (
        f"{_number(form.kpi)}×{_percent(weights.kpi)}＋{_number(form.bpi)}×{_percent(weights.bpi)}{opi}"
        f"＝{_number(score)}分"
    )
    return {
        **form.model_dump(),
        "quarter_cn": cn_number(form.quarter),
        "kpi": _number(form.kpi),
        "bpi": _number(form.bpi),
        "opi": _number(form.opi),
        "kpi_weight": _percent(weights.kpi),
        "bpi_weight": _percent(weights.bpi),
        "score": _number(score),
        "score_formula": formula,
        "grade": grade,
        "grade_line": tick_line(QUARTER_GRADES, grade),
        "grade_basis": basis,
        "comment_rows": text_rows(form.comments),
    }


def register_example() -> BaseModel:
    """002 四(二): 月小结 for the three months of a quarter, by a non-leading civil servant (二)."""
    return QuarterlyRegister(
        year=2020,
        quarter=3,
        organisation=ORGANISATION,
        name="刘洋",
        department="党建群团工作办公室",
        post="一级科员",
        months=[
            MonthRecord(
                month=7,
                plan="完成党员发展材料审核；筹备“七一”主题党日。",
                record="审核材料12份，主题党日如期举办。",
            ),
            MonthRecord(
                month=8,
                plan="制定平时考核工作方案配套表格；开展政策宣讲。",
                record="方案于8月25日印发，宣讲3场。",
            ),
            MonthRecord(
                month=9, plan="组织第三季度平时考核；整理纪实材料。", record="完成季度考核组织和材料归档。"
            ),
        ],
        quarter_summary="本季度围绕街道和本办公室阶段目标任务，按计划完成各项工作。\n不足是纪实记录还不够及时，下季度改进。",
        signed_on=dt.date(2020, 9, 30),
    )


def appraisal_example() -> BaseModel:
    """002 三(一): KPI 92 × 70% + BPI 88 × 30% + OPI 1.5 = 92.3 → 好 (三(二) bands)."""
    return QuarterlyAppraisal(
        year=2020,
        quarter=3,
        organisation=ORGANISATION,
        name="刘洋",
        department="党建群团工作办公室",
        post="一级科员",
        kpi=Decimal(92),
        bpi=Decimal(88),
        opi=Decimal("1.5"),
        opi_reason="获区级表彰（三(一)3）",
        comments="该同志认真履行岗位职责，圆满完成本季度工作任务，成绩显著。",
        group_opinion="同意，确定为“好”等次。",
        reviewed_on=dt.date(2020, 10, 9),
    )


def filename(label: str) -> Any:
    def name(payload: BaseModel) -> str:
        data = cast(QuarterlyRegister | QuarterlyAppraisal, payload)
        return f"{label}（{data.year}年第{cn_number(data.quarter)}季度）-{data.name}"

    return name


# ---------------------------------------------------------------- from a round


def papers(context: RoundContext) -> list[dict[str, str]]:
    return [{"person_id": p.code} for p in context.participants()]


def _person(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> tuple[RoundPerson, int]:
    code = needs("person_id", request.person_id, "人员编号", "person_id（批量时用“*”）")
    quarter = needs("quarter", context.round.quarter, "季度", "round.quarter（创建轮次时填写）")
    needs.check()
    person = context.person(str(code))
    if person is None:
        raise Conflict(f"考核轮次中没有人员 {code}")
    return person, int(quarter)


def register_from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """四(二) the register of the round's quarter: its three months, the 纪实 left for the person to write
    unless the roster carries it."""
    person, quarter = _person(context, request, needs)
    first = 3 * (quarter - 1) + 1
    return QuarterlyRegister(
        year=context.year,
        quarter=quarter,
        organisation=context.short_name,
        name=person.name,
        department=person.department or context.short_name,
        post=person.fact("post", "—"),
        months=[MonthRecord(month=month) for month in range(first, first + 3)],
        quarter_summary=person.fact("summary", ""),
    )


def appraisal_from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """三(一)(二) from the stored KPI/BPI/OPI, the grade the 考核领导小组 set (or the rules gave)."""
    person, quarter = _person(context, request, needs)
    scores = person.fact("scores") or {}
    where = f'PATCH /api/rounds/{context.round.id}/people/{person.code} {{"scores": …}}'
    kpi = needs("kpi", scores.get("kpi"), f"{person.name}的 KPI 得分", where)
    bpi = needs("bpi", scores.get("bpi"), f"{person.name}的 BPI 得分", where)
    needs.check()
    grade = person.grade if person.grade in QUARTER_GRADES else None
    return QuarterlyAppraisal(
        year=context.year,
        quarter=quarter,
        organisation=context.short_name,
        name=person.name,
        department=person.department or context.short_name,
        post=person.fact("post", "—"),
        kpi=Decimal(str(kpi)),
        bpi=Decimal(str(bpi)),
        opi=Decimal(str(scores.get("opi") or 0)),
        direct_grade=person.fact("direct_grade"),
        grade=grade,
        policy=context.round.policy,  # the weights and bands the round's evaluation used
    )


KINDS = [
    DocumentKind(
        kind="quarterly-register",
        title="公务员平时考核登记表",
        seed=SEED,
        schema=QuarterlyRegister,
        template="quarterly_register.docx",
        example=register_example,
        context=register_context,
        filename=filename("公务员平时考核登记表"),
        from_round=register_from_round,
        schemes=("civil-servant-quarterly",),
        papers=papers,
        per_person=True,
    ),
    DocumentKind(
        kind="quarterly-appraisal",
        title="公务员平时考核表",
        seed=SEED,
        schema=QuarterlyAppraisal,
        template="quarterly_appraisal.docx",
        example=appraisal_example,
        context=appraisal_context,
        filename=filename("公务员平时考核表"),
        from_round=appraisal_from_round,
        schemes=("civil-servant-quarterly",),
        papers=papers,
        per_person=True,
    ),
]
