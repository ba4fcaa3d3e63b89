"""The recruiter's flow in a real browser: the duplicate warning appears
beside the field as it is typed, the candidate search answers as you type,
and pool members are added by picking from a search. No CSP violations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from candidates.services import candidate_create
from talentpool.models import PoolMembership
from talentpool.services import pool_create
from tests import factories
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_duplicate_warning_appears_under_the_email_as_it_is_typed(page, recruiter, screenshot):
    existing = factories.candidate(full_name="John Smith", company="Acme", email="john.smith@example.com")
    sign_in(page, recruiter.email)
    page.goto(reverse("candidates:candidate-create"))
    page.get_by_label("Full name").fill("Johnny Walker")
    page.locator("#id_time_zone").select_option("Asia/Shanghai")
    page.get_by_label("Email").fill("John.Smith@example.com")
    page.get_by_label("Email").blur()
    slot = page.get_by_test_id("duplicates-email")
    expect(slot).to_contain_text("John Smith")
    expect(slot.get_by_test_id("open-existing")).to_have_attribute(
        "href", reverse("candidates:candidate-detail", args=[existing.public_id])
    )
    expect(page.get_by_test_id("duplicates-phone")).not_to_contain_text("John Smith")
    screenshot(page, "candidate-form-duplicate")
    page.get_by_role("button", name="Create candidate").click()
    expect(page.get_by_test_id("form-summary")).to_contain_text("Nothing was saved yet")
    expect(page.get_by_label("Full name")).to_have_value("Johnny Walker")
    assert page.csp_violations == []


def test_the_candidate_search_answers_as_you_type(page, recruiter):
    candidate_create(actor=recruiter, full_name="John Smith", company="Acme Analytics")
    candidate_create(actor=recruiter, full_name="Grace Hopper", company="Navy")
    sign_in(page, recruiter.email)
    page.goto(reverse("candidates:candidate-list"))
    page.locator("#id_search_q").press_sequentially("Jonh Smiht", delay=20)
    expect(page.get_by_test_id("near-matches")).to_be_visible()
    expect(page.get_by_test_id("candidate-row")).to_have_count(1)
    assert "q=Jonh%20Smiht" in page.url  # the URL follows the search
    page.locator("#id_search_q").fill("Ada Lovelace")
    expect(page.get_by_test_id("add-candidate")).to_be_visible()
    page.get_by_test_id("add-candidate").click()
    expect(page.get_by_label("Full name")).to_have_value("Ada Lovelace")
    assert page.csp_violations == []


def test_pool_members_are_added_by_picking_from_a_search(page, recruiter):
    pool = pool_create(name="Alumni", owner=recruiter, actor=recruiter)
    lin = factories.pool_candidate(full_name="Lin Hua", email="lin@example.test")
    sign_in(page, recruiter.email)
    page.goto(reverse("talentpool:pool-detail", args=[pool.public_id]))
    page.get_by_label("Find a candidate by name or email").press_sequentially("Lin", delay=20)
    pick = page.get_by_test_id("member-pick").filter(has_text="Lin Hua")
    pick.get_by_role("button", name="Add Lin Hua").click()
    expect(page.get_by_test_id("member")).to_contain_text("Lin Hua")
    assert PoolMembership.objects.filter(pool=pool, candidate=lin).exists()
    assert page.csp_violations == []
