"""民主测评表: 000 附表6 (four grades) and 001 附件3 (five grades), one tick column per grade."""

from __future__ import annotations

from tests.form_readback import (
    example_data,
    header_rows,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)


def test_000_五_二_2_ballot_has_a_tick_column_per_grade_with_both_grade_names() -> None:
    doc = render("ballot-resident-annual")
    table = rows(doc)
    assert table[1] == [
        "序号",
        "姓名",
        "职务（岗位）",
        "优秀",
        "称职\n(合格)",
        "基本称职\n(基本合格)",
        "不称职\n(不合格)",
    ]
    assert doc.paragraphs[0].text == "宝山区行政服务中心2022年度个人考核民主测评表"
    assert header_rows(doc) == 2
    assert rows_without_cant_split(doc) == []
    assert runs_without_chinese_font(doc) == []
    assert leftover_tags(doc) == []


def test_001_五_四_ballot_has_five_grade_columns_and_the_year_in_the_title() -> None:
    doc = render("ballot-purchased-service")
    assert rows(doc)[1][3:] == ["优秀", "表扬", "合格", "基本合格", "不合格"]
    # The title 001 七 cites it by (附件3), on two lines.
    assert doc.paragraphs[0].text == "宝山区政务服务中心政府购买服务人员\n（2024）年度考核民主测评表"


def test_ballot_rows_are_numbered_in_the_data_and_the_tick_cells_are_empty() -> None:
    data = example_data("ballot-resident-annual", people=[{"name": f"人员{i}"} for i in range(1, 31)])
    doc = render("ballot-resident-annual", data)
    body = [row.cells for row in doc.tables[0].rows][2:]
    assert [cells[0].text for cells in body] == [str(i) for i in range(1, 31)]
    assert all(cell.text == "" for cells in body for cell in cells[3:])
