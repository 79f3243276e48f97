"""表彰决定 (seed 001 六(四); seed 000 七(三)), printed on form_templates/commendation.docx."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from pydantic import BaseModel

from schemas.commendation import Commendation
from service.cn_format import cn_sub_heading
from service.documents.notice_text import SEED_001
from service.documents.registry import DocumentKind


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


KINDS = [
    DocumentKind(
        kind="commendation",
        title="表彰决定",
        seed=SEED_001,
        schema=Commendation,
        template="commendation.docx",
        example=commendation_example,
        context=commendation_context,
        filename=lambda payload: cast(Commendation, payload).title,
    )
]
