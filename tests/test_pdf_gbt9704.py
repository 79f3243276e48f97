"""GB/T 9704-2012 layout check on real PDFs (issue 6): A4, 天头 37±1 mm, 订口 28±1 mm, 22 lines, 页码."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx
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
from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.pdf.convert import docx_to_pdf, expected_of
from service.pdf.gbt9704_check import check_notice, read_pages

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


# ---------------------------------------------------------------- issue 14: every item measured on the PDF


def _example(kind: str, **changes: Any) -> dict[str, Any]:
    return {**get_kind(kind).example().model_dump(mode="json"), **changes}


def _posted_check(client: TestClient, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/documents/{kind}/check", json=payload)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("direction", "target"), [("下行文", 72.0), ("上行文", 80.0)])
def test_gbt9704_7_2_3_red_mark_35mm_under_the_block_and_7_2_5_rule_4mm_under_the_docnum(
    client: TestClient, direction: str, target: float
) -> None:
    """Before: the red 发文机关标志's top was 43.7 mm from the page top. Now 72 mm (上行文 80 mm, the
    payload's `direction`), the red rule 4 mm under the 发文字号 and 156 mm wide."""
    payload = _example(
        "notice-resident-annual", include_attachments=False, direction=direction, signer="王建国"
    )
    body = _posted_check(client, "notice-resident-annual", payload)
    assert body["format"] == "file"
    checks = findings(body["gbt9704"])
    assert checks["masthead"]["ok"] is True, checks["masthead"]
    assert abs(checks["masthead"]["measured"]["top_mm"] - target) <= 2.5
    rule = checks["red_rule"]["measured"]
    assert checks["red_rule"]["ok"] is True and abs(rule["width_mm"] - 156) <= 1
    assert abs(rule["below_docnum_mm"] - 4) <= 1.5
    if direction == "上行文":
        # 7.2.4/7.2.5: the 发文字号 居左空一字 and the 签发人 居右空一字 on its line.
        docnum_line = checks["red_rule"]["measured"]
        assert docnum_line["below_docnum_mm"] <= 5.5
    # 9: the PDF says what it is.
    assert checks["metadata"]["ok"] is True, checks["metadata"]
    assert checks["metadata"]["measured"]["Subject"] == "宝行政中心〔2022〕17号"
    assert body["gbt9704"]["ok"] is True, [f for f in body["gbt9704"]["findings"] if f["ok"] is False]


def test_gbt9704_10_1_letter_format_on_a_two_page_letter(client: TestClient) -> None:
    """Before: the letter's mark was at 43.7 mm, its rules 156 mm, no lower rule, and "特此函告" with the
    signature spilled onto a page 2 while page 1 had no number. Now: mark 30 mm, double rules 4 mm under
    it (thick over thin) and 20 mm above the bottom (thin over thick), 170 mm; page 1 unnumbered, page 2
    numbered 2; the signature page carries the letter's last lines."""
    people = [
        {"name": f"王明{i}", "category": "公务员", "department": "市场监管窗口", "grade": "基本称职"}
        for i in range(30)
    ]
    payload = _example("adjustment-letter", docnum="宝行政中心〔2023〕2号", people=people)
    report = _posted_check(client, "adjustment-letter", payload)["gbt9704"]
    checks = findings(report)
    assert report["pages"] >= 2
    assert abs(checks["masthead"]["measured"]["top_mm"] - 30) <= 2.5
    rules = checks["letter_rules"]
    assert rules["ok"] is True, rules
    assert (
        abs(rules["measured"]["upper_width_mm"] - 170) <= 1
        and abs(rules["measured"]["lower_width_mm"] - 170) <= 1
    )
    assert abs(rules["measured"]["lower_above_bottom_mm"] - 20) <= 1
    numbers = checks["page_numbers"]
    assert numbers["ok"] is True, numbers
    assert [entry["page"] for entry in numbers["measured"]["pages"]] == list(range(2, report["pages"] + 1))
    assert numbers["measured"]["pages"][0]["shown"] == 2
    assert checks["signature"]["ok"] is True, checks["signature"]
    assert checks["lines_per_page"]["ok"] is not False, checks["lines_per_page"]
    assert checks["metadata"]["ok"] is True and checks["top_margin"]["ok"] is True


