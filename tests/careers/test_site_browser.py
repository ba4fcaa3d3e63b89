"""The careers site in a real browser: a phone, Chinese, no JavaScript needed,
and nothing the CSP refuses (the JSON-LD data block included)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser import assert_clean_console, watch_console
from tests.careers import site_factories as make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    """A 390 × 844 tab with JavaScript off, as a candidate's phone at its plainest."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
        locale="zh-CN",
    )
    tab = context.new_page()
    watch_console(tab)
    yield tab
    context.close()


def test_a_candidate_on_a_phone_finds_a_job_in_chinese_without_javascript(phone, screenshot):
    brand = make.brand(
        display_name="Acme Robotics",
        display_name_zh_hans="艾克米机器人",
        tagline="Robots for everyone",
        tagline_zh_hans="人人都有机器人",
        culture="We **care**.",
        culture_zh_hans="我们**用心**。",
        accent_colour="#0f766e",
    )
    from careers.services import site as services

    services.story_create(brand=brand, actor=None, name="李雷", role="工程师", body="Great", body_zh_hans="团队很棒。")
    services.brand_image_add(brand=brand, actor=None, content=make.png_bytes(120, 40), kind="logo")
    make.posting(
        brand_=brand,
        title="Robot Whisperer",
        title_zh_hans="机器人沟通师",
        description_zh_hans="## 工作内容\n\n- 与机器人对话",
        location="上海",
        salary_min=20000,
        salary_max=30000,
    )
    make.posting(brand_=brand, title="Sales Lead", title_zh_hans="销售负责人", location="北京")

    phone.goto(f"/careers/{brand.slug}/")  # the browser asks for Chinese (Accept-Language)
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(phone.get_by_test_id("brand-name")).to_contain_text("艾克米机器人")
    expect(phone.get_by_test_id("culture")).to_contain_text("我们用心")
    screenshot(phone, "brand-zh")
    phone.get_by_test_id("see-jobs").click()
    expect(phone.get_by_test_id("job-link")).to_have_count(2)
    phone.locator("#careers-location").select_option("上海")
    phone.get_by_role("button", name="搜索").click()
    expect(phone.get_by_test_id("job-link")).to_have_count(1)
    screenshot(phone, "jobs-zh")
    phone.get_by_test_id("job-link").click()
    expect(phone.get_by_test_id("posting-title")).to_have_text("机器人沟通师")
    expect(phone.get_by_test_id("posting-description")).to_contain_text("与机器人对话")
    expect(phone.get_by_test_id("apply")).to_have_text("立即申请")
    data = json.loads(phone.locator("script[type='application/ld+json']").text_content())
    assert data["title"] == "机器人沟通师" and data["hiringOrganization"]["name"] == "艾克米机器人"
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "job-zh")
    phone.get_by_test_id("lang-en").click()
    expect(phone.get_by_test_id("posting-title")).to_have_text("Robot Whisperer")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert_clean_console(phone)


def test_the_job_page_with_javascript_on_reports_no_csp_violation(page, live_server):
    brand = make.brand()
    posting = make.posting(brand_=brand, description="Hi </script><script>alert(1)</script>")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/careers/{brand.slug}/jobs/{posting.public_id}/")
    expect(page.get_by_test_id("posting-title")).to_have_text("Robot Whisperer")
    assert dialogs == []
    assert page.locator("script[type='application/ld+json']").count() == 1
    # The page fixture fails the test on any console error or CSP violation.
