"""评定 of the department schemes through the pages, without a browser, on SQLite and PostgreSQL (issue 13):
a 003 department's events chosen from the scoring catalogue with their points and clause, the evaluations,
the veto, the ranking and the awards re-evaluated before saving (nothing stored), then saved through the
service of PUT /api/rounds/{id}/departments; 004's parts, 优秀部门 and 先进工作者名额 the same way.

Seeds: 003_7dc38d50dbc8ae07.txt (机关内设机构考核), 004_2816660fc72ff933.txt (街道机关部门考核)."""

from __future__ import annotations

from typing import Any

import lxml.html
from fastapi.testclient import TestClient

from service import csrf
from service.db import Database
from service.storage import rounds as round_storage
from tests.department_payloads import department, ranked, street_department
from tests.rounds_support import create_round, setup_organisation

INTERNAL = {"scheme": "internal-department", "year": 2016, "as_of": None, "starts_on": "2016-12-20"}
STREET = {"scheme": "street-department", "year": 2012, "as_of": None, "starts_on": "2012-12-20"}


def _round(api: TestClient, **scheme: Any) -> int:
    return create_round(api, setup_organisation(api), **scheme)


def form_of(departments: list[dict[str, Any]]) -> dict[str, str]:
    """The page's fields as a clerk fills them for these departments (the evaluate endpoint's shape)."""
    data: dict[str, str] = {}
    for i, d in enumerate(departments):
        p = f"departments.{i}."
        for key, value in d.items():
            if key in ("evaluations", "review"):
                data |= {f"{p}{key}.{k}": "" if v is None else str(v) for k, v in value.items()}
            elif key == "events":
                for j, event in enumerate(value):
                    data[f"{p}events.{j}.entry"] = f"{event['item']}:{event['code']}"
                    data |= {
                        f"{p}events.{j}.{k}": str(event[k]) for k in ("count", "short", "value") if k in event
                    }
            elif key == "items":
                data |= {f"{p}items.{n}.{k}": str(v) for n, pair in value.items() for k, v in pair.items()}
            elif isinstance(value, bool):
                data[p + key] = "true" if value else "false"
            else:
                data[p + key] = "" if value is None else str(value)
    return data


def _post(api: TestClient, path: str, data: dict[str, str], **kwargs: Any) -> Any:
    api.get("/organisation")  # the csrftoken cookie
    return api.post(path, data={**data, csrf.FIELD: api.cookies[csrf.COOKIE]}, **kwargs)


