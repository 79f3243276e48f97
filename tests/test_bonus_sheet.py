"""001 六(三) 考核奖明细表: every line per person, totals and the 大写 total."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError

from service.documents.render import render_docx
from tests.form_readback import (
    example_data,
    header_rows,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)


def test_001_六_三_bonus_sheet_prints_every_line_and_the_total_in_words() -> None:
    doc = render("bonus-sheet")
    table = rows(doc)
    # Each line names its person (issue 14: the lines may run onto the next page).
    lines = [r[1:] for r in table if r[0].startswith("（")]
    assert ["年终奖金（3000元×10个月）", "六(三)1", "30,000.00"] in lines
    assert ["考核基本合格，扣除应发70%（30000元×70%）", "六(三)5(4)", "-21,000.00"] in lines
    assert ["投诉1个×200元", "六(三)5(3)", "-200.00"] in lines
    # 37,800 + 42,000 + (30,000 − 21,000 − 300) = 88,500
    assert table[-2][-1] == "88,500.00"
    assert table[-1] == ["实发合计（大写）：人民币捌万捌仟伍佰元整"]
    assert header_rows(doc) == 1
    assert runs_without_chinese_font(doc) == []
    assert rows_without_cant_split(doc) == []
    assert leftover_tags(doc) == []


def test_001_六_三_5_a_net_that_is_not_gross_less_deductions_is_refused() -> None:
    data = example_data("bonus-sheet")
    data["people"][0]["net"] = "37000"
    with pytest.raises(RequestValidationError) as refused:
        render_docx("bonus-sheet", data)
    assert refused.value.errors()[0]["loc"][:3] == ("body", "people", 0)
