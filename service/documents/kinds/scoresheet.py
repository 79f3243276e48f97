"""001 附件2 《宝山区政务服务中心政府购买服务人员2024年度考核评分表》 (四, 五(二)(三))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from pydantic import BaseModel

from schemas.scoresheet import AspectScores, ScoredPerson, Scoresheet
from service.documents.registry import DocumentKind
from service.documents.scheme_terms import WRITE_IN, blank_rows, purchased_service_grades, require_grades


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def context(payload: BaseModel) -> dict[str, Any]:
    sheet = cast(Scoresheet, payload)
    grades = purchased_service_grades()
    require_grades(
        [(("people", index, "proposed_grade"), p.proposed_grade) for index, p in enumerate(sheet.people)],
        grades,
    )
    people = []
    for number, person in enumerate(sheet.people, start=1):
        values = person.scores.values()
        people.append(
            {
                "no": number,
                "name": person.name,
                "post": person.post,
                "aspects": [_points(v) for v in values],
                "total": _points(sum(values, Decimal(0))),
                "monthly": _points(person.monthly_average),
                "highlights": person.highlights,
                "proposed_grade": person.proposed_grade,
            }
        )

    def named(grade: str) -> str:
        return "、".join(p.name for p in sheet.people if p.proposed_grade == grade) or "无"

    return {
        **sheet.model_dump(exclude={"people"}),
        "aspect_points": _points(sheet.aspect_points),
        "full_marks": _points(sheet.aspect_points * 4),
        "people": people,
        "recommended_excellent": named(grades[0]),
        "recommended_praise": named(grades[1]),
        "grade_count": len(grades),
        "grade_names": "、".join(grades),
    }


BLANK_ROWS = 12


def blank(year: int, organisation: str) -> dict[str, Any]:
    """附件2 as the notice attaches it: the four aspects with their full marks, rows to fill by hand."""
    grades = purchased_service_grades()
    aspect_points = Scoresheet.model_fields["aspect_points"].default
    people = blank_rows(BLANK_ROWS, "name", "post", "total", "monthly", "highlights", "proposed_grade")
    return {
        "year": year,
        "organisation": organisation,
        "group": WRITE_IN,
        "department": WRITE_IN,
        "aspect_points": _points(aspect_points),
        "full_marks": _points(aspect_points * 4),
        "people": [{**person, "aspects": [""] * 4} for person in people],
        "recommended_excellent": WRITE_IN,
        "recommended_praise": WRITE_IN,
        "grade_count": len(grades),
        "grade_names": "、".join(grades),
        "scorer": WRITE_IN,
        "scored_on": None,
    }


def _scores(discipline: str, service: str, ability: str, results: str) -> AspectScores:
    return AspectScores(
        discipline=Decimal(discipline),
        service=Decimal(service),
        ability=Decimal(ability),
        results=Decimal(results),
    )


def example() -> BaseModel:
    """001 五(二): 业务科牵头窗口管理人员对大厅服务人员小组内初评, 2024 (七(三) 1月8日前)."""
    grades = purchased_service_grades()
    return Scoresheet(
        year=2024,
        group="大厅服务",
        department="业务科",
        people=[
            ScoredPerson(
                name="李佳琪",
                post="综合受理窗口",
                scores=_scores("24.5", "24", "23.5", "24"),
                monthly_average=Decimal("96.5"),
                highlights="全年无差评，承担延时服务",
                proposed_grade=grades[1],
            ),
            ScoredPerson(
                name="何俊",
                post="综合受理窗口",
                scores=_scores("23", "22.5", "22", "22"),
                monthly_average=Decimal("91"),
                proposed_grade=grades[2],
            ),
            ScoredPerson(
                name="马丽",
                post="咨询引导",
                scores=_scores("25", "24.5", "24.5", "25"),
                monthly_average=Decimal("98"),
                highlights="“一网通办”帮办代办示范岗",
                proposed_grade=grades[0],
            ),
        ],
        scorer="业务科窗口管理人员",
        scored_on=dt.date(2025, 1, 8),
    )


def filename(payload: BaseModel) -> str:
    sheet = cast(Scoresheet, payload)
    return f"{sheet.organisation}政府购买服务人员{sheet.year}年度考核评分表-{sheet.department}"


KINDS = [
    DocumentKind(
        kind="scoresheet-purchased-service",
        title="政府购买服务人员年度考核评分表（附件2）",
        seed="001_3227ea5220f34209.txt",
        schema=Scoresheet,
        template="scoresheet_purchased_service.docx",
        example=example,
        context=context,
        filename=filename,
        blank=blank,
    )
]
