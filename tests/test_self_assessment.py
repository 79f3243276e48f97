"""003 内设机构年度考核自评表: the seed's 18 items in six categories, 合计 70 分, 八1 capping."""

from __future__ import annotations

from tests.form_readback import (
    example_data,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)


def test_003_三_self_assessment_has_the_seeds_18_items_and_70_points() -> None:
    doc = render("self-assessment-internal")
    table = rows(doc)
    items = [r[1] for r in table[1:-1]]
    assert len(items) == 18
    assert items[0] == "1、年度目标任务完成情况"
    assert items[-1] == "18、获先进集体、先进个人等荣誉"
    assert table[1][0] == "业务工作\n（20分）\n得分 21.1"  # 20 − 0.4 + 1 + 0.5
    assert table[-1][:3] == ["合计（70分）", "总分", "71.1"]
    assert rows_without_cant_split(doc) == []
    assert runs_without_chinese_font(doc) == []
    assert leftover_tags(doc) == []


def test_003_八_1_deductions_stop_at_the_category_points_bonuses_do_not() -> None:
    data = example_data(
        "self-assessment-internal",
        items={"15": {"deduct": 8}, "16": {"deduct": 6, "note": "受警告处分"}, "17": {"bonus": 5}},
    )
    table = rows(render("self-assessment-internal", data))
    integrity = next(r for r in table if r[1] == "15、落实党风廉政建设责任制")
    assert integrity[0].endswith("得分 0")  # 14 points deducted from 10: 扣完为止
    innovation = next(r for r in table if r[1] == "17、工作创新取得成效")
    assert innovation[0].endswith("得分 15")
    assert innovation[2] == "+5"
    assert table[-1][2] == "65"  # 20 + 10 + 10 + 10 + 0 + 15
    assert "扣完为止" in table[-1][3]
