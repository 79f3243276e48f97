"""Creating and editing rounds: the seed's timeline in working days, the policy override checked when the
round is created, Chinese errors. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.rounds_support import create_round, person, setup_organisation


def test_001_八_timeline_from_a_notice_of_2024_12_23_gives_the_seeds_deadlines(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    round_id = create_round(
        api,
        organisation_id,
        scheme="purchased-service-annual",
        year=2024,
        as_of="2024-12-31",
        starts_on="2024-12-23",
    )
    timeline = api.get(f"/api/rounds/{round_id}").json()["timeline"]
    # 12月27日前, 12月31日前, 1月8日前 (元旦 is not counted), 1月20日前, 1月24日前.
    assert [s["end"] for s in timeline] == [
        "2024-12-27",
        "2024-12-31",
        "2025-01-08",
        "2025-01-20",
        "2025-01-24",
    ]


def test_a_round_with_a_bad_policy_or_scheme_is_refused_and_the_policy_can_change_later(
    api: TestClient,
) -> None:
    organisation_id = setup_organisation(api)
    base = {"organisation_id": organisation_id, "year": 2022, "starts_on": "2022-12-14"}
    unknown = api.post("/api/rounds", json={**base, "scheme": "no-such-scheme"})
    assert unknown.status_code == 404 and "没有考核方案" in unknown.json()["detail"]
    bad = api.post(
        "/api/rounds", json={**base, "scheme": "resident-annual", "policy": {"rounding": "sometimes"}}
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["path"].startswith("policy")
    missing = api.post("/api/rounds", json={**base, "scheme": "resident-annual", "organisation_id": 999})
    assert missing.status_code == 404

    round_id = create_round(api, organisation_id)
    api.put(f"/api/rounds/{round_id}/people", json={"people": [person(i) for i in range(1, 11)]})
    changed = api.patch(f"/api/rounds/{round_id}", json={"policy": {"rounding": "ceil"}})
    assert changed.status_code == 200 and changed.json()["policy"] == {"rounding": "ceil"}
    assert changed.json()["people"] == 10
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200


def test_roster_json_import_reports_paths_and_stores_nothing_on_error(api: TestClient) -> None:
    round_id = create_round(api, setup_organisation(api))
    people = [person(1), person(2, id="P001"), person(3, department="不存在科"), person(4, id_number="123")]
    response = api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    assert response.status_code == 422
    paths = {d["path"]: d["msg"] for d in response.json()["detail"]}
    assert "people[3].id_number" in paths
    response = api.put(f"/api/rounds/{round_id}/people", json={"people": people[:3]})
    paths = {d["path"]: d["msg"] for d in response.json()["detail"]}
    assert paths["people[1].id"] == "人员编号 P001 与第1条重复"
    assert paths["people[2].department"].startswith("部门「不存在科」不存在")
    assert api.get(f"/api/rounds/{round_id}/people").json() == []
