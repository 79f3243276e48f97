"""Seed 003 三 scoring catalogue as data: events priced by their clause, halving, ranges (八2)."""

from __future__ import annotations

import pytest

from schemas.internal_department import InternalDepartmentPolicy
from service.rules.registry import default_policy_data
from tests.department_payloads import department, run

SCHEME = "internal-department"


def event(item: int, code: str, **fields: object) -> dict[str, object]:
    return {"item": item, "code": code, **fields}


def single(*events: dict[str, object], **overrides: object):  # type: ignore[no-untyped-def]
    return run(SCHEME, [department(1, events=list(events), **overrides)]).departments[0]


def item_points(result, number: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    items = [item for category in result.parts.categories for item in category.items]
    found = next(item for item in items if item.item == number)
    return found.deduct, found.bonus


def test_003_三_一_2_two_provincial_papers_one_short_earn_two_plus_half_of_two() -> None:
    """三(一)2 "省级报刊杂志刊登的加2分…字数不足…减半加分": 2 + 1 = 3 points."""
    result = single(event(2, "paper_provincial", count=2, short=1))
    [priced] = result.parts.events
    assert (priced.kind, priced.points, priced.clause) == ("bonus", 3, "三(一)2")
    assert "省级" in priced.label
    assert item_points(result, 2) == (0, 3)


def test_003_三_一_2_event_points_add_to_the_items_entered_bonus() -> None:
    result = single(event(2, "paper_national", short=1), items={"2": {"bonus": 1, "deduct": 0}})
    assert item_points(result, 2) == (0, 2.5)
    assert result.parts.assessment == 72.5


def test_003_三_三_11_leave_breaches_and_late_arrivals_add_exactly() -> None:
    """三(三)11: 0.5 per 请销假 breach, 0.2 per late arrival: 3 × 0.5 + 4 × 0.2 = 2.3, not 2.30000000001."""
    result = single(event(11, "leave_rule_breach", count=3), event(11, "late_or_early", count=4))
    assert [e.points for e in result.parts.events] == [1.5, 0.8]
    assert item_points(result, 11) == (2.3, 0)
    assert result.parts.assessment == 67.7


def test_003_三_六_18_line_collective_is_halved_and_single_collective_is_a_quarter() -> None:
    result = single(event(18, "collective_prefecture", short=1), event(18, "single_collective_prefecture"))
    assert [e.points for e in result.parts.events] == [1.5, 0.75]


@pytest.mark.parametrize("value", [1, 3, 5])
def test_003_三_三_9_range_1_to_5_takes_the_decided_value_within_it(value: float) -> None:
    """三(三)9 "酌情扣所在部门1-5分"; 八2 the 考核办 decides within the range, bounds included."""
    result = single(event(9, "public_morality", value=value))
    assert result.parts.events[0].points == value
    assert item_points(result, 9) == (value, 0)


def test_003_三_五_16_range_value_multiplies_by_the_count() -> None:
    result = single(event(16, "discipline_punished", value=2.5, count=2))
    assert result.parts.events[0].points == 5


def test_003_八1_catalogue_deductions_are_capped_with_the_category() -> None:
    result = single(event(12, "secret_leak", count=2), event(14, "network_overdue", count=3))
    daily = next(c for c in result.parts.categories if c.name == "日常政务")
    assert (daily.deduct, daily.deduct_counted, daily.score) == (11.5, 10, 0)


@pytest.mark.parametrize(
    ("bad", "path", "words"),
    [
        (event(9, "public_morality", value=5.5), "departments[0].events[0].value", "不在"),
        (event(9, "public_morality", value=0.5), "departments[0].events[0].value", "1–5分之内"),
        (event(9, "public_morality"), "departments[0].events[0].value", "须填写"),
        (event(2, "paper_city", count=1, short=2), "departments[0].events[0].short", "不能大于数量1"),
        (event(11, "late_or_early", short=1), "departments[0].events[0].short", "没有减半计分的规定"),
        (event(2, "paper_galactic"), "departments[0].events[0].code", "paper_national"),
        (event(11, "late_or_early", value=0.3), "departments[0].events[0].value", "分值固定为0.2分"),
        (event(19, "paper_city"), "departments[0].events[0].item", "不能大于 18"),
        (event(2, "paper_city", count=0), "departments[0].events[0].count", "不能小于 1"),
    ],
)
def test_003_八2_events_outside_the_catalogue_are_422_with_path(client, bad, path: str, words: str) -> None:  # type: ignore[no-untyped-def]
    body = {"year": 2016, "departments": [department(1, events=[bad])]}
    response = client.post(f"/api/schemes/{SCHEME}/evaluate", json=body)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["path"] == path and words in problem["msg"]


def test_003_catalogue_is_part_of_the_policy_shown_by_get(client) -> None:  # type: ignore[no-untyped-def]
    policy = client.get(f"/api/schemes/{SCHEME}").json()
    paper = next(e for e in policy["catalogue"]["2"]["entries"] if e["code"] == "paper_national")
    assert (paper["points"], paper["kind"], paper["clause"]) == (3, "bonus", "三(一)2")
    assert paper["halved_when"].startswith("报刊文章不足500字")
    breach = next(e for e in policy["catalogue"]["11"]["entries"] if e["code"] == "leave_rule_breach")
    assert breach["points"] == 0.5
    assert next(e for e in policy["catalogue"]["9"]["entries"])["range"] == [1, 5]


def test_003_catalogue_covers_all_18_items_and_each_entry_cites_its_own_item() -> None:
    policy = InternalDepartmentPolicy.model_validate(default_policy_data(SCHEME))
    assert sorted(policy.catalogue, key=int) == [str(n) for n in range(1, 19)]
    for number, item in policy.catalogue.items():
        category = policy.category_of(int(number))
        assert item.clause == f"{category.clause}{number}"
        assert item.entries and all(entry.clause == item.clause for entry in item.entries)


def test_003_a_round_may_reprice_the_catalogue() -> None:
    """Policies are data (DESIGN.md §2): a round overrides an item of the catalogue."""
    cheaper = {
        "2": {
            "entries": [
                {
                    "code": "paper_national",
                    "label": "国家级",
                    "kind": "bonus",
                    "points": 2,
                    "clause": "三(一)2",
                }
            ]
        }
    }
    departments = [department(1, events=[event(2, "paper_national")])]
    result = run(SCHEME, departments, catalogue=cheaper)
    assert result.departments[0].parts.events[0].points == 2


# ---------------------------------------------------------------- 三: each item's prices by category


def category_of(result, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in result.parts.categories if c.name == name)


def test_003_三_一_1_and_3_reports_missed_targets_and_news_items() -> None:
    """三(一)1 "每少报一次扣0.2分；年度考核目标完成不好或未完成的扣1-5分";
    三(一)3 "少报1条扣0.2分…市级新闻单位录用1篇加0.5分，省部级…加1分，国家级…加2分"."""
    result = single(
        event(1, "report_missed", count=3),
        event(1, "target_not_met", value=5),
        event(3, "info_missed", count=2),
        event(3, "news_city"),
        event(3, "news_provincial"),
        event(3, "news_national"),
    )
    assert [e.points for e in result.parts.events] == [0.6, 5, 0.4, 0.5, 1, 2]
    assert item_points(result, 1) == (5.6, 0)
    assert item_points(result, 3) == (0.4, 3.5)
    work = category_of(result, "业务工作")
    assert (work.deduct, work.bonus, work.score) == (6, 3.5, 17.5)


def test_003_三_二_4_and_5_and_6_study_training_and_contests() -> None:
    """三(二)4 "无故缺席1人次的扣0.2分"; 三(二)5 "无故缺席1人次扣0.2分，测试、考核不合格或不达标1人次扣2分…
    未向组织人事处提前备案的1人次扣1分"; 三(二)6 "每人次加0.5分，…获先进个人和先进集体奖项分别加1-2分"."""
    result = single(
        event(4, "study_absent", count=2),
        event(5, "training_absent"),
        event(5, "training_failed", count=2),
        event(5, "training_unfiled"),
        event(6, "contest_entry", count=3),
        event(6, "contest_award", value=2),
    )
    assert [e.points for e in result.parts.events] == [0.4, 0.2, 4, 1, 1.5, 2]
    ability = category_of(result, "能力建设")
    assert (ability.deduct, ability.bonus, ability.score) == (5.6, 3.5, 7.9)


def test_003_三_二_6_contest_award_outside_1_to_2_is_422(client) -> None:  # type: ignore[no-untyped-def]
    """三(二)6 "分别加1-2分": the 考核办 decides within the range (八2), 2.5 is outside it."""
    body = {"year": 2016, "departments": [department(1, events=[event(6, "contest_award", value=2.5)])]}
    response = client.post(f"/api/schemes/{SCHEME}/evaluate", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == "departments[0].events[0].value"


def test_003_三_二_6_respectively_reads_先进个人_1_and_先进集体_2(client) -> None:  # type: ignore[no-untyped-def]
    """三(二)6 "分别加1-2分": `contest_award: respectively` prices 先进个人 1 and 先进集体 2; under the
    default `range` those two codes are refused with the code to use, and under `respectively` the range
    code is refused."""
    awards = [event(6, "contest_award_individual"), event(6, "contest_award_collective", count=2)]
    result = run(SCHEME, [department(1, events=awards)], contest_award="respectively")
    assert [e.points for e in result.departments[0].parts.events] == [1, 4]
    url = f"/api/schemes/{SCHEME}/evaluate"
    refused = client.post(url, json={"year": 2016, "departments": [department(1, events=awards[:1])]})
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["path"] == "departments[0].events[0].code"
    assert "区间1–2分" in problem["msg"] and "contest_award" in problem["msg"]
    ranged = {
        "year": 2016,
        "policy": {"contest_award": "respectively"},
        "departments": [department(1, events=[event(6, "contest_award", value=2)])],
    }
    refused = client.post(url, json=ranged)
    assert refused.status_code == 422
    assert "contest_award_individual、contest_award_collective" in refused.json()["detail"][0]["msg"]


def test_003_三_三_7_and_8_and_10_service_efficiency_and_supervision() -> None:
    """三(三)7 "发现1次扣1分…投诉举报并经查实的1次扣2分…检查不合格的有1次扣1分"; 三(三)8 "未按规定时间
    完成的有1次扣2分。未按规定时间报送材料的有1次扣0.5分"; 三(三)10 "酌情扣1-5分"; the category of 10 points
    stops at 10 (八1)."""
    result = single(
        event(7, "service_attitude"),
        event(7, "promise_complaint"),
        event(7, "environment_failed"),
        event(8, "supervised_overdue"),
        event(8, "material_late", count=2),
        event(10, "supervision_uncooperative", value=1),
        event(10, "efficiency_complaint", value=3),
    )
    assert [e.points for e in result.parts.events] == [1, 2, 1, 2, 1, 1, 3]
    assert (item_points(result, 7), item_points(result, 8), item_points(result, 10)) == (
        (4, 0),
        (3, 0),
        (4, 0),
    )
    conduct = category_of(result, "作风建设")
    assert (conduct.deduct, conduct.deduct_counted, conduct.score) == (11, 10, 0)


def test_003_三_四_12_and_13_and_14_disclosure_rule_of_law_and_network() -> None:
    """三(四)12 "少一条扣0.2分…酌情扣1-5分。发生泄密事件有一次扣5分"; 三(四)13 "酌情扣1-3分";
    三(四)14 "未按要求及时办理的，有一项扣0.5分"."""
    result = single(
        event(12, "website_missed", count=2),
        event(12, "disclosure_failure", value=1),
        event(13, "rule_of_law_shortfall", value=3),
        event(14, "network_overdue", count=2),
    )
    assert [e.points for e in result.parts.events] == [0.4, 1, 3, 1]
    daily = category_of(result, "日常政务")
    assert (daily.deduct, daily.deduct_counted, daily.score) == (5.4, 5.4, 4.6)


def test_003_三_四_13_range_is_1_to_3_not_1_to_5(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "year": 2016,
        "departments": [department(1, events=[event(13, "rule_of_law_shortfall", value=4)])],
    }
    response = client.post(f"/api/schemes/{SCHEME}/evaluate", json=body)
    assert response.status_code == 422
    assert "1–3分" in response.json()["detail"][0]["msg"]


def test_003_三_五_15_integrity_shortfall_takes_the_decided_1_to_5() -> None:
    """三(五)15 "对下达的党风廉政建设工作目标任务完成不好的酌情扣1-5分"; with 16 the category stops at 10."""
    result = single(
        event(15, "integrity_target_shortfall", value=5), event(16, "discipline_punished", value=6)
    )
    assert item_points(result, 15) == (5, 0)
    integrity = category_of(result, "党风廉政建设")
    assert (integrity.deduct, integrity.deduct_counted, integrity.score) == (11, 10, 0)


def test_003_三_六_17_innovation_promoted_by_the_ministry_province_leaders_and_praise() -> None:
    """三(六)17 "经验被工信部、省经信委推广或通报的分别加5分、3分。…得到市主要领导批示的加2分。…在全委大会上
    获通报表扬的加1分"; bonuses have no ceiling (八1): 5 + 3 + 2 + 1 + 5 = 16 on a 10-point category."""
    result = single(
        event(17, "innovation_miit", count=2),
        event(17, "innovation_province"),
        event(17, "innovation_leader_instruction"),
        event(17, "funding_praised"),
    )
    assert [e.points for e in result.parts.events] == [10, 3, 2, 1]
    excellence = category_of(result, "争先创优")
    assert (excellence.bonus, excellence.score) == (16, 26)


def test_003_三_a_year_of_more_than_1000_events_or_18_items_is_422(client) -> None:  # type: ignore[no-untyped-def]
    """三 has 18 items; a department's year has fewer than 1,000 catalogue events (B7: lists bounded)."""
    url = f"/api/schemes/{SCHEME}/evaluate"
    events = [event(4, "study_absent")] * 1001
    response = client.post(url, json={"year": 2016, "departments": [department(1, events=events)]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == "departments[0].events"
    items = {str(n): {"deduct": 0} for n in range(1, 20)}
    response = client.post(url, json={"year": 2016, "departments": [department(1, items=items)]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "最多 18 项"
