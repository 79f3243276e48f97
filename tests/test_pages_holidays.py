"""节假日安排 page: every year the calendar knows and its source; an administrator adds a year through
holiday_years.put_year and HolidayYearIn (PUT /api/holidays/{year}) with its errors beside the fields —
调休上班 only on a weekend, dates in the year, a year the package carries refused — and the working-day
calendar (service/workdays.py) counts with it at once; others read only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service import csrf, workdays
from service.db import Database
from service.pages.holidays import date_list, spans
from tests.admin_pages_support import login, production_app, refused_page, token

YEAR = max(workdays.package_years()) + 1  # 2027 with chinesecalendar 1.10
FORM = {
    "year": str(YEAR),
    # A made-up arrangement: 元旦 (a Friday in 2027) and 春节 with Saturday 02-20 worked in lieu.
    "holidays": f"{YEAR}-01-01\n" + "、".join(f"{YEAR}-02-{d:02d}" for d in range(6, 13)),
    "workdays": f"{YEAR}-02-20",
    "source": f"国办发明电〔{YEAR - 1}〕7号",
}


@pytest.fixture(autouse=True)
def _calendar_as_shipped() -> Iterator[None]:
    """The process-wide calendar forgets what a test entered, so other tests see the package's years."""
    yield
    workdays.use_entered_years({})


def _error(page: str, field: str) -> str:
    found = re.search(rf'<div class="invalid-feedback" id="e-{field}">(.*?)</div>', page, re.S)
    assert found, f"no error beside {field}"
    return found.group(1)


def test_the_years_known_are_listed_with_their_source(api: TestClient) -> None:
    page = api.get("/holidays")
    assert page.status_code == 200
    row = re.search(rf'<tr id="year-{YEAR - 1}">(.*?)</tr>', page.text, re.S)
    assert row and "日历包" in row.group(1)
    # The package's days as the calendar counts them (DESIGN.md §3: 国庆 2024-10-01…07, Sunday 09-29 worked).
    row = re.search(r'<tr id="year-2024">(.*?)</tr>', page.text, re.S)
    assert row and "2024-10-01 至 2024-10-07（7天）" in row.group(1) and "2024-09-29" in row.group(1)
    assert 'id="put-year"' in page.text and f'value="{YEAR}"' in page.text  # the next year, proposed


def test_an_admin_adds_a_year_and_the_calendar_counts_with_it(api: TestClient) -> None:
    with pytest.raises(workdays.CalendarYearUnsupported):
        workdays.is_working_day(dt.date(YEAR, 1, 1))
    form = {**FORM, csrf.FIELD: token(api, "/holidays")}
    saved = api.post("/holidays", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = api.get(saved.headers["location"]).text
    row = re.search(rf'<tr id="year-{YEAR}">(.*?)</tr>', page, re.S)
    assert row and "管理员录入" in row.group(1) and FORM["source"] in row.group(1)
    assert f"{YEAR}-02-06 至 {YEAR}-02-12（7天）" in row.group(1) and f"{YEAR}-02-20" in row.group(1)
    assert not workdays.is_working_day(dt.date(YEAR, 1, 1)) and workdays.is_working_day(dt.date(YEAR, 2, 20))
    stored = {y["year"]: y for y in api.get("/api/holidays").json()}[YEAR]
    assert stored["workdays"] == [f"{YEAR}-02-20"] and len(stored["holidays"]) == 8
    # ?year= fills the form with the entered year, to correct it.
    again = api.get(f"/holidays?year={YEAR}").text
    assert f"{YEAR}-02-12</textarea>" in again and f'value="{FORM["source"]}"' in again


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        # holiday_years._problems: 调休上班日 only on a Saturday or Sunday (2027-02-22 is a Monday).
        (
            {"workdays": f"{YEAR}-02-20 {YEAR}-02-22"},
            "workdays",
            f"第2个日期（{YEAR}-02-22）：{YEAR}-02-22 是星期一",
        ),
        ({"holidays": f"{YEAR}-01-01 {YEAR + 1}-01-01"}, "holidays", f"{YEAR + 1}-01-01 不在{YEAR}年内"),
        ({"holidays": f"{YEAR}-13-01"}, "holidays", "第1个日期（2027-13-01）：日期格式应为 YYYY-MM-DD"),
        ({"holidays": ""}, "holidays", "至少需要 1 项"),  # HolidayYearIn.holidays min_length
        ({"source": ""}, "source", "缺少必填字段"),
        ({"year": "明年"}, "year", "应为整数"),
        ({"year": "1900"}, "year", "年份 1900 不正确"),
    ],
)
def test_a_bad_arrangement_is_refused_beside_its_field(
    api: TestClient, change: dict[str, str], field: str, message: str
) -> None:
    response = api.post("/holidays", data={**FORM, **change, csrf.FIELD: token(api, "/holidays")})
    assert response.status_code == 422
    assert message in _error(response.text, field)
    assert f'id="year-{YEAR}"' not in response.text  # nothing stored
    assert YEAR not in workdays.known_years()


def test_a_year_the_package_carries_is_refused_beside_the_year(api: TestClient) -> None:
    form = {**FORM, "year": str(YEAR - 1), csrf.FIELD: token(api, "/holidays")}
    form["holidays"], form["workdays"] = f"{YEAR - 1}-01-01", ""
    response = api.post("/holidays", data=form)
    assert response.status_code == 409
    assert "已由日历包（chinesecalendar）收录" in _error(response.text, "year")


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_others_read_the_years_and_only_an_admin_adds_one(
    monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    api = production_app(monkeypatch, database, "clerk")
    clerk = login(api, "clerk")
    page = api.get("/holidays", headers=clerk)
    assert page.status_code == 200 and f'id="year-{YEAR - 1}"' in page.text
    assert 'id="put-year"' not in page.text
    assert '<a class="nav-link" href="/holidays">节假日安排</a>' in page.text
    refused = api.post("/holidays", data={**FORM, csrf.FIELD: token(api, "/holidays", clerk)}, headers=clerk)
    assert refused_page(refused, "此操作仅限管理员")
    assert YEAR not in workdays.known_years()
    assert 'id="put-year"' in api.get("/holidays", headers=login(api, "root")).text


def test_dates_are_read_as_a_clerk_copies_them_and_holidays_read_as_spans() -> None:
    assert date_list("2027-01-01、2027-01-02，2027-01-03\n 2027-02-06;") == [
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
        "2027-02-06",
    ]
    days = [dt.date(2027, 1, 1), dt.date(2027, 1, 3), dt.date(2027, 1, 2), dt.date(2027, 2, 6)]
    assert spans(days) == [(dt.date(2027, 1, 1), dt.date(2027, 1, 3)), (dt.date(2027, 2, 6),) * 2]
