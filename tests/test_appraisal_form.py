"""000 附表2–5 and 001 附件1: one person per registration form, read back with python-docx."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError

from service.documents.render import render_docx
from service.documents.scheme_terms import ROW_TEXT_LIMIT
from service.errors import InvalidPayload
from tests.form_readback import (
    example_data,
    leftover_tags,
    render,
    rows,
    rows_without_cant_split,
    runs_without_chinese_font,
)

FORM_KINDS = [
    "form-civil-servant",
    "form-canggong",
    "form-public-institution",
    "form-resident",
    "form-purchased-service",
]


def _row_after(table_rows: list[list[str]], label: str) -> list[str]:
    return next(r for r in table_rows if r[0] == label)


@pytest.mark.parametrize("kind", FORM_KINDS)
def test_000_五_二_1_each_form_is_prefilled_from_the_persons_data(kind: str) -> None:
    data = example_data(kind)
    doc = render(kind, data)
    table = rows(doc)
    assert table[0] == ["姓名", data["name"], "性别", data["gender"], "出生年月", data["birth_month"]]
    assert table[2][:2] == ["工作单位", data["unit"]]
    assert _row_after(table, "现任职务\n（岗位）")[1] == data["post"]
    assert leftover_tags(doc) == []
    assert rows_without_cant_split(doc) == []
    assert runs_without_chinese_font(doc) == []


def test_000_四_一_civil_servant_form_ticks_only_the_proposed_grade() -> None:
    doc = render(
        "form-civil-servant", example_data("form-civil-servant", proposed_grade="基本称职", final_grade=None)
    )
    proposed = _row_after(rows(doc), "考核等次\n建议")[1]
    assert proposed == "☐优秀\u3000☐称职\u3000☑基本称职\u3000☐不称职"
    final = _row_after(rows(doc), "考核领导\n小组\n（委员会）\n意见")[1]
    assert "☑" not in final and final.count("☐") == 4


def test_000_四_二_public_institution_form_prints_the_事业_grades() -> None:
    doc = render("form-public-institution")
    proposed = _row_after(rows(doc), "考核等次\n建议")[1]
    assert [option[1:] for option in proposed.split("\u3000")] == ["优秀", "合格", "基本合格", "不合格"]


def test_000_四_二_public_institution_form_refuses_a_civil_servant_grade_with_its_path() -> None:
    with pytest.raises(InvalidPayload) as refused:
        render_docx("form-public-institution", example_data("form-public-institution", proposed_grade="称职"))
    assert refused.value.problems[0][0] == ("proposed_grade",)
    assert "基本合格" in refused.value.problems[0][1]


def test_002_五_二_civil_servant_form_carries_the_four_quarterly_grades() -> None:
    data = example_data("form-civil-servant", quarter_grades=["好", "较好", None, "一般"])
    table = rows(render("form-civil-servant", data))
    names = table.index(["季度平时考核等次", "一季度", "二季度", "三季度", "四季度"])
    # The label spans both rows; each quarter's grade sits under its name.
    assert table[names + 1] == ["季度平时考核等次", "好", "较好", "", "一般"]


def test_001_四_purchased_service_form_offers_five_grades_and_months_on_post() -> None:
    table = rows(render("form-purchased-service"))
    assert _row_after(table, "考核等次\n建议")[1] == "☐优秀\u3000☑表扬\u3000☐合格\u3000☐基本合格\u3000☐不合格"
    assert _row_after(table, "本年度\n在岗月数")[1] == "12个月"


def test_a_long_summary_flows_over_many_kept_together_rows_and_nothing_is_lost() -> None:
    paragraphs = [
        f"第{i}部分：" + "认真履行岗位职责，做好窗口服务工作，" * 40 + "完成任务。" for i in range(1, 13)
    ]
    data = example_data("form-resident", summary="\n\n".join(paragraphs))
    doc = render("form-resident", data)
    table = rows(doc)
    start = table.index(["个人年度总结"]) + 1
    end = table.index(["主管领导评语"])
    summary_rows = [r[0] for r in table[start:end]]
    assert len(summary_rows) > len(paragraphs)  # long paragraphs are cut into several rows
    assert all(len(r) <= ROW_TEXT_LIMIT + 2 for r in summary_rows)
    assert "".join(summary_rows).replace("\u3000", "") == "".join(paragraphs)
    assert rows_without_cant_split(doc) == []


def test_birth_month_is_written_year_dot_month_or_refused_with_its_path() -> None:
    with pytest.raises(RequestValidationError) as refused:
        render_docx("form-civil-servant", example_data("form-civil-servant", birth_month="1986-05"))
    assert refused.value.errors()[0]["loc"] == ("body", "birth_month")


def test_data_with_markup_prints_as_typed() -> None:
    doc = render("form-resident", example_data("form-resident", name="<b>&\"'", summary="{{ ''.__class__ }}"))
    table = rows(doc)
    assert table[0][1] == "<b>&\"'"
    assert "\u3000\u3000{{ ''.__class__ }}" in [r[0] for r in table]


@pytest.mark.pdf
def test_a_long_summary_runs_onto_further_pages_in_the_pdf_and_ends_there() -> None:
    """Converted by LibreOffice: the summary is not clipped by a cell, it continues page after page."""
    import subprocess

    from service.pdf.convert import render_pdf

    paragraphs = [
        f"第{i}部分：" + "认真履行岗位职责，做好窗口服务工作，" * 40 + f"第{i}部分完。" for i in range(1, 13)
    ]
    pdf = render_pdf("form-resident", example_data("form-resident", summary="\n".join(paragraphs)))
    assert pdf.pages >= 3
    words = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(words.split())
    assert all(f"第{i}部分完。" in flat for i in range(1, 13))
    assert flat.index("第12部分完。") < flat.index("主管领导评语")


def test_api_example_round_trips_into_a_docx_with_a_chinese_file_name(client) -> None:  # type: ignore[no-untyped-def]
    example = client.get("/api/documents/form-civil-servant/example")
    assert example.status_code == 200
    answer = client.post("/api/documents/form-civil-servant?format=docx", json=example.json())
    assert answer.status_code == 200
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert "%E7%8E%8B%E6%99%93%E7%87%95" in answer.headers["content-disposition"]  # 王晓燕


def test_api_a_grade_of_another_category_is_a_422_with_its_path(client) -> None:  # type: ignore[no-untyped-def]
    data = example_data("form-public-institution", proposed_grade="称职")
    answer = client.post("/api/documents/form-public-institution", json=data)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["path"] == "proposed_grade"
