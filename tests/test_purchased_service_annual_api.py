"""Seed 001 through the API (DESIGN.md §4): the scheme, its policy, evaluate, and 422 for bad rounds;
a person outside 三 is a finding, not a 422."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import person, roster

URL = "/api/schemes/purchased-service-annual"


def evaluate(client: TestClient, people: list[dict[str, Any]], **round_: Any) -> Any:
    return client.post(f"{URL}/evaluate", json={"year": 2024, "people": people, **round_})


def problems(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {item["path"]: item["msg"] for item in response.json()["detail"]}


def test_scheme_is_listed_with_its_seed(client: TestClient) -> None:
    listed = client.get("/api/schemes").json()
    assert {
        "id": "purchased-service-annual",
        "name": "政府购买服务人员年度考核",
        "seed": "001_3227ea5220f34209.txt",
    } in listed


def test_七_policy_endpoint_serves_the_seed_figures_for_the_notice(client: TestClient) -> None:
    policy = client.get(URL).json()
    assert policy["id"] == "purchased-service-annual"
    assert policy["quotas"]["优秀"]["ratio"] == 0.1 and policy["quotas"]["表扬"]["ratio"] == 0.15
    assert [step["deadline"] for step in policy["timeline"]["steps"]] == [
        {"date": "12-27", "next_year": False},
        {"date": "12-31", "next_year": False},
        {"date": "01-08", "next_year": True},
        {"date": "01-20", "next_year": True},
        {"date": "01-24", "next_year": True},
    ]


def test_evaluate_answers_in_the_shape_of_design_4(client: TestClient) -> None:
    people = [
        person(
            1,
            category="购买服务",
            proposed_grade="优秀",
            allowance_level="一级",
            prior_grades=[{"year": 2023, "grade": "优秀"}],
        ),
        *roster(9, start=2, category="购买服务"),
    ]
    amounts = {"bonus_month": 3000, "allowance_month": {"一级": 500}, "award": {"优秀": 2000}}
    response = evaluate(client, people, as_of="2024-12-31", amounts=amounts)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"scheme", "ok", "quotas", "people", "findings"} <= set(body)
    assert (body["scheme"], body["ok"]) == ("purchased-service-annual", True)
    assert body["quotas"][0] == {
        "key": "优秀",
        "grade": "优秀",
        "base": 10,
        "ratio": 0.1,
        "rounding": "floor",
        "limit": 1,
        "used": 1,
        "ok": True,
    }
    first = body["people"][0]
    assert {"id", "eligible", "grade", "score", "outcomes", "bonus"} <= set(first)
    assert (first["grade"], first["outcomes"]) == ("优秀", ["wage_step", "commendation", "certificate"])
    assert set(first["bonus"]) == {"gross", "grade_deduction", "incident_deduction", "net", "lines"}
    assert first["bonus"]["net"] == 44000
    assert first["bonus"]["lines"][0] == {
        "item": "年终奖金（3000元×12个月）",
        "amount": 36000,
        "clause": "六(三)1",
    }
    assert body["people"][1]["grade"] == "合格"


def test_四_rule_violations_are_findings_not_http_errors(client: TestClient) -> None:
    response = evaluate(client, roster(10, proposed_grade="优秀"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert body["findings"][0] == {
        "severity": "error",
        "code": "quota_exceeded",
        "person_id": None,
        "department_id": None,
        "clause": "四",
        "message": "优秀10人，超过限额1人（10人×10%，向下取整）",
    }


def test_四_a_round_may_override_the_policy(client: TestClient) -> None:
    response = evaluate(
        client,
        roster(10, proposed_grade="优秀")[:2] + roster(8, start=3),
        policy={"quotas": {"优秀": {"ratio": 0.2}}},
    )
    assert response.json()["quotas"][0]["limit"] == 2
    assert response.json()["ok"] is True


def test_四_a_grade_the_scheme_does_not_have_is_422_with_its_path(client: TestClient) -> None:
    found = problems(evaluate(client, [person(1), person(2, proposed_grade="称职")]))
    assert found == {
        "people[1].proposed_grade": "'称职' 不是本方案的等次，可选：优秀、表扬、合格、基本合格、不合格（四）"
    }


def test_四_a_grade_that_exists_nowhere_is_422(client: TestClient) -> None:
    """Pydantic answers this one (the shared `Grade` is a union of two Literals, so the path carries
    the union branch after `people[0].proposed_grade`)."""
    found = problems(evaluate(client, [person(1, proposed_grade="很好")]))
    assert found and all(path.startswith("people[0].proposed_grade") for path in found)
    assert all(message.startswith("'很好' 不是可选值") for message in found.values())


def test_001_三_a_category_other_than_购买服务_is_a_finding_not_422(client: TestClient) -> None:
    """三 "本单位所有在岗的政府购买服务人员": the DESIGN.md §4 example person (a 公务员 proposed 优秀) in a
    mixed roster → 200, `eligible: false`, an error `not_eligible` 三, and no place in the 10%/15% base."""
    design_example = person(
        1,
        name="张三",
        category="公务员",
        department="业务科",
        group="大厅服务",
        joined_on="2022-03-01",
        months_on_post=12,
        proposed_grade="优秀",
        recommended=True,
        prior_grades=[{"year": 2023, "grade": "优秀"}],
        unit_kind="区内",
    )
    staff = [*roster(10, start=2, category="购买服务"), person(12, name="李四", category="事业")]
    staff[0]["proposed_grade"] = "优秀"
    response = evaluate(client, [design_example, *staff], as_of="2024-12-31")
    assert response.status_code == 200, response.text
    body = response.json()
    people = {p["id"]: p for p in body["people"]}
    assert (people["P0001"]["eligible"], people["P0001"]["grade"], people["P0001"]["outcomes"]) == (
        False,
        None,
        [],
    )
    assert (people["P0002"]["eligible"], people["P0002"]["grade"]) == (True, "优秀")
    found = {f["person_id"]: f for f in body["findings"] if f["code"] == "not_eligible"}
    assert found["P0001"] == {
        "severity": "error",
        "code": "not_eligible",
        "person_id": "P0001",
        "department_id": None,
        "clause": "三",
        "message": "张三（P0001）为公务员人员，不是本方案的考核对象（三：本方案考核购买服务人员），"
        "不参加本年度考核；其拟定等次优秀、推荐优秀、表扬不予计入",
    }
    assert (found["P0012"]["severity"], found["P0012"]["clause"]) == ("info", "三")
    excellent = body["quotas"][0]
    assert (excellent["key"], excellent["base"], excellent["limit"], excellent["used"]) == ("优秀", 10, 1, 1)
    assert body["ok"] is False


def test_001_四_a_grade_outside_the_five_stays_422_whatever_the_category(client: TestClient) -> None:
    """四 "优秀、表扬、合格、基本合格、不合格": 称职 is malformed even for a 公务员 who is out of scope."""
    found = problems(evaluate(client, [person(1, category="公务员", proposed_grade="称职")]))
    assert found == {
        "people[0].proposed_grade": "'称职' 不是本方案的等次，可选：优秀、表扬、合格、基本合格、不合格（四）"
    }


def test_三_an_as_of_outside_the_appraisal_year_is_422(client: TestClient) -> None:
    assert list(problems(evaluate(client, [person(1)], as_of="2023-12-31"))) == ["as_of"]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"facts": {"bad_reviews": -1}}, "people[0].facts.bad_reviews"),
        ({"facts": {"personal_leave_days": -0.5}}, "people[0].facts.personal_leave_days"),
        ({"facts": {"already_deducted": {"complaints": -2}}}, "people[0].facts.already_deducted.complaints"),
        ({"months_on_post": 13}, "people[0].months_on_post"),
        ({"joined_on": "2024/13/01"}, "people[0].joined_on"),
        ({"prior_grades": [{"year": 2023, "grade": "称职"}]}, "people[0].prior_grades[0].grade"),
        ({"prior_grades": [{"year": 2024, "grade": "优秀"}]}, "people[0].prior_grades[0].year"),
        (
            {"prior_grades": [{"year": 2023, "grade": "优秀"}, {"year": 2023, "grade": "合格"}]},
            "people[0].prior_grades[1].year",
        ),
        ({"last_wage_step_year": 2025}, "people[0].last_wage_step_year"),
        (
            {"facts": {"complaints": 1, "already_deducted": {"complaints": 2}}},
            "people[0].facts.already_deducted.complaints",
        ),
    ],
)
def test_malformed_person_is_422_with_its_path(client: TestClient, fields: dict[str, Any], path: str) -> None:
    found = problems(evaluate(client, [person(1, **fields)]))
    assert list(found) == [path]
    assert re.search("[\u4e00-\u9fff]", found[path]), found[path]  # a Chinese message


def test_六_三_2_an_allowance_level_without_an_amount_is_422(client: TestClient) -> None:
    response = evaluate(
        client, [person(1, allowance_level="二级")], amounts={"allowance_month": {"一级": 500}}
    )
    assert problems(response) == {"people[0].allowance_level": "岗位级别「二级」没有津贴额度，已有：一级"}


def test_六_三_a_negative_amount_is_422(client: TestClient) -> None:
    response = evaluate(client, [person(1)], amounts={"bonus_month": -1, "award": {"优秀": -5}})
    found = problems(response)
    assert sorted(found) == ["amounts.award.优秀", "amounts.bonus_month"]
    assert all(message.startswith("不能小于 0") for message in found.values())


def test_duplicate_ids_and_a_missing_roster_are_422(client: TestClient) -> None:
    assert list(problems(evaluate(client, [person(1), person(1)]))) == ["people[1].id"]
    assert list(problems(client.post(f"{URL}/evaluate", json={"year": 2024}))) == ["people"]


@pytest.mark.parametrize(
    ("policy", "path"),
    [
        ({"quotas": {"优秀": {"ratio": 2}}}, "policy.quotas.优秀.ratio"),
        ({"rounding": "bankers"}, "policy.rounding"),
        ({"excellent_disqualification": {"leave_days": 5}}, "policy.excellent_disqualification.leave_days"),
    ],
)
def test_a_bad_policy_override_is_422_under_policy(
    client: TestClient, policy: dict[str, Any], path: str
) -> None:
    assert list(problems(evaluate(client, [person(1)], policy=policy))) == [path]


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("complaints", 10**400, "people[0].facts.complaints"),
        ("bad_reviews", 10_001, "people[0].facts.bad_reviews"),
        ("other_violations", 10**20, "people[0].facts.other_violations"),
        ("violation_notices", 10_001, "people[0].facts.violation_notices"),
    ],
)
def test_六_三_5_a_count_no_real_round_reaches_is_422_not_a_null_amount(
    client: TestClient, field: str, value: int, path: str
) -> None:
    """六(三)5 "每一个扣200元": 投诉 = 1 followed by 400 zeros once gave 200 with `amount: null`; every count
    has a ceiling of 10,000 (B7), past it a 422 with the path and a Chinese message."""
    buyer = person(1, category="购买服务", facts={field: value})
    response = evaluate(client, [buyer], amounts={"bonus_month": 3000})
    assert response.status_code == 422
    assert problems(response) == {path: "不能大于 10000"}


def test_六_三_5_a_count_at_the_ceiling_is_still_a_finite_bonus(client: TestClient) -> None:
    """六(三)5 at the B7 boundary: 10,000 complaints is accepted and the bonus floors at 0, never null."""
    buyer = person(1, category="购买服务", facts={"complaints": 10_000})
    body = evaluate(client, [buyer], amounts={"bonus_month": 3000}).json()
    bonus = body["people"][0]["bonus"]
    assert bonus["net"] == 0
    assert all(line["amount"] is not None for line in bonus["lines"])


def test_六_三_2_allowance_levels_and_lists_are_bounded(client: TestClient) -> None:
    """六(三)2 岗位级别 names and the request's lists have ceilings too (B7): 51 levels, 51 prior years."""
    levels = {f"级{i}": 100 for i in range(51)}
    response = evaluate(client, [person(1)], amounts={"bonus_month": 1, "allowance_month": levels})
    assert problems(response) == {"amounts.allowance_month": "最多 50 项"}
    history = [{"year": 1950 + i, "grade": "合格"} for i in range(51)]
    assert problems(evaluate(client, [person(1, prior_grades=history)])) == {
        "people[0].prior_grades": "最多 50 项"
    }
