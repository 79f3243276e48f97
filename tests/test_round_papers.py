"""Issue 9: a round is the source of every paper it issues (DESIGN.md §7). A seed-000 round of 2023 with
its own organisation and policy overrides issues notice, 公示, letters, reports, ballots and forms from
stored data alone — nothing of the seed's example, what it lacks named in Chinese. SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from docx import Document
from fastapi.testclient import TestClient

from service.auth import Actor
from service.cn_format import cn_date
from service.db import Database
from service.round_status import round_status
from service.workdays import publicity_end
from tests.rounds_support import DETAILS_000, create_round, person, setup_organisation

DETAILS_2023 = {
    **DETAILS_000,
    "party_notice": {
        "title": "《关于做好2023年度机关及参公单位科级及以下公务员年度考核工作的通知》",
        "docnum": "宝委组〔2023〕301号",
    },
    "hrss_notice": {"title": "《关于做好2023年度事业单位工作人员年度考核和定期奖励工作的工作提示》"},
    "leader": "中心主任李明",
    "deputy": "副主任王强",
    "publicity_starts_on": "2023-12-27",
}
# Every policy figure the notice states, changed from the seed's: 先进个人 15% (seed 10%), 公示 7 working
# days (5), 优秀 pools 25% (20%), 推荐 30% (20%), at least 8 months at the centre (6).
POLICY_2023 = {
    "advanced": {"ratio": 0.15},
    "publicity_working_days": 7,
    "min_months": 8,
    "excellent_pools": [
        {
            "key": "公务员+参公",
            "label": "公务员(参公)",
            "categories": ["公务员", "参公"],
            "ratio": 0.25,
            "clause": "四(一)",
        },
        {"key": "事业", "label": "事业编制", "categories": ["事业"], "ratio": 0.25, "clause": "四(二)"},
    ],
    "recommendation": {
        "groups": [
            {"key": "公务员+参公", "label": "公务员(参公)", "categories": ["公务员", "参公"], "ratio": 0.3},
            {"key": "事业", "label": "事业编制", "categories": ["事业"], "ratio": 0.3},
            {"key": "其他", "label": "其他性质", "categories": ["其他"], "ratio": 0.15},
        ]
    },
}


def text_of(content: bytes) -> str:
    """Every paragraph and cell; a title's sense breaks (w:br, GB/T 9704 7.3.1) and the word joiners that
    keep a quoted 文号 on one line print nothing between the words, so they are taken out."""
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [p.text.replace("\n", "") for p in document.paragraphs]
    return "\n".join(paragraphs + cells).replace("\u2060", "")


def roster_2023() -> list[dict[str, Any]]:
    """20 residents: 公务员 P001–P008 (P008 市条线), 参公 P009–P010, 事业 P011–P015, 其他 P016–P017,
    and P018–P020 公务员 of whom P020 joined too late to take part (二)."""
    quarters = {"quarter_grades": ["好", "较好", "好", "较好"]}  # 公示 prints them (002 五(二))
    people = [person(i, category="公务员" if i <= 8 else "参公", **quarters) for i in range(1, 11)]
    people[7].update(unit_kind="市条线", dispatching_unit="上海市税务局第十二稽查局")
    people += [person(i, category="事业", proposed_grade="合格") for i in range(11, 16)]
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
            proposed_grade="不合格",
            unit_kind="其他",
            dispatching_unit="某劳务派遣公司",
            in_establishment=False,
            conditions=[4],
        ),
    ]
    people += [person(i, category="公务员", **quarters) for i in (18, 19)]
    people.append(person(20, category="公务员", on_roster=False, joined_on="2023-09-01", proposed_grade=None))
    for p, grade in ((people[0], "优秀"), (people[1], "优秀"), (people[10], "优秀")):
        p.update(proposed_grade=grade, recommended=True, quarterly_excellent=3)
    people[0]["advanced"] = True
    people[11].update(proposed_grade="基本合格", conditions=[3])
    return people


def round_2023(api: TestClient, **overrides: Any) -> int:
    organisation_id = setup_organisation(api)
    round_id = create_round(
        api,
        organisation_id,
        year=2023,
        as_of="2023-11-30",
        starts_on="2023-12-14",
        policy=POLICY_2023,
        **{"details": DETAILS_2023, **overrides},
    )
    stored = api.put(f"/api/rounds/{round_id}/people", json={"people": roster_2023()})
    assert stored.status_code == 200, stored.text
    return round_id


def evaluated_2023(api: TestClient) -> int:
    round_id = round_2023(api)
    evaluated = api.post(f"/api/rounds/{round_id}/evaluate")
    assert evaluated.status_code == 200, evaluated.text
    return round_id


def paper(api: TestClient, round_id: int, kind: str, **body: Any) -> str:
    response = api.post(f"/api/rounds/{round_id}/documents/{kind}", json=body)
    assert response.status_code == 200, (kind, response.text)
    return text_of(response.content)


def batch(api: TestClient, round_id: int, **item: Any) -> list[str]:
    response = api.post(f"/api/rounds/{round_id}/documents", json={"items": [item]})
    assert response.status_code == 200, (item, response.text)
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        return [text_of(package.read(name)) for name in package.namelist()]


def test_a_2023_round_notice_says_its_year_organisation_policy_and_timeline_and_no_2022(
    api: TestClient,
) -> None:
    """000 二, 四, 五(五), 六, 八: the seed's text filled from the round, with no request payload."""
    round_id = round_2023(api)
    notice = paper(api, round_id, "notice-resident-annual", issue=True, docnum="allocate")
    assert "2022" not in notice
    assert "宝行政中心〔2023〕1号" in notice and "宝委组〔2023〕301号" in notice
    assert "宝山区行政服务中心关于做好2023年度常驻部门考核工作的通知" in notice
    assert "2023年11月30日在册或在中心工作满8个月以上" in notice  # 二 with the round's min_months
    assert "先进个人的比例按参加考核人员总人数的15%确定" in notice  # 四(三)
    assert "编制人数的25%确定" in notice and "公示期为7个工作日" in notice  # 四(一), 五(五)
    assert "中心主任李明为组长，副主任王强为副组长" in notice  # 六
    assert "公务员（参公）、事业编制为30%、其他性质为15%" in notice  # 五(二)3
    # 八 from the round's timeline (2023-12-14 notice): the dates of this year, not the seed's.
    timeline = api.get(f"/api/rounds/{round_id}").json()["timeline"]
    # 八(三) holds the 公示: 3 working days of 评定 and the policy's 7 (the seed's 5 gave 8).
    assert timeline[2]["name"] == "考核等次评定阶段（含公示7个工作日）" and timeline[2]["working_days"] == 10
    assert cn_date(dt.date.fromisoformat(timeline[-1]["end"])) in notice


