"""001 附件2 评分表: four aspects of 四, total, monthly average and proposed grade per person."""

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


def test_001_四_scoresheet_totals_the_four_aspects_of_each_person() -> None:
    doc = render("scoresheet-purchased-service")
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    # Two-character lines: the narrow aspect columns never break a word ("工作纪/律").
    assert cells[0][3:8] == ["工作\n纪律", "服务\n规范", "业务\n能力", "工作\n成效", "合计"]
    assert cells[1][:9] == ["1", "李佳琪", "综合受理窗口", "24.5", "24", "23.5", "24", "96", "96.5"]
    assert cells[1][10] == "表扬"
    assert rows(doc)[-1] == ["推荐优秀：马丽；推荐表扬：李佳琪"]
    assert header_rows(doc) == 1
    assert runs_without_chinese_font(doc) == []
    assert rows_without_cant_split(doc) == []
    assert leftover_tags(doc) == []


def test_001_四_an_aspect_above_full_marks_is_refused() -> None:
    data = example_data("scoresheet-purchased-service")
    data["people"][0]["scores"]["discipline"] = "26"
    with pytest.raises(RequestValidationError) as refused:
        render_docx("scoresheet-purchased-service", data)
    assert "超过满分25" in str(refused.value.errors()[0]["msg"])


def test_001_四_a_grade_outside_the_five_is_refused_with_its_path() -> None:
    data = example_data("scoresheet-purchased-service")
    data["people"][2]["proposed_grade"] = "称职"
    with pytest.raises(InvalidPayload) as refused:
        render_docx("scoresheet-purchased-service", data)
    assert refused.value.problems[0][0] == ("people", 2, "proposed_grade")
