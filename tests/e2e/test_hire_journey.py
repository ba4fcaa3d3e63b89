"""Closing a hire in a real browser, once in English and once in 简体中文.

A recruiter drafts an offer for a candidate at the offer stage of an agency
job and sends it for approval; the hiring manager (another browser) approves
it without ever seeing the money; the recruiter previews the letter and sends
it; the candidate, without an account, opens the emailed link, reads the
letter, downloads its PDF and accepts; the recruiter then sees the hire on the
board, in the funnel after "Refresh now", and the placement with its computed
fee. Each page is left as a screenshot under var/test-artifacts
(TEST_ARTIFACTS_DIR), named ``hire-<language>-<n>-<page>.png``.

The steps go by the labels a user reads, in the language of the journey: the
Chinese run signs in users who read Chinese and the candidate's language is
Chinese, so the letter and its page are Chinese too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import user_update
from analytics.services import rollup_catch_up
from interviews.models import Application
from interviews.services.applications import application_move
from jobs.models import JobMember
from jobs.services import client_create, client_fee_terms_update, client_grant, job_member_add
from messaging.models import OutboundEmail
from messaging.services.outbox import _render
from offers.models import Offer
from offers.services import offer_approvers_set
from placements.models import Placement
from tests import factories
from tests.browser import ARTIFACTS, assert_clean_console, watch_console
from tests.conftest import PASSWORD
from tests.offers.factories import default_letters

pytestmark = pytest.mark.browser

JOB_TITLE = "Robot Whisperer"
CLIENT_NAME = "Orbital Robotics"
BASE_SALARY = "35000"  # a month, 13 months a year: 455,000 a year; the client's fee is 20% of it
FEE_RATE = Decimal("20")


@dataclass(frozen=True)
class Journey:
    """What the users type and read in one language."""

    language: str
    switch_to: str | None  # the language button pressed on the login page, if any
    candidate_name: str
    # Login
    email: str
    password: str
    sign_in: str
    # The recruiter's way to the offer
    jobs: str
    pipeline_board: str
    board_heading: str
    actions: str
    offer: str
    # The offer form and page
    base_salary: str
    currency: str
    pay_period: str
    pay_period_choice: str
    periods_a_year: str
    bonus_label: str
    bonus: str
    start_date: str
    work_location: str
    expires_on: str
    save_offer: str
    draft: str
    send_for_approval: str
    awaiting_approval: str
    waiting_for: str
    salary_shown: str  # the base salary as the offer page and the letter write it
    # The hiring manager
    approvals: str
    review: str
    approve: str
    approved: str
    # The letter
    preview_letter: str
    send_to_candidate: str
    sent: str
    greeting: str  # how the letter addresses the candidate
    # The candidate's page
    download_pdf: str
    accept_offer: str
    accept_confirm: str
    welcome: str
    accepted: str  # what the candidate reads after accepting
    # After the hire
    hired_on_board: str
    funnel: str
    job: str
    filter: str
    refresh_now: str
    hired: str
    placements: str
    fee: str


ENGLISH = Journey(
    language="en",
    switch_to=None,
    candidate_name="Grace Hopper",
    email="Email",
    password="Password",
    sign_in="Sign in",
    jobs="Jobs",
    pipeline_board="Pipeline board",
    board_heading=f"Pipeline: {JOB_TITLE}",
    actions="Actions",
    offer="Offer",
    base_salary="Base salary",
    currency="Currency",
    pay_period="Pay period",
    pay_period_choice="per month",
    periods_a_year="Pay periods a year",
    bonus_label="Bonus",
    bonus="15% target bonus",
    start_date="Start date",
    work_location="Work location",
    expires_on="Offer expires on",
    save_offer="Save offer",
    draft="Draft",
    send_for_approval="Send for approval",
    awaiting_approval="Awaiting approval",
    waiting_for="Waiting for {name}",
    salary_shown="¥35,000",
    approvals="Approvals",
    review="Review",
    approve="Approve",
    approved="Approved",
    preview_letter="Preview the letter",
    send_to_candidate="Send to candidate",
    sent="Sent",
    greeting="Dear Grace Hopper",
    download_pdf="Download the letter (PDF)",
    accept_offer="Accept the offer",
    accept_confirm="Yes, I accept the offer",
    welcome="Welcome aboard!",
    accepted=f"You have accepted the offer for {JOB_TITLE} at {CLIENT_NAME}.",
    hired_on_board="1 hired for 1 opening",
    funnel="Funnel",
    job="Job",
    filter="Filter",
    refresh_now="Refresh now",
    hired="Hired",
    placements="Placements",
    fee="¥91,000",  # 20% of 35,000 × 13
)

CHINESE = Journey(
    language="zh-hans",
    switch_to="简体中文",
    candidate_name="张伟",
    email="邮箱地址",
    password="密码",
    sign_in="登录",
    jobs="职位",
    pipeline_board="招聘看板",
    board_heading=f"招聘流程：{JOB_TITLE}",
    actions="操作",
    offer="Offer",
    base_salary="基本工资",
    currency="币种",
    pay_period="发薪周期",
    pay_period_choice="每月",
    periods_a_year="每年发薪次数",
    bonus_label="奖金",
    bonus="目标奖金 15%",
    start_date="入职日期",
    work_location="工作地点",
    expires_on="答复截止日期",
    save_offer="保存 Offer",
    draft="草稿",
    send_for_approval="提交审批",
    awaiting_approval="待审批",
    waiting_for="等待 {name} 审批",
    salary_shown="¥3.5万",
    approvals="审批",
    review="审阅",
    approve="批准",
    approved="已批准",
    preview_letter="预览通知书",
    send_to_candidate="发送给候选人",
    sent="已发送",
    greeting="张伟，您好",
    download_pdf="下载通知书（PDF）",
    accept_offer="接受录用",
    accept_confirm="确认接受录用",
    welcome="欢迎加入！",
    accepted=f"您已接受 {CLIENT_NAME} 的 {JOB_TITLE} 职位录用通知。",
    hired_on_board="1 个名额已录用 1 人",
    funnel="招聘漏斗",
    job="职位",
    filter="筛选",
    refresh_now="立即刷新",
    hired="已录用",
    placements="成功推荐",
    fee="¥9.1万",  # 20% of 35,000 × 13
)


def sign_in(page, ui: Journey, email: str) -> None:
    """Through the login page, switching its language first for the Chinese journey."""
    page.goto("/accounts/login/")
    if ui.switch_to:
        page.get_by_role("button", name=ui.switch_to).click()
    expect(page.locator("html")).to_have_attribute("lang", ui.language)
    page.get_by_label(ui.email).fill(email)
    page.get_by_label(ui.password).fill(PASSWORD)
    page.get_by_role("button", name=ui.sign_in, exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", ui.language)


@pytest.mark.parametrize("ui", [ENGLISH, CHINESE], ids=lambda ui: ui.language)
def test_an_offer_is_drafted_approved_sent_and_accepted_and_the_hire_shows_everywhere(
    page, browser, live_server, settings, recruiter, hiring_manager, admin_user, ui
):
    settings.SITE_URL = live_server.url  # the emailed link points at the live server
    shots: list[Path] = []

    def shot(tab, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"hire-{ui.language}-{len(shots) + 1:02d}-{name}.png"
        # caret="initial": hiding the caret leaves style="" on inputs, which the CSP then reports.
        tab.screenshot(path=str(path), full_page=True, caret="initial")
        shots.append(path)

    # The world: an agency client charging 20% of the first-year base, granted to
    # the recruiter, whose job it is (so the placement and its fee are theirs to
    # see); the hiring manager on the job's team and its whole approval chain; the
    # candidate at the job's offer stage; the seeded letters.
    default_letters()
    for user in (recruiter, hiring_manager):
        user_update(user=user, actor=None, language=ui.language)
    client = client_create(actor=admin_user, name=CLIENT_NAME)
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_fee_terms_update(
        client=client, actor=admin_user, fee_type="percentage", fee_rate=FEE_RATE, fee_currency="CNY", guarantee_days=90
    )
    job = factories.job(recruiter=recruiter, client=client, plan_template=factories.plan(stages=5), title=JOB_TITLE)
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    offer_approvers_set(job=job, users=[hiring_manager], actor=admin_user)
    offer_stage = job.stages.get(kind="offer")
    candidate = factories.candidate(
        full_name=ui.candidate_name, language=ui.language, time_zone="Asia/Shanghai", email="candidate@example.test"
    )
    application = factories.application(job_=job, candidate_=candidate)
    application_move(application=application, to_stage=offer_stage, actor=admin_user)
    rollup_catch_up()  # the scheduled roll-up ran before the day began: the reports read it
    today = timezone.localdate()

    # 1. The recruiter signs in, opens the board of the job and the card's offer.
    sign_in(page, ui, recruiter.email)
    page.get_by_role("link", name=ui.jobs, exact=True).click()
    page.get_by_role("link", name=JOB_TITLE).click()
    page.get_by_role("link", name=ui.pipeline_board).click()
    expect(page.get_by_role("heading", name=ui.board_heading)).to_be_visible()
    offer_column = page.get_by_role("region", name=offer_stage.name, exact=True)
    card = offer_column.get_by_test_id("card").filter(has_text=ui.candidate_name)
    offer_column.scroll_into_view_if_needed()  # the board scrolls sideways: show the offer stage
    shot(page, "board")
    card.get_by_role("link", name=ui.actions).click()
    page.get_by_test_id("board-panel").get_by_role("link", name=ui.offer, exact=True).click()

    # Drafts the offer: the form by its labels.
    form = page.get_by_test_id("offer-form")
    expect(form).to_be_visible()
    form.get_by_label(ui.base_salary).fill(BASE_SALARY)
    form.get_by_label(ui.currency).select_option("CNY")
    # Not "Pay periods a year"; the label ends with the required field's star.
    form.get_by_label(re.compile(rf"^{re.escape(ui.pay_period)}\W*$")).select_option(label=ui.pay_period_choice)
    form.get_by_label(ui.periods_a_year).select_option("13")
    form.get_by_label(ui.bonus_label, exact=True).fill(ui.bonus)
    form.get_by_label(ui.start_date).fill((today + timedelta(days=30)).isoformat())
    form.get_by_label(ui.work_location).fill("Shanghai")
    form.get_by_label(ui.expires_on).fill((today + timedelta(days=7)).isoformat())
    shot(page, "offer-form")
    form.get_by_role("button", name=ui.save_offer).click()
    expect(page.get_by_test_id("offer-status")).to_have_text(ui.draft)
    expect(page.get_by_test_id("base-salary")).to_contain_text(ui.salary_shown)
    page.get_by_role("button", name=ui.send_for_approval).click()
    expect(page.get_by_test_id("offer-status")).to_have_text(ui.awaiting_approval)
    expect(page.get_by_test_id("waiting-on")).to_have_text(ui.waiting_for.format(name=hiring_manager.full_name))
    offer = Offer.objects.get(application=application)
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    shot(page, "offer-submitted")
    offer_url = page.url

    # 2. The hiring manager, in a second browser, approves it without seeing the money.
    manager_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    manager = manager_context.new_page()
    watch_console(manager)
    try:
        sign_in(manager, ui, hiring_manager.email)
        manager.get_by_test_id("nav-approvals").click()
        expect(manager.get_by_role("heading", name=ui.approvals, exact=True)).to_be_visible()
        row = manager.get_by_test_id("approval-row").filter(has_text=ui.candidate_name)
        expect(row).to_contain_text(JOB_TITLE)
        shot(manager, "approvals")
        row.get_by_role("link", name=ui.review).click()
        expect(manager.get_by_test_id("decide")).to_be_visible()
        html = manager.content()
        assert ui.salary_shown not in html and "35,000" not in html and BASE_SALARY not in html
        assert ui.bonus not in html
        shot(manager, "manager-offer")
        manager.get_by_role("button", name=ui.approve, exact=True).click()
        expect(manager.get_by_test_id("offer-status")).to_have_text(ui.approved)
        assert BASE_SALARY not in manager.content() and ui.salary_shown not in manager.content()
        shot(manager, "manager-approved")
        assert_clean_console(manager)
    finally:
        manager_context.close()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED

    # 3. The recruiter opens the offer again, previews the letter and sends it.
    page.goto(offer_url)
    expect(page.get_by_test_id("offer-status")).to_have_text(ui.approved)
    page.get_by_role("button", name=ui.preview_letter).click()
    letter = page.get_by_test_id("offer-letter")
    expect(letter).to_contain_text(ui.greeting)
    expect(letter).to_contain_text(ui.salary_shown)
    expect(letter).to_contain_text(ui.bonus)
    shot(page, "letter-preview")
    page.get_by_role("button", name=ui.send_to_candidate).click()
    expect(page.get_by_test_id("letter-send-why")).to_be_visible()  # sent: it cannot be sent twice
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    page.goto(offer_url)
    expect(page.get_by_test_id("offer-status")).to_have_text(ui.sent)
    expect(page.get_by_test_id("letter-sent")).to_be_visible()
    shot(page, "offer-sent")

    # 4. The candidate opens the emailed link, as the outbox renders the email.
    # The approvers' emails are about the offer too; the candidate has one, the letter.
    email = OutboundEmail.objects.get(related_id=str(offer.public_id), template="offer_letter")
    assert (email.to_address, email.language) == ("candidate@example.test", ui.language)
    message = _render(email)
    links = re.findall(r"https?://\S+/offers/o/\S+/", message.body)
    assert links == [email.context["link"]]
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = phone.new_page()
    watch_console(tab)
    try:
        tab.goto(links[0])
        expect(tab.locator("html")).to_have_attribute("lang", ui.language)
        expect(tab.get_by_test_id("offer-letter")).to_contain_text(ui.greeting)
        expect(tab.get_by_test_id("offer-letter")).to_contain_text(ui.salary_shown)
        expect(tab.get_by_test_id("offer-terms")).to_contain_text(ui.salary_shown)
        shot(tab, "candidate-letter")
        pdf_link = tab.get_by_role("link", name=ui.download_pdf)
        pdf = tab.request.get(pdf_link.get_attribute("href"))
        assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
        assert pdf.body().startswith(b"%PDF")
        tab.get_by_role("link", name=ui.accept_offer).click()
        confirm = tab.get_by_test_id("accept-form")
        expect(confirm).to_be_visible()
        assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT  # the confirm step changed nothing
        shot(tab, "candidate-confirm")
        confirm.get_by_role("button", name=ui.accept_confirm).click()
        expect(tab.get_by_test_id("offer-done")).to_contain_text(ui.welcome)
        expect(tab.get_by_test_id("offer-done")).to_contain_text(ui.accepted)
        shot(tab, "candidate-accepted")
        assert_clean_console(tab)
    finally:
        phone.close()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    assert Application.objects.get(pk=application.pk).status == Application.Status.HIRED

    # 5. The recruiter sees the hire: on the board (the card moved from the stages
    # to the Hired column, the headcount is reached), in the funnel after "Refresh
    # now", and as a placement.
    page.get_by_test_id("page-header").get_by_role("link", name=JOB_TITLE).click()  # the offer's breadcrumb
    page.get_by_role("link", name=ui.pipeline_board).click()
    expect(page.get_by_role("heading", name=ui.board_heading)).to_be_visible()
    expect(page.get_by_test_id("fill-prompt")).to_contain_text(ui.hired_on_board)
    expect(page.get_by_test_id("card").filter(has_text=ui.candidate_name)).to_have_count(0)
    hired_card = page.get_by_test_id("hired-column").get_by_test_id("hired-card")
    expect(hired_card).to_have_count(1)
    expect(hired_card).to_contain_text(ui.candidate_name)
    expect(hired_card).to_contain_text(ui.hired)
    page.get_by_test_id("hired-column").scroll_into_view_if_needed()
    shot(page, "board-hired")

    page.get_by_test_id("nav-reports").click()
    expect(page.get_by_role("heading", name=ui.funnel, exact=True, level=1)).to_be_visible()
    page.get_by_label(ui.job, exact=True).select_option(label=f"{JOB_TITLE} · {CLIENT_NAME}")
    page.get_by_test_id("report-filters").get_by_role("button", name=ui.filter).click()
    page.wait_for_url(re.compile(rf"/analytics/funnel/\?.*job={job.public_id}"))
    hired = (
        page.get_by_test_id("headline")
        .locator(".card")
        .filter(has=page.get_by_role("heading", name=ui.hired, exact=True))
    )
    expect(hired.get_by_test_id("headline-value")).to_have_text("0")  # the roll-up has not seen the hire yet
    shot(page, "funnel-before-refresh")
    page.get_by_role("button", name=ui.refresh_now).click()
    page.wait_for_url(re.compile(rf"/analytics/funnel/\?.*job={job.public_id}"))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(hired.get_by_test_id("headline-value")).to_have_text("1")
    shot(page, "funnel-refreshed")

    page.get_by_test_id("nav-placements").click()
    expect(page.get_by_role("heading", name=ui.placements)).to_be_visible()
    row = page.locator("tr").filter(has_text=ui.candidate_name)
    expect(row.get_by_test_id("placement-fee")).to_have_text(ui.fee)
    placement = Placement.objects.get(application=application)
    assert placement.fee == Decimal("91000.00")
    shot(page, "placements")

    assert len(shots) == 15 and all(path.stat().st_size > 0 for path in shots)
