"""Issue 5's definition of done: a round of seed 000 (宝行政中心〔2022〕17号, 常驻人员年度考核) run end to
end through the API — create, import the roster from an Excel file, evaluate, set grades, allocate the
notice's 文号, render the notice, the forms, the 公示 and the letters. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.rounds_support import create_round, person, setup_organisation
from tests.test_rounds_excel import roster_workbook, upload

FORM_OF = {
    "公务员": "form-civil-servant",
    "参公": "form-canggong",
    "事业": "form-public-institution",
    "其他": "form-resident",
}


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def seed_000_roster() -> list[dict[str, Any]]:
    """17 residents: 10 公务员/参公 (四(一) 优秀 ≤ 10×20% = 2), 5 事业 (四(二) 优秀 ≤ 1), 2 其他."""
    people = [
        person(i, category="公务员" if i <= 8 else "参公", quarter_grades=["好", "较好", "好", "较好"])
        for i in range(1, 11)
    ]
    people += [
        person(i, category="事业", proposed_grade="合格", in_establishment=True) for i in range(11, 16)
    ]
    people += [
        person(
            16,
            category="其他",
            proposed_grade="合格",
            unit_kind="市条线",
            dispatching_unit="上海市公积金管理中心",
        ),
        person(
            17,
            category="其他",
            proposed_grade="合格",
            unit_kind="其他",
            dispatching_unit="某劳务派遣公司",
            in_establishment=False,
        ),
    ]
    for p, grade in ((people[0], "优秀"), (people[1], "优秀"), (people[10], "优秀")):
        p.update(proposed_grade=grade, recommended=True, quarterly_excellent=3)
    people[0]["advanced"] = True
    people[11].update(proposed_grade="基本合格", conditions=[3])
    people[16].update(proposed_grade="不合格", conditions=[4])
    return people


def test_000_round_end_to_end_create_import_evaluate_grade_number_and_render(api: TestClient) -> None:
    # Create: the timeline is the seed's 八 (2022-12-14 notice → 12月15日, 12月23日, 2023年1月5日, 1月10日).
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id)
    created = api.get(f"/api/rounds/{round_id}").json()
    assert [(s["clause"], s["end"]) for s in created["timeline"]] == [
        ("八(一)", "2022-12-15"),
        ("八(二)", "2022-12-23"),
        ("八(三)", "2023-01-05"),
        ("八(四)", "2023-01-10"),
    ]

    # Import the roster from the Excel template, filled in.
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    people = seed_000_roster()
    imported = upload(api, round_id, roster_workbook(template, people))
    assert imported.status_code == 200, imported.text
    assert len(imported.json()) == 17

    # Evaluate: the same rules as POST /api/schemes/resident-annual/evaluate, over the stored roster.
    evaluated = api.post(f"/api/rounds/{round_id}/evaluate")
    assert evaluated.status_code == 200, evaluated.text
    result = evaluated.json()
    quotas = {q["key"]: (q["limit"], q["used"]) for q in result["quotas"]}
    assert quotas["优秀:公务员+参公"] == (2, 2) and quotas["优秀:事业"] == (1, 1)
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert errors == [], errors

    # Final grades: a third 公务员 优秀 breaks 四(一) and is refused whole; the proposals pass.
    over = api.put(f"/api/rounds/{round_id}/grades", json={"grades": [{"id": "P003", "grade": "优秀"}]})
    assert over.status_code == 409 and "四(一)" in over.json()["detail"]
    final = [{"id": p["id"], "grade": p["proposed_grade"]} for p in people]
    graded = api.put(f"/api/rounds/{round_id}/grades", json={"grades": final})
    assert graded.status_code == 200, graded.text
    entries = {e["person"]["id"]: e for e in api.get(f"/api/rounds/{round_id}/people").json()}
    assert entries["P012"]["final_grade"] == "基本合格" and entries["P003"]["final_grade"] == "称职"

    # The notice: its 文号 allocated from the register, issued and archived.
    notice = api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"issue": True, "docnum": "allocate"}
    )
    assert notice.status_code == 200, notice.text
    assert "宝行政中心〔2022〕1号" in _text(notice.content)

    # The forms: one per person, the form of their category (五(二)1), in one batch.
    items = [
        {
            "kind": FORM_OF[p["category"]],
            "person_id": p["id"],
            "payload": {"summary": "全年完成窗口受理任务。"},
        }
        for p in people
    ]
    forms = api.post(f"/api/rounds/{round_id}/documents", json={"items": items})
    assert forms.status_code == 200, forms.text
    with zipfile.ZipFile(io.BytesIO(forms.content)) as package:
        assert len(package.namelist()) == 17
        first = _text(package.read(package.namelist()[0]))
    assert "常驻人员1" in first and "中共党员" in first

    # The 公示 (五(五)): the people proposed 优秀, 5 working days.
    publicity = api.post(
        f"/api/rounds/{round_id}/documents/publicity",
        json={
            "issue": True,
            "payload": {
                "starts_on": "2022-12-26",
                "working_days": 5,
                "objection_office": "中心业务科",
                "objection_phone": "021-56781234",
                "issued_on": "2022-12-26",
            },
        },
    )
    assert publicity.status_code == 200, publicity.text
    listed = _text(publicity.content)
    assert all(f"常驻人员{i}" in listed for i in (1, 2, 11)) and "常驻人员3\n" not in listed

    # The letters (七(二), 七(四)), each with its own 文号, citing the notice.
    letters = {
        "adjustment-letter": people[11]["dispatching_unit"],
        "return-letter": "某劳务派遣公司",
        "feedback-letter": "上海市公积金管理中心",
    }
    numbers = []
    for kind, unit in letters.items():
        letter = api.post(
            f"/api/rounds/{round_id}/documents/{kind}",
            json={
                "issue": True,
                "docnum": "allocate",
                "dispatching_unit": unit,
                "payload": {"date": "2023-01-06"},
            },
        )
        assert letter.status_code == 200, (kind, letter.text)
        body = _text(letter.content)
        assert unit in body, kind
        numbers.append(letter.headers["X-Docnum"])
    assert "常驻人员12" in _text(
        api.get(f"/api/rounds/{round_id}/issued/{_issued_id(api, round_id, 'adjustment-letter')}").content
    )

    # The register: the notice and the three letters, consecutive.
    register = [
        d["text"] for d in api.get("/api/docnums", params={"agency_code": "宝行政中心", "year": 2022}).json()
    ]
    assert register == [f"宝行政中心〔2022〕{n}号" for n in (1, 2, 3, 4)]
    issued = {d["kind"] for d in api.get(f"/api/rounds/{round_id}/issued").json()}
    assert issued == {"notice-resident-annual", "publicity", *letters}

    # Clerks print: the issued 公示 as a PDF from the warm LibreOffice pool, its text as archived.
    printed = api.get(f"/api/rounds/{round_id}/issued/{_issued_id(api, round_id, 'publicity')}?format=pdf")
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    assert (
        "filename*=UTF-8''" in printed.headers["content-disposition"]
        and ".pdf" in printed.headers["content-disposition"]
    )
    assert "X-Font-Report" in printed.headers
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert "公示" in pdf_text.replace(" ", "")


def _issued_id(api: TestClient, round_id: int, kind: str) -> int:
    return next(d["id"] for d in api.get(f"/api/rounds/{round_id}/issued").json() if d["kind"] == kind)
