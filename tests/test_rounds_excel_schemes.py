"""Issue 9 point 7: each scheme's roster workbook has the columns its rules read and drop-downs of only
its own grades and categories; the import refuses another scheme's grade (and any unknown column) by
Excel row and column; results.xlsx is in Chinese, with 先进个人, outcomes in words and 001's bonus lines.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.rounds_support import create_round, person, setup_organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PURCHASED = {"scheme": "purchased-service-annual", "year": 2024, "as_of": None, "starts_on": "2024-12-23"}
QUARTERLY = {
    "scheme": "civil-servant-quarterly",
    "year": 2024,
    "quarter": 3,
    "as_of": None,
    "starts_on": "2024-10-08",
}


def _template(api: TestClient, round_id: int) -> Any:
    response = api.get(f"/api/rounds/{round_id}/roster.xlsx")
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def _dropdowns(workbook: Any) -> dict[str, list[str]]:
    return _dropdowns_of(workbook, workbook.worksheets[0].title)


def _filled(workbook: Any, rows: list[dict[str, Any]]) -> bytes:
    """Rows keyed by the workbook's Chinese headers, as a clerk types them."""
    sheet = workbook.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=columns[header], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(api: TestClient, round_id: int, content: bytes) -> Any:
    return api.post(f"/api/rounds/{round_id}/roster.xlsx", files={"file": ("名单.xlsx", content, XLSX)})


def _resident(index: int, **cells: Any) -> dict[str, Any]:
    return {
        "编号": f"P{index:03d}",
        "姓名": f"常驻人员{index}",
        "人员类别": "公务员",
        "部门": "业务科",
        **cells,
    }


def _purchased(index: int, **cells: Any) -> dict[str, Any]:
    base = {"编号": f"G{index:03d}", "姓名": f"购买服务人员{index}", "人员类别": "购买服务", "部门": "业务科"}
    return {**base, "在岗月数": 12, "建议等次": "合格", **cells}


def test_000_dropdowns_hold_only_000s_grades_and_categories(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api))
    dropdowns = _dropdowns(_template(api, round_id))
    assert dropdowns["人员类别"] == ["公务员", "参公", "事业", "其他"]
    assert dropdowns["建议等次"] == ["优秀", "称职", "基本称职", "不称职", "合格", "基本合格", "不合格"]
    assert not {"表扬", "好", "购买服务"} & {v for values in dropdowns.values() for v in values}


def test_000_import_refuses_another_schemes_grade_with_the_excel_row_and_column(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api))
    rows = [_resident(i, 建议等次="称职") for i in range(1, 5)]
    rows[2]["建议等次"] = "表扬"  # row 4: a grade of 001
    rows[3]["建议等次"] = "好"  # row 5: a grade of 002
    response = _upload(api, round_id, _filled(_template(api, round_id), rows))
    assert response.status_code == 422
    messages = [d["msg"] for d in response.json()["detail"]]
    assert any(m.startswith("第4行「建议等次」：'表扬' 不是可选值（本考核方案的等次）") for m in messages), (
        messages
    )
    assert any(m.startswith("第5行「建议等次」：'好' 不是可选值") for m in messages), messages
    assert api.get(f"/api/rounds/{round_id}/people").json() == []


def test_an_unknown_column_is_refused_by_its_letter(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id, **PURCHASED)
    workbook = _template(api, round_id)
    sheet = workbook.worksheets[0]
    sheet.cell(row=1, column=sheet.max_column + 1, value="初评推荐优秀")  # a 000 column in a 001 round
    response = _upload(api, round_id, _filled(workbook, [_purchased(1)]))
    assert response.status_code == 422
    assert "「初评推荐优秀」不是本考核方案名单的列" in response.json()["detail"][0]["msg"]