def test_a_changed_ratio_and_day_count_reach_notice_checks_and_publicity_alike(api: TestClient) -> None:
    """四(三) 先进个人 15%, 五(五) 公示 7 working days: the checks and the 公示 read the same policy."""
    round_id = evaluated_2023(api)
    result = api.post(f"/api/rounds/{round_id}/evaluate").json()
    advanced = next(q for q in result["quotas"] if q["grade"] == "先进个人")
    assert advanced["ratio"] == 0.15 and advanced["limit"] == 2  # 19 taking part × 15%, floor
    excellent = next(q for q in result["quotas"] if q["key"] == "优秀:公务员+参公")
    assert excellent["ratio"] == 0.25
    publicity = paper(api, round_id, "publicity")

    start = dt.date(2023, 12, 27)
    assert cn_date(publicity_end(start, 7)) in publicity.replace("\n", "")
    assert "7个工作日" in publicity and "021-56781234" in publicity and "021-12345678" not in publicity
    assert "根据《关于做好2023年度常驻部门考核工作的通知》" in publicity  # no notice issued yet
    paper(api, round_id, "notice-resident-annual", issue=True, docnum="allocate")
    cited = paper(api, round_id, "publicity")
    assert (
        "根据《宝山区行政服务中心关于做好2023年度常驻部门考核工作的通知》（宝行政中心〔2023〕1号）" in cited
    )
    assert all(f"常驻人员{i}" in publicity for i in (1, 2, 11)) and "常驻人员3\n" not in publicity


