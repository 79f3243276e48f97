"""Issue 9 points 4 and 8: evaluation after decisions, and rounds of every scheme issue their papers from
stored data — 001's bonus sheet, certificates and 表彰决定 from final grades, 002's quarterly tables
from stored scores, 003/004's bulletins from stored departments. SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from service.cn_format import yuan
from tests.department_payloads import department, street_department
from tests.rounds_support import create_round, setup_organisation
from tests.test_round_papers import batch, paper
from tests.test_rounds_history import purchased

AMOUNTS = {"bonus_month": 3000, "award": {"优秀": 2000, "表扬": 1000}, "dedication": 800}


def purchased_round(api: TestClient) -> int:
    organisation_id = setup_organisation(api)
    round_id = create_round(
        api,
        organisation_id,
        scheme="purchased-service-annual",
        year=2025,
        as_of=None,
        starts_on="2025-12-22",
        amounts=AMOUNTS,
        details={},
    )
    people = [purchased(i) for i in range(1, 11)]
    people[0]["proposed_grade"] = "优秀"
    people[1]["proposed_grade"] = "表扬"
    people[2]["dedication_award"] = True
    stored = api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    assert stored.status_code == 200, stored.text
    return round_id


def _bonus(result: dict[str, Any]) -> dict[str, Any]:
    return {p["id"]: p["bonus"] for p in result["people"]}


def test_001_六_三_evaluate_after_final_grades_uses_them_and_the_bonus_follows(api: TestClient) -> None:
    round_id = purchased_round(api)
    proposed = _bonus(api.post(f"/api/rounds/{round_id}/evaluate").json())
    assert proposed["G001"]["gross"] == 38_000 and proposed["G003"]["gross"] == 36_800  # 优秀; 敬业奉献奖
    # The 考核领导小组 decides otherwise (五(四)): G001 合格, G003 优秀 (and still 敬业奉献奖).
    final = [{"id": f"G{i:03d}", "grade": "合格"} for i in range(1, 11)]
    final[1]["grade"], final[2]["grade"] = "表扬", "优秀"
    assert api.put(f"/api/rounds/{round_id}/grades", json={"grades": final}).status_code == 200
    decided = api.post(f"/api/rounds/{round_id}/evaluate").json()
    bonus = _bonus(decided)
    assert bonus["G001"]["gross"] == 36_000 and bonus["G003"]["gross"] == 38_800
    grades = {p["id"]: p["grade"] for p in decided["people"]}
    assert grades["G001"] == "合格" and grades["G003"] == "优秀"
    sheet = paper(api, round_id, "bonus-sheet")
    assert yuan(bonus["G003"]["net"]) in sheet and yuan(proposed["G001"]["net"]) not in sheet
    assert "2025年1月24日" not in sheet  # the seed's date; this round's timeline ends in 2026


def test_001_六_四_certificates_and_commendation_from_final_grades(api: TestClient) -> None:
    round_id = purchased_round(api)
    final = [{"id": f"G{i:03d}", "grade": "合格"} for i in range(1, 11)]
    final[1]["grade"], final[2]["grade"] = "表扬", "优秀"
    api.put(f"/api/rounds/{round_id}/grades", json={"grades": final})
    notice = paper(api, round_id, "notice-purchased-service", issue=True, docnum="allocate")
    assert "2025年度政府购买服务人员" in notice and "2024年度" not in notice
    assert "考核总结阶段" in notice  # 七(五) keeps the seed's wording (issue 14 point 8)
    certificates = batch(api, round_id, kind="certificate", person_id="*")
    assert len(certificates) == 3  # G002 表扬; G003 优秀 and 敬业奉献奖
    assert sum("购买服务人员3" in t for t in certificates) == 2
    decision = paper(api, round_id, "commendation", issue=True, docnum="allocate")
    assert "购买服务人员2" in decision and "购买服务人员3" in decision and "购买服务人员1（" not in decision
    assert "关于表彰2025年度优秀、表扬和敬业奉献奖人员的决定" in decision
    assert "张敏" not in decision and "宝政务中心〔2025〕3号" not in decision


def test_002_quarterly_register_and_appraisal_from_stored_scores(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    round_id = create_round(
        api,
        organisation_id,
        scheme="civil-servant-quarterly",
        year=2024,
        quarter=4,
        as_of=None,
        starts_on="2025-01-02",
        details={"publicity_starts_on": "2025-01-06"},
    )
    people = [
        {
            "id": f"C{i}",
            "name": f"公务员{i}",
            "category": "公务员",
            "department": "业务科",
            "post": "一级科员",
            "scores": {"kpi": 92 if i == 1 else 85, "bpi": 88, "opi": 1.5 if i == 1 else 0},
        }
        for i in range(1, 6)
    ]
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    api.post(f"/api/rounds/{round_id}/evaluate")
    register = paper(api, round_id, "quarterly-register", person_id="C1")
    assert all(f"{month}月" in register for month in (10, 11, 12)) and "7月" not in register  # 四(二)
    appraisal = paper(api, round_id, "quarterly-appraisal", person_id="C1")
    assert "92×70%＋88×30%＋1.5＝92.3分" in appraisal  # 三(一) from the stored scores
    # 三(一) weights of the round's policy print as the evaluation used them.
    api.patch(f"/api/rounds/{round_id}", json={"policy": {"weights": {"kpi": 0.6, "bpi": 0.4}}})
    reweighted = paper(api, round_id, "quarterly-appraisal", person_id="C1")
    assert "92×60%＋88×40%＋1.5＝91.9分" in reweighted
    everyone = batch(api, round_id, kind="quarterly-appraisal", person_id="*")
    assert len(everyone) == 5
    publicity = paper(api, round_id, "publicity")  # 四(五): the quarter's 好, 3 working days
    assert "公务员1" in publicity and "公务员2" not in publicity and "第四季度" in publicity
    status = api.get(f"/api/rounds/{round_id}/status").json()
    assert {p["kind"]: p["ready"] for p in status["papers"]} == {
        "publicity": True,
        "quarterly-register": True,
        "quarterly-appraisal": True,
    }


def test_003_and_004_results_bulletins_from_stored_departments(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    rounds: dict[str, int] = {}
    for scheme, rows, first in (
        (
            "internal-department",
            [department(i, evaluations={"democratic": 100, "leaders": 90 + i}) for i in range(1, 8)],
            "第7处",
        ),
        ("street-department", [street_department(i, daily=60 + i) for i in range(1, 6)], "部门5"),
    ):
        round_id = create_round(
            api,
            organisation_id,
            scheme=scheme,
            year=2016,
            as_of=None,
            starts_on="2017-01-05",
            details={"internal_rules": "《机关部门考核办法》"},
        )
        rounds[scheme] = round_id
        stored = api.put(f"/api/rounds/{round_id}/departments", json={"departments": rows})
        assert stored.status_code == 200, stored.text
        early = api.post(
            f"/api/rounds/{round_id}/documents/results-bulletin", json={"docnum": "宝行政中心〔2016〕1号"}
        )
        assert early.status_code == 409 and "评定" in early.json()["detail"]
        api.post(f"/api/rounds/{round_id}/evaluate")
        bulletin = paper(api, round_id, "results-bulletin", issue=True, docnum="allocate")
        assert "《机关部门考核办法》" in bulletin and "常州" not in bulletin
        names = [line for line in bulletin.split("\n") if line in {r["name"] for r in rows}]
        assert names[0] == first and len(names) == len(rows)
    # 003 五2: each department's 自评表 from what the round stores of it.
    forms = batch(api, rounds["internal-department"], kind="self-assessment-internal", department="*")
    assert len(forms) == 7 and "第1处" in forms[0]
