"""Issue 14 (9): what a paper says about itself, in the .docx and in the PDF.

Title = the paper's title, Author = the organisation, Subject = the 文号; the .docx is created now (not
python-docx's 2013-12-23); a member of a .zip of PDFs carries its own fonts, not the whole batch's.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.pdf.convert import docx_to_pdf


def _example(kind: str, **changes: Any) -> dict[str, Any]:
    return {**get_kind(kind).example().model_dump(mode="json"), **changes}


def test_docx_core_properties_name_title_organisation_docnum_and_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    properties = Document(
        io.BytesIO(render_docx("notice-purchased-service", _example("notice-purchased-service")))
    )
    core = properties.core_properties
    assert core.title == "关于做好2024年度政府购买服务人员年度考核工作的通知"
    assert core.author == "上海市宝山区政务服务中心"
    assert core.subject == "宝政务中心〔2024〕21号"
    assert "python-docx" not in (core.author, core.comments, core.last_modified_by)
    created = core.created.replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= created <= datetime.now(UTC) + timedelta(seconds=1)


def test_a_form_is_titled_with_whose_it_is_and_its_unit() -> None:
    core = Document(
        io.BytesIO(render_docx("form-civil-servant", _example("form-civil-servant")))
    ).core_properties
    assert core.title == "2022年度上海市公务员考核登记表-王晓燕"
    assert core.author == "宝山区行政服务中心"
    assert core.subject == ""


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("kind", "title", "author", "subject"),
    [
        (
            "commendation",
            "关于表彰2024年度优秀、表扬和敬业奉献奖人员的决定",
            "上海市宝山区政务服务中心",
            "宝政务中心〔2025〕3号",
        ),
        ("adjustment-letter", "关于建议调整王明同志派驻工作的函", "上海市宝山区行政服务中心", None),
    ],
)
def test_single_pdf_info_has_title_author_and_docnum(
    kind: str, title: str, author: str, subject: str | None
) -> None:
    info = PdfReader(io.BytesIO(docx_to_pdf(render_docx(kind, _example(kind))).pdf)).metadata
    assert info is not None
    assert (info.title, info.author, info.subject) == (title, author, subject)


@pytest.mark.pdf
def test_zip_member_embeds_its_own_fonts_not_the_batch(client: TestClient) -> None:
    """Before: every member was cut from one converted chunk and kept the chunk's font subsets (the glyphs
    of all documents), about twice its own size. Now each member is converted on its own."""
    names = ["王晓燕", "欧阳震华", "龚鹏飞", "薛蔓菁"]
    items = [
        {"kind": "form-civil-servant", "payload": _example("form-civil-servant", name=name), "person": name}
        for name in names
    ]
    response = client.post("/api/documents/batch", json={"items": items, "output": "zip", "format": "pdf"})
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    member = archive.read(archive.namelist()[0])
    alone = docx_to_pdf(render_docx("form-civil-servant", items[0]["payload"])).pdf
    assert len(member) <= len(alone) * 1.1, (len(member), len(alone))
    info = PdfReader(io.BytesIO(member)).metadata
    assert info is not None
    assert (info.title, info.author) == ("2022年度上海市公务员考核登记表-王晓燕", "宝山区行政服务中心")