def test_a_round_paper_names_every_missing_field_in_chinese_until_entered(api: TestClient) -> None:
    """DESIGN.md §7: what the round cannot know is refused (409) naming each field, then entered once."""
    organisation_id = int(
        api.post(
            "/api/organisations",
            json={
                "name": "某区服务中心",
                "issuer_mark": "某区服务中心文件",
                "agency_code": "某服中心",
                "signature": "某区服务中心",
            },
        ).json()["id"]
    )
    round_id = create_round(
        api, organisation_id, year=2023, as_of="2023-11-30", starts_on="2023-12-14", details={}
    )
    people = [person(1, department=None, proposed_grade="优秀", quarter_grades=["好", "好", "好", "好"])]
    api.put(f"/api/rounds/{round_id}/people", json={"people": people})
    refused = api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"docnum": "某服中心〔2023〕1号"}
    )
    assert refused.status_code == 409
    fields = {m["field"] for m in refused.json()["missing"]}
    assert fields == {
        "round.details.party_notice",
        "round.details.hrss_notice",
        "round.details.internal_rules",
        "round.details.leader",
        "round.details.deputy",
    }
    assert "考核领导小组组长" in refused.json()["detail"]
    api.post(f"/api/rounds/{round_id}/evaluate")
    publicity = api.post(f"/api/rounds/{round_id}/documents/publicity", json={})
    assert publicity.status_code == 409
    assert {m["label"] for m in publicity.json()["missing"]} == {
        "公示开始日期",
        "受理异议的部门",
        "受理异议的电话",
    }
    # Entered once: on the organisation and on the round; the 公示 then needs no payload.
    assert (
        api.patch(
            f"/api/organisations/{organisation_id}",
            json={"objection_office": "综合科", "objection_phone": "021-66668888"},
        ).status_code
        == 200
    )
    assert (
        api.patch(
            f"/api/rounds/{round_id}", json={"details": {"publicity_starts_on": "2023-12-27"}}
        ).status_code
        == 200
    )
    listed = paper(api, round_id, "publicity")
    assert "021-66668888" in listed and "综合科" in listed
    # An unknown key of the round's details or the organisation is refused, not dropped.
    misspelt_office = api.patch(f"/api/organisations/{organisation_id}", json={"objection_phon": "1"})
    assert misspelt_office.status_code == 422 and "objection_phon" in misspelt_office.text
    misspelt = api.patch(f"/api/rounds/{round_id}", json={"details": {"publicity_start": "2023-12-27"}})
    assert misspelt.status_code == 422 and "publicity_start" in misspelt.text


def test_七_四_and_七_二_letters_one_per_dispatching_unit_with_its_people_only(api: TestClient) -> None:
    round_id = evaluated_2023(api)
    paper(api, round_id, "notice-resident-annual", issue=True, docnum="allocate")
    adjustment = batch(api, round_id, kind="adjustment-letter", dispatching_unit="*")
    assert len(adjustment) == 1 and "常驻人员12" in adjustment[0]
    assert "常驻人员1" not in adjustment[0].replace("常驻人员12", "")
    assert (
        "《宝山区行政服务中心关于做好2023年度常驻部门考核工作的通知》（宝行政中心〔2023〕1号）"
        in adjustment[0]
    )
    returned = batch(api, round_id, kind="return-letter", dispatching_unit="*")
    assert len(returned) == 1 and "某劳务派遣公司" in returned[0] and "常驻人员17" in returned[0]
    feedback = batch(api, round_id, kind="feedback-letter", dispatching_unit="*")
    assert len(feedback) == 3  # 市条线 P008 and P016, 其他 P017: each to its own unit
    tax = next(t for t in feedback if "上海市税务局第十二稽查局：" in t)
    assert "常驻人员8（" in tax and "常驻人员16" not in tax and "常驻人员17" not in tax
    last = api.get(f"/api/rounds/{round_id}").json()["timeline"][-1]["end"]
    assert last == "2024-01-12" and "2024年1月12日" in tax  # 八(四) of this round, not the seed's 2023-01-10
    one = api.post(
        f"/api/rounds/{round_id}/documents/adjustment-letter",
        json={"dispatching_unit": "上海市公积金管理中心"},
    )
    assert one.status_code == 409 and "没有本函涉及的人员" in one.json()["detail"]


def test_七_一_result_reports_go_to_their_recipient_with_only_their_people(api: TestClient) -> None:
    round_id = evaluated_2023(api)
    organisation, hrss = batch(api, round_id, kind="result-report", recipient="*")
    single = api.post(f"/api/rounds/{round_id}/documents/result-report", json={"recipient": "*"})
    assert single.status_code == 422 and single.json()["detail"][0]["path"] == "recipient"
    assert "区委组织部" in organisation and "区人社局" in hrss
    civil = {f"常驻人员{i}" for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 18, 19)}
    assert all(re.search(f"{name}(?!\\d)", organisation) for name in civil)
    assert not re.search("常驻人员8(?!\\d)", organisation)  # 市条线: fed back, not reported (七(二))
    assert not re.search("常驻人员20(?!\\d)", organisation)  # not eligible (二)
    assert not re.search("常驻人员1[1-5](?!\\d)", organisation)
    assert all(re.search(f"常驻人员{i}(?!\\d)", hrss) for i in range(11, 16))
    assert not re.search("常驻人员[1-9](?!\\d)", hrss)


