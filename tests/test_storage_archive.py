"""Issued documents (issue 5): stored with 文号, payload, template version and sha256; immutable — a
correction is a new version; a later download is byte-identical. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import text

from service.db import Database
from service.errors import Conflict
from service.models import IssuedDocument
from tests.rounds_support import create_round, person, setup_organisation


@pytest.fixture
def round_id(api: TestClient) -> int:
    identifier = create_round(api, setup_organisation(api))
    assert (
        api.put(
            f"/api/rounds/{identifier}/people", json={"people": [person(i) for i in range(1, 6)]}
        ).status_code
        == 200
    )
    return identifier


def _body_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_000_issued_notice_carries_its_allocated_docnum_and_downloads_byte_identical(
    api: TestClient, round_id: int
) -> None:
    issued = api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"issue": True, "docnum": "allocate"}
    )
    assert issued.status_code == 200, issued.text
    assert "宝行政中心〔2022〕1号" in _body_text(issued.content)
    document_id = issued.headers["X-Document-Id"]
    assert issued.headers["X-Document-Sha256"] == hashlib.sha256(issued.content).hexdigest()

    listed = api.get(f"/api/rounds/{round_id}/issued").json()
    assert [(d["kind"], d["version"], d["docnum"]) for d in listed] == [
        ("notice-resident-annual", 1, "宝行政中心〔2022〕1号")
    ]
    assert len(listed[0]["template_sha256"]) == 64
    again = api.get(f"/api/rounds/{round_id}/issued/{document_id}")
    assert again.content == issued.content
    register = api.get("/api/docnums").json()
    assert [(d["text"], d["round_id"]) for d in register] == [("宝行政中心〔2022〕1号", round_id)]


def test_a_correction_is_a_new_version_and_the_first_stays_as_issued(api: TestClient, round_id: int) -> None:
    url = f"/api/rounds/{round_id}/documents/form-civil-servant"
    body = {"issue": True, "person_id": "P001", "payload": {"summary": "全年受理业务三千余件。"}}
    first = api.post(url, json=body)
    corrected = api.post(url, json={**body, "payload": {"summary": "全年受理业务四千余件。"}})
    assert first.status_code == corrected.status_code == 200, corrected.text
    assert "三千余件" in _body_text(first.content) and "四千余件" in _body_text(corrected.content)
    assert corrected.headers["X-Document-Version"] == "2"
    listed = api.get(f"/api/rounds/{round_id}/issued").json()
    assert [(d["version"], d["supersedes_id"]) for d in listed] == [(1, None), (2, listed[0]["id"])]
    old = api.get(f"/api/rounds/{round_id}/issued/{listed[0]['id']}")
    assert old.content == first.content


def test_an_issued_document_cannot_be_changed_by_the_code_nor_by_sql(
    api: TestClient, round_id: int, database: Database
) -> None:
    api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"issue": True, "docnum": "allocate"}
    )
    with pytest.raises(Conflict), database.session(write=True) as session:
        document = session.get(IssuedDocument, 1)
        assert document is not None
        document.content = b"tampered"
        session.flush()
    for statement in ("UPDATE issued_documents SET sha256 = 'x'", "DELETE FROM issued_documents"):
        with pytest.raises(Exception, match="不可"), database.session(write=True) as session:
            session.execute(text(statement))
    with database.session() as session:
        assert session.scalar(text("SELECT count(*) FROM issued_documents")) == 1


def test_a_preview_is_not_archived_and_takes_no_docnum(api: TestClient, round_id: int) -> None:
    preview = api.post(f"/api/rounds/{round_id}/documents/roster-resident-annual", json={})
    assert preview.status_code == 200, preview.text
    assert "常驻人员3" in _body_text(preview.content)
    assert "X-Document-Id" not in preview.headers
    refused = api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"docnum": "allocate"}
    )
    assert refused.status_code == 409
    assert api.get(f"/api/rounds/{round_id}/issued").json() == []
    assert api.get("/api/docnums").json() == []


def test_a_batch_renders_one_form_per_person_into_one_zip(api: TestClient, round_id: int) -> None:
    # "*" means those who take part: the round is evaluated first (五(二)1).
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    batch = api.post(
        f"/api/rounds/{round_id}/documents",
        json={
            "items": [{"kind": "form-civil-servant", "person_id": "*", "payload": {"summary": "年度总结"}}]
        },
    )
    assert batch.status_code == 200, batch.text
    with zipfile.ZipFile(io.BytesIO(batch.content)) as package:
        names = package.namelist()
        assert len(names) == 5
        assert "常驻人员4" in _body_text(package.read(names[3]))
