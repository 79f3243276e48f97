"""History comes from stored rounds, never retyped (issue 5): 001's wage step (六(二)) and termination
(七) read last year's final grades; 002's annual link (四(四)) and 000's 五(五) "从当年度季度考核优秀较多的
人员中产生" read the year's quarterly rounds. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from service import rounds
from service.db import Database
from service.storage import rounds as round_storage
from tests.rounds_support import create_round, setup_organisation


def purchased(index: int, **overrides: Any) -> dict[str, Any]:
    return {
        "id": f"G{index:03d}",
        "name": f"购买服务人员{index}",
        "category": "购买服务",
        "department": "业务科",
        "group": "大厅服务",
        "months_on_post": 12,
        "proposed_grade": "合格",
        **overrides,
    }


def _graded_round(
    api: TestClient, organisation_id: int, people: list[dict[str, Any]], **round_fields: Any
) -> int:
    round_id = create_round(api, organisation_id, **round_fields)
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    grades = api.put(
        f"/api/rounds/{round_id}/grades",
        json={"grades": [{"id": p["id"], "grade": p["proposed_grade"]} for p in people]},
    )
    assert grades.status_code == 200, grades.text
    return round_id


def test_001_六_二_and_七_wage_step_and_termination_from_last_years_stored_round(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    scheme = {"scheme": "purchased-service-annual", "as_of": None}
    last_year = [purchased(i) for i in range(1, 11)]
    last_year[0]["proposed_grade"] = "优秀"
    last_year[1]["proposed_grade"] = "基本合格"
    _graded_round(api, organisation_id, last_year, year=2023, starts_on="2023-12-22", **scheme)

    this_year = [purchased(i) for i in range(1, 11)]  # no prior_grades typed
    this_year[0]["proposed_grade"] = "优秀"
    this_year[1]["proposed_grade"] = "基本合格"
    round_id = create_round(api, organisation_id, year=2024, starts_on="2024-12-23", **scheme)
    api.put(f"/api/rounds/{round_id}/people", json={"people": this_year})
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    outcomes = {p["id"]: p["outcomes"] for p in result["people"]}
    assert "wage_step" in outcomes["G001"]  # 优秀 in 2023 and 2024
    assert "termination" in outcomes["G002"]  # 基本合格 in 2023 and 2024
    assert "termination" not in outcomes["G003"]


def test_002_quarter_grades_feed_the_annual_round_of_000(api: TestClient, database: Database) -> None:
    organisation_id = setup_organisation(api)
    people = [
        {
            "id": f"C{i}",
            "name": f"公务员{i}",
            "category": "公务员",
            "department": "业务科",
            "scores": {"kpi": 95 if i == 1 else 85, "bpi": 95 if i == 1 else 85},
            "proposed_grade": "好" if i == 1 else "较好",
        }
        for i in range(1, 6)
    ]
    for quarter, starts_on in ((1, "2024-04-01"), (2, "2024-07-01"), (3, "2024-10-08")):
        _graded_round(
            api,
            organisation_id,
            people,
            scheme="civil-servant-quarterly",
            year=2024,
            quarter=quarter,
            starts_on=starts_on,
            as_of=None,
        )

    annual_id = create_round(api, organisation_id, year=2024, as_of="2024-11-30", starts_on="2024-12-13")
    annual = [{**p, "proposed_grade": "称职", "scores": None} for p in people]
    api.put(f"/api/rounds/{annual_id}/people", json={"people": annual})
    with database.session() as session:
        body = rounds.evaluation_body(
            session=session, round_=round_storage.get_round(session=session, round_id=annual_id)
        )
    by_id = {p["id"]: p for p in body["people"]}
    assert by_id["C1"]["quarter_grades"] == ["好", "好", "好"] and by_id["C1"]["quarterly_excellent"] == 3
    assert (
        by_id["C2"]["quarter_grades"] == ["较好", "较好", "较好"] and by_id["C2"]["quarterly_excellent"] == 0
    )

    fourth = create_round(
        api,
        organisation_id,
        scheme="civil-servant-quarterly",
        year=2024,
        quarter=4,
        starts_on="2025-01-02",
        as_of=None,
    )
    api.put(f"/api/rounds/{fourth}/people", json={"people": people})
    result = api.post(f"/api/rounds/{fourth}/evaluate").json()
    # 四(四): three stored 好 and this quarter's computed 好 (95 points) make 好 in all four quarters.
    assert any(f["person_id"] == "C1" and "好4次" in f["message"] for f in result["findings"]), result[
        "findings"
    ]


def test_003_六_2_department_round_keeps_each_departments_total_rank_and_awards(
    api: TestClient, database: Database
) -> None:
    organisation_id = setup_organisation(api)
    round_id = create_round(
        api, organisation_id, scheme="internal-department", year=2016, starts_on="2016-12-01"
    )
    departments = [
        {
            "id": f"D{i}",
            "name": f"处{i}",
            "headcount": 8,
            "evaluations": {"democratic": 90 + i, "leaders": 90},
        }
        for i in range(1, 8)
    ]
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": []}).status_code == 422
    stored = api.put(f"/api/rounds/{round_id}/departments", json={"departments": departments})
    assert stored.status_code == 200, stored.text
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    assert [d["id"] for d in result["departments"]][:2] == ["D7", "D6"]
    with database.session() as session:
        kept = {
            r.code: (r.rank, r.awards)
            for r in round_storage.list_department_results(session=session, round_id=round_id)
        }
    assert kept["D7"] == (1, ["advanced_department", "recommended_to_city"])
    assert kept["D1"][0] == 7 and "head_not_excellent" in kept["D1"][1]
