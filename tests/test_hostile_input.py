"""Issue 10 point 3: inputs that answered 500 answer a Chinese 4xx (or 200), on SQLite and PostgreSQL.

Each test names the finding it pins down: an unknown reference (foreign key), an id past int64, an
explicit null title, control characters in names (roster.xlsx/results.xlsx and file names), NUL on
PostgreSQL, an .xlsx with an entity declaration or a truncated sheet, a .docx whose member size lies.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.config import settings
from service.control_chars import for_cell, for_filename
from service.db import Database
from tests.rounds_support import create_round, person, setup_organisation

CHINESE = re.compile(r"[\u4e00-\u9fff]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INT64_PAST = 2**63


def assert_chinese_422(response: Any, path: str | None = None) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "请求数据有误"
    assert all(CHINESE.search(item["msg"]) for item in body["detail"]), body
    if path is not None:
        assert path in [item["path"] for item in body["detail"]], body
    return body


@pytest.fixture
def round_id(api: TestClient) -> int:
    round_ = create_round(api, setup_organisation(api))
    people = [person(1), person(2, name="王\x01小\x0b明"), person(3)]
    assert api.put(f"/api/rounds/{round_}/people", json={"people": people}).status_code == 200
    return round_


# ---------------------------------------------------------------- references and ids


def test_a_docnum_for_a_round_that_does_not_exist_is_422_at_round_id(api: TestClient) -> None:
    response = api.post(
        "/api/docnums", json={"agency_code": "并发", "year": 2030, "title": "x", "round_id": 4321}
    )
    assert "4321" in assert_chinese_422(response, "round_id")["detail"][0]["msg"]
    # No number was taken for it: the next one is still 1.
    allocated = api.post("/api/docnums", json={"agency_code": "并发", "year": 2030, "title": "x"})
    assert allocated.status_code == 201 and allocated.json()["number"] == 1


def test_a_user_of_a_department_that_does_not_exist_is_a_chinese_4xx(api: TestClient) -> None:
    """The database's foreign key is the check here: its refusal is the client's error, not a 500."""
    response = api.post(
        "/api/users",
        json={
            "username": "head1",
            "display_name": "部门负责人",
            "password": "a-long-password-1",
            "role": "department_head",
            "department_id": 999,
        },
    )
    assert_chinese_422(response)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", f"/api/rounds/{INT64_PAST}/evaluate"),
        ("GET", f"/api/rounds/{INT64_PAST}"),
        ("GET", f"/api/organisations/{INT64_PAST}/departments"),
        ("POST", f"/api/docnums/{INT64_PAST}/void"),
    ],
)
def test_an_id_past_int64_is_422_at_its_path(api: TestClient, method: str, url: str) -> None:
    response = api.request(method, url, json={"reason": "重复"} if "void" in url else None)
    assert_chinese_422(response)
    assert response.json()["detail"][0]["loc"][0] == "path"


def test_an_id_past_int64_in_a_body_is_422_at_its_path(api: TestClient) -> None:
    response = api.post(
        "/api/docnums", json={"agency_code": "并发", "year": 2030, "title": "x", "round_id": INT64_PAST}
    )
    assert_chinese_422(response, "round_id")


def test_patch_of_a_round_with_a_null_title_is_422_and_keeps_the_title(
    api: TestClient, round_id: int
) -> None:
    title = api.get(f"/api/rounds/{round_id}").json()["title"]
    assert_chinese_422(api.patch(f"/api/rounds/{round_id}", json={"title": None}), "title")
    assert api.get(f"/api/rounds/{round_id}").json()["title"] == title


# ---------------------------------------------------------------- control characters


def test_control_characters_in_names_do_not_break_roster_and_results_xlsx(api: TestClient) -> None:
    """U+0001 in a department's and a person's name, \\x0b in a person's: stored as sent, and both
    workbooks still download and open (openpyxl refused such cells: IllegalCharacterError)."""
    organisation = setup_organisation(api)
    added = api.post(f"/api/organisations/{organisation}/departments", json={"name": "综合\x01科"})
    assert added.status_code in (201, 422), added.text
    round_ = create_round(api, organisation)
    people = [person(1, name="王\x01小\x0b明"), person(2), person(3)]
    assert api.put(f"/api/rounds/{round_}/people", json={"people": people}).status_code == 200
    template = api.get(f"/api/rounds/{round_}/roster.xlsx")
    assert template.status_code == 200
    load_workbook(io.BytesIO(template.content))
    assert api.post(f"/api/rounds/{round_}/evaluate").status_code == 200
    results = api.get(f"/api/rounds/{round_}/results.xlsx")
    assert results.status_code == 200
    names = [
        row[1] for row in load_workbook(io.BytesIO(results.content))["考核结果"].iter_rows(values_only=True)
    ]
    assert "王小\n明" in names  # the soft line break kept as a line break, U+0001 dropped


@pytest.mark.parametrize("kind", ["certificate", "adjustment-letter"])
@pytest.mark.parametrize("control", ["\x0b", "\x01", "\x1f"])
def test_a_control_character_in_a_name_never_reaches_a_header(
    api: TestClient, kind: str, control: str
) -> None:
    """A letter or a certificate for a name with a control character answers (200 or 422), and its
    Content-Disposition carries none: h11 used to drop the connection without any answer."""
    payload = api.get(f"/api/documents/{kind}/example").json()
    for key, value in payload.items():
        if isinstance(value, str) and ("name" in key or key == "title"):
            payload[key] = f"张{control}三{value}"
    response = api.post(f"/api/documents/{kind}", json=payload)
    assert response.status_code in (200, 422), response.text
    for value in response.headers.values():
        assert not re.search(r"[\x00-\x1f\x7f]", value), value


def test_nul_in_an_organisation_name_is_refused_on_postgresql_and_harmless_on_sqlite(
    api: TestClient, database: Database
) -> None:
    organisation = {"name": "机\x00关", "issuer_mark": "机关文件", "agency_code": "机关", "signature": "机关"}
    response = api.post("/api/organisations", json=organisation)
    if database.is_sqlite:
        assert response.status_code == 201, response.text
    else:  # PostgreSQL text cannot hold U+0000: psycopg refuses it, the client is told why
        assert "空字符" in assert_chinese_422(response)["detail"][0]["msg"]


def test_for_cell_and_for_filename_clean_what_openpyxl_and_headers_refuse() -> None:
    assert for_cell({"a": ["x\x01y", ("\x0b",)], "n": 3}) == {"a": ["xy", ("\n",)], "n": 3}
    assert for_filename("张\x0b三\x00/证书.docx") == "张 三__证书.docx"
    assert for_filename("\x01") == "_"


# ---------------------------------------------------------------- damaged and hostile uploads


def _replace_member(package_bytes: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, content if member.filename == name else source.read(member))
    return out.getvalue()


def _lie_about_size(package_bytes: bytes, name: str, claimed: int) -> bytes:
    """Patch the central directory's uncompressed size of `name` (offset 24 of its record)."""
    data = bytearray(package_bytes)
    encoded = name.encode()
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if bytes(data[start + 46 : start + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, start + 24, claimed)
            return bytes(data)
        start += 4
    raise AssertionError(f"{name} not in the package")


def _upload(api: TestClient, round_id: int, content: bytes) -> Any:
    return api.post(f"/api/rounds/{round_id}/roster.xlsx", files={"file": ("名单.xlsx", content, XLSX)})


def _sheet(api: TestClient, round_id: int) -> tuple[bytes, bytes]:
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    return template, zipfile.ZipFile(io.BytesIO(template)).read("xl/worksheets/sheet1.xml")


def test_an_xlsx_with_an_entity_declaration_is_422_in_chinese(api: TestClient, round_id: int) -> None:
    template, sheet = _sheet(api, round_id)
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    hostile = _replace_member(template, "xl/worksheets/sheet1.xml", laughs + body)
    body = assert_chinese_422(_upload(api, round_id, hostile), "file")
    assert "DOCTYPE" in body["detail"][0]["msg"]


def test_an_xlsx_with_a_truncated_sheet_is_422_in_chinese(api: TestClient, round_id: int) -> None:
    template, sheet = _sheet(api, round_id)
    truncated = _replace_member(template, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2])
    assert "截断" in assert_chinese_422(_upload(api, round_id, truncated), "file")["detail"][0]["msg"]


@pytest.mark.parametrize("claimed", [10, 50 * 1024 * 1024])
def test_an_xlsx_whose_member_size_lies_is_422(api: TestClient, round_id: int, claimed: int) -> None:
    template, _ = _sheet(api, round_id)
    lying = _lie_about_size(template, "xl/worksheets/sheet1.xml", claimed)
    assert_chinese_422(_upload(api, round_id, lying), "file")


@pytest.mark.parametrize("claimed", [10, 50 * 1024 * 1024])
def test_a_docx_whose_member_size_lies_is_422_in_chinese(api: TestClient, claimed: int) -> None:
    template = (settings.template_dir / "certificate.docx").read_bytes()
    lying = _lie_about_size(template, "word/document.xml", claimed)
    response = api.post(
        "/api/templates/lint", data={"kind": "certificate"}, files={"template": ("t.docx", lying, DOCX)}
    )
    assert response.status_code == 422, response.text
    assert CHINESE.search(response.text)
