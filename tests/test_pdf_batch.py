"""`POST /api/documents/batch` (issue 6): a roster's forms as one merged PDF or a .zip.

The PDFs are opened with pypdf and pdftotext: pages, bookmarks per person and document, metadata
(title, 文号, organisation) and the 草稿/公示稿 watermark.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from service.documents.builders.layout import (
    FONT_BODY,
    SIZE_3,
    add_page_number_footer,
    new_document,
    set_font,
)
from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.pdf.merge import PacketInfo
from service.pdf.packet import PacketDocument, packet_pdf

pytestmark = pytest.mark.pdf

# 000 五(二)4: every person stationed at the centre hands in the registration form of their category
# (附表2 公务员, 附表5 其他人员) and is evaluated on the 附表6 ballot.
CIVIL, RESIDENT = "form-civil-servant", "form-resident"


def example(kind: str, **changes: Any) -> dict[str, Any]:
    return {**get_kind(kind).example().model_dump(mode="json"), **changes}


def roster_items(names: list[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, name in enumerate(names):
        kind = CIVIL if number % 2 == 0 else RESIDENT
        items.append({"kind": kind, "payload": example(kind, name=name), "person": name})
    return items


def gbt9704_notice(paragraphs: int) -> bytes:
    """A notice with GB/T 9704 page numbers, built with the templates' own layout helpers."""
    document = new_document("gbt9704")
    add_page_number_footer(document)
    for _ in range(paragraphs):
        set_font(
            document.add_paragraph().add_run("各进驻部门要高度重视年度考核工作，按时报送考核材料。" * 2),
            FONT_BODY,
            SIZE_3,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def page_text(pdf: bytes, page: int, *options: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", *options, "-f", str(page), "-l", str(page), handle.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


@pytest.fixture(scope="module")
def merged(client: TestClient) -> bytes:
    names = ["王晓燕", "李建国", "张伟", "陈静"]
    items = roster_items(names)
    # A second document for 王晓燕: her bookmark holds both of her forms.
    items.insert(1, {"kind": RESIDENT, "payload": example(RESIDENT, name="王晓燕"), "person": "王晓燕"})
    response = client.post(
        "/api/documents/batch",
        json={
            "items": items,
            "output": "pdf",
            "title": "2022年度常驻人员考核登记表",
            "docnum": "宝行政中心[2022]17号",
            "organisation": "上海市宝山区行政服务中心",
            "watermark": "公示稿",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    assert response.headers["X-Document-Count"] == "5"
    return response.content


def test_000_五_二_4_merged_packet_has_a_bookmark_per_person_and_document(merged: bytes) -> None:
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 5  # one A4 page per registration form
    outline = reader.outline
    people = [item.title for item in outline if not isinstance(item, list)]
    assert people == ["王晓燕", "李建国", "张伟", "陈静"]
    wang_documents = outline[1]
    assert isinstance(wang_documents, list)
    assert [d.title for d in wang_documents] == [
        "上海市公务员考核登记表（附表2）",
        "常驻人员年度考核登记表（附表5）",
    ]
    assert [reader.get_destination_page_number(d) for d in wang_documents] == [0, 1]
    # Each person's bookmark opens the page that carries their name.
    for bookmark in (item for item in outline if not isinstance(item, list)):
        page = reader.get_destination_page_number(bookmark)
        assert bookmark.title in page_text(merged, page + 1)


def test_merged_packet_keeps_the_order_of_the_request(merged: bytes) -> None:
    expected = ["王晓燕", "王晓燕", "李建国", "张伟", "陈静"]
    titles = [
        "上海市公务员考核登记表",
        "常驻人员年度考核登记表",
        "常驻人员年度考核登记表",
        "上海市公务员考核登记表",
    ]
    for page, name in enumerate(expected, start=1):
        text = page_text(merged, page)
        assert name in text
    assert titles[0] in page_text(merged, 1) and titles[1] in page_text(merged, 2)


def test_merged_packet_metadata_carries_title_docnum_and_organisation(merged: bytes) -> None:
    metadata = PdfReader(io.BytesIO(merged)).metadata
    assert metadata is not None
    assert metadata.title == "2022年度常驻人员考核登记表"
    assert metadata.author == "上海市宝山区行政服务中心"
    assert metadata.subject == "宝行政中心〔2022〕17号"  # normalised to 〔〕 (DESIGN.md §3 文号)
    assert metadata["/DocNumber"] == "宝行政中心〔2022〕17号"


def test_watermark_is_stamped_on_every_page(merged: bytes) -> None:
    for page in range(1, 6):
        # The stamp is turned 45°: in raw order its characters come one per line.
        assert "公示稿" in "".join(page_text(merged, page, "-raw").split())


def test_zip_of_pdfs_holds_one_file_per_document(client: TestClient) -> None:
    response = client.post(
        "/api/documents/batch",
        json={"items": roster_items(["王晓燕", "李建国", "张伟"]), "output": "zip", "format": "pdf"},
    )
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == [
        "001_2022年度上海市公务员考核登记表-王晓燕.pdf",
        "002_2022年度常驻人员年度考核登记表-李建国.pdf",
        "003_2022年度上海市公务员考核登记表-张伟.pdf",
    ]
    for name in names:
        pdf = archive.read(name)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
        assert name.rsplit("-", 1)[1].removesuffix(".pdf") in page_text(pdf, 1)


def test_zip_of_docx_opens_in_python_docx(client: TestClient) -> None:
    response = client.post(
        "/api/documents/batch",
        json={"items": roster_items(["王晓燕", "李建国"]), "output": "zip", "format": "docx"},
    )
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name, person in zip(archive.namelist(), ["王晓燕", "李建国"], strict=True):
        document = Document(io.BytesIO(archive.read(name)))
        text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert person in text


def test_gbt9704_7_5_page_numbers_restart_in_every_notice_of_a_packet(client: TestClient) -> None:
    """Two three-page notices in one PDF: the second is numbered from — 1 — again (each on a right page)."""
    notice = gbt9704_notice(paragraphs=30)
    merged = packet_pdf(
        [PacketDocument(notice, "通知一"), PacketDocument(notice, "通知二")], PacketInfo("通知")
    )
    reader = PdfReader(io.BytesIO(merged))
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts[0] == 0 and starts[1] >= 3
    assert len(reader.pages) % 2 == 0  # a blank page keeps the second notice's page 1 on a right page
    for start in starts:
        assert "—1—" in page_text(merged, start + 1).replace(" ", "")
    assert "—2—" in page_text(merged, starts[1] + 2).replace(" ", "")


def test_forms_without_page_numbers_are_packed_without_blank_pages(client: TestClient) -> None:
    form = render_docx(CIVIL, get_kind(CIVIL).example())
    merged = packet_pdf([PacketDocument(form, "表")] * 3, PacketInfo("表"))
    assert len(PdfReader(io.BytesIO(merged)).pages) == 3


def test_bad_items_answer_422_with_the_path_of_each_field(client: TestClient) -> None:
    items = roster_items(["王晓燕"])
    items.append({"kind": "no-such-kind", "payload": {}})
    items.append({"kind": CIVIL, "payload": example(CIVIL, name="", year="二〇二二")})
    response = client.post("/api/documents/batch", json={"items": items})
    assert response.status_code == 422
    paths = {problem["path"]: problem["msg"] for problem in response.json()["detail"]}
    assert "items[1].kind" in paths
    assert paths["items[2].payload.name"] == "至少 1 个字符"
    assert paths["items[2].payload.year"] == "应为整数"


def test_a_roster_too_large_for_one_request_is_sent_to_jobs(client: TestClient) -> None:
    items = roster_items([f"人员{i}" for i in range(101)])
    response = client.post("/api/documents/batch", json={"items": items, "output": "zip", "format": "docx"})
    assert response.status_code == 413
    assert "/api/jobs" in response.json()["detail"]
