"""The department contract of DESIGN.md §4 through HTTP: response shape, and 422 with path and Chinese."""

from __future__ import annotations

import pytest

from tests.department_payloads import department, street_department

INTERNAL = "/api/schemes/internal-department/evaluate"
STREET = "/api/schemes/street-department/evaluate"


def problems(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "请求数据有误"
    return [(item["path"], item["msg"]) for item in body["detail"]]


def test_department_response_has_the_fields_of_the_contract(client) -> None:  # type: ignore[no-untyped-def]
    body = {"year": 2016, "departments": [department(1), department(2, last_year_rank=1)]}
    result = client.post(INTERNAL, json=body).json()
    assert {"scheme", "ok", "departments", "findings"} <= set(result)
    assert result["scheme"] == "internal-department"
    first = result["departments"][0]
    assert {"id", "total", "rank", "parts", "awards", "advanced_quota"} <= set(first)
    assert first["awards"] == ["advanced_department", "recommended_to_city", "head_not_excellent"]


def test_street_response_has_the_fields_of_the_contract(client) -> None:  # type: ignore[no-untyped-def]
    result = client.post(STREET, json={"year": 2012, "departments": [street_department(1)]}).json()
    only = result["departments"][0]
    assert (only["total"], only["rank"], only["advanced_quota"]) == (200, 1, 2)
    assert result["quotas"][0]["key"] == "优秀部门"


@pytest.mark.parametrize(
    ("url", "overrides", "path", "words"),
    [
        (INTERNAL, {"items": {"19": {"deduct": 1}}}, "departments[0].items.19", "考核项目编号应为1–18"),
        (INTERNAL, {"items": {"3": {"deduct": -0.2}}}, "departments[0].items.3.deduct", "不能小于 0"),
        (
            INTERNAL,
            {"evaluations": {"democratic": 100.5}},
            "departments[0].evaluations.democratic",
            "不能大于 100",
        ),
        (INTERNAL, {"evaluations": {"leaders": -1}}, "departments[0].evaluations.leaders", "不能小于 0"),
        (INTERNAL, {"veto": 7}, "departments[0].veto", "六4"),
        (INTERNAL, {"last_year_rank": 0}, "departments[0].last_year_rank", "不能小于 1"),
        (STREET, {"daily": 70.5}, "departments[0].daily", "不能大于基本分70分"),
        (STREET, {"normalization": 31}, "departments[0].normalization", "30分"),
        (STREET, {"review": {"half_year": 101}}, "departments[0].review.half_year", "不能大于 100"),
        (STREET, {"innovation": -2}, "departments[0].innovation", "不能小于 0"),
        (STREET, {"headcount": -1}, "departments[0].headcount", "不能小于 0"),
        (STREET, {"veto": 3}, "departments[0].veto", "五4或五5"),
    ],
)
def test_bad_department_fields_are_422_with_path_and_chinese(client, url, overrides, path, words) -> None:  # type: ignore[no-untyped-def]
    make = department if url == INTERNAL else street_department
    response = client.post(url, json={"year": 2016, "departments": [make(1, **overrides)]})
    [(found_path, message)] = problems(response)
    assert found_path == path and words in message


def test_duplicate_department_ids_are_422(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(INTERNAL, json={"year": 2016, "departments": [department(1), department(1)]})
    assert problems(response) == [("departments[1].id", "部门编号 D01 与第1条重复")]


def test_a_misspelt_policy_override_is_422_not_ignored(client) -> None:  # type: ignore[no-untyped-def]
    body = {"year": 2016, "policy": {"awrds": {"advanced": 3}}, "departments": [department(1)]}
    [(path, _)] = problems(client.post(INTERNAL, json=body))
    assert path == "policy.awrds"


def test_a_policy_override_changes_the_award_count(client) -> None:  # type: ignore[no-untyped-def]
    departments = [department(i, evaluations={"democratic": 100, "leaders": 100 - i}) for i in range(1, 7)]
    body = {"year": 2016, "policy": {"awards": {"advanced": 3, "recommended": 1}}, "departments": departments}
    result = client.post(INTERNAL, json=body).json()
    advanced = [d["id"] for d in result["departments"] if "advanced_department" in d["awards"]]
    assert advanced == ["D01", "D02", "D03"]


def test_both_department_schemes_are_listed_with_their_seeds(client) -> None:  # type: ignore[no-untyped-def]
    listed = {s["id"]: s["seed"] for s in client.get("/api/schemes").json()}
    assert listed["internal-department"].startswith("003_")
    assert listed["street-department"].startswith("004_")
    street = client.get("/api/schemes/street-department").json()
    assert (street["excellent_ratio"], street["worker_ratios"]["other"]) == (0.3, 0.2)
    assert street["review_weights"] == {"half_year": 0.5, "year_end": 0.5}


def test_003_六4_a_veto_number_sent_as_text_is_the_clause_number_and_blank_is_none(client) -> None:  # type: ignore[no-untyped-def]
    departments = [department(1, veto="2"), department(2, veto=""), department(3, veto=True)]
    [(path, message)] = problems(client.post(INTERNAL, json={"year": 2016, "departments": departments}))
    assert path == "departments[2].veto" and "一票否决" in message
    result = client.post(INTERNAL, json={"year": 2016, "departments": departments[:2]}).json()
    vetoed = {d["id"]: d["vetoed"] for d in result["departments"]}
    assert vetoed == {"D01": True, "D02": False}
    assert next(f for f in result["findings"] if f["code"] == "vetoed")["clause"] == "六4(2)"
