"""GET/POST /api/documents… (DESIGN.md §5): the list, examples, .docx downloads, uploads, 422 and 413."""

from __future__ import annotations

import io
from urllib.parse import quote

from docx import Document
from fastapi.testclient import TestClient

from service.config import settings
from service.documents.builders.layout import FONT_BODY, new_document, set_font
from service.documents.registry import kinds

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_list_names_every_kind_with_title_seed_and_json_schema(client: TestClient) -> None:
    listed = client.get("/api/documents").json()
    by_kind = {item["kind"]: item for item in listed}
    assert set(by_kind) == set(kinds())
    notice = by_kind["notice-resident-annual"]
    assert notice["title"] == "考核工作通知（常驻人员）" and notice["seed"] == "000_202f48eaffbe9a1b.txt"
    assert "docnum" in notice["schema"]["properties"]
    for kind in ("adjustment-letter", "return-letter", "feedback-letter", "commendation", "results-bulletin"):
        assert kind in by_kind


def test_000_example_is_the_published_notice(client: TestClient) -> None:
    example = client.get("/api/documents/notice-resident-annual/example").json()
    assert example["docnum"] == "宝行政中心〔2022〕17号" and example["date"] == "2022-12-14"
    assert example["paragraphs"][1] == {"level": 1, "number": "一、", "heading": "指导思想", "text": ""}


def test_unknown_kind_is_a_chinese_404(client: TestClient) -> None:
    response = client.get("/api/documents/no-such-kind/example")
    assert response.status_code == 404 and "没有文书类型" in response.json()["detail"]


def test_post_renders_a_docx_with_a_chinese_file_name_rfc5987(client: TestClient) -> None:
    example = client.get("/api/documents/adjustment-letter/example").json()
    response = client.post("/api/documents/adjustment-letter?format=docx", json=example)
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    name = "关于建议调整王明同志派驻工作的函（上海市宝山区市场监督管理局）.docx"
    disposition = response.headers["content-disposition"]
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert 'filename="' in disposition and disposition.split('filename="')[1].split('"')[0].isascii()
    assert "上海市宝山区市场监督管理局：" in [
        p.text for p in Document(io.BytesIO(response.content)).paragraphs
    ]


def test_notice_file_is_named_by_docnum_and_title(client: TestClient) -> None:
    example = client.get("/api/documents/notice-purchased-service/example").json()
    example["include_attachments"] = False
    response = client.post("/api/documents/notice-purchased-service", json=example)
    expected = "宝政务中心〔2024〕21号 关于做好2024年度政府购买服务人员年度考核工作的通知.docx"
    assert quote(expected) in response.headers["content-disposition"]


def test_invalid_payload_is_422_with_paths_and_chinese_messages(client: TestClient) -> None:
    example = client.get("/api/documents/notice-resident-annual/example").json()
    example["date"] = "2022/12/14"
    example["paragraphs"][3]["level"] = 7
    example["docnum"] = "第十七号"
    response = client.post("/api/documents/notice-resident-annual", json=example)
    assert response.status_code == 422
    detail = {item["path"]: item["msg"] for item in response.json()["detail"]}
    assert detail["date"].startswith("日期格式应为")
    assert "paragraphs[3].level" in detail
    assert "docnum" in detail


def test_format_other_than_docx_or_pdf_is_refused(client: TestClient) -> None:
    example = client.get("/api/documents/adjustment-letter/example").json()
    response = client.post("/api/documents/adjustment-letter?format=odt", json=example)
    assert response.status_code == 422


def _upload_template(text: str) -> bytes:
    doc = new_document("gbt9704")
    set_font(doc.add_paragraph().add_run(text), FONT_BODY, 16)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_render_with_an_uploaded_template(client: TestClient) -> None:
    example = client.get("/api/documents/adjustment-letter/example").json()
    template = _upload_template("致{{ addressee }}：{{ people[0].name }}，{{ date|cn_date }}")
    response = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": __import__("json").dumps(example, ensure_ascii=False)},
        files={"template": ("my.docx", template, DOCX)},
    )
    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "致上海市宝山区市场监督管理局：王明，2023年1月10日" in texts


def test_uploaded_payload_errors_point_into_the_payload_field(client: TestClient) -> None:
    template = _upload_template("{{ addressee }}")
    broken = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": "{not json"},
        files={"template": ("my.docx", template, DOCX)},
    )
    assert broken.status_code == 422 and broken.json()["detail"][0]["path"] == "payload"
    missing = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": "{}"},
        files={"template": ("my.docx", template, DOCX)},
    )
    assert missing.status_code == 422
    assert "payload.addressee" in {item["path"] for item in missing.json()["detail"]}


def test_an_oversized_upload_is_413(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "max_upload_bytes", 1024)
    example = client.get("/api/documents/adjustment-letter/example").json()
    response = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": __import__("json").dumps(example)},
        files={"template": ("big.docx", _upload_template("{{ addressee }}"), DOCX)},
    )
    assert response.status_code == 413 and "MB" in response.json()["detail"]


def test_a_zip_bomb_template_is_413(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "max_unpacked_bytes", 64 * 1024)
    example = client.get("/api/documents/adjustment-letter/example").json()
    response = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": __import__("json").dumps(example)},
        files={"template": ("bomb.docx", _upload_template("{{ addressee }}"), DOCX)},
    )
    assert response.status_code == 413 and "解压后" in response.json()["detail"]


def test_not_a_docx_upload_is_400(client: TestClient) -> None:
    example = client.get("/api/documents/adjustment-letter/example").json()
    response = client.post(
        "/api/documents/adjustment-letter/render",
        data={"payload": __import__("json").dumps(example)},
        files={"template": ("x.docx", b"plain text", DOCX)},
    )
    assert response.status_code == 400 and "不是 .docx" in response.json()["detail"]