def test_001_workbook_has_its_facts_and_earlier_years_and_the_rules_read_them(api: TestClient) -> None:
    """001 五(六)1: 差评 ≥ 1 disqualifies from 优秀; 六(一) 优秀 in 2023 and 2024 → a wage step."""
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id, **PURCHASED)
    workbook = _template(api, round_id)
    headers = [c.value for c in workbook.worksheets[0][1]]
    for header in (
        "差评次数",
        "投诉次数",
        "事假天数",
        "津贴级别",
        "敬业奉献奖",
        "2023年度等次",
        "2021年度等次",
    ):
        assert header in headers, header
    dropdowns = _dropdowns(workbook)
    assert dropdowns["建议等次"] == ["优秀", "表扬", "合格", "基本合格", "不合格"]
    assert dropdowns["人员类别"] == ["购买服务"] and dropdowns["2023年度等次"] == dropdowns["建议等次"]
    rows = [_purchased(i) for i in range(1, 11)]
    rows[0].update({"建议等次": "优秀", "2023年度等次": "优秀"})
    rows[1].update(
        {"建议等次": "优秀", "差评次数": 1, "事假天数": 2.5, "津贴级别": "一级", "敬业奉献奖": "是"}
    )
    response = _upload(api, round_id, _filled(workbook, rows))
    assert response.status_code == 200, response.text
    stored = {e["person"]["id"]: e["person"] for e in response.json()}
    assert (
        stored["G002"]["facts"]["bad_reviews"] == 1 and stored["G002"]["facts"]["personal_leave_days"] == 2.5
    )
    assert stored["G002"]["allowance_level"] == "一级" and stored["G002"]["dedication_award"] is True
    assert stored["G001"]["prior_grades"] == [{"year": 2023, "grade": "优秀"}]
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    assert any(f["person_id"] == "G002" and f["clause"].startswith("五(六)") for f in result["findings"])
    assert "wage_step" in next(p for p in result["people"] if p["id"] == "G001")["outcomes"]


def test_001_a_prior_grade_of_another_scheme_names_its_year_column(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api), **PURCHASED)
    rows = [_purchased(1, **{"2022年度等次": "称职"})]
    response = _upload(api, round_id, _filled(_template(api, round_id), rows))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("第2行「2022年度等次」：'称职' 不是可选值")


def test_002_workbook_has_kpi_bpi_opi_and_direct_grades(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api), **QUARTERLY)
    workbook = _template(api, round_id)
    dropdowns = _dropdowns(workbook)
    assert dropdowns["建议等次"] == ["好", "较好", "一般", "较差"] and dropdowns["直接确定等次"] == [
        "好",
        "较差",
    ]
    rows = [
        _resident(i, KPI得分=95 - i, BPI得分=90, OPI加减分=0, 本年度此前各季度等次="好、较好")
        for i in range(1, 6)
    ]
    rows[4]["直接确定等次"] = "较差"
    response = _upload(api, round_id, _filled(workbook, rows))
    assert response.status_code == 200, response.text
    stored = {e["person"]["id"]: e["person"] for e in response.json()}
    assert stored["P001"]["scores"] == {"kpi": 94, "bpi": 90, "opi": 0}
    assert stored["P001"]["quarter_grades"] == ["好", "较好"] and stored["P005"]["direct_grade"] == "较差"
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    assert next(p for p in result["people"] if p["id"] == "P005")["grade"] == "较差"
    # A bad score is named by its row and column.
    rows[1]["KPI得分"] = 120
    refused = _upload(api, round_id, _filled(_template(api, round_id), rows))
    assert refused.status_code == 422 and refused.json()["detail"][0]["msg"].startswith("第3行「KPI得分」：")


def test_002_二_a_leader_is_marked_in_the_workbook_and_takes_no_好_place(api: TestClient) -> None:
    """002 二 "非领导职务公务员": 是否担任领导职务 = 是 keeps a person out of the appraisal and its 40% base;
    = 否 keeps a 负责人 in it (unsaid, a 负责人 holds a 领导职务: leaders_from_heads)."""
    round_id = create_round(api, setup_organisation(api), **QUARTERLY)
    workbook = _template(api, round_id)
    assert _dropdowns(workbook)["是否担任领导职务"] == ["是", "否"]
    rows = [_resident(i, KPI得分=95 - i, BPI得分=90, OPI加减分=0) for i in range(1, 6)]
    rows[0]["是否担任领导职务"] = "是"
    rows[1].update({"是否负责人": "是", "是否担任领导职务": "否"})
    rows[2]["是否负责人"] = "是"  # unsaid: a 负责人 is a leader
    response = _upload(api, round_id, _filled(workbook, rows))
    assert response.status_code == 200, response.text
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    eligible = {p["id"]: p["eligible"] for p in result["people"]}
    assert eligible == {"P001": False, "P002": True, "P003": False, "P004": True, "P005": True}
    assert result["quotas"][0]["base"] == 3


