"""The pages without a browser: nothing fetched from outside this machine, nothing a strict
Content-Security-Policy refuses, the CSRF double-submit, and the API's errors next to the form's fields."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient

from schemas.common import Quota
from schemas.round import RoundOut
from service import csrf
from service.auth import LOCAL_ADMIN, Actor
from service.config import ROOT
from service.db import Database
from service.pages import grading
from service.pages.context import progress
from service.pages.evaluation_view import arithmetic, findings_by_clause
from service.pages.policy_form import fields
from tests.rounds_support import DEPARTMENTS, ORGANISATION, create_round, person, setup_organisation
from tests.test_round_papers_schemes import purchased_round

PAGES = (
    "/",
    "/organisation",
    "/rounds/new",
    "/rounds/new/policy?scheme=purchased-service-annual",
    "/docs",
    "/users",
    "/audit",
    "/holidays",
)
ROUND_PAGES = ("/rounds/{id}/roster", "/rounds/{id}/grading")
STATIC = ROOT / "service" / "static"


class Resources(HTMLParser):
    """Every URL a page makes the browser load, and what a strict CSP would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.refused: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href", "action", "formaction", "poster", "data"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if "style" in values:
            self.refused.append(f'style="" on <{tag}>')
        self.refused += [f"{name} on <{tag}>" for name in values if name.startswith("on")]
        if tag == "style":
            self.refused.append("<style>")
        self._in_script = tag == "script"
        if tag == "script" and not values.get("src"):
            self.refused.append("inline <script>")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.refused.append("inline <script> content")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _outside(url: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I)) and not url.startswith("#")


@pytest.fixture
def round_id(api: TestClient) -> int:
    return create_round(api, setup_organisation(api))


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_every_page_loads_only_from_this_machine_and_runs_under_a_strict_csp(
    api: TestClient, round_id: int
) -> None:
    paths = [*PAGES, *(p.format(id=round_id) for p in ROUND_PAGES)]
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        parser = Resources()
        parser.feed(response.text)
        assert parser.urls or "<html" not in response.text, path
        assert [u for u in parser.urls if _outside(u)] == [], path
        assert parser.refused == [], path
        for url in parser.urls:
            if url.startswith("/static/"):
                assert api.get(url).status_code == 200, url


def test_the_vendored_files_fetch_nothing_from_outside() -> None:
    """No stylesheet loads a remote or data: image (img-src 'self'), no bundle a source map."""
    for css in STATIC.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", text)
        assert [u for u in urls if _outside(u)] == [], css
        for url in urls:
            assert (css.parent / url).resolve().is_file() or (ROOT / "service" / url.lstrip("/")).is_file(), (
                url
            )
    for script in STATIC.rglob("*.js"):
        assert "sourceMappingURL=" not in script.read_text(encoding="utf-8"), script
    assert "validatorUrl: null" in (STATIC / "js" / "swagger-init.js").read_text(encoding="utf-8")


