"""A candidate comes in by themselves, in a real browser and in 简体中文.

On a phone, with no account, a candidate opens the careers site, switches it
to 简体中文, finds the job by searching the list, reads it and applies with a
Chinese PDF resume (one of the labelled corpus) and the three consents (the
job is an agency client's, so sharing the profile with that client is asked
for on its own). The confirmation email goes through the outbox to a real SMTP
server, in Chinese. Once the resume's text is extracted (the task the upload
queued after commit, run here directly), the recruiter, who reads Chinese,
signs in and sees the application on the job's board with its source, and the
candidate's profile with the values the parser read marked "来自简历" (from
resume). Each page is left as a screenshot under var/test-artifacts
(TEST_ARTIFACTS_DIR), named ``apply-zh-<n>-<page>.png``.
"""

from __future__ import annotations

import json
import re
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.services import user_update
from candidates.models import Candidate, Consent, Document
from candidates.tasks import document_extract_text_task
from careers.services.site import brand_create, brand_make_primary, brand_publish, posting_create, posting_publish
from interviews.models import Application
from jobs.services import client_create, client_grant
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send
from tests import factories
from tests.browser import ARTIFACTS, assert_clean_console, watch_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "candidates" / "resume_corpus" / "files"
RESUME = CORPUS / "zh-00-single.pdf"
CLIENT_NAME = "Nebula Fintech Ltd"
SHOWN_NAME = "星云金融"
JOB_TITLE = "Senior Accountant"
PUBLIC_TITLE = "会计主管"