def test_003_departments_with_items_and_evaluations_from_excel(api: TestClient) -> None:
    round_id = create_round(
        api,
        setup_organisation(api),
        scheme="internal-department",
        year=2016,
        as_of=None,
        starts_on="2016-12-20",
    )
    workbook = _template(api, round_id)
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert workbook.worksheets[0].title == "部门"
    assert {"第1项扣分", "第18项加分", "民主测评", "作风评议", "领导评价", "上年名次"} <= set(headers)
    rows = [
        {
            "编号": f"D{i}",
            "部门名称": f"第{i}处",
            "人数": 8,
            "民主测评": 90 + i,
            "领导评价": 95,
            "第2项扣分": 0.5,
        }
        for i in range(1, 4)
    ]
    rows[0]["是否窗口服务部门"] = "是"
    rows[0]["作风评议"] = 88
    response = _upload(api, round_id, _filled(workbook, rows))
    assert response.status_code == 200, response.text
    stored = response.json()["departments"]
    assert stored[0]["items"]["2"] == {"deduct": 0.5, "bonus": 0} and stored[0]["evaluations"]["style"] == 88
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    assert min(result["departments"], key=lambda d: d["rank"])["id"] == "D3"  # the best evaluations
    rows[2]["民主测评"] = 120  # row 4
    refused = _upload(api, round_id, _filled(_template(api, round_id), rows))
    assert refused.status_code == 422 and refused.json()["detail"][0]["msg"].startswith("第4行「民主测评」：")


def test_004_departments_with_parts_and_reviews_from_excel(api: TestClient) -> None:
    round_id = create_round(
        api,
        setup_organisation(api),
        scheme="street-department",
        year=2020,
        as_of=None,
        starts_on="2020-12-21",
    )
    rows = [
        {
            "编号": f"S{i}",
            "部门名称": f"部门{i}",
            "人数": 10,
            "日常工作得分": 70 - i,
            "规范化建设得分": 30,
            "半年综合评议": 90,
            "年终述职评议": 95,
        }
        for i in range(1, 5)
    ]
    response = _upload(api, round_id, _filled(_template(api, round_id), rows))
    assert response.status_code == 200, response.text
    assert response.json()["departments"][0]["review"] == {"half_year": 90, "year_end": 95}
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    results = load_workbook(io.BytesIO(api.get(f"/api/rounds/{round_id}/results.xlsx").content))
    first = next(results["考核结果"].iter_rows(min_row=2, values_only=True))
    assert first[:2] == ("S1", "部门1") and first[4] == "优秀部门"  # 五1: floor(30% × 4) = 1, in words


