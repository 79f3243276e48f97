"""The one rendering adapter (STYLE.md 7): every registered kind renders from its example, strictly."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docxtpl import DocxTemplate

from service.documents.builders.layout import FONT_BODY, new_document, set_font
from service.documents.registry import kinds
from service.documents.render import (
    CACHE,
    compose,
    make_environment,
    prepare,
    render_docx,
    render_prepared,
    template_path,
)

ALL_KINDS = sorted(kinds())


def _all_text(data: bytes) -> str:
    """Body, tables, headers and footers of every section, read back with python-docx."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for hf in (section.header, section.footer, section.even_page_footer):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_from_its_example_with_no_leftover_tags(kind: str) -> None:
    """Contract: StrictUndefined makes any variable the example lacks fail; nothing of Jinja survives."""
    document_kind = kinds()[kind]
    assert document_kind.seed.endswith(".txt")
    data = render_docx(kind, document_kind.example())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        xml = "".join(
            package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")
        )
    assert "{{" not in xml and "{%" not in xml and "{#" not in xml
    text = _all_text(data)
    assert "{{" not in text and "{%" not in text
    assert text.strip()


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_template_is_committed_and_names_only_variables_of_its_example(kind: str) -> None:
    from service.documents.lint import lint_template

    document_kind = kinds()[kind]
    report = lint_template(kind, template_path(document_kind).read_bytes())
    assert report.ok, report.problems
    assert not [p for p in report.problems if p.code == "tag_split_across_runs"]


def _tiny_template() -> bytes:
    doc = new_document("form")
    paragraph = doc.add_paragraph()
    set_font(
        paragraph.add_run("{{ name }} {{ day|cn_date }} {{ money|amount_cn }} {{ n|cn_num }}"), FONT_BODY, 12
    )
    set_font(doc.add_paragraph().add_run("{{ num|docnum }}"), FONT_BODY, 12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_project_filters_cn_date_amount_cn_cn_num_docnum() -> None:
    prepared = prepare(_tiny_template())
    data = render_prepared(
        prepared,
        {"name": "张三", "day": "2022-12-14", "money": 1200, "n": 12, "num": "宝行政中心[2022]第017号"},
    )
    text = _all_text(data)
    assert "张三 2022年12月14日 人民币壹仟贰佰元整 十二" in text
    assert "宝行政中心〔2022〕17号" in text


def test_prepared_templates_are_cached_by_file_and_by_upload_hash() -> None:
    CACHE.clear()
    kind = kinds()["adjustment-letter"]
    first = render_docx("adjustment-letter", kind.example())
    assert len(CACHE._items) == 1
    second = render_docx("adjustment-letter", kind.example())
    assert len(CACHE._items) == 1 and first == second  # deterministic bytes, one prepared template


def test_compose_starts_each_part_on_a_new_page_keeping_its_layout() -> None:
    notice = new_document("gbt9704")
    notice.add_paragraph("通知正文")
    form = new_document("form")
    form.add_paragraph("登记表")
    parts = []
    for doc in (notice, form):
        out = io.BytesIO()
        doc.save(out)
        parts.append(out.getvalue())
    composed = Document(io.BytesIO(compose(parts, marks=[None, "附件1"])))
    # Issue 14 (6): a part after a 公文 is set on the 公文's page (GB/T 9704 7.3.7).
    assert [round(s.left_margin.mm) for s in composed.sections] == [28, 28]
    assert [p.text for p in composed.paragraphs if p.text] == ["通知正文", "附件1", "登记表"]
    # After a paper that is no 公文, a part keeps its own page.
    kept = Document(io.BytesIO(compose([parts[1], parts[1]], marks=[None, "附件1"])))
    assert [round(s.left_margin.mm) for s in kept.sections] == [25, 25]
    assert composed.sections[1].start_type == WD_SECTION.NEW_PAGE


def test_render_is_at_least_ten_times_faster_than_a_new_docxtpl_per_document() -> None:
    """DESIGN.md §6 / issue 6: parse once, keep the prepared XML; measured on the 公务员 form."""
    kind = kinds()["form-civil-servant"]
    payload = kind.example()
    context = kind.context_of(payload)
    source = template_path(kind).read_bytes()
    render_docx("form-civil-servant", payload)  # warm the cache

    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        template = DocxTemplate(io.BytesIO(source))
        template.render(context, jinja_env=make_environment())
        template.save(io.BytesIO())
    plain = (time.perf_counter() - start) / rounds

    start = time.perf_counter()
    for _ in range(rounds * 5):
        render_docx("form-civil-servant", payload)
    ours = (time.perf_counter() - start) / (rounds * 5)
    assert plain / ours >= 10, f"plain docxtpl {plain * 1000:.1f} ms, ours {ours * 1000:.2f} ms"