def test_a_candidate_applies_in_chinese_and_the_recruiter_sees_the_application_and_the_parsed_profile(
    page, browser, live_server, settings, recruiter, admin_user, smtp_mailer
):
    settings.SITE_URL = live_server.url
    truth = json.loads(RESUME.with_name(RESUME.name + ".json").read_text())
    shots: list[Path] = []

    def shot(tab, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"apply-zh-{len(shots) + 1:02d}-{name}.png"
        # caret="initial": hiding the caret leaves style="" on inputs, which the CSP then reports.
        tab.screenshot(path=str(path), full_page=True, caret="initial")
        shots.append(path)

    # The world: an agency client with its own published careers site (the main
    # one), the recruiter on it and reading Chinese, and the job's posting
    # published in both languages.
    user_update(user=recruiter, actor=None, language="zh-hans")
    client = client_create(actor=admin_user, name=CLIENT_NAME)
    client_grant(client=client, user=recruiter, actor=admin_user)
    job = factories.job(recruiter=recruiter, client=client, title=JOB_TITLE)
    brand = brand_create(
        actor=admin_user,
        client=client,
        slug="nebula",
        display_name="Nebula Fintech",
        display_name_zh_hans=SHOWN_NAME,
        tagline="Banking for everyone",
        tagline_zh_hans="人人可用的金融服务",
        culture="We ship small changes often.",
        culture_zh_hans="我们经常交付小的改进。",
    )
    brand_publish(brand=brand, actor=admin_user)
    brand_make_primary(brand=brand, actor=admin_user)
    posting = posting_create(
        job=job,
        actor=admin_user,
        title=JOB_TITLE,
        title_zh_hans=PUBLIC_TITLE,
        description="Own the monthly close.",
        description_zh_hans="负责每月结账与财务报表。",
        location="北京",
        department="财务",
    )
    posting_publish(posting=posting, actor=admin_user)

    # 1. The candidate, on a phone, opens the careers site and reads it in Chinese.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = phone.new_page()
    watch_console(tab)
    try:
        tab.goto("/careers/")
        tab.get_by_role("link", name="简体中文").click()
        expect(tab.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(tab.get_by_test_id("brand-name")).to_contain_text(SHOWN_NAME)
        assert CLIENT_NAME not in tab.content()
        shot(tab, "brand")
        tab.get_by_role("link", name="全部职位").click()
        tab.get_by_label("搜索", exact=True).fill("会计")
        tab.get_by_test_id("job-filters").get_by_role("button", name="搜索").click()
        expect(tab.get_by_test_id("job-list").get_by_test_id("job-link")).to_have_count(1)
        shot(tab, "jobs")
        tab.get_by_test_id("job-link").filter(has_text=PUBLIC_TITLE).click()
        expect(tab.get_by_test_id("posting-title")).to_have_text(PUBLIC_TITLE)
        expect(tab.get_by_test_id("posting-description")).to_contain_text("负责每月结账")
        shot(tab, "job")

        # 2. Applies: contact details, the Chinese PDF resume, the three consents.
        tab.get_by_test_id("apply").click()
        form = tab.get_by_test_id("apply-form")
        expect(form).to_be_visible()
        form.get_by_label("姓名").fill(truth["full_name"])
        form.get_by_label("邮箱地址").fill(truth["email"])
        form.get_by_label("电话").fill(truth["phone"].removeprefix("+86"))
        form.get_by_label("简历").set_input_files(str(RESUME))
        consents = form.get_by_test_id("consents")
        expect(consents.get_by_role("checkbox")).to_have_count(3)
        expect(consents).to_contain_text(SHOWN_NAME)  # sharing names the employer as the site shows it
        for name in ("consent_processing", "consent_talent_pool", "consent_share"):
            consents.get_by_test_id(name).check()
        shot(tab, "form")
        tab.wait_for_timeout(3_100)  # a person takes a few seconds: the form refuses faster posts
        form.get_by_role("button", name="提交申请").click()
        expect(tab.get_by_test_id("applied-title")).to_have_text("感谢您的申请")
        shot(tab, "applied")
        assert_clean_console(tab)
    finally:
        phone.close()

    # The application, its candidate, resume and three consents are stored.
    candidate = Candidate.objects.get(email_index__isnull=False, full_name=truth["full_name"])
    application = Application.objects.get(candidate=candidate, job=job)
    assert application.source.name == "Careers site"
    assert set(Consent.objects.filter(candidate=candidate).values_list("purpose", flat=True)) == {
        "processing",
        "talent_pool",
        "share_with_client",
    }
    assert Consent.objects.get(candidate=candidate, purpose="share_with_client").client == client

    # 3. The confirmation email reaches the SMTP server, in Chinese.
    email = OutboundEmail.objects.get(template="application_received")
    assert (email.to_address, email.language) == (truth["email"], "zh-hans")
    assert outbound_email_send(email_id=email.pk) == "sent"
    [message] = [m for m in smtp_mailer.messages if truth["email"] in m["To"]]
    subject = str(make_header(decode_header(message["Subject"])))
    assert PUBLIC_TITLE in subject and re.search(r"[\u4e00-\u9fff]", subject.replace(PUBLIC_TITLE, ""))

    # 4. The resume's text is extracted (the queued task, run here) and parsed into the profile.
    resume = Document.objects.get(candidate=candidate, parse_requested=True)
    assert document_extract_text_task(resume.pk) == "extracted"
    candidate.refresh_from_db()
    assert (candidate.headline, candidate.company) == (truth["title"], truth["company"])
    assert {"headline", "company"} <= set(candidate.from_resume)

    # 5. The recruiter sees the application on the board with its source, and the
    # profile with the parsed values marked "from resume".
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.get_by_role("link", name="职位", exact=True).click()
    page.get_by_role("link", name=JOB_TITLE).click()
    page.get_by_role("link", name="招聘看板").click()
    card = page.get_by_test_id("card").filter(has_text=truth["full_name"])
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Careers site")
    shot(page, "board")
    card.get_by_role("link", name=truth["full_name"]).click()
    expect(page.get_by_test_id("headline")).to_contain_text(truth["title"])
    expect(page.get_by_test_id("from-resume-headline")).to_have_text("来自简历")
    expect(page.get_by_test_id("from-resume-company")).to_have_text("来自简历")
    shot(page, "profile")
    assert_clean_console(page)
    assert len(shots) == 7
