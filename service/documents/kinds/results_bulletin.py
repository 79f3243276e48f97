"""考核结果通报 with ranks and awards (seed 003 六2/六4, seed 004 五1), on results_bulletin.docx."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from schemas.results_bulletin import AWARD_NAMES, RankedDepartment, ResultsBulletin
from service.documents.registry import DocumentKind
from service.errors import Conflict
from service.round_context import Needs, RoundContext, round_detail

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest

SEED_003 = "003_7dc38d50dbc8ae07.txt"


def _paragraphs(text: str) -> list[dict[str, Any]]:
    return [
        {"level": 0, "number": "", "heading": "", "text": line} for line in text.splitlines() if line.strip()
    ]


def bulletin_context(payload: BaseModel) -> dict[str, Any]:
    """Departments in rank order, each with its score and its awards in words (六4 一票否决 shown as such)."""
    bulletin = cast(ResultsBulletin, payload)
    departments = []
    for department in sorted(bulletin.departments, key=lambda d: d.rank):
        results = [AWARD_NAMES[code] for code in department.awards]
        if department.vetoed:
            results.insert(0, "一票否决")
        if department.note:
            results.append(department.note)
        departments.append(
            {**department.model_dump(), "total_text": f"{department.total:.2f}", "result": "、".join(results)}
        )
    return {
        **bulletin.model_dump(),
        "paragraphs": _paragraphs(bulletin.preamble),
        "departments": departments,
        "closing_paragraphs": _paragraphs(bulletin.closing),
    }


# 003 六2 applied to eleven departments: 前5名 先进处室 (2 of them recommended to the city), 第6-10名 表扬,
# the fastest riser outside the top 10 争先进位, the last 2 主要负责人不予评优; 六4 a vetoed department.
_EXAMPLE_ROWS: list[tuple[str, float, list[str], bool]] = [
    ("综合处", 97.35, ["advanced_department", "recommended_to_city"], False),
    ("办公室", 96.80, ["advanced_department", "recommended_to_city"], False),
    ("信息化推进处", 95.90, ["advanced_department"], False),
    ("组织人事处", 95.10, ["advanced_department"], False),
    ("法规处", 94.60, ["advanced_department"], False),
    ("产业发展处", 93.75, ["praised"], False),
    ("技术进步处", 93.20, ["praised"], False),
    ("节能与综合利用处", 92.40, ["praised"], False),
    ("运行协调处", 91.85, ["praised"], False),
    ("中小企业处", 91.30, ["praised"], False),
    ("监察室", 90.10, ["most_improved", "head_not_excellent"], False),
    ("机关党委", 89.55, ["head_not_excellent"], True),
]


def bulletin_example() -> BaseModel:
    departments = [
        {"name": name, "rank": rank, "total": total, "awards": awards, "vetoed": vetoed}
        for rank, (name, total, awards, vetoed) in enumerate(_EXAMPLE_ROWS, start=1)
    ]
    return ResultsBulletin.model_validate(
        {
            "issuer_mark": "常州市经济和信息化委员会文件",
            "docnum": "常经信〔2017〕5号",
            "title": "关于2016年度机关内设机构考核结果的通报",
            "addressees": "无管处、委各处（科）室",
            "year": 2016,
            "preamble": "根据《常州市经信委机关内设机构考核（试行）办法》，考核办公室对委机关各部门2016年度"
            "工作目标完成情况、综合测评情况进行了考核，经委党组研究，现将考核结果通报如下：",
            "departments": departments,
            "closing": "希望受到表彰的部门再接再厉，其他部门对照考核办法查找差距，"
            "共同推动全委各项工作再上新台阶。",
            "signature": "常州市经济和信息化委员会",
            "date": dt.date(2017, 1, 20),
        }
    )


# What each department scheme appraises, as the bulletin's title names it.
APPRAISED = {"internal-department": "机关内设机构", "street-department": "街道机关部门"}


def from_round(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> BaseModel:
    """003 六2/六4, 004 五1 from the round's stored departments as the last evaluation ranked them."""
    docnum = needs("docnum", request.docnum, "发文字号", 'docnum（签发时用 "allocate"）')
    rules = round_detail(context, needs, "internal_rules", "本单位考核办法（标题）")
    needs.check()
    ranked = [d for d in context.department_results if d.rank is not None and d.total is not None]
    if not ranked:
        raise Conflict("本轮部门尚未评定名次：请先 PUT /departments 并 POST /evaluate")
    what = APPRAISED[context.scheme.id]
    year = context.year
    return ResultsBulletin(
        issuer_mark=context.organisation.issuer_mark,
        docnum=str(docnum),
        title=f"关于{year}年度{what}考核结果的通报",
        addressees="各部门",
        year=year,
        preamble=f"根据{rules}，对各部门{year}年度工作目标完成情况、综合测评情况进行了考核，"
        "经研究，现将考核结果通报如下：",
        departments=[
            RankedDepartment(
                name=str(d.payload.get("name") or d.code),
                rank=d.rank or 0,
                total=float(d.total or 0),
                awards=list(d.awards or []),
                vetoed=bool(d.payload.get("veto")),
            )
            for d in ranked
        ],
        signature=context.organisation.signature,
        date=context.round.starts_on,
    )


KINDS = [
    DocumentKind(
        kind="results-bulletin",
        title="考核结果通报",
        seed=SEED_003,
        schema=ResultsBulletin,
        template="results_bulletin.docx",
        example=bulletin_example,
        context=bulletin_context,
        filename=lambda payload: cast(ResultsBulletin, payload).title,
        from_round=from_round,
        schemes=tuple(APPRAISED),
    )
]
