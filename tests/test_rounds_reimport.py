"""Issue 9 point 6: nothing lost on re-import (DESIGN.md §7 "a re-import never silently replaces decisions
already taken"), and an unknown key in any write is a 422 naming it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.department_payloads import department
from tests.rounds_support import create_round, person, setup_organisation
from tests.test_rounds_excel import roster_workbook, upload


def _roster(**overrides: Any) -> list[dict[str, Any]]:
    """20 公务员: 先进个人 ≤ 20×10% = 2 (四(三)), so P001 and P002 may both be 先进个人."""
    people = [person(i) for i in range(1, 21)]
    people[0].update(proposed_grade="优秀", recommended=True, advanced=True, quarterly_excellent=3)
    for p in people:
        p.update(overrides)
    return people


def _decided_round(api: TestClient) -> int:
    """A round whose roster is in, with a PATCHed 先进个人 flag and final grades set."""
    round_id = create_round(api, setup_organisation(api))
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": _roster()}).status_code == 200
    patched = api.patch(f"/api/rounds/{round_id}/people/P002", json={"advanced": True})
    assert patched.status_code == 200, patched.text
    grades = [{"id": "P001", "grade": "优秀"}, {"id": "P002", "grade": "称职"}]
    assert api.put(f"/api/rounds/{round_id}/grades", json={"grades": grades}).status_code == 200
    return round_id


def _people(api: TestClient, round_id: int) -> dict[str, dict[str, Any]]:
    return {e["person"]["id"]: e for e in api.get(f"/api/rounds/{round_id}/people").json()}


def test_a_reimport_that_changes_decisions_is_refused_with_the_list_of_changes(api: TestClient) -> None:
    round_id = _decided_round(api)
    people = _roster()
    people[0]["recommended"] = False  # 初评推荐 taken back
    people[1]["advanced"] = False  # the PATCHed 先进个人 flag
    people = [p for p in people if p["id"] != "P008"]  # his proposal 称职 would be lost with him
    people = [p for p in people if p["id"] != "P002"] + [{**person(2), "advanced": False}]
    people = [p for p in people if p["id"] != "P001"]  # P001 has a final grade: dropping him is a change
    response = api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    assert response.status_code == 409
    body = response.json()
    changes = {(c["id"], c["field"], c["old"], c["new"]) for c in body["changes"]}
    assert changes == {
        ("P002", "advanced", True, False),
        ("P001", "final_grade", "优秀", None),
        ("P008", "roster", "在名单中", "不在名单中"),
    }
    assert "P001 常驻人员1「最终等次」优秀 → （移出名单）" in body["detail"]
    assert "P002 常驻人员2「推荐先进个人」是 → 否" in body["detail"] and "?confirm=true" in body["detail"]
    stored = _people(api, round_id)
    assert stored["P001"]["final_grade"] == "优秀" and stored["P002"]["person"]["advanced"] is True
    assert len(stored) == 20


def test_a_confirmed_reimport_applies_the_changes_and_the_audit_log_keeps_them(api: TestClient) -> None:
    round_id = _decided_round(api)
    people = [{**p, "advanced": False} if p["id"] == "P002" else p for p in _roster()]
    response = api.put(f"/api/rounds/{round_id}/people?confirm=true", json={"people": people})
    assert response.status_code == 200, response.text
    stored = _people(api, round_id)
    assert stored["P002"]["person"]["advanced"] is False
    assert stored["P002"]["final_grade"] == "称职"  # a final grade stays with everyone still on the roster
    imports = [a for a in api.get("/api/audit").json() if a["action"] == "import_roster"]
    confirmed = [c for a in imports for c in a["after"]["confirmed_changes"]]
    assert [(c["id"], c["field"], c["old"], c["new"]) for c in confirmed] == [
        ("P002", "advanced", True, False)
    ]


def test_an_excel_reimport_that_only_adds_a_column_keeps_final_grades_and_flags(api: TestClient) -> None:
    round_id = _decided_round(api)
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    # The clerk's workbook as first sent, without the flags (they were set in the service), plus 职务.
    rows = [
        {k: v for k, v in p.items() if k not in ("recommended", "advanced", "proposed_grade")}
        | {"post": "科员"}
        for p in _roster()
    ]
    response = upload(api, round_id, roster_workbook(template, rows))
    assert response.status_code == 200, response.text
    stored = _people(api, round_id)
    assert (stored["P001"]["final_grade"], stored["P002"]["final_grade"]) == ("优秀", "称职")
    assert stored["P001"]["person"]["recommended"] is True and stored["P002"]["person"]["advanced"] is True
    assert stored["P001"]["proposed_grade"] == "优秀" and stored["P003"]["person"]["post"] == "科员"


def test_an_excel_reimport_that_changes_a_proposal_needs_confirm(api: TestClient) -> None:
    round_id = _decided_round(api)
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    rows = [{**p, "proposed_grade": "称职"} if p["id"] == "P001" else p for p in _roster()]
    refused = upload(api, round_id, roster_workbook(template, rows))
    assert refused.status_code == 409
    assert [(c["id"], c["label"], c["old"], c["new"]) for c in refused.json()["changes"]] == [
        ("P001", "建议等次", "优秀", "称职")
    ]
    confirmed = api.post(
        f"/api/rounds/{round_id}/roster.xlsx?confirm=true",
        files={"file": ("名单.xlsx", roster_workbook(template, rows), "application/octet-stream")},
    )
    assert confirmed.status_code == 200, confirmed.text
    assert _people(api, round_id)["P001"]["proposed_grade"] == "称职"


def test_patch_with_an_excel_header_as_key_is_a_422_naming_it(api: TestClient) -> None:
    round_id = _decided_round(api)
    response = api.patch(f"/api/rounds/{round_id}/people/P003", json={"初评推荐优秀": "否"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["path"] == "初评推荐优秀" and "未知字段「初评推荐优秀」" in problem["msg"]
    nested = api.patch(f"/api/rounds/{round_id}/people/P003", json={"facts": {"bad_review": 1}})
    assert nested.status_code == 422 and nested.json()["detail"][0]["path"] == "facts.bad_review"


def test_a_roster_row_with_a_misspelt_key_is_a_422_with_its_path(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api))
    people = _roster()
    people[3]["recomended"] = True
    response = api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    assert response.status_code == 422
    assert [d["path"] for d in response.json()["detail"]] == ["people[3].recomended"]


def test_put_departments_with_a_misspelt_evaluation_key_is_a_422(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id, scheme="internal-department", year=2016, as_of=None)
    bad = department(1, evaluations={"democratc": 90, "style": None, "leaders": 95})
    response = api.put(f"/api/rounds/{round_id}/departments", json={"departments": [bad]})
    assert response.status_code == 422
    assert [d["path"] for d in response.json()["detail"]] == ["departments[0].evaluations.democratc"]
    good = api.put(f"/api/rounds/{round_id}/departments", json={"departments": [department(1)]})
    assert good.status_code == 200, good.text


def test_every_write_of_the_round_refuses_unknown_keys(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    writes = [
        (
            "post",
            "/api/organisations",
            {"name": "甲", "issuer_mark": "甲文件", "agency_code": "甲", "signature": "甲", "code": 1},
        ),
        ("post", f"/api/organisations/{organisation_id}/departments", {"name": "乙科", "head": "张三"}),
        (
            "post",
            "/api/rounds",
            {
                "organisation_id": organisation_id,
                "scheme": "purchased-service-annual",
                "year": 2024,
                "starts_on": "2024-12-23",
                "amounts": {"bonus_mouth": 3000},
            },
        ),
    ]
    for method, url, body in writes:
        response = api.request(method, url, json=body)
        assert response.status_code == 422, (url, response.text)
        assert (
            "未知字段" in response.json()["detail"][0]["msg"]
            or "不允许" in response.json()["detail"][0]["msg"]
        )
    round_id = create_round(api, organisation_id)
    api.put(f"/api/rounds/{round_id}/people", json={"people": _roster()})
    for url, body in (
        (f"/api/rounds/{round_id}/grades", {"grades": [{"id": "P001", "grade": "优秀", "note": "x"}]}),
        (
            f"/api/rounds/{round_id}/documents/publicity",
            {"payload": {"starts_on": "2022-12-26", "phone": "1"}},
        ),
    ):
        response = api.request("put" if url.endswith("grades") else "post", url, json=body)
        assert response.status_code == 422, (url, response.text)
