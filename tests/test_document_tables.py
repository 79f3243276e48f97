"""Issue 14 (7): lists and forms under real data, measured on LibreOffice's PDF.

Rows never split, headers repeat, numbers never wrap, and every page of a list or form that runs over
pages says whose it is ("…（续）" from page 2) and carries its page number `— N —`.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.pdf.convert import docx_to_pdf
from service.pdf.gbt9704_check import read_pages

pytestmark = pytest.mark.pdf


def _example(kind: str, **changes: Any) -> dict[str, Any]:
    return {**get_kind(kind).example().model_dump(mode="json"), **changes}


def _pages(kind: str, payload: dict[str, Any]) -> list[str]:
    """Each page's text, line by line as printed (pdftotext -layout, pages split at \\f)."""
    pdf = docx_to_pdf(render_docx(kind, payload)).pdf
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode().split("\f")[:-1]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("count", [5, 6, 30, 200])
def test_roster_pages_are_numbered_and_say_whose_they_are(count: int) -> None:
    person = _example("roster-resident-annual")["people"][1]
    names = [f"张{chr(0x5F00 + i)}明" for i in range(count)]  # three characters, all different
    people = [{**person, "name": name} for name in names]
    pages = _pages("roster-resident-annual", _example("roster-resident-annual", people=people))
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in _compact(page), (number, page[-200:])
        if number > 1:
            assert "宝山区行政服务中心2022年度常驻人员考核名单（续）" in _compact(page)
            assert "序号姓名性别编制性质" in _compact(page)  # the header row repeats
    printed = _compact("".join(pages))
    # cantSplit: every person's row is whole on one page (the name is never cut).
    assert [name for name in names if printed.count(name) != 1] == []
    if count >= 30:
        assert len(pages) >= 2


def test_bonus_sheet_totals_of_a_million_fit_and_every_line_names_its_person() -> None:
    """Before: a total ≥ 1,000,000 wrapped mid-number, and a person's lines ran onto the next page with
    no name. Now the amount column holds -12,345,678.00 and each line carries the person's name."""
    example = _example("bonus-sheet")
    rich = dict(example["people"][0])
    rich["lines"] = [{**line, "amount": "36000.0"} for line in rich["lines"]]
    people = [{**rich, "name": f"李佳琪{i:02d}"} for i in range(40)]
    pages = _pages("bonus-sheet", _example("bonus-sheet", people=people))
    assert len(pages) >= 2
    text = "".join(pages)
    # 40 × 37,800.00 = 1,512,000.00, on one printed line.
    assert re.search(r"1,512,000\.00", text), text[-800:]
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in _compact(page)
        if number > 1:
            assert "考核奖明细表（续）" in _compact(page)
            lines = [
                line for line in page.splitlines() if re.search(r"六\(三\)\S*\s+-?[\d,]+\.\d\d\s*$", line)
            ]
            assert lines and all(re.search(r"（李佳琪\s?\d\d）", line) for line in lines), lines[:3]


def test_certificate_with_a_100_character_organisation_stays_on_one_page() -> None:
    organisation = ("上海市宝山区政务服务中心" * 9)[:100]
    pdf = docx_to_pdf(render_docx("certificate", _example("certificate", organisation=organisation)))
    assert pdf.pages == 1
    assert "2025年1月24日" in _compact(
        _pages("certificate", _example("certificate", organisation=organisation))[0]
    )


def test_appraisal_form_summary_box_has_room_to_write_in() -> None:
    """Before: the 个人年度总结 of a one-paragraph summary was one line high. Now the box is ≥ 40 mm."""
    pages = read_pages(docx_to_pdf(render_docx("form-civil-servant", _example("form-civil-servant"))).pdf)
    lines = [line for page in pages[:1] for line in page.lines]
    label = next(line for line in lines if _compact(line.text) == "个人年度总结")
    following = next(line for line in lines if _compact(line.text) == "主管领导评语")
    assert following.em_centre - label.em_centre >= 40


NAME_CELL_MM = (25 + 24, 25 + 24 + 30)  # the form's 160 mm table on its 25 mm margins: 姓名's value column


@pytest.mark.parametrize("kind", ["form-civil-servant", "form-canggong"])
@pytest.mark.parametrize("name", ["欧阳纳兰慕容司马诸葛上官皇甫尉", "阿卜杜热合曼·买买提艾力"])
def test_gbt9704_7_3_7_long_name_keeps_the_登记表_header_row_with_its_grades(kind: str, name: str) -> None:
    """Issue 14 (7): "long names push the 登记表's header row away from its grades". A 15-character name
    and a compound one (·) take at most two lines of the 姓名 cell, printed whole and in order, and the
    姓名 row and the 季度平时考核等次 row with its grades stay together on page 1, the form as many
    pages long as with a short name."""
    short = docx_to_pdf(render_docx(kind, _example(kind))).pages
    document = docx_to_pdf(render_docx(kind, _example(kind, name=name)))
    pages = read_pages(document.pdf)
    assert document.pages == short
    first = pages[0].lines
    ethnicity = next(i for i, line in enumerate(first) if _compact(line.text).startswith("民族"))
    # The cell's lines, one pdftotext line each (lines 10 pt apart overlap as the check's visual lines).
    in_cell = sorted(
        (f for line in first[:ethnicity] for f in line.fragments),
        key=lambda f: (f.top, f.left),
    )
    name_lines = [
        _compact(f.text)
        for f in in_cell
        if NAME_CELL_MM[0] - 1 <= f.left and f.right <= NAME_CELL_MM[1] + 1 and "姓名" not in f.text
    ]
    assert "".join(name_lines) == name, name_lines
    assert len(name_lines) <= 2, name_lines
    if "·" in name:  # broken after its ·, neither part cut
        assert name_lines == [name.split("·")[0] + "·", name.split("·")[1]], name_lines
    label = next(i for i, line in enumerate(first) if "季度平时考核等次" in _compact(line.text))
    grades = [line for line in first[label - 1 : label + 2] if _compact(line.text).count("好") >= 3]
    assert grades, [line.text for line in first[label - 1 : label + 2]]
