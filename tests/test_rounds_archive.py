"""Issue 9 point 5: the archive and the register keep their promises (DESIGN.md §7). An issued paper's
identity is (kind, person or recipient, award); versions chain only within it; a 文号 goes on exactly one
paper of its own 机关代字 and year; a number an issued paper carries cannot be voided; a year's sequence
can start at a given number and a number allocated outside the service can be recorded, both audited.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from schemas.round import RoundDocumentRequest
from service import archive
from service.auth import LOCAL_ADMIN
from service.db import Database
from service.errors import Conflict
from tests.rounds_support import create_round, person, setup_organisation

AGENCY = "宝行政中心"


def _round(api: TestClient) -> int:
    round_id = create_round(api, setup_organisation(api))
    people = [person(i) for i in range(1, 9)]
    people += [person(i, category="事业", proposed_grade="合格") for i in range(9, 12)]
    response = api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    assert response.status_code == 200, response.text
    # Who takes part is known once the rules have run (RoundContext.participants).
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    return round_id


def _issue(api: TestClient, round_id: int, kind: str, **body: Any) -> Any:
    return api.post(f"/api/rounds/{round_id}/documents/{kind}", json={"issue": True, **body})


def _letter(api: TestClient, round_id: int, unit: str, **body: Any) -> Any:
    payload = {"date": "2023-01-06", "basis_title": "《关于做好2022年度常驻人员考核工作的通知》"}
    return _issue(
        api, round_id, "adjustment-letter", dispatching_unit=unit, grades=["称职"], payload=payload, **body
    )


def _archive(api: TestClient, round_id: int) -> list[dict[str, Any]]:
    return list(api.get(f"/api/rounds/{round_id}/issued").json())


def test_a_letter_to_unit_b_never_supersedes_the_letter_to_unit_a(api: TestClient) -> None:
    round_id = _round(api)
    unit_a, unit_b = person(1)["dispatching_unit"], person(2)["dispatching_unit"]
    for unit in (unit_a, unit_b, unit_a):
        response = _letter(api, round_id, unit)
        assert response.status_code == 200, response.text
    letters = [(d["recipient"], d["version"], d["supersedes_id"]) for d in _archive(api, round_id)]
    first_a = _archive(api, round_id)[0]["id"]
    assert letters == [(unit_a, 1, None), (unit_b, 1, None), (unit_a, 2, first_a)]


def test_reports_to_the_organisation_department_and_the_hrss_bureau_are_two_papers(api: TestClient) -> None:
    """七(一): 区委组织部 gets 区内 公务员/参公, 区人社局 区内 事业; one report never supersedes the other."""
    round_id = _round(api)
    for recipient, categories in (("区委组织部", ["公务员"]), ("区人社局", ["事业"])):
        response = _issue(
            api,
            round_id,
            "result-report",
            grades=["称职", "合格"],
            categories=categories,
            payload={"recipient": recipient, "reported_on": "2023-01-10"},
        )
        assert response.status_code == 200, response.text
    reports = [(d["recipient"], d["version"], d["supersedes_id"]) for d in _archive(api, round_id)]
    assert reports == [("区委组织部", 1, None), ("区人社局", 1, None)]


def test_one_persons_dedication_certificate_never_supersedes_her_excellent_certificate(
    api: TestClient,
) -> None:
    """001 六(四): 优秀 and 敬业奉献奖 are two honours, two certificates; the identity includes the award."""
    round_id = _round(api)
    for honour in ("优秀", "敬业奉献奖", "优秀"):
        response = _issue(
            api,
            round_id,
            "certificate",
            person_id="P001",
            payload={"honour": honour, "awarded_on": "2023-01-10"},
        )
        assert response.status_code == 200, response.text
    papers = [(d["subject"], d["award"], d["version"]) for d in _archive(api, round_id)]
    assert papers == [("P001", "优秀", 1), ("P001", "敬业奉献奖", 1), ("P001", "优秀", 2)]


def test_one_docnum_on_a_second_paper_is_refused_but_a_new_version_keeps_it(api: TestClient) -> None:
    round_id = _round(api)
    unit_a, unit_b = person(1)["dispatching_unit"], person(2)["dispatching_unit"]
    first = _letter(api, round_id, unit_a, docnum="allocate")
    assert first.status_code == 200, first.text
    docnum = api.get("/api/docnums").json()[0]["text"]
    assert docnum == f"{AGENCY}〔2022〕1号"
    second = _letter(api, round_id, unit_b, docnum=docnum)
    assert second.status_code == 409
    assert "已用于已签发的《调整人员建议书》" in second.json()["detail"] and unit_a in second.json()["detail"]
    notice = _issue(api, round_id, "notice-resident-annual", docnum=docnum)
    assert notice.status_code == 409
    # A correction of the same letter is the same paper: its new version carries the same number.
    again = _letter(api, round_id, unit_a, docnum="宝行政中心[2022]第01号")
    assert again.status_code == 200, again.text
    assert [(d["recipient"], d["version"], d["docnum"]) for d in _archive(api, round_id)] == [
        (unit_a, 1, docnum),
        (unit_a, 2, docnum),
    ]
    assert api.get("/api/docnums").json()[0]["paper"].endswith(f"adjustment-letter//{unit_a}/")


def test_another_agencys_or_another_years_docnum_is_a_422_naming_the_field(api: TestClient) -> None:
    round_id = _round(api)
    other = api.post("/api/docnums", json={"agency_code": "别的机关", "year": 2031, "title": "别的文"})
    assert other.status_code == 201
    agency = _issue(api, round_id, "notice-resident-annual", docnum="别的机关〔2031〕1号")
    assert agency.status_code == 422
    assert agency.json()["detail"][0]["path"] == "docnum"
    assert "不是本单位的「宝行政中心」" in agency.json()["detail"][0]["msg"]
    year = _issue(api, round_id, "notice-resident-annual", docnum="宝行政中心〔2031〕1号")
    assert year.status_code == 422
    assert "年份 2031 不属于本轮考核" in year.json()["detail"][0]["msg"]
    # The round's timeline reaches January 2023: a 2023 number of the centre is its own.
    api.post("/api/docnums", json={"agency_code": AGENCY, "year": 2023, "title": "结果反馈"})
    response = _letter(api, round_id, person(1)["dispatching_unit"], docnum="宝行政中心〔2023〕1号")
    assert response.status_code == 200, response.text


def test_voiding_the_number_of_an_issued_notice_is_refused_until_a_new_version_replaces_it(
    api: TestClient,
) -> None:
    """Our choice (README): refuse (409) while the current version of a paper carries the number."""
    round_id = _round(api)
    notice = _issue(api, round_id, "notice-resident-annual", docnum="allocate")
    assert notice.status_code == 200, notice.text
    (first,) = api.get("/api/docnums").json()
    refused = api.post(f"/api/docnums/{first['id']}/void", json={"reason": "发文有误"})
    assert refused.status_code == 409
    assert "已用于已签发的《考核工作通知（常驻人员）》" in refused.json()["detail"]
    assert api.get("/api/docnums").json()[0]["status"] == "issued"
    corrected = _issue(api, round_id, "notice-resident-annual", docnum="allocate")
    assert corrected.status_code == 200, corrected.text
    voided = api.post(f"/api/docnums/{first['id']}/void", json={"reason": "发文有误，已以2号重发"})
    assert voided.status_code == 200, voided.text
    assert [d["docnum"] for d in _archive(api, round_id)] == [first["text"], f"{AGENCY}〔2022〕2号"]


def test_the_register_starts_a_year_at_a_given_number_audited(api: TestClient) -> None:
    started = api.post("/api/docnums/start", json={"agency_code": AGENCY, "year": 2025, "next_number": 13})
    assert started.status_code == 200, started.text
    assert started.json() == {"agency_code": AGENCY, "year": 2025, "next_number": 13}
    given = api.post("/api/docnums", json={"agency_code": AGENCY, "year": 2025, "title": "通知"})
    assert given.json()["text"] == f"{AGENCY}〔2025〕13号"
    backwards = api.post("/api/docnums/start", json={"agency_code": AGENCY, "year": 2025, "next_number": 13})
    assert backwards.status_code == 409 and "已编到13号" in backwards.json()["detail"]
    audit = [a for a in api.get("/api/audit").json() if a["action"] == "start_year"]
    assert [(a["actor"], a["after"]) for a in audit] == [("local", {"next_number": 13})]


def test_a_number_allocated_outside_the_service_is_recorded_audited_and_never_given_again(
    api: TestClient,
) -> None:
    ahead = api.post("/api/docnums/external", json={"docnum": "宝行政中心[2025]5号", "title": "手工发文"})
    assert ahead.status_code == 409 and "起始号设为6号" in ahead.json()["detail"]
    api.post("/api/docnums/start", json={"agency_code": AGENCY, "year": 2025, "next_number": 13})
    recorded = api.post("/api/docnums/external", json={"docnum": "宝行政中心[2025]5号", "title": "手工发文"})
    assert recorded.status_code == 201, recorded.text
    assert (recorded.json()["text"], recorded.json()["source"]) == (f"{AGENCY}〔2025〕5号", "external")
    twice = api.post("/api/docnums/external", json={"docnum": "宝行政中心〔2025〕5号", "title": "手工发文"})
    assert twice.status_code == 409
    audit = [a for a in api.get("/api/audit").json() if a["action"] == "record_external"]
    assert audit[0]["actor"] == "local" and audit[0]["after"]["text"] == f"{AGENCY}〔2025〕5号"
    # A round of 2025 can now issue a paper under the recorded number.
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id, year=2025, as_of="2025-11-30", starts_on="2025-12-15")
    api.put(f"/api/rounds/{round_id}/people", json={"people": [person(1)]})
    notice = _issue(api, round_id, "notice-resident-annual", docnum="宝行政中心〔2025〕5号")
    assert notice.status_code == 200, notice.text


def test_register_writes_refuse_unknown_keys(api: TestClient) -> None:
    response = api.post(
        "/api/docnums", json={"agency_code": AGENCY, "year": 2025, "title": "通知", "yaer": 1}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == "yaer"


def test_two_papers_issued_at_once_with_one_docnum_give_it_to_exactly_one(
    api: TestClient, database: Database
) -> None:
    """The register row is locked while a paper takes its number: of 6 letters to 6 units issued in
    parallel under one 文号, one is issued and 5 are refused (409)."""
    round_id = _round(api)
    docnum = api.post("/api/docnums", json={"agency_code": AGENCY, "year": 2022, "title": "建议书"}).json()[
        "text"
    ]
    units = [f"派出单位{i}" for i in range(6)]

    def issue(unit: str) -> str:
        request = RoundDocumentRequest(
            issue=True, docnum=docnum, grades=["称职"], payload={"addressee": unit, "date": "2023-01-06"}
        )
        try:
            with database.session(write=True) as session:
                archive.render_round_document(
                    session=session,
                    actor=LOCAL_ADMIN,
                    round_id=round_id,
                    kind_id="adjustment-letter",
                    request=request,
                )
        except Conflict:
            return "refused"
        return "issued"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = sorted(pool.map(issue, units))
    assert outcomes == ["issued"] + ["refused"] * 5
    assert [d["docnum"] for d in _archive(api, round_id)] == [docnum]


def test_allocate_numbers_in_a_year_the_round_reaches_when_asked(api: TestClient) -> None:
    """A 2022 round's letters go out in January 2023 (000 八): `docnum_year` 2023 takes 〔2023〕1号."""
    round_id = _round(api)
    letter = _letter(api, round_id, person(1)["dispatching_unit"], docnum="allocate", docnum_year=2023)
    assert letter.status_code == 200, letter.text
    assert [d["text"] for d in api.get("/api/docnums").json()] == [f"{AGENCY}〔2023〕1号"]
    beyond = _letter(api, round_id, person(2)["dispatching_unit"], docnum="allocate", docnum_year=2031)
    assert beyond.status_code == 422 and beyond.json()["detail"][0]["path"] == "docnum_year"
