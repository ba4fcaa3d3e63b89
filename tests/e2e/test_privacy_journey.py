"""A candidate's rights in a real browser: an email reaches the candidate
through the outbox and a real SMTP server; from its footer link they open
their preference centre (no account), withdraw their talent-pool consent and
ask for their data to be deleted. A recruiter takes the request and asks for
the deletion; a reviewer, a second person, confirms it; the profile is
anonymised. Screenshots under var/test-artifacts (TEST_ARTIFACTS_DIR)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from playwright.sync_api import expect

from candidates.models import Candidate, Consent
from messaging.services import email_queue, outbound_email_send
from privacy.models import PrivacyRequest
from tests import factories
from tests.browser import assert_clean_console, watch_console
from tests.interviews.test_board_browser import sign_in
from tests.privacy.links import talent_pool_consent

pytestmark = pytest.mark.browser

CANARY_NAME = "Ada Quillfeather"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_candidate_withdraws_and_asks_for_deletion_a_reviewer_confirms_and_the_profile_is_anonymised(
    page, browser, live_server, settings, smtp_mailer, recruiter, reviewer, screenshot, language
):
    settings.SITE_URL = live_server.url
    candidate = factories.candidate(full_name=CANARY_NAME, language=language, owner=recruiter)
    talent_pool_consent(candidate)
    factories.application(candidate_=candidate)
    with transaction.atomic():
        email = email_queue(
            to=candidate.email,
            idempotency_key="journey:hello",
            language=language,
            subject="Hello",
            body_text="Hello.",
            candidate_ref=candidate.public_id,
        )
    outbound_email_send(email_id=email.pk)
    (message,) = smtp_mailer.messages
    body = next(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )
    link = re.search(r"https?://\S+/privacy/p/\S+/", body).group(0)

    # 1. The candidate opens the footer link: their preference centre, in their language.
    page.goto(urlsplit(link).path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("consent-talent_pool")).to_be_visible()
    screenshot(page, "1-preference-centre")
    page.get_by_test_id("withdraw-talent_pool").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("done")).to_be_visible()
    expect(page.get_by_test_id("consent-talent_pool")).to_have_count(0)
    assert not candidate.consents.filter(purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True).exists()

    # 2. They ask for deletion, behind a confirm step.
    page.get_by_test_id("ask-deletion").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("open-deletion")).to_be_visible()
    screenshot(page, "2-deletion-asked")
    request = PrivacyRequest.objects.get(candidate=candidate, kind=PrivacyRequest.Kind.DELETION)
    assert request.channel == PrivacyRequest.Channel.PREFERENCE_CENTRE

    # 3. A recruiter finds it in the queue and asks for the deletion.
    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    recruiter_tab = staff.new_page()
    watch_console(recruiter_tab)
    try:
        sign_in(recruiter_tab, recruiter.email)
        recruiter_tab.goto("/privacy/requests/")
        recruiter_tab.get_by_role("link", name=CANARY_NAME).first.click()
        recruiter_tab.get_by_test_id("deletion-ask").click()
        expect(recruiter_tab.get_by_test_id("deletion-waiting")).to_be_visible()
        screenshot(recruiter_tab, "3-recruiter-asked")
        assert_clean_console(recruiter_tab)
    finally:
        staff.close()

    # 4. A reviewer, the second person, confirms; the person is anonymised.
    second = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    reviewer_tab = second.new_page()
    watch_console(reviewer_tab)
    try:
        sign_in(reviewer_tab, reviewer.email)
        reviewer_tab.goto(f"/privacy/requests/{request.public_id}/")
        reviewer_tab.get_by_test_id("deletion-confirm-link").click()
        screenshot(reviewer_tab, "4-reviewer-confirms")
        reviewer_tab.get_by_test_id("deletion-confirm").click()
        expect(reviewer_tab.get_by_test_id("request-status")).to_be_visible()
        candidate = Candidate.objects.get(pk=candidate.pk)
        assert candidate.anonymised_at is not None and CANARY_NAME not in candidate.full_name
        reviewer_tab.goto(f"/candidates/{candidate.public_id}/")
        assert CANARY_NAME not in reviewer_tab.content()
        screenshot(reviewer_tab, "5-profile-anonymised")
        assert_clean_console(reviewer_tab)
    finally:
        second.close()
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.DONE and request.confirmed_by == reviewer

    # The spent link opens nothing about them any more.
    page.goto(urlsplit(link).path)
    assert CANARY_NAME not in page.content()