@pytest.mark.parametrize("count", [5, 6, 30, 200])
def test_gbt9704_7_3_5_publicity_signature_indented_and_never_alone(client: TestClient, count: int) -> None:
    """Before: U+3000 padding collapsed at the line end and with 5–6 people the signature or the date
    stood alone on page 2. Now 右空二字 by indent, the date two characters right of the signature, and the
    page of the signature holds the last lines of the text."""
    person = {"department": "业务科", "post": "四级主任科员", "category": "公务员", "grade": "优秀"}
    people = [{"name": f"王晓燕{i}", **person, "quarter_grades": ["好"] * 4} for i in range(count)]
    report = _posted_check(client, "publicity", _example("publicity", people=people))["gbt9704"]
    signature = findings(report)["signature"]
    assert signature["ok"] is True, signature
    measured = signature["measured"]
    assert measured["lines_above"] >= 2
    assert abs(measured["date_shift_chars"] - 2) <= 0.5
    assert abs(min(measured["signature_right_chars"], measured["date_right_chars"]) - 2) <= 0.5
    assert findings(report)["page_numbers"]["ok"] is True


def test_gbt9704_7_3_1_001_title_is_a_pyramid_and_its_docnum_stays_on_one_line(client: TestClient) -> None:
    """Before: "…年度考" / "核工作的通知" (考核 split, inverted trapezoid), and the 文号 broke as
    "（宝行政中心" / "〔2019〕10号）"."""
    payload = _example("notice-purchased-service", include_attachments=False)
    checks = findings(_posted_check(client, "notice-purchased-service", payload)["gbt9704"])
    assert checks["title_shape"]["ok"] is True
    assert (
        checks["title_shape"]["measured"]["lines"] == "关于做好2024年度／政府购买服务人员年度考核工作的通知"
    )
    first, second = checks["title_shape"]["measured"]["widths_mm"]
    assert first < second
    assert checks["docnum_whole"]["ok"] is True, checks["docnum_whole"]


def test_posted_check_refuses_a_bad_payload_with_its_path(client: TestClient) -> None:
    payload = _example("notice-resident-annual", direction="平行文")
    response = client.post("/api/documents/notice-resident-annual/check", json=payload)
    assert response.status_code == 422
    assert [d["path"] for d in response.json()["detail"]] == ["direction"]


def test_gbt9704_7_2_4_upward_docnum_left_and_signer_right_on_one_line(client: TestClient) -> None:
    payload = _example(
        "notice-resident-annual", include_attachments=False, direction="上行文", signer="王建国"
    )
    response = client.post("/api/documents/notice-resident-annual?format=pdf", json=payload)
    assert response.status_code == 200, response.text
    page = read_pages(response.content)[0]
    line = next(line for line in page.lines if "签发人" in line.text)
    assert line.text.replace(" ", "").startswith("宝行政中心〔2022〕17号")
    assert line.text.replace(" ", "").endswith("签发人：王建国")
    assert abs(line.left - (28 + 16 / (72 / 25.4))) <= 1.5  # 居左空一字
    assert abs(184 - 16 / (72 / 25.4) - line.right) <= 1.5  # 居右空一字


# ---------------------------------------------------------------- 7.4 版记 and 7.3.7 附件 pages, on the PDF


def _record_paragraph(document: Document) -> Any:
    """The 版记's paragraph: the framed one holding "…印发" (builders/notice.py `record`)."""
    return next(p for p in document.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None)


def _adjusted_notice_report(
    adjust: Callable[[Document], None], *, attachments: bool = False
) -> dict[str, dict[str, Any]]:
    """Notice 000 (without its 附件 unless `attachments`), its rendered .docx `adjust`ed, checked on
    LibreOffice's PDF."""
    kind = get_kind("notice-resident-annual")
    model = kind.example().model_copy(update={"include_attachments": attachments})
    document = docx.Document(io.BytesIO(render_docx("notice-resident-annual", model)))
    adjust(document)
    out = io.BytesIO()
    document.save(out)
    return findings(check_notice(docx_to_pdf(out.getvalue()).pdf, expected_of(kind, model, out.getvalue())))


