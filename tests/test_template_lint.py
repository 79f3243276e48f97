"""POST /api/templates/lint: a clerk's edited template checked in Chinese (DESIGN.md §6, docxtpl #10/#663)."""

from __future__ import annotations

import io

from docx import Document as new_docx
from fastapi.testclient import TestClient

from service.documents.builders.layout import FONT_BODY, new_document, set_font
from service.documents.registry import kinds
from service.documents.render import template_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(*paragraphs: list[str]) -> bytes:
    """Each paragraph given as its runs: ["{{ na", "me }}"] is a tag Word cut in two."""
    doc = new_document("gbt9704")
    for runs in paragraphs:
        paragraph = doc.add_paragraph()
        for text in runs:
            set_font(paragraph.add_run(text), FONT_BODY, 16)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _lint(client: TestClient, kind: str, data: bytes) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/templates/lint", data={"kind": kind}, files={"template": ("t.docx", data, DOCX)}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _codes(report: dict) -> list[str]:  # type: ignore[type-arg]
    return [problem["code"] for problem in report["problems"]]


def test_a_shipped_template_is_clean(client: TestClient) -> None:
    report = _lint(
        client, "notice-resident-annual", template_path(kinds()["notice-resident-annual"]).read_bytes()
    )
    assert report == {"kind": "notice-resident-annual", "ok": True, "problems": []}


def test_a_tag_split_across_runs_is_reported(client: TestClient) -> None:
    report = _lint(client, "adjustment-letter", _docx(["致{{ addre", "ssee }}："]))
    assert _codes(report) == ["tag_split_across_runs"]
    assert (
        "{{ addressee }}" in report["problems"][0]["message"]
        and "拆成了 2 段" in report["problems"][0]["message"]
    )


def test_a_tag_left_open_in_its_paragraph_is_an_error(client: TestClient) -> None:
    report = _lint(client, "adjustment-letter", _docx(["{{ addressee "], ["}}"]))
    assert not report["ok"] and "tag_not_closed_in_paragraph" in _codes(report)


def test_unbalanced_for_and_if_are_errors_in_chinese(client: TestClient) -> None:
    report = _lint(
        client,
        "notice-resident-annual",
        _docx(["{%p for p in paragraphs %}"], ["{{ p.text }}"], ["{%p if title %}"]),
    )
    messages = [p["message"] for p in report["problems"] if p["code"] == "unbalanced_block"]
    assert not report["ok"]
    assert "{% for %} 没有对应的 {% endfor %}" in messages and "{% if %} 没有对应的 {% endif %}" in messages
    extra = _lint(client, "notice-resident-annual", _docx(["{{ title }}"], ["{%p endfor %}"]))
    assert any("多余的 {% endfor %}" in p["message"] for p in extra["problems"])


def test_variables_the_kind_does_not_have_are_named(client: TestClient) -> None:
    report = _lint(
        client, "adjustment-letter", _docx(["{{ adressee }}：{{ title }}"], ["{{ people }}{{ year }}"])
    )
    unknown = [p["message"] for p in report["problems"] if p["code"] == "unknown_variable"]
    assert len(unknown) == 1 and unknown[0].startswith("变量 adressee 不在“调整人员建议书”的数据中")


def test_unknown_filters_are_reported(client: TestClient) -> None:
    report = _lint(client, "adjustment-letter", _docx(["{{ date|chinese_date }}{{ date|cn_date }}"]))
    assert _codes(report) == ["unknown_filter"] and "chinese_date" in report["problems"][0]["message"]


def test_headers_and_footers_are_linted_too(client: TestClient) -> None:
    doc = new_docx(io.BytesIO(_docx(["{{ addressee }}"])))
    set_font(doc.sections[0].footer.paragraphs[0].add_run("{{ nobody }}"), FONT_BODY, 12)
    out = io.BytesIO()
    doc.save(out)
    report = _lint(client, "adjustment-letter", out.getvalue())
    assert [p["part"] for p in report["problems"]] == ["页脚（word/footer1.xml）"]


def test_lint_of_an_unknown_kind_is_404(client: TestClient) -> None:
    response = client.post(
        "/api/templates/lint", data={"kind": "nope"}, files={"template": ("t.docx", _docx(["x"]), DOCX)}
    )
    assert response.status_code == 404
