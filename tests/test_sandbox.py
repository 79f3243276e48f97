"""Jinja sandboxed with autoescape (DESIGN.md §6, docxtpl #557/#634): data is text, templates are fenced."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from fastapi.testclient import TestClient

from service.documents.builders.layout import FONT_BODY, new_document, set_font
from service.documents.registry import get_kind
from service.documents.render import TemplateRejected, prepare, render_docx, render_prepared

NASTY_NAME = "<b>&\"'"
DATA_EXPRESSION = "{{ ''.__class__ }}{% for x in y %}"


def _template(*lines: str) -> bytes:
    doc = new_document("form")
    for line in lines:
        set_font(doc.add_paragraph().add_run(line), FONT_BODY, 12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_markup_characters_in_data_print_as_typed_and_the_docx_still_opens() -> None:
    """调整人员建议书 to a unit named <b>&"' : escaped in the XML, exact in Word."""
    letter = get_kind("adjustment-letter").example().model_copy(update={"addressee": NASTY_NAME})
    data = render_docx("adjustment-letter", letter)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert "<b>&" not in xml and "&lt;b&gt;&amp;" in xml
    assert f"{NASTY_NAME}：" in _texts(data)


def test_a_jinja_expression_in_data_is_just_text() -> None:
    letter = get_kind("adjustment-letter").example().model_copy(update={"addressee": DATA_EXPRESSION})
    assert f"{DATA_EXPRESSION}：" in _texts(render_docx("adjustment-letter", letter))


def test_control_characters_in_data_cannot_corrupt_the_package() -> None:
    data = render_prepared(prepare(_template("{{ name }}")), {"name": "张\x00三\x07\x0c"})
    assert "张三" in _texts(data)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ name.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ ''.__class__.__base__.__subclasses__() }}",
        "{{ name|attr('__class__') }}",
    ],
)
def test_a_template_reaching_outside_the_sandbox_is_refused(expression: str) -> None:
    with pytest.raises(TemplateRejected) as refused:
        render_prepared(prepare(_template(expression)), {"name": "张三"})
    assert "不安全" in refused.value.detail


def test_an_uploaded_template_with_attribute_tricks_is_a_chinese_400(client: TestClient) -> None:
    kind = get_kind("adjustment-letter")
    response = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": kind.example().model_dump_json()},
        files={
            "template": ("evil.docx", _template("{{ ''.__class__.__mro__ }}"), "application/octet-stream")
        },
    )
    assert response.status_code == 400
    assert response.json()["error"] == "模板无法使用" and "不安全" in response.json()["detail"]


def test_a_template_naming_a_missing_variable_fails_strictly() -> None:
    from service.documents.render import TemplateDataMismatch

    with pytest.raises(TemplateDataMismatch) as missing:
        render_prepared(prepare(_template("{{ nmae }}")), {"name": "张三"})
    assert "nmae" in missing.value.detail
