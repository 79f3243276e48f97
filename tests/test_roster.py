"""000 附表1 考核名单: people by department, numbered in the data, header repeated, rows kept together."""

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


def test_000_二_roster_lists_people_by_department_with_their_category() -> None:
    doc = render("roster-resident-annual")
    table = rows(doc)
    assert table[0] == ["序号", "姓名", "性别", "编制性质", "职务（岗位）", "派出单位", "备注"]
    assert table[1] == ["业务科（3人）"]
    assert table[2][:4] == ["1", "周建华", "男", "事业"]
    assert table[2][-1] == "负责人"
    assert ["区市场监管局窗口（2人）"] in table
    assert table[-1] == ["合计6人，其中公务员2人，参公1人，事业2人，其他1人。"]
    assert "2022年11月30日在册或在中心工作满6个月以上" in doc.paragraphs[1].text
    assert header_rows(doc) == 1
    assert rows_without_cant_split(doc) == []
    assert runs_without_chinese_font(doc) == []
    assert leftover_tags(doc) == []


def test_000_五_三_a_head_listed_later_comes_first_in_its_department_and_numbers_run_on() -> None:
    data = example_data("roster-resident-annual")
    data["people"] = [
        {"name": "甲", "department": "A科", "category": "公务员"},
        {"name": "乙", "department": "B科", "category": "事业"},
        {"name": "丙", "department": "A科", "category": "其他", "is_head": True},
    ]
    table = rows(render("roster-resident-annual", data))
    assert [r[:2] for r in table[1:6]] == [
        ["A科（2人）"],
        ["1", "丙"],
        ["2", "甲"],
        ["B科（1人）"],
        ["3", "乙"],
    ]
