"""A seed-003 round (机关内设机构考核, 003_7dc38d50dbc8ae07.txt) driven through the pages in a real Chromium:
the organisation's departments, a new round, then 评定 — each department's catalogue events with their points
and clause beside the row, evaluations and a veto, the ranking and awards updated before anything is saved,
then saved. Same server, browser, strict CSP and checks as tests/test_pages_browser.py."""

from __future__ import annotations

import re

import pytest

from tests.test_pages_browser import Browser, assert_clean, browser, server, set_up_organisation

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, used by name


def test_a_seed_003_round_through_the_pages(browser: Browser) -> None:
    """003 三(一)2 省级刊物论文 ×2 (1 short) = 3 and 三(一)3 国家级新闻单位录用 = 2, with their clauses;
    四 the evaluations by whether a department serves the public; 六4(2) a veto takes the award; 六2 the
    ranking."""
    page = browser.page
    browser.goto("/")
    set_up_organisation(browser)
    page.get_by_role("link", name="新建考核").first.click()
    browser.ready()
    page.get_by_label("考核方案").select_option("internal-department")
    expect(page.locator("#policy legend")).to_contain_text("机关内设机构考核")
    page.get_by_label("考核年度").fill("2016")
    page.get_by_label("通知日期").fill("2016-12-20")
    page.get_by_role("button", name="创建考核").click()
    expect(page.get_by_role("heading", name="2016年度机关内设机构考核")).to_be_visible()

    # 评定 starts from the organisation's four departments, not yet saved; one is taken off the round.
    page.get_by_role("link", name="评定").first.click()
    browser.ready()
    expect(page.locator("#dept-3 legend")).to_have_text("区税务局窗口")
    page.locator("#dept-3").get_by_role("button", name="删除区税务局窗口").click()
    expect(page.locator("fieldset.department")).to_have_count(3)
    browser.ready()

    office, market, hrss = (page.locator(f"#dept-{i}") for i in range(3))
    office.get_by_label("民主测评（0–100，四(一)）").fill("90")
    office.get_by_label("领导评价（0–100，四(三)）").fill("90")
    office.get_by_label("业务科加减分事项第1行").select_option("2:paper_provincial")
    office.get_by_label("业务科第1行次数").fill("2")
    office.get_by_label("业务科第1行其中减半").fill("1")
    expect(page.locator("#pts-0-0")).to_have_text("×2（其中1个减半） +3分（三(一)2）")
    expect(market.get_by_label("承担对外服务的业务部门（四）")).to_be_checked()  # from 机构设置
    for label, value in (("民主测评", "95"), ("作风评议", "90"), ("领导评价", "95")):
        market.get_by_label(re.compile(f"^{label}")).fill(value)
    for label in ("民主测评", "作风评议", "领导评价"):
        hrss.get_by_label(re.compile(f"^{label}")).fill("85")
    ranking = page.locator("table.ranking tbody tr")
    # 业务科 70 + 3 + 18 + 9 = 100; 区市场监管局窗口 70 + 9.5 + 9 + 9.5 = 98; 区人社局窗口 70 + 25.5 = 95.5.
    expect(ranking.nth(0)).to_contain_text("业务科")
    expect(ranking.nth(0).locator(".total")).to_have_text("100")
    expect(ranking.nth(2).locator(".total")).to_have_text("95.5")
    expect(page.locator("#rank-D03 .awards")).to_contain_text("先进处室")
    expect(page.locator("#ranking-title")).to_contain_text("尚未保存")
    browser.shot("06-评定-试算")

    # 六4(2) 被通报批评: 区人社局窗口 keeps its place but not its award.
    hrss.get_by_label("一票否决（六4）").select_option("2")
    expect(page.locator("#rank-D03")).to_contain_text("一票否决")
    expect(page.locator("#rank-D03 .awards")).not_to_contain_text("先进处室")
    expect(page.locator("#evaluation")).to_contain_text("条款 六4(2)")
    # Another event in a row of its own: 三(一)3 国家级新闻单位录用 +2, total 102.
    office.get_by_role("button", name="再加一行事项").click()
    expect(office.locator("tr.event")).to_have_count(3)
    browser.ready()
    office.get_by_label("业务科加减分事项第2行").select_option("3:news_national")
    expect(page.locator("#pts-0-1")).to_have_text("×1 +2分（三(一)3）")
    expect(page.locator("#rank-D01 .total")).to_have_text("102")
    browser.shot("06-评定-一票否决")

    page.get_by_role("button", name="保存部门考核数据").click()
    expect(page.get_by_text("部门考核数据已保存")).to_be_visible()
    expect(page.locator("#ranking-title")).not_to_contain_text("尚未保存")
    expect(page.locator("#pts-0-1")).to_have_text("×1 +2分（三(一)3）")
    expect(page.locator("#rank-D01 .total")).to_have_text("102")
    expect(page.locator("fieldset.department")).to_have_count(3)
    sizes = page.eval_on_selector_all(
        "select, input, button, td, th", "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))"
    )
    assert min(sizes) >= 16
    browser.shot("07-评定-已保存")
    assert_clean(browser, [422])  # the empty organisation form
