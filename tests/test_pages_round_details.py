"""Issue 13's leftovers on the round's new API (issue 9), without a browser, on SQLite and PostgreSQL:
机构设置 edits the organisation's 发文 details, its notice text per scheme and the year's first 文号;
文书 shows what each paper still needs (GET /api/rounds/{id}/status) and takes the organisation's and
round's missing fields once; 名单's re-import that would change decisions lists the changes (409) and
is stored only when confirmed."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from service import csrf
from tests.rounds_support import (
    DEPARTMENTS,
    DETAILS_000,
    ORGANISATION,
    create_round,
    person,
    setup_organisation,
)
from tests.test_rounds_excel import roster_workbook

BARE = {k: ORGANISATION[k] for k in ("name", "issuer_mark", "agency_code", "signature")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post(api: TestClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    api.get("/organisation")  # the csrftoken cookie
    return api.post(path, data={**data, csrf.FIELD: api.cookies[csrf.COOKIE]}, **kwargs)


def _bare_round(api: TestClient) -> int:
    """A 000 round of an organisation registered with its four names only, the round with no details."""
    organisation_id = int(api.post("/api/organisations", json=BARE).json()["id"])
    for name in DEPARTMENTS:
        api.post(f"/api/organisations/{organisation_id}/departments", json={"name": name})
    round_id = create_round(api, organisation_id, details={})
    people = [person(1), person(2, proposed_grade="基本称职")]
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    return round_id


def test_the_documents_page_asks_once_for_what_the_papers_need_and_then_they_are_ready(
    api: TestClient,
) -> None:
    """DESIGN.md §7: the 000 notice waits for 上级文件 and the 考核领导小组 (round details), the 公示 for
    the objection office and phone (organisation) and its start date — one input each, whatever paper
    asks; a bad value is refused next to its field and nothing is stored."""
    round_id = _bare_round(api)
    page = api.get(f"/rounds/{round_id}/documents").text
    for name in (
        "organisation.objection_phone",
        "organisation.contact",
        "round.details.leader",
        "round.details.party_notice.title",
        "round.details.publicity_starts_on",
    ):
        assert page.count(f'name="{name}"') == 1, name
    assert re.search(r'name="round\.details\.publicity_starts_on" type="date"', page)
    assert "尚缺：" in page
    details = {
        "organisation.objection_office": "中心业务科",
        "organisation.objection_phone": "1",  # the API's model wants at least 3 characters
        "round.details.leader": "中心主任闫乐",
    }
    refused = _post(api, f"/rounds/{round_id}/details", details)
    assert refused.status_code == 422
    assert re.search(
        r'class="form-control is-invalid" id="d-\d+" name="organisation\.objection_phone"', refused.text
    )
    assert 'value="中心主任闫乐"' in refused.text  # what was typed stays
    assert api.get(f"/api/rounds/{round_id}").json()["details"].get("leader") is None, "nothing stored"
    details |= {
        "organisation.objection_phone": "021-56781234",
        "organisation.contact": "业务科 王芳 56781234",
        "organisation.short_name": "宝山区行政服务中心",
        "round.details.deputy": "副主任陈志英",
        "round.details.party_notice.title": DETAILS_000["party_notice"]["title"],
        "round.details.party_notice.docnum": "宝委组〔2022〕249号",
        "round.details.hrss_notice.title": DETAILS_000["hrss_notice"]["title"],
        "round.details.internal_rules": "《宝山区行政服务中心内部管理考核办法》",
        "round.details.publicity_starts_on": "2022-12-27",
    }
    saved = _post(api, f"/rounds/{round_id}/details", details, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    round_ = api.get(f"/api/rounds/{round_id}").json()
    assert round_["details"]["party_notice"] == {
        "title": details["round.details.party_notice.title"],
        "docnum": "宝委组〔2022〕249号",
    }
    assert api.get("/api/organisations").json()[0]["objection_phone"] == "021-56781234"
    status = {p["kind"]: p for p in api.get(f"/api/rounds/{round_id}/status").json()["papers"]}
    for kind in ("notice-resident-annual", "publicity"):
        assert status[kind]["missing"] == [], (kind, status[kind])
    # What is left is no field to type: the letter cites the notice, so the notice is issued first.
    assert status["adjustment-letter"]["missing"] == [{"field": "先签发本轮通知", "label": "依据的通知"}]
    page = api.get(f"/rounds/{round_id}/documents?saved=details").text
    assert "文书尚缺的信息" not in page and "所需的机构和考核信息已齐全" in page


def test_an_unknown_field_of_the_details_form_is_refused(api: TestClient) -> None:
    round_id = _bare_round(api)
    refused = _post(api, f"/rounds/{round_id}/details", {"organisation.agency_code": "别的机关"})
    assert refused.status_code == 422
    assert api.get("/api/organisations").json()[0]["agency_code"] == BARE["agency_code"]
    refused = _post(api, f"/rounds/{round_id}/details", {"leader": "某人"})
    assert refused.status_code == 422


def test_the_organisation_page_edits_the_发文_details_keeping_what_is_left_empty(api: TestClient) -> None:
    setup_organisation(api)
    page = api.get("/organisation").text
    assert 'value="业务科 王芳 021-56781234"' in page  # the stored contact, ready to edit
    saved = _post(
        api,
        "/organisation/details",
        {"contact": "业务科 李华 56780000", "address": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    organisation = api.get("/api/organisations").json()[0]
    assert organisation["contact"] == "业务科 李华 56780000"
    assert organisation["objection_phone"] == ORGANISATION["objection_phone"]
    unknown = _post(api, "/organisation/details", {"agency_code": "别的机关"})
    assert unknown.status_code == 422 and "不允许的字段" in unknown.text
    audit = [
        a for a in api.get("/api/audit").json() if a["entity"] == "organisations" and a["action"] == "update"
    ]
    assert audit and audit[-1]["after"]["contact"] == "业务科 李华 56780000"


def test_the_organisation_page_saves_the_notice_text_as_a_new_version_and_refuses_a_typed_figure(
    api: TestClient,
) -> None:
    """issue 9 point 2: figures stay placeholders; 15% typed where the policy says 10% is refused."""
    setup_organisation(api)
    text = "一、考核范围\n公示期为{公示工作日}个工作日。\n先进个人比例为15%。"
    refused = _post(api, "/organisation/notice-texts/resident-annual", {"text": text})
    assert refused.status_code == 422
    assert "第3段" in refused.text and "15%" in refused.text
    assert api.get("/api/organisations/1/notice-texts/resident-annual").json() == []
    text = "一、考核范围\n公示期为{公示工作日}个工作日。"
    saved = _post(api, "/organisation/notice-texts/resident-annual", {"text": text}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    (version,) = api.get("/api/organisations/1/notice-texts/resident-annual").json()
    assert version["version"] == 1
    assert version["paragraphs"][0] == {"level": 1, "number": "一、", "heading": "", "text": "考核范围"}
    assert version["paragraphs"][1]["text"] == "公示期为{公示工作日}个工作日。"
    page = api.get("/organisation?saved=notice-resident-annual").text
    assert "第1版" in page and "一、考核范围\n公示期为{公示工作日}个工作日。" in page


def test_the_organisation_page_starts_the_years_文号_at_a_given_number(api: TestClient) -> None:
    setup_organisation(api)
    started = _post(
        api, "/organisation/docnum-start", {"year": "2025", "next_number": "13"}, follow_redirects=False
    )
    assert started.status_code == 303, started.text
    given = api.post(
        "/api/docnums", json={"agency_code": ORGANISATION["agency_code"], "year": 2025, "title": "通知"}
    )
    assert given.json()["text"] == "宝行政中心〔2025〕13号"
    backwards = _post(api, "/organisation/docnum-start", {"year": "2025", "next_number": "5"})
    assert backwards.status_code == 422 and "已编到13号" in backwards.text
    audit = [a for a in api.get("/api/audit").json() if a["action"] == "start_year"]
    assert [a["after"] for a in audit] == [{"next_number": 13}]


def _upload(api: TestClient, round_id: int, workbook: bytes, **data: str) -> Any:
    api.get(f"/rounds/{round_id}/roster")
    files = {"file": ("名单.xlsx", workbook, XLSX)}
    form = {**data, csrf.FIELD: api.cookies[csrf.COOKIE]}
    return api.post(f"/rounds/{round_id}/roster", data=form, files=files, follow_redirects=False)


def test_a_re_import_that_changes_final_grades_lists_the_changes_and_needs_confirming(
    api: TestClient,
) -> None:
    """issue 9 point 6 through the page: the 409's `changes` as a table; stored only once confirmed."""
    round_id = create_round(api, setup_organisation(api))
    template = api.get(f"/api/rounds/{round_id}/roster.xlsx").content
    people = [person(i) for i in range(1, 4)]
    assert _upload(api, round_id, roster_workbook(template, people)).status_code == 303
    grades = [{"id": p["id"], "grade": "称职"} for p in people]
    assert api.put(f"/api/rounds/{round_id}/grades", json={"grades": grades}).status_code == 200
    fewer = roster_workbook(template, people[:2])  # P003, graded, left off
    refused = _upload(api, round_id, fewer)
    assert refused.status_code == 409
    assert re.search(
        r"<td>P003</td><td>常驻人员3</td><td>最终等次</td><td>称职</td><td>（移出名单）</td>", refused.text
    )
    assert 'name="confirm"' in refused.text and "确认导入" in refused.text
    assert len(api.get(f"/api/rounds/{round_id}/people").json()) == 3, "nothing stored before confirming"
    confirmed = _upload(api, round_id, fewer, confirm="true")
    assert confirmed.status_code == 303, confirmed.text
    assert [e["person"]["id"] for e in api.get(f"/api/rounds/{round_id}/people").json()] == ["P001", "P002"]
