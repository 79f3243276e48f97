"""GB/T 9704-2012 layout check on real PDFs (issue 6): A4, 天头 37±1 mm, 订口 28±1 mm, 22 lines, 页码."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from fastapi.testclient import TestClient

from service.documents.builders.layout import (
    FONT_BODY,
    FONT_TITLE,
    SIZE_2,
    SIZE_3,
    add_page_number_footer,
    exact_spacing,
    new_document,
    set_font,
)
from service.pdf.convert import docx_to_pdf
from service.pdf.gbt9704_check import check_notice

pytestmark = pytest.mark.pdf

BODY = "各进驻部门要高度重视年度考核工作，严格按照考核办法规定的程序和比例开展考核，按时报送考核材料。"


def findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {finding["check"]: finding for finding in report["findings"]}


def notice_pdf(
    adjust: Callable[[Document], None] = lambda document: None, page_numbers: bool = True
) -> bytes:
    """A three-page notice built with the templates' own layout helpers, then `adjust`ed."""
    document = new_document("gbt9704")
    if page_numbers:
        add_page_number_footer(document)
    title = document.add_paragraph()
    set_font(title.add_run("关于开展2022年度常驻人员考核工作的通知"), FONT_TITLE, SIZE_2)
    for _ in range(30):
        paragraph = exact_spacing(document.add_paragraph())
        paragraph.paragraph_format.first_line_indent = Pt(2 * SIZE_3)
        set_font(paragraph.add_run(BODY), FONT_BODY, SIZE_3)
    adjust(document)
    out = io.BytesIO()
    document.save(out)
    return docx_to_pdf(out.getvalue()).pdf


def test_gbt9704_5_2_published_notice_example_passes(client: TestClient) -> None:
    response = client.get("/api/documents/notice-resident-annual/check")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["layout"] == "gbt9704" and body["note"] is None
    report = body["gbt9704"]
    assert report["ok"] is True, report
    checks = findings(report)
    assert 36.0 <= checks["top_margin"]["measured"]["top_mm"] <= 38.0
    assert 27.0 <= checks["binding_margin"]["measured"]["left_mm"] <= 29.0
    assert abs(checks["lines_per_page"]["measured"]["pitch_mm"] - 225 / 22) <= 0.2
    assert max(checks["lines_per_page"]["measured"]["lines"]) == 22
    # The 附件 forms keep their own layout: only the notice's own pages are measured.
    assert report["checked_pages"] < report["pages"] == body["pages"]
    sides = {entry["page"] % 2: entry["side"] for entry in checks["page_numbers"]["measured"]["pages"]}
    assert sides == {1: "右", 0: "左"}
    assert body["fonts"]["all_embedded"] is True


def test_a_form_is_checked_but_marked_as_not_a_gbt9704_document(client: TestClient) -> None:
    response = client.get("/api/documents/form-civil-servant/check")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["layout"] == "form"
    assert "不适用 GB/T 9704" in body["note"]
    assert body["pages"] == 1


def test_gbt9704_layout_helpers_give_22_lines_and_alternating_page_numbers(client: TestClient) -> None:
    report = check_notice(notice_pdf())
    assert report["ok"] is True, report
    checks = findings(report)
    assert report["pages"] >= 3
    assert checks["lines_per_page"]["measured"]["lines"][1] == 22  # page 2 is full body text
    numbers = checks["page_numbers"]["measured"]["pages"]
    assert [n["shown"] for n in numbers] == list(range(1, report["pages"] + 1))
    assert all(abs(n["gap_mm"] - 4.9) <= 1.5 for n in numbers)  # 空一字


def test_gbt9704_5_2_2_top_margin_of_25mm_is_reported(client: TestClient) -> None:
    def shallow_top(document: Document) -> None:
        document.sections[0].top_margin = Mm(25)

    checks = findings(check_notice(notice_pdf(shallow_top)))
    assert checks["top_margin"]["ok"] is False
    assert "应为 37mm±1mm" in checks["top_margin"]["message"]
    assert checks["binding_margin"]["ok"] is True


def test_gbt9704_5_2_2_binding_margin_of_20mm_is_reported(client: TestClient) -> None:
    def narrow_binding(document: Document) -> None:
        document.sections[0].left_margin = Mm(20)

    checks = findings(check_notice(notice_pdf(narrow_binding)))
    assert checks["binding_margin"]["ok"] is False
    assert "应为 28mm±1mm" in checks["binding_margin"]["message"]


def test_gbt9704_5_2_3_line_pitch_for_25_lines_is_reported(client: TestClient) -> None:
    def crowded(document: Document) -> None:
        # Without the 22-line document grid, exact 9 mm spacing puts 25 lines on a page.
        grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
        grid.getparent().remove(grid)
        for paragraph in document.paragraphs[1:]:
            exact_spacing(paragraph, 225 / 25 * 72 / 25.4)

    checks = findings(check_notice(notice_pdf(crowded)))
    assert checks["lines_per_page"]["ok"] is False
    assert max(checks["lines_per_page"]["measured"]["lines"]) > 22


def test_gbt9704_7_5_missing_page_numbers_are_reported(client: TestClient) -> None:
    checks = findings(check_notice(notice_pdf(page_numbers=False)))
    assert checks["page_numbers"]["ok"] is False
    assert "第 1 页没有页码" in checks["page_numbers"]["message"]
