"""Rosters from Excel and results to Excel (issue 5): Chinese headers and drop-downs, all-or-nothing
import with errors by row and column, size caps (a zip bomb is 413), export of results and quotas.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from service.config import settings
from service.excel.schemes import sheet_of
from tests.rounds_support import DEPARTMENTS, create_round, person, setup_organisation

SHEET = sheet_of("resident-annual")
ROSTER_SHEET = SHEET.name
HEADERS = {c.field: c.header for c in SHEET.columns}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def round_id(api: TestClient) -> int:
    return create_round(api, setup_organisation(api))


def excel_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def roster_workbook(template: bytes, people: list[dict[str, Any]]) -> bytes:
    """Fill the downloaded template the way a clerk would: one row per person under the headers."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[ROSTER_SHEET]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row, data in enumerate(people, start=2):
        for field, value in data.items():
            sheet.cell(row=row, column=columns[HEADERS[field]], value=excel_value(value))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(api: TestClient, round_id: int, content: bytes) -> Any:
    return api.post(f"/api/rounds/{round_id}/roster.xlsx", files={"file": ("名单.xlsx", content, XLSX)})


def test_template_has_chinese_headers_and_dropdowns_for_category_grade_and_department(
    api: TestClient, round_id: int
) -> None:
    response = api.get(f"/api/rounds/{round_id}/roster.xlsx")
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[ROSTER_SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["编号", "姓名", "身份证号"] and "人员类别" in headers and "建议等次" in headers
    choices = workbook["选项"]
    assert choices.sheet_state == "hidden"
    validated = {}
    for validation in sheet.data_validations.dataValidation:
        column_letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        header = sheet[f"{column_letter}1"].value
        source_letter = validation.formula1.split("$")[1]
        validated[header] = [c.value for c in choices[source_letter] if c.value is not None]
    assert validated["人员类别"] == ["公务员", "参公", "事业", "其他"]  # 000's own: no 购买服务
    assert validated["部门"] == list(DEPARTMENTS)
    assert {"优秀", "称职", "基本合格", "不合格"} <= set(validated["建议等次"])


def test_import_stores_every_row_and_masks_the_id_number(api: TestClient, round_id: int) -> None:
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    people = [person(i) for i in range(1, 7)]
    response = upload(api, round_id, roster_workbook(template, people))
    assert response.status_code == 200, response.text
    stored = [entry["person"] for entry in response.json()]
    assert [p["id"] for p in stored] == [p["id"] for p in people]
    assert stored[0]["id_number"] == "310101********0018"
    assert stored[0]["joined_on"] == "2021-03-01" and stored[0]["on_roster"] is True
    assert stored[0]["birth_month"] == "1985.06"


def test_bad_excel_is_refused_whole_with_errors_by_row_and_column(api: TestClient, round_id: int) -> None:
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    assert upload(api, round_id, roster_workbook(template, [person(1)])).status_code == 200
    people = [person(i) for i in range(1, 7)]
    people[3]["category"] = "公务猿"  # row 5
    people[1]["id_number"] = "310101198001010019"  # row 3: wrong check digit
    people[4]["department"] = "不存在科"  # row 6
    people[5]["id"] = "P001"  # row 7 repeats row 2
    people[2]["joined_on"] = "2021年3月"  # row 4
    response = upload(api, round_id, roster_workbook(template, people))
    assert response.status_code == 422
    messages = [d["msg"] for d in response.json()["detail"]]
    assert any(m.startswith("第5行「人员类别」：'公务猿' 不是可选值") for m in messages), messages
    assert any(m.startswith("第3行「身份证号」：身份证号码无效") for m in messages), messages
    assert any(m.startswith("第6行「部门」：'不存在科' 不是可选值") for m in messages), messages
    assert "第7行「编号」：P001 与第2行重复" in messages
    assert any(m.startswith("第4行「到中心日期」：") for m in messages), messages
    # All or nothing: the roster is still the one imported before.
    assert [e["person"]["id"] for e in api.get(f"/api/rounds/{round_id}/people").json()] == ["P001"]


def test_a_zip_bomb_and_an_oversized_upload_are_refused_with_413(
    api: TestClient, round_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "max_unpacked_bytes", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    assert len(bomb.getvalue()) < 64 * 1024
    response = upload(api, round_id, bomb.getvalue())
    assert response.status_code == 413 and "解压后" in response.json()["detail"]
    monkeypatch.setattr(settings, "max_upload_bytes", 16 * 1024)
    assert upload(api, round_id, bomb.getvalue() + b"\0" * 32 * 1024).status_code == 413
    assert upload(api, round_id, b"not a workbook").status_code == 422


def test_export_has_results_quotas_and_findings_with_masked_id_numbers(
    api: TestClient, round_id: int
) -> None:
    people = [person(i) for i in range(1, 11)]
    for p in people[:3]:
        p.update(proposed_grade="优秀", recommended=True)
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    response = api.get(f"/api/rounds/{round_id}/results.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["考核结果", "名额", "问题"]
    rows = list(workbook["考核结果"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10 and rows[0][2] == "310101********0018"
    quotas = {r[0]: r for r in workbook["名额"].iter_rows(min_row=2, values_only=True)}
    # 四(一): 10 公务员 × 20% = 2 优秀, 3 proposed.
    assert quotas["优秀:公务员+参公"][5:] == (2, 3, "否")
    assert any(r[1] == "四(一)" for r in workbook["问题"].iter_rows(min_row=2, values_only=True))


def test_a_workbook_without_the_headers_is_refused(api: TestClient, round_id: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["甲", "乙"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(api, round_id, buffer.getvalue())
    assert response.status_code == 422 and "缺少表头" in response.json()["detail"][0]["msg"]
