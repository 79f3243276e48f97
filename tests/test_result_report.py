"""考核结果上报表: 000 七(一) 公务员(参公) to 区委组织部, 事业 to 区人社局."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError

from service.documents.render import render_docx
from service.errors import InvalidPayload
from tests.form_readback import (
    example_data,
    header_rows,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)


def test_000_七_一_report_to_the_organisation_department_lists_people_and_grades() -> None:
    doc = render("result-report")
    table = rows(doc)
    assert doc.paragraphs[0].text == "宝山区行政服务中心2022年度公务员（参公）考核结果上报表"
    assert doc.paragraphs[1].text == "报送：区委组织部"
    assert table[1][:7] == ["1", "王晓燕", "女", "宝山区市场监督管理局", "四级主任科员", "公务员", "优秀"]
    assert table[-1] == ["合计3人：优秀1人，称职2人。"]
    assert header_rows(doc) == 1
    assert runs_without_chinese_font(doc) == []
    assert rows_without_cant_split(doc) == []
    assert leftover_tags(doc) == []


def test_000_七_一_事业_staff_are_not_reported_to_the_organisation_department() -> None:
    data = example_data("result-report")
    data["people"][0]["category"] = "事业"
    with pytest.raises(RequestValidationError, match="区委组织部"):
        render_docx("result-report", data)


def test_000_七_一_report_to_hrss_uses_the_事业_grades() -> None:
    data = example_data("result-report", recipient="区人社局")
    for person in data["people"]:
        person["category"] = "事业"
    with pytest.raises(InvalidPayload):  # 称职 is not a 事业 grade
        render_docx("result-report", data)
    for person in data["people"]:
        person["grade"] = "合格"
    doc = render("result-report", data)
    assert doc.paragraphs[0].text == "宝山区行政服务中心2022年度事业单位工作人员考核结果上报表"
    assert rows(doc)[-1] == ["合计3人：合格3人。"]
