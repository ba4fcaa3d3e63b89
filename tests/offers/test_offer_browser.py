"""An offer in a real browser: the recruiter drafts it from the profile
(errors first, then good terms) and sends it for approval; the hiring
manager, reading Chinese, finds it under Approvals and approves it without
ever seeing the money. Screenshots of each page are kept as artifacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from offers.models import Offer
from offers.services import offer_approvers_set
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_recruiter_drafts_and_submits_an_offer_and_the_hiring_manager_approves_it_in_chinese(
    page, recruiter, hiring_manager, admin_user, job, application, screenshot
):
    offer_approvers_set(job=job, users=[hiring_manager], actor=admin_user)
    hiring_manager.language = "zh-hans"
    hiring_manager.save(update_fields=["language"])
    sign_in(page, recruiter.email)
    page.goto(reverse("candidates:candidate-detail", args=[application.candidate.public_id]))
    page.get_by_test_id("offer-link").click()
    form = page.get_by_test_id("offer-form")
    expect(form).to_be_visible()
    form.get_by_label("Base salary").fill("0")
    form.get_by_test_id("offer-save").click()
    expect(form.get_by_test_id("form-errors")).to_contain_text("The base salary must be above zero.")
    screenshot(page, "offer-form-errors-en")
    today = timezone.localdate()
    form.get_by_label("Base salary").fill("38000")
    form.locator("#id_pay_period").select_option("month")
    form.get_by_label("Pay periods a year").select_option("14")
    form.get_by_label("Start date").fill((today + timedelta(days=30)).isoformat())
    form.get_by_label("Work location").fill("Shanghai")
    form.get_by_label("Offer expires on").fill((today + timedelta(days=7)).isoformat())
    form.get_by_test_id("offer-save").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Draft")
    page.get_by_test_id("offer-submit").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Awaiting approval")
    expect(page.get_by_test_id("waiting-on")).to_contain_text(hiring_manager.full_name)
    expect(page.get_by_test_id("base-salary")).to_contain_text("¥38,000")
    screenshot(page, "offer-page-en")
    page.goto(reverse("offers:job-approvers", args=[job.public_id]))
    expect(page.get_by_test_id("approver")).to_have_count(1)
    screenshot(page, "job-approvers-en")
    page.goto(reverse("jobs:job-detail", args=[job.public_id]))
    expect(page.locator("#job-offer-approvers").get_by_test_id("approver")).to_have_count(1)
    screenshot(page, "job-page-with-chain-en")

    page.context.clear_cookies()
    sign_in(page, hiring_manager.email)
    expect(page.get_by_test_id("approval-count")).to_contain_text("1")
    page.get_by_test_id("nav-approvals").click()
    expect(page.get_by_test_id("approval-row")).to_have_count(1)
    screenshot(page, "approvals-zh-hans")
    page.get_by_role("link", name="审阅").click()
    expect(page.get_by_test_id("decide")).to_be_visible()
    assert "38,000" not in page.content() and "38000" not in page.content()
    screenshot(page, "offer-approval-zh-hans")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("已批准")
    assert Offer.objects.get(application=application).status == Offer.Status.APPROVED
    assert page.csp_violations == []