def test_ballots_per_department_and_forms_for_those_who_take_part_each_their_category(
    api: TestClient,
) -> None:
    """000 五(二)1/2: each department's ballot lists its own people; "*" forms only the eligible."""
    round_id = evaluated_2023(api)
    ballots = batch(api, round_id, kind="ballot-resident-annual", department="*")
    assert len(ballots) == 4
    business = next(t for t in ballots if "测评范围：业务科" in t or "业务科" in t.split("\n")[1])
    assert re.search("常驻人员4(?!\\d)", business) and not re.search("常驻人员1(?!\\d)", business)
    civil_forms = batch(api, round_id, kind="form-civil-servant", person_id="*")
    assert len(civil_forms) == 10  # P001–P008, P018, P019: P020 does not take part
    assert not any("常驻人员20" in t for t in civil_forms)
    assert all("上海市公务员考核登记表" in t for t in civil_forms)
    institution = batch(api, round_id, kind="form-public-institution", person_id="*")
    assert len(institution) == 5
    wrong = api.post(f"/api/rounds/{round_id}/documents/form-civil-servant", json={"person_id": "P011"})
    assert wrong.status_code == 409 and "form-public-institution" in wrong.json()["detail"]
    roster = paper(api, round_id, "roster-resident-annual", issue=True)  # a date in the payload: no 500
    assert "常驻人员19" in roster and "常驻人员20" not in roster
    assert "2023年11月30日在册或在中心工作满8个月以上" in roster  # 二 with the round's policy


def test_000_七_三_commendation_is_the_centres_own_先进个人_not_seed_001s(api: TestClient) -> None:
    round_id = evaluated_2023(api)
    early = api.post(
        f"/api/rounds/{round_id}/documents/commendation", json={"docnum": "宝行政中心〔2023〕9号"}
    )
    assert early.status_code == 409 and "先签发本轮通知" in early.text
    paper(api, round_id, "notice-resident-annual", issue=True, docnum="allocate")
    decision = paper(api, round_id, "commendation", issue=True, docnum="allocate")
    assert "关于表彰2023年度先进个人的决定" in decision and "年度先进个人（1名）" in decision
    assert "常驻人员1" in decision and "张敏" not in decision and "政务服务中心" not in decision
    certificates = batch(api, round_id, kind="certificate", person_id="*")
    assert len(certificates) == 1 and "常驻人员1" in certificates[0]


def test_status_says_stage_counts_findings_and_what_each_paper_still_needs(api: TestClient) -> None:
    round_id = round_2023(api, details={})
    before = api.get(f"/api/rounds/{round_id}/status")
    assert before.status_code == 200, before.text
    state = before.json()
    assert state["evaluated"] is False and state["people"] == 20 and state["proposed"]["优秀"] == 3
    papers = {p["kind"]: p for p in state["papers"]}
    assert {m["label"] for m in papers["notice-resident-annual"]["missing"]} >= {"考核领导小组组长"}
    assert {m["label"] for m in papers["publicity"]["missing"]} == {"公示开始日期"}
    assert "评定" in papers["ballot-resident-annual"]["blocked"]
    assert "commendation" in papers and "bonus-sheet" not in papers  # 000 has no 001 bonus sheet
    api.post(f"/api/rounds/{round_id}/evaluate")
    after = api.get(f"/api/rounds/{round_id}/status").json()
    assert after["participants"] == 19 and after["evaluated"] is True
    papers = {p["kind"]: p for p in after["papers"]}
    assert papers["form-civil-servant"]["papers"] == 10 and papers["form-civil-servant"]["ready"] is True
    assert papers["result-report"]["papers"] == 2


def test_status_stage_follows_the_rounds_timeline(api: TestClient, database: Database) -> None:
    """八: the stage of the day, before the notice and after the last stage."""
    round_id = round_2023(api)
    admin = Actor(username="admin", role="admin")
    with database.session() as session:

        def stage(day: dt.date) -> tuple[str | None, str | None]:
            status = round_status(session=session, actor=admin, round_id=round_id, on=day)
            return status.stage, status.stage_clause

        assert stage(dt.date(2023, 12, 20)) == ("互评阶段（初评、述职、民主测评）", "八(二)")
        assert stage(dt.date(2023, 12, 1))[0] == "尚未开始（2023-12-14 起）"
        assert stage(dt.date(2024, 3, 1))[0] == "已结束（2024-01-12）"


def test_a_notice_preview_takes_no_number_and_leaves_it_blank_but_issuing_needs_one(api: TestClient) -> None:
    """Before 签发 the clerk reads the notice: its 文号 prints with the number blank (the register gives it
    at 签发, DESIGN §3), and issuing without a 文号 is refused naming the field."""
    round_id = round_2023(api)
    preview = paper(api, round_id, "notice-resident-annual")
    assert "宝行政中心〔2023〕\u3000号" in preview
    issued = api.post(f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"issue": True})
    assert issued.status_code == 409, issued.text
    assert issued.json()["missing"][0]["label"] == "发文字号"
    numbers = api.get("/api/docnums").json()
    assert numbers == [], "a preview never takes a number"
