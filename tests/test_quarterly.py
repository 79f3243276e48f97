"""002 公务员平时考核登记表 (四(二) 月小结, 季度小结) and 公务员平时考核表 (三(一) score, 三(二) grade)."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError

from service.documents.render import render_docx
from tests.form_readback import (
    example_data,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)


def test_002_四_二_register_has_a_row_per_month_and_the_quarter_summary() -> None:
    doc = render("quarterly-register")
    table = rows(doc)
    assert [r[0] for r in table if r[0].endswith("月") and r[0][:-1].isdigit()] == ["7月", "8月", "9月"]
    assert ["季度小结"] in table
    assert doc.paragraphs[1].text == "（2020年第三季度）"
    assert rows_without_cant_split(doc) == []
    assert runs_without_chinese_font(doc) == []
    assert leftover_tags(doc) == []


def test_002_四_二_a_month_outside_the_quarter_is_refused() -> None:
    data = example_data("quarterly-register")
    data["months"][0]["month"] = 4
    with pytest.raises(RequestValidationError) as refused:
        render_docx("quarterly-register", data)
    assert "第3季度只含7—9月" in str(refused.value.errors()[0]["msg"])


def _row(kind: str, data: dict, label: str) -> list[str]:  # type: ignore[type-arg]
    return next(r for r in rows(render(kind, data)) if r[0] == label)


def test_002_三_一_score_is_kpi_70_percent_plus_bpi_30_percent_plus_opi() -> None:
    data = example_data("quarterly-appraisal")
    assert _row("quarterly-appraisal", data, "平时考核得分")[1] == "92×70%＋88×30%＋1.5＝92.3分"
    assert _row("quarterly-appraisal", data, "考核等次")[1] == "☑好\u3000☐较好\u3000☐一般\u3000☐较差"


def test_002_三_二_without_a_grade_the_band_decides_it() -> None:
    data = example_data("quarterly-appraisal", kpi="85", bpi="80", opi="-2")
    # 85×0.7 + 80×0.3 − 2 = 81.5 → 较好 (80 分以上)
    assert _row("quarterly-appraisal", data, "平时考核得分")[1] == "85×70%＋80×30%－2＝81.5分"
    assert _row("quarterly-appraisal", data, "考核等次")[1] == "☐好\u3000☑较好\u3000☐一般\u3000☐较差"


def test_002_四_五_a_direct_grade_overrides_the_score() -> None:
    data = example_data("quarterly-appraisal", direct_grade="较差")
    assert _row("quarterly-appraisal", data, "考核等次")[1] == "☐好\u3000☐较好\u3000☐一般\u3000☑较差"
    assert "直接确定" in _row("quarterly-appraisal", data, "等次说明")[1]
