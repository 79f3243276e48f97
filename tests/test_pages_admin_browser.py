"""The admin pages in a real Chromium against the real server (local mode, so the actor is the local
administrator): a user created on 用户 (a weak password refused beside its field first), a year's
节假日安排 added (a 调休 day on a Monday refused first), both found in 审计日志. Same Browser, server and
checks as tests/test_pages_browser.py: strict CSP, nothing from outside, no console error, screenshots."""

from __future__ import annotations

import pytest

from service import workdays
from tests.test_pages_browser import (  # noqa: F401 — the fixtures, by import
    Browser,
    assert_clean,
    browser,
    server,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
pytestmark = pytest.mark.browser
YEAR = max(workdays.package_years()) + 1  # 2027 with chinesecalendar 1.10


def test_an_admin_creates_a_user_and_adds_a_holiday_year_through_the_pages(browser: Browser) -> None:  # noqa: F811
    page = browser.page
    browser.goto("/")
    page.get_by_role("link", name="用户", exact=True).click()
    create = page.locator("#create-user")
    create.get_by_label("用户名").fill("wangwu")
    create.get_by_label("姓名").fill("王五")
    create.get_by_label("初始密码").fill("short")
    create.get_by_label("角色").select_option("clerk")
    create.get_by_role("button", name="创建用户").click()
    # service/passwords.py: at least 10 characters by default, said beside the field.
    expect(page.locator("#e-password")).to_contain_text("密码至少需要 10 个字符")
    expect(create.get_by_label("姓名")).to_have_value("王五")
    create.get_by_label("初始密码").fill("correct horse battery staple")
    create.get_by_role("button", name="创建用户").click()
    expect(page.locator("#done")).to_have_text("已创建用户")
    row = page.locator("tr", has=page.get_by_role("cell", name="wangwu", exact=True))
    expect(row).to_contain_text("业务科办事员")
    expect(row).to_contain_text("在用")
    row.get_by_text("管理 wangwu").click()  # the row's forms open with the keyboard or a click
    expect(row.get_by_role("button", name="停用")).to_be_visible()
    browser.shot("01-用户")

    page.get_by_role("link", name="节假日安排").click()
    form = page.locator("#put-year")
    expect(form.get_by_label("年份")).to_have_value(str(YEAR))  # the year after the package's last
    form.get_by_label("放假日", exact=True).fill(f"{YEAR}-01-01\n{YEAR}-02-06\n{YEAR}-02-07\n{YEAR}-02-08")
    form.get_by_label("调休上班日", exact=True).fill(f"{YEAR}-02-22")  # a Monday
    form.get_by_label("依据的通知").fill(f"国办发明电〔{YEAR - 1}〕7号")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("#e-workdays")).to_contain_text("是星期一，调休上班日应为周六或周日")
    page.locator("#put-year").get_by_label("调休上班日", exact=True).fill(f"{YEAR}-02-20")
    page.locator("#put-year").get_by_role("button", name="保存").click()
    expect(page.locator("#saved")).to_have_text(f"已保存{YEAR}年的节假日安排")
    year_row = page.locator(f"#year-{YEAR}")
    expect(year_row).to_contain_text("管理员录入")
    expect(year_row).to_contain_text(f"{YEAR}-02-06 至 {YEAR}-02-08（3天）")
    browser.shot("02-节假日安排")

    page.get_by_role("link", name="审计日志").click()
    expect(page.locator("#audit-log")).to_contain_text("录入节假日安排")
    page.get_by_label("对象类别").select_option("user")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#audit-log tbody tr")).to_have_count(1)
    expect(page.locator("#audit-log")).to_contain_text("新建")
    browser.shot("03-审计日志")
    assert_clean(browser, [422, 422])