def test_results_xlsx_is_in_chinese_with_advanced_and_001s_bonus_lines(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    amounts = {"bonus_month": 1000, "award": {"优秀": 2000, "表扬": 1000}, "dedication": 800}
    round_id = create_round(api, organisation_id, **PURCHASED, amounts=amounts)
    rows = [_purchased(i) for i in range(1, 11)]
    rows[0].update({"建议等次": "优秀", "敬业奉献奖": "是"})
    rows[1].update({"建议等次": "基本合格", "投诉次数": 1})
    assert _upload(api, round_id, _filled(_template(api, round_id), rows)).status_code == 200
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    workbook = load_workbook(io.BytesIO(api.get(f"/api/rounds/{round_id}/results.xlsx").content))
    assert workbook.sheetnames == ["考核结果", "考核奖明细", "名额", "问题"]
    sheet = workbook["考核结果"]
    headers = [c.value for c in sheet[1]]
    assert {"先进个人", "结果运用", "应发（元）", "实发（元）"} <= set(headers)
    people = {r[0]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    # 六(三): 1000 × 12 + 2000 (优秀) + 800 (敬业奉献奖) = 14,800.
    assert people["G001"]["应发（元）"] == 14_800 and people["G001"]["实发（元）"] == 14_800
    assert "颁发荣誉证书" in people["G001"]["结果运用"]
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "certificate" not in text and "report_" not in text and "wage_step" not in text
    lines = list(workbook["考核奖明细"].iter_rows(min_row=2, values_only=True))
    assert any(line[0] == "G001" and "敬业奉献" in line[2] and line[3] == 800 for line in lines), lines
    findings = list(workbook["问题"].iter_rows(min_row=2, values_only=True))
    assert all(not f[2] or " " in f[2] for f in findings)  # "G002 购买服务人员2", never a bare id


def test_000_results_have_the_advanced_column(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api))
    people = [person(i) for i in range(1, 21)]
    people[0].update(proposed_grade="优秀", recommended=True, advanced=True, quarterly_excellent=3)
    api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    api.post(f"/api/rounds/{round_id}/evaluate")
    sheet = load_workbook(io.BytesIO(api.get(f"/api/rounds/{round_id}/results.xlsx").content))["考核结果"]
    headers = [c.value for c in sheet[1]]
    first = dict(zip(headers, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert (first["先进个人"], first["初评推荐优秀"]) == ("是", "是")
    assert "报区委组织部备案" in first["结果运用"]


def test_an_evaluation_error_names_the_person_by_id_and_name_never_a_bare_index(api: TestClient) -> None:
    """A roster typed as JSON may still carry 001's 表扬 into a 000 round: evaluate refuses it (422),
    naming P033 常驻人员33, not `people[32]`."""
    round_id = create_round(api, setup_organisation(api))
    people = [person(i) for i in range(1, 41)]
    people[32]["proposed_grade"] = "表扬"
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    response = api.post(f"/api/rounds/{round_id}/evaluate")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["path"] == "people.P033.proposed_grade"
    assert problem["msg"].startswith("P033 常驻人员33：") and "[32]" not in problem["msg"]


def test_003_catalogue_events_from_their_own_sheet_by_department(api: TestClient) -> None:
    """003 三(一)2 "未完成年度经信重点课题计划 扣2分": chosen from the catalogue by its words."""
    round_id = create_round(
        api,
        setup_organisation(api),
        scheme="internal-department",
        year=2016,
        as_of=None,
        starts_on="2016-12-20",
    )
    workbook = _template(api, round_id)
    events = workbook["加减分事项"]
    assert [c.value for c in events[1]][:3] == ["部门编号", "加减分事项", "次数"]
    entry = "第2项·未完成年度经信重点课题计划"
    assert entry in _dropdowns_of(workbook, "加减分事项")["加减分事项"]
    for column, value in enumerate(("D1", entry, 1), start=1):
        events.cell(row=2, column=column, value=value)
    rows = [{"编号": f"D{i}", "部门名称": f"第{i}处", "民主测评": 90, "领导评价": 90} for i in (1, 2)]
    response = _upload(api, round_id, _filled(workbook, rows))
    assert response.status_code == 200, response.text
    first, second = response.json()["departments"]
    (event,) = first["events"]
    assert (event["item"], event["code"], event["count"], event["short"]) == (2, "key_topic_unfinished", 1, 0)
    assert second["events"] == []
    result = {d["id"]: d for d in api.post(f"/api/rounds/{round_id}/evaluate").json()["departments"]}
    assert result["D2"]["total"] - result["D1"]["total"] == 2
    # A department the first sheet lacks and an entry the catalogue lacks, each by sheet, row and column.
    workbook = _template(api, round_id)
    for row, values in ((2, ("D9", entry, 1)), (3, ("D1", "第2项·写错的事项", 1))):
        for column, value in enumerate(values, start=1):
            workbook["加减分事项"].cell(row=row, column=column, value=value)
    refused = _upload(api, round_id, _filled(workbook, rows))
    assert refused.status_code == 422
    messages = [d["msg"] for d in refused.json()["detail"]]
    assert "「加减分事项」第2行「部门编号」：D9 不在「部门」表中" in messages, messages
    assert any(
        m.startswith("「加减分事项」第3行「加减分事项」：'第2项·写错的事项' 不是可选值") for m in messages
    ), messages


def _dropdowns_of(workbook: Any, name: str) -> dict[str, list[str]]:
    sheet, choices = workbook[name], workbook["选项"]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source = validation.formula1.split("$")[1]
        found[sheet[f"{letter}1"].value] = [c.value for c in choices[source] if c.value is not None]
    return found