def preview(api: TestClient, round_id: int, departments: list[dict[str, Any]]) -> Any:
    response = _post(
        api,
        f"/rounds/{round_id}/grading/departments/preview",
        form_of(departments),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.text
    return lxml.html.fromstring(response.text)


def ranking(tree: Any) -> list[tuple[str, str, str]]:
    """(department, total, awards in words) in the order of the ranking table."""
    return [
        (
            row.get("id").removeprefix("rank-"),
            row.find_class("total")[0].text_content(),
            row.find_class("awards")[0].text_content(),
        )
        for row in tree.xpath("//table[contains(@class, 'ranking')]/tbody/tr")
    ]


def node(tree: Any, element_id: str) -> Any:
    (found,) = tree.xpath(f"//*[@id='{element_id}']")
    return found


def ids(tree: Any) -> list[str]:
    """The departments' 编号 fields, in the form's order."""
    return [i.get("value") for i in tree.xpath("//input[substring(@name, string-length(@name) - 2) = '.id']")]


def awards(tree: Any) -> dict[str, str]:
    return {code: words for code, _, words in ranking(tree)}


def stored(api: TestClient, round_id: int) -> dict[str, Any]:
    result = api.post(f"/api/rounds/{round_id}/evaluate")
    assert result.status_code == 200, result.text
    return {d["id"]: d for d in result.json()["departments"]}


# ---------------------------------------------------------------- 003


def test_003_三_一_2_provincial_papers_two_one_short_earn_3_points_shown_beside_the_row(
    api: TestClient,
) -> None:
    """003 三(一)2 "省级报刊杂志（有国内CN刊号）刊登的加2分…字数不足…减半加分": 省级刊物论文 ×2, of them
    1 short → 2 + 1 = 3 points, its clause beside the row (htmx out of band) and in the department's lines;
    nothing is stored by the preview."""
    round_id = _round(api, **INTERNAL)
    page = lxml.html.fromstring(api.get(f"/rounds/{round_id}/grading").text)
    options = {
        o.get("value"): o.text_content()
        for o in page.xpath("//select[contains(@class, 'catalogue-select')]//option")
    }
    assert "三(一)2" in options["2:paper_provincial"] and "加2分/篇" in options["2:paper_provincial"]
    assert "减半" in options["2:paper_provincial"]
    # 三(二)6 under the default reading (contest_award: range): the per-kind entries are not offered.
    assert "6:contest_award" in options and "6:contest_award_individual" not in options
    papers = department(1, events=[{"item": 2, "code": "paper_provincial", "count": 2, "short": 1}])
    tree = preview(api, round_id, [papers, department(2)])
    (beside,) = tree.xpath("//*[@id='pts-0-0']")
    assert beside.get("hx-swap-oob") == "true"
    assert beside.text_content() == "×2（其中1个减半） +3分（三(一)2）"
    # 八1 bonuses have no ceiling: 70 + 3 + 30 (evaluations at 100) = 103, ahead of D02's 100.
    assert [(code, total) for code, total, _ in ranking(tree)] == [("D01", "103"), ("D02", "100")]
    assert awards(tree)["D01"].startswith("先进处室、推荐上报市级机关优秀处室")
    assert (
        "第2项 学术论文或调研报告在省级报刊杂志"
        in tree.xpath("//*[@id='points-D01']//*[contains(@class, 'event-lines')]")[0].text_content()
    )
    assert "尚未保存" in node(tree, "ranking-title").text_content()
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 422, "the preview stored nothing"


def test_003_八1_a_deduction_stops_at_its_category_and_八2_a_range_needs_the_value_beside_its_field(
    api: TestClient,
) -> None:
    """003 八1 "扣分以本项目分值为限，扣完为止": 三(四) 日常政务 is 10 points; 三(四)12 泄密 twice = 10, plus
    网站 少更新 ×5 = 1 → 10 counted. 八2 "加减分值设为区间的，分值确定由考核办集体评议决定": 三(一)1 扣1-5分
    without its value is refused on save, the message beside that row's 分值, nothing stored."""
    round_id = _round(api, **INTERNAL)
    capped = department(
        1,
        events=[
            {"item": 12, "code": "secret_leak", "count": 2},
            {"item": 12, "code": "website_missed", "count": 5},
        ],
    )
    tree = preview(api, round_id, [capped])
    lines = node(tree, "points-D01").text_content()
    assert "日常政务（三(四)，10分）：扣10（共扣11，以本类分值为限，八1）" in lines
    assert ranking(tree)[0][1] == "90"  # 70 − 10 + 30
    # A row left blank above a chosen one: the points stay beside the row they belong to.
    leak = form_of([department(1, events=[{"item": 12, "code": "secret_leak", "count": 1}])])
    leak = {k.replace("events.0.", "events.1."): v for k, v in leak.items()} | {
        "departments.0.events.0.entry": ""
    }
    response = _post(
        api, f"/rounds/{round_id}/grading/departments/preview", leak, headers={"HX-Request": "true"}
    )
    tree = lxml.html.fromstring(response.text)
    assert node(tree, "pts-0-0").text_content() == ""
    assert node(tree, "pts-0-1").text_content() == "×1 −5分（三(四)12）"
    data = form_of([department(1, events=[{"item": 1, "code": "target_not_met", "count": 1}])])
    refused = _post(api, f"/rounds/{round_id}/grading/departments", data)
    assert refused.status_code == 422
    page = lxml.html.fromstring(refused.text)
    (error,) = page.xpath("//*[@id='e-departments.0.events.0.value']")
    assert "须填写考核办确定的分值（八2）" in error.text_content()
    assert "is-invalid" in node(page, "f-departments.0.events.0.value").get("class")
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 422, "nothing stored"
    data["departments.0.events.0.value"] = "3"
    assert (
        _post(api, f"/rounds/{round_id}/grading/departments", data, follow_redirects=False).status_code == 303
    )
    assert stored(api, round_id)["D01"]["total"] == 97  # 70 − 3 + 30


def test_003_六4_a_veto_drops_the_award_and_六2_the_next_in_rank_moves_up(api: TestClient) -> None:
    """003 六2 "前5名…先进处室…第6-10名部门给予表扬"; 六4(2) "被通报批评的…当年不得评为先进": the first of 11
    keeps its rank but no award, 6th moves into 先进处室 and 11th into 表扬; the finding cites 六4(2)."""
    round_id = _round(api, **INTERNAL)
    departments = ranked(11)
    tree = preview(api, round_id, departments)
    assert [code for code, _, _ in ranking(tree)] == [f"D{i:02d}" for i in range(1, 12)]
    before = awards(tree)
    assert (
        before["D01"].startswith("先进处室")
        and before["D06"] == "通报表扬"
        and before["D11"] == "主要负责人当年不予评优"
    )
    departments[0]["veto"] = 2
    tree = preview(api, round_id, departments)
    after = awards(tree)
    assert after["D01"] == "" and after["D06"] == "先进处室" and after["D11"].startswith("通报表扬")
    assert ranking(tree)[0][0] == "D01", "a veto takes the award, not the place"
    assert "一票否决" in node(tree, "rank-D01").text_content()
    clauses = [h.text_content() for h in tree.xpath("//*[contains(@class, 'finding-group')]/h3")]
    assert "条款 六4(2)" in clauses
    assert "由下一名递补" in node(tree, "evaluation").text_content()


def test_003_四_the_evaluations_scale_to_their_weights_by_whether_the_department_serves_the_public(
    api: TestClient,
) -> None:
    """003 四(一)(二): 民主测评 10/20 and 作风评议 10/0 — a 综合部门 at 90 gets 18 of 20; a 业务部门 at 90
    and 作风评议 80 gets 9 + 8; 领导评价 10 for both. 六2's order follows: 70 + 27 ahead of 70 + 26."""
    round_id = _round(api, **INTERNAL)
    internal = department(1, evaluations={"democratic": 90, "leaders": 90})
    public = department(2, serves_public=True, evaluations={"democratic": 90, "style": 80, "leaders": 90})
    tree = preview(api, round_id, [public, internal])
    assert [(code, total) for code, total, _ in ranking(tree)] == [("D01", "97"), ("D02", "96")]
    assert "民主测评18 + 作风评议0 + 领导评价9 = 27分" in node(tree, "points-D01").text_content()
    assert "民主测评9 + 作风评议8 + 领导评价9 = 26分" in node(tree, "points-D02").text_content()


def test_a_new_003_round_starts_from_the_organisations_departments_and_saves_what_the_page_shows(
    api: TestClient,
) -> None:
    """The round's departments enter without JSON: the page starts with the organisation's (机构设置), the
    clerk fills them, the save goes through PUT /departments' service and the round is evaluated."""
    round_id = _round(api, **INTERNAL)
    page = lxml.html.fromstring(api.get(f"/rounds/{round_id}/grading").text)
    (form,) = [node(page, "departments-form")]
    names = [
        i.get("value") for i in form.xpath(".//input[substring(@name, string-length(@name) - 4) = '.name']")
    ]
    assert names == ["业务科", "区市场监管局窗口", "区人社局窗口", "区税务局窗口"]
    assert "尚未保存" in node(page, "ranking-title").text_content()
    fields = dict(form.form_values())
    for i in range(4):
        fields[f"departments.{i}.evaluations.democratic"] = str(80 + i)
        fields[f"departments.{i}.evaluations.leaders"] = "90"
    fields["departments.3.events.0.entry"] = "18:collective_city"  # 三(六)18 市级机关先进集体 +2
    saved = _post(api, f"/rounds/{round_id}/grading/departments", fields, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/rounds/{round_id}/grading?saved=1"
    result = stored(api, round_id)
    assert [result[f"D0{i}"]["rank"] for i in range(1, 5)] == [4, 3, 2, 1]
    assert result["D04"]["parts"]["events"][0]["clause"] == "三(六)18"
    page = lxml.html.fromstring(api.get(f"/rounds/{round_id}/grading?saved=1").text)
    assert "部门考核数据已保存" in page.text_content()
    assert (
        page.xpath("//*[@id='f-departments.3.events.0.entry']//option[@selected]")[0].get("value")
        == "18:collective_city"
    )
    assert "尚未保存" not in node(page, "ranking-title").text_content()


def test_saving_from_the_page_keeps_what_the_page_does_not_show_and_rows_are_added_and_removed(
    api: TestClient, database: Database
) -> None:
    """A round filled by PUT /departments (or the workbook) keeps its 人数 and its events' notes when the
    page saves; 「添加部门」「再加一行事项」「删除」 change the rows without storing anything."""
    round_id = _round(api, **INTERNAL)
    noted = department(1, events=[{"item": 3, "code": "news_city", "count": 1, "note": "常州日报3月5日"}])
    body = {"departments": [noted, department(2, headcount=12)]}
    assert api.put(f"/api/rounds/{round_id}/departments", json=body).status_code == 200
    form = node(lxml.html.fromstring(api.get(f"/rounds/{round_id}/grading").text), "departments-form")
    fields = dict(form.form_values())
    added = _post(
        api,
        f"/rounds/{round_id}/grading/departments/rows",
        fields | {"action": "add-department"},
        headers={"HX-Request": "true"},
    )
    tree = lxml.html.fromstring(added.text)
    assert tree.get("id") == "workspace"
    assert ids(tree) == ["D01", "D02", "D03"]
    assert "缺少必填字段" in node(tree, "evaluation").text_content()  # the new one has no name yet
    more = _post(
        api,
        f"/rounds/{round_id}/grading/departments/rows",
        fields | {"action": "add-event-1"},
        headers={"HX-Request": "true"},
    )
    assert len(lxml.html.fromstring(more.text).xpath("//*[@id='dept-1']//tr[@class='event']")) == 2
    removed = _post(
        api,
        f"/rounds/{round_id}/grading/departments/rows",
        fields | {"action": "remove-0"},
        headers={"HX-Request": "true"},
    )
    assert ids(lxml.html.fromstring(removed.text)) == ["D02"]
    assert len(stored(api, round_id)) == 2, "rows change nothing stored"
    fields["departments.1.evaluations.democratic"] = "50"
    assert (
        _post(api, f"/rounds/{round_id}/grading/departments", fields, follow_redirects=False).status_code
        == 303
    )
    result = stored(api, round_id)
    assert result["D01"]["parts"]["events"][0]["points"] == 0.5  # 三(一)3 市级新闻单位录用 0.5
    assert result["D02"]["total"] == 90  # 70 + 50×20/100 + 100×10/100 (四(一)(三))
    with database.session() as session:
        kept = {
            r.code: r.payload
            for r in round_storage.list_department_results(session=session, round_id=round_id)
        }
    assert kept["D02"]["headcount"] == 12 and kept["D01"]["events"][0]["note"] == "常州日报3月5日"


# ---------------------------------------------------------------- 004


def test_004_五1_excellent_departments_30_percent_五2_worker_quotas_and_五4_a_veto(api: TestClient) -> None:
    """004 五1 "按照30%的比例由高到低提出优秀部门名单": of 7 departments one is directly led (五2 不参与) →
    floor(30% × 6) = 1; 五2 the excellent one's 先进工作者 30% of 10 = 3, the others 20% = 2, the led one
    30% = 3. 五4 "不作为被投诉查实的，取消部门…本年度评优资格": the first vetoed, the next is excellent."""
    round_id = _round(api, **STREET)
    departments = [street_department(i, daily=71 - i) for i in range(1, 8)]
    departments[0]["directly_led"] = True
    tree = preview(api, round_id, departments)
    assert [code for code, _, _ in ranking(tree)] == [f"S{i:02d}" for i in range(1, 8)]
    assert awards(tree) == {"S01": "", "S02": "优秀部门", **{f"S0{i}": "" for i in range(3, 8)}}
    quota = tree.find_class("quota")[0].text_content()
    assert "1/1个" in quota and "6个×30%=1.8，向下取整为1" in quota
    quotas = {
        row.get("id"): row.findall("td")[-1].text_content()
        for row in tree.xpath("//table[contains(@class, 'ranking')]/tbody/tr")
    }
    assert (quotas["rank-S01"], quotas["rank-S02"], quotas["rank-S03"]) == ("3", "3", "2")
    departments[1]["veto"] = 4
    tree = preview(api, round_id, departments)
    assert awards(tree)["S02"] == "" and awards(tree)["S03"] == "优秀部门"
    assert "条款 五4" in [h.text_content() for h in tree.xpath("//*[contains(@class, 'finding-group')]/h3")]
    # 三1: 日常工作目标 out of 70 — 75 is refused beside its field on save.
    departments[2]["daily"] = 75
    refused = _post(api, f"/rounds/{round_id}/grading/departments", form_of(departments))
    assert refused.status_code == 422
    error = node(lxml.html.fromstring(refused.text), "e-departments.2.daily").text_content()
    assert "不能大于基本分70分（三1）" in error
    departments[2]["daily"] = 68
    saved = _post(
        api, f"/rounds/{round_id}/grading/departments", form_of(departments), follow_redirects=False
    )
    assert saved.status_code == 303
    result = stored(api, round_id)
    assert result["S03"]["awards"] == ["excellent_department"] and result["S02"]["vetoed"] is True
