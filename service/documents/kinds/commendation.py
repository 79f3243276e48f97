"""表彰决定 (seed 001 六(四); seed 000 七(三)), printed on form_templates/commendation.docx."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.commendation import AwardGroup, Commendation, Honoree
from service.cn_format import cn_sub_heading
from service.documents.kinds.certificate import ADVANCED, ROUND_SCHEMES, honour_names, honours_of
from service.documents.notice_text import SEED_001, joined
from service.documents.registry import DocumentKind
from service.errors import Conflict
from service.round_context import Needs, RoundContext, results_date

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


def commendation_context(payload: BaseModel) -> dict[str, Any]:
    """缘由 and 决定语, then each honour as （一）年度优秀（2名） with its people, then 希望与号召."""
    decision = cast(Commendation, payload)
    body: list[dict[str, Any]] = [
        {"level": 0, "number": "", "heading": "", "text": decision.preamble},
        {"level": 0, "number": "", "heading": "", "text": decision.decision},
    ]
    for index, group in enumerate(decision.groups, start=1):
        heading = f"{group.award}（{len(group.people)}名）"
        names = "、".join(f"{p.name}（{p.department}）" if p.department else p.name for p in group.people)
        body.append({"level": 2, "number": cn_sub_heading(index), "heading": heading, "text": ""})
        body.append({"level": 0, "number": "", "heading": "", "text": names})
    body.append({"level": 0, "number": "", "heading": "", "text": decision.closing})
    return {**decision.model_dump(), "paragraphs": body}


def commendation_example() -> BaseModel:
    people = {
        "年度优秀": [("张敏", "业务科"), ("李华", "综合科")],
        "年度表扬": [("周琳", "业务科"), ("吴强", "业务科"), ("郑洁", "办公室")],
        "敬业奉献奖": [("孙伟", "业务科")],
    }
    groups = [
        {"award": award, "people": [{"name": name, "department": dept} for name, dept in names]}
        for award, names in people.items()
    ]
    return Commendation.model_validate(
        dict(
            issuer_mark="上海市宝山区政务服务中心文件",
            docnum="宝政务中心〔2025〕3号",
            title="关于表彰2024年度优秀、表扬和敬业奉献奖人员的决定",
            addressees="中心全体政府购买服务人员",
            groups=groups,
            preamble="2024年，中心全体政府购买服务人员以市、区“一网通办”工作总要求为指导，紧紧围绕中心年度重点"
            "工作任务，爱岗敬业、勤政务实，涌现出一批业务精干、作风过硬、全心为民的先进典型。",
            decision="根据《关于做好2024年度政府购买服务人员年度考核工作的通知》（宝政务中心〔2024〕21号）六（四）"
            "“获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书”的规定，经考核领导小组审核、"
            "中心领导班子会议审议并公示，决定对以下同志予以表彰：",
            closing="希望受表彰的同志珍惜荣誉、再接再厉，全体工作人员以先进为榜样，持续提升政务服务标准化、规范化、"
            "便利化水平。",
            signature="上海市宝山区政务服务中心",
            # 001 七(四) 考核总结阶段 (2025年1月24日前): the commendation is read at the year-end meeting.
            date=dt.date(2025, 1, 24),
        )
    )


# How each scheme's decision names its honours and cites its clause.
AWARD_TITLE = {"优秀": "年度优秀", "表扬": "年度表扬", ADVANCED: "年度先进个人"}
CLAUSES = {
    "resident-annual": ("七(三)", "中心年度先进个人，由中心进行表彰", "中心各进驻部门"),
    "purchased-service-annual": (
        "六(四)",
        "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书",
        "中心全体政府购买服务人员",
    ),
}


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """The round's 表彰决定: 001 六(四) 优秀/表扬/敬业奉献奖, 000 七(三) 先进个人 — from final grades and the
    roster's flags, citing the round's notice; never seed 001's names."""
    docnum = needs("docnum", request.docnum, "发文字号", 'docnum（签发时用 "allocate"）')
    notice = context.notice()
    basis = needs("basis_title", notice.cited if notice else None, "依据的通知", "先签发本轮通知")
    needs.check()
    groups: dict[str, list[Honoree]] = {}
    for person in context.participants():
        for honour in honours_of(context, person):
            groups.setdefault(honour, []).append(
                Honoree(name=person.name, department=person.department or "")
            )
    if not groups:
        raise Conflict("本轮没有获得表彰的人员（须先评定并确定等次）")
    order = honour_names(context)
    groups = dict(sorted(groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99))
    honours = joined(list(groups), "和") + ("" if ADVANCED in groups else "人员")
    clause, clause_text, addressees = CLAUSES[context.scheme.id]
    cited = str(basis) + (f"（{notice.docnum}）" if notice and notice.docnum else "")
    name = context.short_name
    return Commendation(
        issuer_mark=context.organisation.issuer_mark,
        docnum=str(docnum),
        # 001: 关于表彰2024年度优秀、表扬和敬业奉献奖人员的决定; 000: 关于表彰2023年度先进个人的决定.
        title=f"关于表彰{context.year}年度{honours}的决定",
        addressees=addressees,
        preamble=f"{context.year}年，{name}全体工作人员爱岗敬业、勤政务实，涌现出一批业务精干、作风过硬的先进典型。",
        decision=f"根据{cited}{clause.replace('(', '（').replace(')', '）')}“{clause_text}”的规定，"
        f"经考核领导小组审核、{name}领导班子会议审议并公示，决定对以下同志予以表彰：",
        groups=[
            AwardGroup(award=AWARD_TITLE.get(honour, honour), people=people)
            for honour, people in groups.items()
        ],
        closing="希望受表彰的同志珍惜荣誉、再接再厉，全体工作人员以先进为榜样，不断提高服务质量和效率。",
        signature=context.organisation.signature,
        date=results_date(context),
    )


KINDS = [
    DocumentKind(
        kind="commendation",
        title="表彰决定",
        seed=SEED_001,
        schema=Commendation,
        template="commendation.docx",
        example=commendation_example,
        from_round=from_round,
        schemes=ROUND_SCHEMES,
        context=commendation_context,
        filename=lambda payload: cast(Commendation, payload).title,
    )
]
