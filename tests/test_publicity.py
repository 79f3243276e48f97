"""公示: period in dates and PRC working days, where to object, quarterly grades, masked ID numbers."""

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
    text,
)


def test_000_五_五_five_working_days_from_2024_09_30_end_on_2024_10_11_across_国庆() -> None:
    doc = render(
        "publicity", example_data("publicity", year=2024, starts_on="2024-09-30", issued_on="2024-09-30")
    )
    assert "公示期：2024年9月30日至10月11日（5个工作日）。" in text(doc)


def test_002_四_五_a_quarterly_publicity_of_three_working_days_by_default() -> None:
    data = example_data("publicity", scheme="civil-servant-quarterly", quarter=3, starts_on="2024-09-27")
    for person in data["people"]:
        person["grade"] = "好"
    # 9-27 (Fri), 9-29 (Sunday worked in lieu of 国庆), 9-30.
    assert "公示期：2024年9月27日至9月30日（3个工作日）。" in text(render("publicity", data))


def test_002_四_五_a_period_shorter_than_the_policy_is_refused() -> None:
    data = example_data("publicity", scheme="civil-servant-quarterly", quarter=3, working_days=2)
    for person in data["people"]:
        person["grade"] = "好"
    with pytest.raises(InvalidPayload) as refused:
        render_docx("publicity", data)
    assert refused.value.problems[0] == (("working_days",), "公示期不少于3个工作日（002 四(五)），收到2")


def test_a_public_list_never_shows_a_full_id_number() -> None:
    data = example_data("publicity")
    data["people"][0]["id_number"] = "310113198605121234"
    doc = render("publicity", data)
    assert "310113198605121234" not in text(doc)
    assert rows(doc)[1][1] == "王晓燕\n310113********1234"


def test_002_五_二_civil_servants_are_publicised_with_their_quarterly_grades() -> None:
    doc = render("publicity")
    table = rows(doc)
    assert table[1][-1] == "一季度好、二季度好、三季度较好、四季度好"
    assert header_rows(doc) == 1
    assert runs_without_chinese_font(doc) == []
    assert rows_without_cant_split(doc) == []
    assert leftover_tags(doc) == []
    data = example_data("publicity")
    data["people"][0]["quarter_grades"] = []
    with pytest.raises(RequestValidationError, match="平时考核结果等次"):
        render_docx("publicity", data)


def test_000_五_五_where_and_how_to_object_and_who_issues() -> None:
    body = text(render("publicity"))
    assert (
        "向中心考核工作小组（业务科）反映（联系电话：021-12345678；地址：宝山区行政服务中心业务科）" in body
    )
    # 7.3.5: real indents (service/documents/signature_block.py), no U+3000 padding that collapses.
    assert "\n宝山区行政服务中心\n2022年12月27日" in body


def test_000_五_五_only_people_proposed_优秀_are_publicised() -> None:
    data = example_data("publicity")
    data["people"][1]["grade"] = "合格"
    with pytest.raises(InvalidPayload) as refused:
        render_docx("publicity", data)
    assert refused.value.problems[0][0] == ("people", 1, "grade")
