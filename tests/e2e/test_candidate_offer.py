"""The offer letter in a real browser: the recruiter previews the letter of an
approved offer and sends it; the candidate, signed out and on a phone, opens
the emailed link in their language, reads the letter, confirms, accepts, and
the application is hired; the spent link then says which answer was given.
Screenshots under var/test-artifacts (TEST_ARTIFACTS_DIR), named ``<test>-<step>.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from messaging.models import OutboundEmail
from messaging.services import outbox
from offers.models import Offer
from tests import factories
from tests.browser import assert_clean_console, watch_console
from tests.interviews.test_board_browser import sign_in
from tests.offers.factories import approved_offer, default_letters

pytestmark = pytest.mark.browser

TEXTS = {
    "en": {"greeting": "Dear Grace Hopper", "salary": "¥40,000", "accepted": "You accepted this offer on"},
    "zh-hans": {"greeting": "Grace Hopper，您好", "salary": "¥4万", "accepted": "您已于"},
}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_recruiter_sends_the_letter_and_the_candidate_accepts_it_on_a_phone(
    page, browser, live_server, recruiter, screenshot, language, settings
):
    settings.SITE_URL = live_server.url
    default_letters()
    job = factories.job(recruiter=recruiter, title="Robot Whisperer")
    candidate = factories.candidate(full_name="Grace Hopper", language=language, time_zone="Asia/Shanghai")
    offer = approved_offer(application=factories.application(job_=job, candidate_=candidate))

    # The recruiter, working in the same language, finds the letters under Setup.
    recruiter.language = language
    recruiter.save(update_fields=["language"])
    sign_in(page, recruiter.email)
    page.goto("/offers/letters/")
    expect(page.get_by_test_id("letter-template-row")).to_have_count(2)
    screenshot(page, "0-recruiter-letter-templates")
    page.get_by_test_id("letter-template-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("merge-fields")).to_contain_text("base_salary")
    screenshot(page, "0-recruiter-letter-template-form")

    # The recruiter previews the letter in the candidate's language and sends it.
    page.goto(f"/offers/{offer.public_id}/letter/")
    letter = page.get_by_test_id("offer-letter")
    expect(letter).to_contain_text(TEXTS[language]["greeting"])
    expect(letter).to_contain_text(TEXTS[language]["salary"])
    screenshot(page, "1-recruiter-preview")
    page.get_by_test_id("letter-send").get_by_role("button").click()
    expect(page.get_by_test_id("letter-send-why")).to_be_visible()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT
    link = OutboundEmail.objects.get(related_id=str(offer.public_id)).context["link"]

    # The candidate opens the emailed link on a phone, without an account.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = phone.new_page()
    watch_console(tab)
    try:
        tab.goto(link)
        expect(tab.locator("html")).to_have_attribute("lang", language)
        expect(tab.get_by_test_id("offer-letter")).to_contain_text(TEXTS[language]["greeting"])
        expect(tab.get_by_test_id("offer-terms")).to_contain_text(TEXTS[language]["salary"])
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(tab, "2-candidate-letter")
        tab.get_by_test_id("offer-accept").click()
        expect(tab.get_by_test_id("accept-form")).to_be_visible()
        assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT  # the confirm step changed nothing
        screenshot(tab, "3-candidate-confirms")
        tab.get_by_test_id("accept-form").get_by_role("button").first.click()
        expect(tab.get_by_test_id("offer-done")).to_be_visible()
        screenshot(tab, "4-candidate-accepted")
        assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
        assert Application.objects.get(pk=offer.application_id).status == Application.Status.HIRED

        # The link is spent: it says which answer was given.
        tab.goto(link)
        expect(tab.get_by_test_id("gone-reason")).to_contain_text(TEXTS[language]["accepted"])
        screenshot(tab, "5-candidate-link-spent")
        assert_clean_console(tab)
    finally:
        phone.close()