def test_a_page_write_without_the_csrf_token_is_refused(api: TestClient) -> None:
    api.get("/organisation")
    assert api.cookies.get(csrf.COOKIE)
    response = api.post("/organisation", data=ORGANISATION)  # a cross-site form cannot know the token
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    response = api.post("/organisation", data={**ORGANISATION, csrf.FIELD: "guessed"})
    assert response.status_code == 403
    response = api.post(
        "/organisation",
        data=ORGANISATION,
        headers={csrf.HEADER: api.cookies[csrf.COOKIE]},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_the_api_models_errors_are_shown_beside_their_fields_in_chinese(api: TestClient) -> None:
    api.get("/organisation")
    token = api.cookies[csrf.COOKIE]
    response = api.post("/organisation", data={"name": "宝山区行政服务中心", csrf.FIELD: token})
    assert response.status_code == 422
    assert re.search(r'id="f-agency_code"[^>]*aria-describedby="e-agency_code', response.text)
    assert '<div class="invalid-feedback" id="e-agency_code">缺少必填字段</div>' in response.text
    assert 'value="宝山区行政服务中心"' in response.text  # what was typed stays
    response = api.post("/organisation", data={**ORGANISATION, "colour": "red", csrf.FIELD: token})
    assert response.status_code == 422, "an unknown field is refused, as the JSON API refuses an unknown key"


def test_a_changed_policy_value_is_validated_by_the_schemes_model_and_stays_highlighted(
    api: TestClient,
) -> None:
    """000 四(三) 先进个人 10%: a ratio over 100% is refused next to its field, the change kept and marked."""
    setup_organisation(api)
    api.get("/rounds/new")
    token = api.cookies[csrf.COOKIE]
    form = {"scheme": "resident-annual", "year": "2022", "starts_on": "2022-12-14", csrf.FIELD: token}
    response = api.post("/rounds/new", data={**form, "policy.advanced.ratio": "1.5"})
    assert response.status_code == 422
    row = re.search(r'<tr class="is-changed">(.*?)</tr>', response.text, re.S)
    assert row and "先进个人 · 比例" in row.group(1) and "不能大于 1" in row.group(1)
    assert "四(三)" in row.group(1)
    response = api.post(
        "/rounds/new", data={**form, "policy.publicity_working_days": "7"}, follow_redirects=False
    )
    assert response.status_code == 303
    created = api.get("/api/rounds").json()[-1]
    assert created["policy"] == {"publicity_working_days": 7}  # only what changed becomes the override


def test_department_names_in_the_roster_template_come_from_the_organisation_page(
    api: TestClient, round_id: int
) -> None:
    page = api.get(f"/rounds/{round_id}/roster").text
    assert f'href="/api/rounds/{round_id}/roster.xlsx"' in page
    assert all(name in api.get("/organisation").text for name in DEPARTMENTS)


@pytest.mark.parametrize(
    ("base", "ratio", "limit", "text"),
    [
        (12, 0.2, 2, "12人×20%=2.4，向下取整为2"),  # 000 四(一), DESIGN.md §3
        (15, 0.2, 3, "15人×20%=3，向下取整为3"),
        (3, 0.2, 1, "3人×20%=0.6，向下取整为0，不满1人的按1人"),  # 000 五(二)3 "不满1人的可推荐1人"
    ],
)
def test_a_quota_bar_writes_out_the_arithmetic_of_the_rules_limit(
    base: int, ratio: float, limit: int, text: str
) -> None:
    quota = Quota(
        key="k", grade="优秀", base=base, ratio=ratio, rounding="floor", limit=limit, used=0, ok=True
    )
    assert arithmetic(quota) == text


def test_the_vendor_script_pins_each_version_it_copies() -> None:
    script = (ROOT / "scripts" / "vendor-static.sh").read_text(encoding="utf-8")
    versions = (STATIC / "vendor" / "VERSIONS").read_text(encoding="utf-8")
    for name, variable in (
        ("htmx.org", "HTMX"),
        ("bootstrap", "BOOTSTRAP"),
        ("swagger-ui-dist", "SWAGGER_UI"),
    ):
        pinned = re.search(rf"^{variable}_VERSION=(\S+)", script, re.M)
        assert pinned and f"{name} {pinned.group(1)}" in versions
    assert Path(STATIC / "vendor" / "htmx" / "htmx.min.js").read_text(encoding="utf-8").startswith("var htmx")


def test_the_policy_form_cites_the_clause_of_each_parameter_from_the_policy_model() -> None:
    """000 四(一)/(二) 优秀 pools, 四(三) 先进个人, 五(二)3 初评推荐, 五(五) 公示; 001 五(六); 002 四(三)."""
    resident = {f.name: f for f in fields("resident-annual")}
    assert resident["policy.excellent_pools.0.ratio"].clause == "四(一)"
    assert resident["policy.excellent_pools.1.ratio"].clause == "四(二)"
    assert resident["policy.advanced.ratio"].clause == "四(三)"
    assert resident["policy.recommendation.at_least_one"].clause == "五(二)3"
    assert resident["policy.publicity_working_days"].clause == "五(五)"
    assert resident["policy.advanced.ratio"].default == 0.1
    purchased = {f.name: f for f in fields("purchased-service-annual")}
    assert purchased["policy.excellent_disqualification.bad_reviews_min"].clause == "五(六)"
    assert purchased["policy.quotas.优秀.ratio"].label == "等次名额 · 优秀 · 比例"
    quarterly = {f.name: f for f in fields("civil-servant-quarterly")}
    assert quarterly["policy.good_ratio"].clause == "四(三)"


def test_a_paper_missing_what_only_the_clerk_knows_asks_for_it_and_then_is_made(api: TestClient) -> None:
    """DESIGN.md §7: a field of the paper the round cannot decide is named as missing until entered —
    here the honour of a certificate for someone the 001 round gave two (优秀 and 敬业奉献奖), asked
    for in the page, then rendered."""
    round_id = purchased_round(api)
    final = [{"id": f"G{i:03d}", "grade": "合格"} for i in range(1, 11)]
    final[2]["grade"] = "优秀"
    assert api.put(f"/api/rounds/{round_id}/grades", json={"grades": final}).status_code == 200
    api.get(f"/rounds/{round_id}/documents")
    form = {"kind": "certificate", "person_id": "G003", "action": "docx"}
    form |= {csrf.FIELD: api.cookies[csrf.COOKIE]}
    refused = api.post(f"/rounds/{round_id}/documents", data=form)
    assert refused.status_code == 409
    assert "荣誉名称（购买服务人员3获得：优秀、敬业奉献奖）" in refused.text
    assert re.search(r'<input[^>]*name="payload\.honour"', refused.text)
    assert '<option value="G003" selected>' in refused.text  # the person chosen stays chosen
    made = api.post(f"/rounds/{round_id}/documents", data={**form, "payload.honour": "敬业奉献奖"})
    assert made.status_code == 200
    text = "".join(p.text for p in Document(io.BytesIO(made.content)).paragraphs)
    assert "敬业奉献奖" in text and "购买服务人员3" in text
    assert api.get(f"/api/rounds/{round_id}/issued").json() == [], "a preview archives nothing"


def test_the_home_page_says_the_stage_by_the_seeds_timeline_and_what_is_next(
    api: TestClient, round_id: int
) -> None:
    """000 八: from a notice of 2022-12-14 the stages end 12月15日, 12月23日, 2023年1月5日, 1月10日."""
    round_ = RoundOut.model_validate(api.get(f"/api/rounds/{round_id}").json())
    first, second = round_.timeline[0], round_.timeline[1]
    during = progress(round_, issued=0, today=second.start)
    assert during.stage == f"进行中：{second.name}（至{second.end.month}月{second.end.day}日）"
    assert during.next_step == "导入人员名单"
    before = progress(round_, issued=0, today=first.start - dt.timedelta(days=1))
    assert before.stage.startswith(f"下一阶段：{first.name}")
    after = progress(round_, issued=0, today=round_.timeline[-1].end + dt.timedelta(days=1))
    assert after.stage == "各阶段已结束"
    assert "导入人员名单" in api.get("/").text


def test_a_department_head_sees_no_finding_that_names_someone_of_another_department(
    api: TestClient, database: Database, round_id: int
) -> None:
    """DESIGN.md §10: a 部门负责人 sees their department's people, findings and grades only."""
    people = [person(1), person(2, on_roster=False, joined_on="2022-10-01", proposed_grade="优秀")]
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    departments = {d["name"]: d["id"] for d in api.get("/api/organisations/1/departments").json()}
    head = Actor(username="head", role="department_head", department_id=departments[people[0]["department"]])
    with database.session() as session:
        clerk_view = grading._context(session, LOCAL_ADMIN, round_id)
        head_view = grading._context(session, head, round_id)
    named = {f.person_id for _, found in clerk_view["groups"] for f in found}
    assert "P002" in named  # 二: not on the roster and under 6 months, yet proposed 优秀
    assert [row["entry"].person["id"] for row in head_view["rows"]] == ["P001"]
    assert all(f.person_id in (None, "P001") for _, found in head_view["groups"] for f in found)


def test_findings_are_grouped_by_clause_errors_first_and_name_their_person() -> None:
    """000 四(一) over-quota (error) before 五(二)5 notes, each group in the rules' order."""
    result = {
        "findings": [
            {"severity": "info", "clause": "五(二)5", "message": "业务科未明确负责人", "person_id": None},
            {"severity": "error", "clause": "四(一)", "message": "优秀3人，超过限额2人", "person_id": None},
            {"severity": "warning", "clause": "五(五)", "message": "季度优秀较少", "person_id": "P003"},
            {"severity": "error", "clause": "五(五)", "message": "另一条", "person_id": "P004"},
        ]
    }
    groups = findings_by_clause(result, {"P003": "张三"})
    assert [clause for clause, _ in groups] == ["四(一)", "五(五)", "五(二)5"]
    assert [f.severity for f in groups[1][1]] == ["error", "warning"]
    assert groups[1][1][1].person_name == "张三"