@pytest.mark.parametrize(
    ("kind", "printer"),
    [("notice-resident-annual", "宝山区行政服务中心"), ("notice-purchased-service", None)],
)
def test_gbt9704_7_4_notice_record_on_its_last_body_page_indented_one_character_between_two_rules(
    client: TestClient, kind: str, printer: str | None
) -> None:
    """7.4: the 版记 (印发机关 左空一字, "…年…月…日印发" 右空一字, 4号) stands on the notice's last page
    before its 附件, between the 首条分隔线 over it and the 末条分隔线 on the block's bottom edge (262 mm),
    both as wide as the block (156 mm)."""
    payload = _example(kind, **({"printer": printer} if printer else {}))
    report = _posted_check(client, kind, payload)["gbt9704"]
    record = findings(report)["record"]
    assert record["ok"] is True, record
    measured = record["measured"]
    assert report["checked_pages"] < report["pages"]  # 附件 follow the notice
    assert measured["page"] == report["checked_pages"]  # …and the 版记 is on the notice's own last page
    one_4hao = 14 / (72 / 25.4)
    assert abs(measured["left_gap_mm"] - one_4hao) <= 1.5
    assert abs(measured["right_gap_mm"] - one_4hao) <= 1.5
    assert abs(measured["last_rule_mm"] - 262) <= 1.5
    assert measured["first_rule_mm"] < measured["line_top_mm"] < measured["last_rule_mm"]
    # The 印发 line names the 印发机关 and the date (read back from the PDF).
    response = client.post(f"/api/documents/{kind}?format=pdf", json=payload)
    page = read_pages(response.content)[measured["page"] - 1]
    line = next(ln for ln in reversed(page.lines) if ln.text.replace(" ", "").endswith("印发"))
    text = line.text.replace(" ", "")
    assert text.startswith(printer or payload["signature"]), text


def test_gbt9704_7_4_notice_without_its_record_is_reported(client: TestClient) -> None:
    def drop_record(document: Document) -> None:
        paragraph = _record_paragraph(document)._p
        paragraph.getparent().remove(paragraph)

    record = _adjusted_notice_report(drop_record)["record"]
    assert record["ok"] is False and "没有版记" in record["message"]


def test_gbt9704_7_4_record_set_flush_left_is_reported(client: TestClient) -> None:
    def flush_left(document: Document) -> None:
        _record_paragraph(document).paragraph_format.left_indent = Pt(0)

    record = _adjusted_notice_report(flush_left)["record"]
    assert record["ok"] is False and "印发机关应左空一字" in record["message"]
    assert record["measured"]["left_gap_mm"] < 1.5


def test_gbt9704_7_4_record_without_its_first_rule_is_reported(client: TestClient) -> None:
    def drop_first_rule(document: Document) -> None:
        borders = _record_paragraph(document)._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        borders.remove(borders.find(qn("w:top")))

    record = _adjusted_notice_report(drop_first_rule)["record"]
    assert record["ok"] is False and "缺少首条分隔线" in record["message"]
    assert record["measured"]["first_rule_mm"] is None
    assert abs(record["measured"]["last_rule_mm"] - 262) <= 1.5  # the last rule alone is still there


@pytest.mark.parametrize("kind", ["notice-resident-annual", "notice-purchased-service"])
def test_gbt9704_7_3_7_and_5_2_2_attachment_pages_keep_the_body_pages_text_block(
    client: TestClient, kind: str
) -> None:
    """Before: 附件 pages had 25/25/25 mm margins (checked only on the .docx). Now, measured on the PDF,
    every 附件 page's block starts where the body's does: 天头 37 mm, 订口 28 mm on odd and even pages
    (the body's margins are not mirrored either), ±1.5 mm; a page a form's table runs on to has the
    table's top rule at 37 mm and the table centred on the block."""
    report = _posted_check(client, kind, _example(kind))["gbt9704"]
    checks = findings(report)
    block = checks["attachment_margins"]
    assert block["ok"] is True, block
    pages = block["measured"]["pages"]
    assert [entry["page"] for entry in pages] == list(range(report["checked_pages"] + 1, report["pages"] + 1))
    assert {entry["page"] % 2 for entry in pages} == {0, 1}
    assert {entry["how"] for entry in pages} == {"label", "table"}
    body_left = checks["binding_margin"]["measured"]["left_mm"]
    assert abs(checks["top_margin"]["measured"]["top_mm"] - 37) <= 1 and abs(body_left - 28) <= 1
    for entry in pages:
        assert abs(entry["top_mm"] - 37) <= 1.5, entry
        if entry["how"] == "label":
            assert abs(entry["left_mm"] - 28) <= 1.5 and abs(entry["left_mm"] - body_left) <= 1.5, entry
        else:
            assert abs(entry["table_off_centre_mm"]) <= 1.5, entry


def test_gbt9704_7_3_7_attachment_pages_on_25mm_margins_are_reported(client: TestClient) -> None:
    def form_margins(document: Document) -> None:
        for section in document.sections[1:]:
            for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
                setattr(section, side, Mm(25))

    block = _adjusted_notice_report(form_margins, attachments=True)["attachment_margins"]
    assert block["ok"] is False, block
    assert "版心上边" in block["message"] and "版心左边" in block["message"]
