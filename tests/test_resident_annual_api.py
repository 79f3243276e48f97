"""Seed 000 through the API: the response shape of DESIGN.md §4, the 422 cases of 四, and the cases of
二 and 四 that are findings, not 422 (DESIGN.md §4 "Rule violations are not HTTP errors")."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import person

URL = "/api/schemes/resident-annual/evaluate"


def staff(index: int, **overrides: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {"category": "公务员", "department": "业务科", "unit_kind": "区内"}
    return person(index, **{**defaults, **overrides})


def twelve_with_three_优秀() -> list[dict[str, Any]]:
    people = [staff(i, is_head=i == 1) for i in range(1, 13)]
    for member in people[:3]:
        member["proposed_grade"] = "优秀"
    return people


def problems(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {item["path"]: item["msg"] for item in response.json()["detail"]}


def test_四_一_response_has_the_shape_of_the_contract(client: TestClient) -> None:
    response = client.post(URL, json={"year": 2022, "people": twelve_with_three_优秀()})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"scheme", "ok", "quotas", "people", "findings"}
    assert (body["scheme"], body["ok"]) == ("resident-annual", False)
    assert body["quotas"][0] == {
        "key": "优秀:公务员+参公",
        "grade": "优秀",
        "base": 12,
        "ratio": 0.2,
        "rounding": "floor",
        "limit": 2,
        "used": 3,
        "ok": False,
    }
    first = body["people"][0]
    assert {"id", "eligible", "grade", "score", "outcomes", "bonus", "evaluated_by_centre"} <= set(first)
    assert (first["id"], first["eligible"], first["grade"], first["score"], first["bonus"]) == (
        "P0001",
        True,
        "优秀",
        None,
        None,
    )
    assert first["outcomes"] == ["report_organization_dept", "copy_dispatching_unit"]
    assert {
        "severity": "error",
        "code": "quota_exceeded",
        "person_id": None,
        "department_id": None,
        "clause": "四(一)",
        "message": "公务员(参公)优秀3人，超过限额2人（12人×20%，向下取整）",
    } in body["findings"]


def test_二_as_of_in_the_request_decides_eligibility(client: TestClient) -> None:
    newcomer = staff(1, is_head=True, on_roster=False, joined_on="2022-06-02")
    late = client.post(URL, json={"year": 2022, "people": [newcomer]}).json()
    assert late["people"][0] == {
        "id": "P0001",
        "eligible": False,
        "grade": None,
        "score": None,
        "outcomes": [],
        "bonus": None,
        "evaluated_by_centre": None,
    }
    on_time = client.post(URL, json={"year": 2022, "as_of": "2022-12-01", "people": [newcomer]}).json()
    assert on_time["people"][0]["eligible"] is True


def test_the_round_policy_overrides_the_committed_ratios(client: TestClient) -> None:
    pools = [
        {
            "key": "公务员+参公",
            "label": "公务员(参公)",
            "categories": ["公务员", "参公"],
            "ratio": 0.25,
            "clause": "四(一)",
        }
    ]
    body = {"year": 2022, "policy": {"excellent_pools": pools}, "people": twelve_with_three_优秀()}
    result = client.post(URL, json=body).json()
    assert (result["quotas"][0]["limit"], result["ok"]) == (3, True)


def test_get_scheme_returns_the_policy_the_notice_reads(client: TestClient) -> None:
    policy = client.get("/api/schemes/resident-annual").json()
    assert (policy["id"], policy["seed"]) == ("resident-annual", "000_202f48eaffbe9a1b.txt")
    assert (policy["cut_off"], policy["min_months"], policy["publicity_working_days"]) == ("11-30", 6, 5)
    assert policy["submission_deadline"] == {"month_day": "12-15", "next_year": False}
    assert policy["grade_sets"]["事业"]["basic"] == "基本合格"
    assert len(policy["timeline"]) == 4


# ------------------------------------------------------------------------------------------------ 422


def test_四_an_unknown_grade_is_422_with_its_path(client: TestClient) -> None:
    response = client.post(URL, json={"year": 2022, "people": [staff(1, proposed_grade="特优")]})
    # schemas/common.py `Grade` is a union of two Literals, so Pydantic adds a union member to the path.
    found = {
        path: msg for path, msg in problems(response).items() if path.startswith("people[0].proposed_grade")
    }
    assert found and all(msg.startswith("'特优' 不是可选值") for msg in found.values())


def findings_of(response: Any, person_id: str) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return [f for f in response.json()["findings"] if f["person_id"] == person_id]


def test_000_四_一_a_grade_of_the_事业_set_for_a_公务员_is_a_finding_not_422(client: TestClient) -> None:
    """四(一) 公务员 "优秀、称职、基本称职、不称职": 合格 is a rule violation (DESIGN.md §4), not a 422."""
    people = [staff(1, is_head=True), staff(2, name="张三", proposed_grade="合格")]
    response = client.post(URL, json={"year": 2022, "people": people})
    assert findings_of(response, "P0002") == [
        {
            "severity": "error",
            "code": "grade_not_in_category",
            "person_id": "P0002",
            "department_id": None,
            "clause": "四",
            "message": "张三（公务员）的等次应为优秀、称职、基本称职或不称职，不能是合格；按规则确定为称职",
        }
    ]
    body = response.json()
    assert body["ok"] is False
    assert (body["people"][1]["eligible"], body["people"][1]["grade"]) == (True, "称职")


def test_000_四_二_a_grade_of_the_公务员_set_for_事业_is_a_finding_capped_by_五_六(
    client: TestClient,
) -> None:
    """四(二) 事业 "优秀、合格、基本合格、不合格"; with a 五(六)3 condition the rules give 基本合格."""
    people = [staff(1, name="李四", category="事业", proposed_grade="称职", conditions=[3])]
    response = client.post(URL, json={"year": 2022, "people": people})
    found = findings_of(response, "P0001")
    assert [(f["severity"], f["code"], f["clause"]) for f in found] == [
        ("error", "grade_not_in_category", "四")
    ]
    assert found[0]["message"].startswith("李四（事业）的等次应为优秀、合格、基本合格或不合格，不能是称职")
    assert response.json()["people"][0]["grade"] == "基本合格"


def test_000_四_a_grade_of_no_set_of_the_scheme_stays_422(client: TestClient) -> None:
    """四 has no 表扬 (that is seed 001's) and no 好 (seed 002's quarterly grade): malformed input."""
    people = [staff(1, proposed_grade="表扬"), staff(2, category="事业", proposed_grade="好")]
    found = problems(client.post(URL, json={"year": 2022, "people": people}))
    assert found == {
        "people[0].proposed_grade": "'表扬' 不是常驻人员年度考核的等次，"
        "可选：优秀、称职、基本称职、不称职、合格、基本合格、不合格（四）",
        "people[1].proposed_grade": "'好' 不是常驻人员年度考核的等次，"
        "可选：优秀、称职、基本称职、不称职、合格、基本合格、不合格（四）",
    }


def test_000_二_purchased_service_staff_in_a_mixed_roster_are_out_of_scope_not_422(
    client: TestClient,
) -> None:
    """二 "常驻人员" of 公务员/参公/事业/其他: a 购买服务 person gets 200, `eligible: false`, a finding
    (error when proposed 优秀 and recommended), and is counted in no quota."""
    people = [
        *[staff(i, is_head=i == 1) for i in range(1, 6)],
        staff(6, name="王五", category="购买服务", proposed_grade="优秀", recommended=True),
        staff(7, name="赵六", category="购买服务"),
    ]
    response = client.post(URL, json={"year": 2022, "people": people})
    body = response.json()
    assert [(p["id"], p["eligible"], p["grade"]) for p in body["people"][5:]] == [
        ("P0006", False, None),
        ("P0007", False, None),
    ]
    error, info = findings_of(response, "P0006"), findings_of(response, "P0007")
    assert [(f["severity"], f["code"], f["clause"]) for f in error] == [("error", "not_eligible", "二")]
    assert [(f["severity"], f["code"], f["clause"]) for f in info] == [("info", "not_eligible", "二")]
    assert error[0]["message"] == (
        "王五（P0006）为购买服务人员，不属于常驻人员年度考核范围（二：公务员、参公、事业、其他性质的常驻人员），"
        "不参加本年度考核，应按「政府购买服务人员年度考核」考核；其拟定等次优秀、初评推荐优秀不予计入"
    )
    assert {q["key"]: q["base"] for q in body["quotas"]} == {
        "优秀:公务员+参公": 5,
        "优秀:事业": 0,
        "先进个人": 5,
        "推荐:业务科:公务员+参公": 4,
    }
    assert body["ok"] is False


def test_四_a_missing_category_is_422(client: TestClient) -> None:
    response = client.post(URL, json={"year": 2022, "people": [staff(1, category=None)]})
    assert problems(response) == {"people[0].category": "缺少编制性质，可选：公务员、参公、事业、其他"}


@pytest.mark.parametrize(
    ("policy", "path"),
    [({"rounding": "round"}, "policy.rounding"), ({"cut_off": "2022-11-30"}, "policy.cut_off")],
)
def test_a_bad_policy_override_is_422_under_policy(
    client: TestClient, policy: dict[str, Any], path: str
) -> None:
    response = client.post(URL, json={"year": 2022, "policy": policy, "people": [staff(1)]})
    assert path in problems(response)


def test_a_duplicate_id_and_a_bad_date_are_422(client: TestClient) -> None:
    people = [staff(1, joined_on="2022/13/01"), staff(1)]
    assert "people[0].joined_on" in problems(client.post(URL, json={"year": 2022, "people": people}))
    people[0]["joined_on"] = "2022-01-01"
    assert "people[1].id" in problems(client.post(URL, json={"year": 2022, "people": people}))


def test_二_a_joining_date_given_as_a_number_is_422_saying_so(client: TestClient) -> None:
    """二 进驻日期: `20220601` is a date written wrong, not a timestamp "日期不应带时间" (B9)."""
    response = client.post(
        URL, json={"year": 2022, "people": [staff(1, on_roster=False, joined_on=20220601)]}
    )
    assert response.status_code == 422
    assert problems(response) == {
        "people[0].joined_on": "日期应写成文本 YYYY-MM-DD，例如 2024-06-01，不能是数字 20220601"
    }


def test_五_六_more_conditions_than_the_five_items_is_422(client: TestClient) -> None:
    """五(六) has five items: a list of six is refused (B7: every list bounded)."""
    response = client.post(URL, json={"year": 2022, "people": [staff(1, conditions=[1, 2, 3, 4, 5, 1])]})
    assert problems(response) == {"people[0].conditions": "最多 5 项"}
