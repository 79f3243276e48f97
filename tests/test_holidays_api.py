"""Issue 9 point 9: a year's 节假日安排 added by an administrator through the API — stored in the
database, audited, validated (dates in that year, 调休 only on weekends, no day both off and worked) —
and used by service.workdays, so a 2026 round whose timeline reaches 2027 can start once the State
Council publishes 2027. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from schemas.holiday import HolidayYearIn
from service import holiday_years, workdays
from service.auth import Actor
from service.db import Database
from service.errors import Forbidden
from tests.rounds_support import setup_organisation

YEAR = max(workdays.package_years()) + 1  # 2027 with chinesecalendar 1.10
# A made-up arrangement (the real one is published each November): New Year's Day, a Friday in 2027,
# and the spring festival week, with Saturday 2027-02-20 worked in lieu.
ARRANGEMENT = {
    "holidays": [f"{YEAR}-01-01", *(f"{YEAR}-02-{d:02d}" for d in range(6, 13))],
    "workdays": [f"{YEAR}-02-20"],
    "source": f"国办发明电〔{YEAR - 1}〕7号",
}


@pytest.fixture(autouse=True)
def _calendar_as_shipped() -> Iterator[None]:
    """The process-wide calendar forgets what a test entered, so other tests see the package's years."""
    yield
    workdays.use_entered_years({})


def _round(api: TestClient, organisation_id: int) -> object:
    body = {
        "organisation_id": organisation_id,
        "scheme": "resident-annual",
        "year": YEAR - 1,
        "as_of": f"{YEAR - 1}-11-30",
        "starts_on": f"{YEAR - 1}-12-14",
    }
    return api.post("/api/rounds", json=body)


def test_a_round_reaching_a_year_the_calendar_lacks_starts_once_the_admin_adds_it(api: TestClient) -> None:
    organisation_id = setup_organisation(api)
    refused = _round(api, organisation_id)
    assert refused.status_code == 400
    assert f"{YEAR}年的国务院节假日安排尚未收录" in refused.json()["detail"]
    assert f"PUT /api/holidays/{YEAR}" in refused.json()["detail"]
    added = api.put(f"/api/holidays/{YEAR}", json=ARRANGEMENT)
    assert added.status_code == 200, added.text
    assert added.json()["origin"] == "database" and added.json()["updated_by"] == "local"
    created = _round(api, organisation_id)
    assert created.status_code == 201, created.text
    # The stages that cross New Year skip 2027-01-01 (the arrangement's holiday) and the weekend.
    ends = [dt.date.fromisoformat(s["end"]) for s in created.json()["timeline"]]
    assert max(ends).year == YEAR and dt.date(YEAR, 1, 1) not in ends
    assert workdays.is_working_day(dt.date(YEAR, 2, 20)) and not workdays.is_working_day(dt.date(YEAR, 2, 8))
    listed = {y["year"]: y["origin"] for y in api.get("/api/holidays").json()}
    assert listed[YEAR] == "database" and listed[YEAR - 1] == "package"


def test_the_arrangement_is_audited_with_who_and_what_it_was_before(api: TestClient) -> None:
    api.put(f"/api/holidays/{YEAR}", json=ARRANGEMENT)
    corrected = {**ARRANGEMENT, "workdays": [f"{YEAR}-02-20", f"{YEAR}-02-21"]}
    assert api.put(f"/api/holidays/{YEAR}", json=corrected).status_code == 200
    entries = [a for a in api.get("/api/audit").json() if a["action"] == "put_holidays"]
    assert len(entries) == 2 and {e["actor"] for e in entries} == {"local"}
    second = next(e for e in entries if e["before"] is not None)
    assert second["before"]["workdays"] == [f"{YEAR}-02-20"]
    assert second["after"]["workdays"] == [f"{YEAR}-02-20", f"{YEAR}-02-21"]
    assert workdays.is_working_day(dt.date(YEAR, 2, 21)) and not workdays.is_working_day(dt.date(YEAR, 2, 28))


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"holidays": [f"{YEAR + 1}-01-01"]}, "holidays[0]", f"不在{YEAR}年内"),
        ({"workdays": [f"{YEAR}-02-22"]}, "workdays[0]", "调休上班日应为周六或周日"),
        ({"workdays": [f"{YEAR}-02-06"]}, "workdays[0]", "同时列为放假日和调休上班日"),
        ({"holidays": [f"{YEAR}-01-01", f"{YEAR}-01-01"]}, "holidays[1]", "重复"),
        ({"holiday": [f"{YEAR}-01-01"]}, "holiday", "不允许"),
        ({"holidays": ["2027-13-01"]}, "holidays[0]", "日期"),
    ],
)
def test_a_bad_arrangement_is_a_422_with_its_path_in_chinese(
    api: TestClient, change: dict[str, object], path: str, words: str
) -> None:
    response = api.put(f"/api/holidays/{YEAR}", json={**ARRANGEMENT, **change})
    assert response.status_code == 422, response.text
    problem = next(d for d in response.json()["detail"] if d["path"] == path)
    assert words in problem["msg"]


def test_a_year_the_package_carries_is_refused(api: TestClient) -> None:
    response = api.put(f"/api/holidays/{YEAR - 1}", json={**ARRANGEMENT, "holidays": [f"{YEAR - 1}-01-01"]})
    assert response.status_code == 409 and "已由日历包" in response.json()["detail"]


def test_only_an_administrator_may_add_a_year(database: Database) -> None:
    clerk = Actor(username="clerk1", role="clerk")
    with pytest.raises(Forbidden, match="管理员"), database.session(write=True) as session:
        holiday_years.put_year(session=session, actor=clerk, year=YEAR, request=HolidayYearIn(**ARRANGEMENT))


def test_a_package_year_is_listed_with_the_days_the_calendar_counts(api: TestClient) -> None:
    """DESIGN.md §3: 国庆 2024-10-01…07 off, Sunday 2024-09-29 and Saturday 10-12 worked in lieu."""
    year = {y["year"]: y for y in api.get("/api/holidays").json()}[2024]
    assert year["origin"] == "package"
    assert {f"2024-10-0{d}" for d in range(1, 8)} <= set(year["holidays"])
    assert {"2024-09-29", "2024-10-12"} <= set(year["workdays"])
    assert all(not workdays.is_working_day(dt.date.fromisoformat(d)) for d in year["holidays"])
    assert all(workdays.is_working_day(dt.date.fromisoformat(d)) for d in year["workdays"])
