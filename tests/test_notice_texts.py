"""Issue 9 point 2: an organisation's own notice text per scheme, versioned, figures as placeholders of
the round; the lint refuses a typed figure that differs from the policy. SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response

from tests.test_round_papers import paper, round_2023

OWN_TEXT = [
    {
        "level": 0,
        "text": "根据{区委组织部通知}（{区委组织部通知文号}）精神，现就做好{年度}年度考核工作通知如下：",
    },
    {"level": 1, "number": "一、", "heading": "考核等次及比例"},
    {"level": 0, "text": "先进个人的比例为参加考核人数的{先进个人比例}。"},
    {"level": 0, "text": "公示期为{公示工作日}个工作日。考核结果上报阶段（{阶段4日期}）。"},
]


def _save(api: TestClient, paragraphs: list[dict[str, object]]) -> Response:
    return api.post("/api/organisations/1/notice-texts/resident-annual", json={"paragraphs": paragraphs})


def test_own_notice_text_is_versioned_and_filled_from_the_rounds_policy(api: TestClient) -> None:
    round_id = round_2023(api)
    names = api.get("/api/organisations/1/notice-texts/resident-annual/placeholders").json()["placeholders"]
    assert names["公示工作日"] == "5" and names["先进个人比例"] == "10%"
    first = _save(api, OWN_TEXT)
    assert first.status_code == 201, first.text
    second = _save(api, [*OWN_TEXT, {"level": 0, "text": "第二版补充：2021年的做法继续执行。"}])
    assert second.json()["version"] == 2
    versions = api.get("/api/organisations/1/notice-texts/resident-annual").json()
    assert [v["version"] for v in versions] == [1, 2]

    latest = paper(api, round_id, "notice-resident-annual", docnum="宝行政中心〔2023〕8号")
    # 四(三) 15% and 五(五) 7 working days of this round's policy; the year typed by the clerk is kept.
    assert "先进个人的比例为参加考核人数的15%" in latest and "公示期为7个工作日" in latest
    assert "宝委组〔2023〕301号" in latest and "2021年的做法" in latest
    assert "2022" not in latest and "2024年1月" in latest  # 八(四) from the round's timeline

    pinned = api.patch(f"/api/rounds/{round_id}", json={"details": {"notice_text_version": 1}})
    assert pinned.status_code == 200
    first_text = paper(api, round_id, "notice-resident-annual", docnum="宝行政中心〔2023〕8号")
    assert "第二版补充" not in first_text and "公示期为7个工作日" in first_text


def test_the_lint_refuses_a_typed_figure_that_differs_from_the_policy(api: TestClient) -> None:
    round_id = round_2023(api)
    typed = [{"level": 0, "text": "先进个人的比例为15%。"}]
    refused = _save(api, typed)
    assert refused.status_code == 422
    detail = refused.json()["detail"][0]
    assert detail["path"] == "paragraphs[0].text" and "“15”" in detail["msg"]
    unknown = _save(api, [{"level": 0, "text": "公示期为{公示天数}个工作日。"}])
    assert "未知占位符{公示天数}" in unknown.text
    # "5个工作日" is the scheme's figure and may be saved; in a round whose policy says 7 it is refused.
    assert _save(api, [{"level": 0, "text": "公示期为5个工作日。"}]).status_code == 201
    stale = api.post(
        f"/api/rounds/{round_id}/documents/notice-resident-annual", json={"docnum": "宝行政中心〔2023〕8号"}
    )
    assert stale.status_code == 409 and "“5”" in stale.json()["detail"] and "7" in stale.json()["detail"]
