"""Candidates' requests about their data: the queue with the legal clock, a
request's page, recording one from the queue and the profile, closing an
access or correction request, and a deletion that a second person confirms;
who sees and does what; the candidate is told by email in their language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_update
from core.models import AuditEvent
from messaging.models import OutboundEmail
from messaging.services import outbox
from privacy import request_selectors
from privacy.models import PrivacyRequest
from privacy.services import privacy_request_create
from privacy.services.requests import (
    access_archive_build,
    access_archive_download,
    deletion_ask,
    privacy_request_complete,
    privacy_request_record,
)
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}
READERS = ("administrator", "recruiter", "reviewer")
OTHERS = ("coordinator", "interviewer", "hiring_manager")


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def candidate(db):
    return factories.candidate(full_name="Li Na", email="li.na@example.test", language="zh-hans")


@pytest.fixture
def correction(candidate, recruiter):
    return privacy_request_record(
        candidate=candidate, kind=PrivacyRequest.Kind.CORRECTION, details="My phone changed", actor=recruiter
    )


@pytest.fixture
def deletion(candidate, recruiter):
    return privacy_request_record(candidate=candidate, kind=PrivacyRequest.Kind.DELETION, details="", actor=recruiter)


def detail(request: PrivacyRequest) -> str:
    return reverse("privacy:request-detail", args=[request.public_id])


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who sees what ---------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS + OTHERS)
def test_administrators_recruiters_and_reviewers_see_the_queue_and_a_request_others_get_404(
    client, personas, correction, role
):
    client = as_user(client, personas[role])
    queue = client.get(reverse("privacy:request-list"))
    page = client.get(detail(correction))
    expected = 200 if role in READERS else 404
    assert (queue.status_code, page.status_code) == (expected, expected)
    if role in READERS:
        assert "Li Na" in queue.content.decode() and "My phone changed" in page.content.decode()


@pytest.mark.parametrize("role", READERS + OTHERS)
def test_the_navigation_links_to_the_queue_with_its_count_for_those_who_see_it(client, personas, correction, role):
    client = as_user(client, personas[role])
    home = client.get(reverse("home")).content.decode()
    count = client.get(reverse("privacy:request-count")).content.decode()
    sees = role in READERS
    assert ('data-testid="nav-privacy-requests"' in home) is sees
    assert ('data-testid="privacy-request-count">1<' in count) is sees


@pytest.mark.parametrize(
    ("role", "status"),
    [("administrator", 302), ("recruiter", 302), ("reviewer", 403)] + [(role, 404) for role in OTHERS],
)
def test_recording_a_request_on_the_queue_is_for_administrators_and_recruiters(
    client, personas, candidate, role, status
):
    data = {"candidate": "li.na@example.test", "kind": "access", "details": "Asked by phone"}
    response = as_user(client, personas[role]).post(reverse("privacy:request-record"), data)
    assert response.status_code == status
    recorded = PrivacyRequest.objects.filter(candidate=candidate)
    assert recorded.count() == (1 if status == 302 else 0)
    if status == 302:
        request = recorded.get()
        assert response["Location"] == detail(request)
        assert (request.channel, request.entered_by, request.details) == ("staff", personas[role], "Asked by phone")
        assert request.due_at - request.received_at == timedelta(days=30)


@pytest.mark.parametrize(
    ("role", "status"),
    [("administrator", 302), ("recruiter", 302), ("reviewer", 403)] + [(role, 404) for role in OTHERS],
)
def test_recording_a_request_from_the_profile(client, personas, candidate, role, status):
    url = reverse("privacy:request-record-for-candidate", args=[candidate.public_id])
    response = as_user(client, personas[role]).post(url, {"kind": "deletion", "details": "In person"})
    assert response.status_code == status
    assert PrivacyRequest.objects.filter(candidate=candidate, kind="deletion").exists() is (status == 302)


def test_the_profile_has_the_record_a_request_form_for_handlers_only(client, recruiter, reviewer, candidate):
    profile = reverse("candidates:candidate-detail", args=[candidate.public_id])
    assert 'data-testid="profile-request-record"' in as_user(client, recruiter).get(profile).content.decode()
    assert 'data-testid="profile-request-record"' not in as_user(client, reviewer).get(profile).content.decode()


def test_a_profile_request_with_a_bad_kind_goes_back_to_the_profile_with_the_error(client, recruiter, candidate):
    url = reverse("privacy:request-record-for-candidate", args=[candidate.public_id])
    response = as_user(client, recruiter).post(url, {"kind": "everything"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("candidates:candidate-detail", args=[candidate.public_id])
    assert "not one of the available choices" in response.content.decode()
    assert not PrivacyRequest.objects.exists()


def test_an_unknown_candidate_is_shown_on_the_queue_form(client, recruiter, candidate):
    data = {"candidate": "nobody@example.test", "kind": "access"}
    response = as_user(client, recruiter).post(reverse("privacy:request-record"), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "No candidate you can see has that email address or ID." in html and "<html" not in html


def test_a_handling_post_by_a_reviewer_is_403_and_by_others_404(client, personas, correction):
    url = reverse("privacy:request-complete", args=[correction.public_id])
    assert as_user(client, personas["reviewer"]).post(url, {"outcome": "x"}).status_code == 403
    for role in OTHERS:
        assert as_user(client, personas[role]).post(url, {"outcome": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("privacy:request-list", "post"),
        ("privacy:request-record", "get"),
        ("privacy:request-archive-build", "get"),
        ("privacy:request-archive-download", "get"),
        ("privacy:request-complete", "get"),
        ("privacy:request-deletion-ask", "get"),
        ("privacy:request-deletion-confirm", "put"),
    ],
)
def test_a_wrong_method_is_405(client, admin_user, correction, name, method):
    args = [] if name in ("privacy:request-list", "privacy:request-record") else [correction.public_id]
    response = getattr(as_user(client, admin_user), method)(reverse(name, args=args))
    assert response.status_code == 405


def test_an_unknown_request_is_404(client, recruiter, db):
    url = reverse("privacy:request-detail", args=["00000000-0000-0000-0000-000000000000"])
    assert as_user(client, recruiter).get(url).status_code == 404


# --- The queue -------------------------------------------------------------------------


def test_the_queue_shows_the_due_date_days_left_and_highlights_the_overdue(client, recruiter, candidate):
    now = timezone.now()
    late = privacy_request_create(
        candidate=candidate, kind="access", channel="preference_centre", now=now - timedelta(days=33)
    )
    fresh = privacy_request_create(candidate=candidate, kind="deletion", channel="staff", actor=recruiter, now=now)
    html = as_user(client, recruiter).get(reverse("privacy:request-list")).content.decode()
    assert html.index(str(late.public_id)) < html.index(str(fresh.public_id))  # soonest due first
    assert "3 days overdue" in html and 'class="table-danger"' in html
    assert "30 days left" in html
    assert "Preference centre" in html and "Entered by the team" in html


def test_the_queue_filters_by_kind_and_shows_closed_requests(client, recruiter, candidate, correction):
    access = privacy_request_record(candidate=candidate, kind="access", details="", actor=recruiter)
    privacy_request_complete(request=correction, actor=recruiter, outcome="Phone corrected")
    client = as_user(client, recruiter)
    waiting = client.get(reverse("privacy:request-list")).content.decode()
    assert str(access.public_id) in waiting and str(correction.public_id) not in waiting
    closed = client.get(reverse("privacy:request-list"), {"show": "done"}).content.decode()
    assert str(correction.public_id) in closed and str(access.public_id) not in closed
    only_deletions = client.get(reverse("privacy:request-list"), {"kind": "deletion"}).content.decode()
    assert str(access.public_id) not in only_deletions


def test_the_queue_pages_with_a_cursor_and_answers_htmx_with_its_region(client, recruiter, candidate, monkeypatch):
    monkeypatch.setattr(request_selectors, "PAGE_SIZE", 2)
    now = timezone.now()
    made = [
        privacy_request_create(candidate=candidate, kind="access", channel="staff", now=now - timedelta(days=day))
        for day in (4, 3, 2)
    ]
    client = as_user(client, recruiter)
    first = client.get(reverse("privacy:request-list"), **HTMX)
    html = first.content.decode()
    assert "<html" not in html and 'id="request-queue"' in html
    assert str(made[0].public_id) in html and str(made[2].public_id) not in html
    page = request_selectors.request_queue()
    second = client.get(reverse("privacy:request-list"), {"after": page.next_cursor}).content.decode()
    assert str(made[2].public_id) in second and str(made[0].public_id) not in second


def test_the_queue_runs_a_fixed_number_of_queries(client, recruiter, candidate, django_assert_num_queries):
    for _ in range(3):
        privacy_request_record(candidate=factories.candidate(), kind="access", details="", actor=recruiter)
    client = as_user(client, recruiter)
    client.get(reverse("privacy:request-list"))  # warm the session
    with django_assert_num_queries(3):  # the session, the user, the page of rows
        client.get(reverse("privacy:request-list"))
    for _ in range(5):
        privacy_request_record(candidate=factories.candidate(), kind="deletion", details="", actor=recruiter)
    with django_assert_num_queries(3):
        client.get(reverse("privacy:request-list"))


# --- Correction and access -------------------------------------------------------------


def test_a_correction_links_to_the_profile_edit_and_needs_what_was_corrected(client, recruiter, correction):
    client = as_user(client, recruiter)
    page = client.get(detail(correction)).content.decode()
    assert reverse("candidates:candidate-edit", args=[correction.candidate.public_id]) in page
    url = reverse("privacy:request-complete", args=[correction.public_id])
    refused = client.post(url, {"outcome": ""}, **HTMX)
    assert refused.status_code == 422 and "Say what was corrected." in refused.content.decode()
    assert client.post(url, {"outcome": "Phone number corrected"}).status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.outcome, correction.handled_by) == (
        "done",
        "Phone number corrected",
        recruiter,
    )
    assert AuditEvent.objects.filter(action="privacy.privacy_request.finish", actor=recruiter).count() == 1


def test_the_candidate_is_told_in_their_language_when_a_request_is_done(recruiter, correction):
    privacy_request_complete(request=correction, actor=recruiter, outcome="Phone number corrected")
    email = OutboundEmail.objects.get(idempotency_key=f"privacy_request:{correction.public_id}:done")
    assert email.to_address == "li.na@example.test" and email.language == "zh-hans"
    assert email.candidate_ref == correction.candidate.public_id and email.consent_purpose == ""
    message = outbox._render(email)
    assert "更正" in message.subject and "Phone number corrected" not in message.body  # no details in the email
    # Closing again changes nothing and sends nothing more.
    with pytest.raises(Exception, match="already closed"):
        privacy_request_complete(request=correction, actor=recruiter, outcome="again")
    assert OutboundEmail.objects.filter(candidate_ref=correction.candidate.public_id).count() == 1


def test_the_english_email_for_an_access_request(recruiter, db):
    candidate = factories.candidate(full_name="Ann Lee", email="ann@example.test", language="en")
    request = privacy_request_record(candidate=candidate, kind="access", details="", actor=recruiter)
    access_archive_build(request=request, actor=recruiter)
    access_archive_download(request=request, actor=recruiter)
    privacy_request_complete(request=request, actor=recruiter, outcome="")
    message = outbox._render(OutboundEmail.objects.get(candidate_ref=candidate.public_id))
    assert message.subject == "Your request for a copy of your data" and "Ann Lee" not in message.body


def test_an_access_request_closes_only_after_its_archive_was_downloaded(recruiter, candidate):
    request = privacy_request_record(candidate=candidate, kind="access", details="", actor=recruiter)
    with pytest.raises(Exception, match="Download the archive"):
        privacy_request_complete(request=request, actor=recruiter, outcome="")
    assert not OutboundEmail.objects.exists()


# --- Deletion --------------------------------------------------------------------------


def test_the_handler_asks_for_a_deletion_and_it_waits_for_a_second_person(client, recruiter, deletion):
    client = as_user(client, recruiter)
    url = reverse("privacy:request-deletion-ask", args=[deletion.public_id])
    assert client.post(url, {"outcome": "Verified by phone"}).status_code == 302
    deletion.refresh_from_db()
    assert (deletion.status, deletion.handled_by) == ("awaiting_confirmation", recruiter)
    page = client.get(detail(deletion)).content.decode()
    assert 'data-testid="deletion-waiting"' in page and 'data-testid="deletion-confirm-link"' not in page
    # A recruiter is not a second person for deletions.
    confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    assert client.get(confirm).status_code == 403
    assert client.post(confirm).status_code == 403


@pytest.mark.parametrize("role", OTHERS)
def test_roles_without_requests_get_404_on_the_confirm_page(client, personas, recruiter, deletion, role):
    deletion_ask(request=deletion, actor=recruiter)
    confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    assert as_user(client, personas[role]).get(confirm).status_code == 404


def test_a_reviewer_sees_the_confirm_page(client, reviewer, recruiter, deletion):
    deletion_ask(request=deletion, actor=recruiter)
    client = as_user(client, reviewer)
    assert 'data-testid="deletion-confirm-link"' in client.get(detail(deletion)).content.decode()
    page = client.get(reverse("privacy:request-deletion-confirm", args=[deletion.public_id]), **HTMX)
    assert page.status_code == 200 and 'data-testid="deletion-confirm"' in page.content.decode()
    assert "<html" not in page.content.decode()


def test_the_one_who_asked_cannot_confirm_their_own_deletion(client, admin_user, deletion):
    deletion_ask(request=deletion, actor=admin_user)
    confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    response = as_user(client, admin_user).post(confirm)
    assert response.status_code == 422
    assert "A second person must confirm a deletion you asked for." in response.content.decode()
    deletion.refresh_from_db()
    assert deletion.status == "awaiting_confirmation" and deletion.candidate.anonymised_at is None


def test_a_candidate_under_legal_hold_is_refused_with_the_reason(client, reviewer, recruiter, candidate, deletion):
    deletion_ask(request=deletion, actor=recruiter)
    Candidate.objects.filter(pk=candidate.pk).update(legal_hold_at=timezone.now(), legal_hold_reason="Court case 42")
    confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    response = as_user(client, reviewer).post(confirm)
    html = response.content.decode()
    assert response.status_code == 422
    assert "under a legal hold and cannot be deleted: Court case 42" in html
    deletion.refresh_from_db()
    candidate.refresh_from_db()
    assert deletion.status == "awaiting_confirmation" and candidate.anonymised_at is None
    assert not OutboundEmail.objects.exists()


def test_asking_for_the_deletion_of_someone_under_legal_hold_is_refused(client, recruiter, candidate, deletion):
    Candidate.objects.filter(pk=candidate.pk).update(legal_hold_at=timezone.now(), legal_hold_reason="Audit")
    url = reverse("privacy:request-deletion-ask", args=[deletion.public_id])
    response = as_user(client, recruiter).post(url, {}, **HTMX)
    assert response.status_code == 422 and "legal hold" in response.content.decode()


def test_a_reviewer_confirms_the_person_is_anonymised_and_told_at_their_old_address(
    client, reviewer, recruiter, candidate, deletion
):
    deletion_ask(request=deletion, actor=recruiter)
    confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    response = as_user(client, reviewer).post(confirm)
    assert response.status_code == 302 and response["Location"] == detail(deletion)
    deletion.refresh_from_db()
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert (deletion.status, deletion.confirmed_by) == ("done", reviewer) and deletion.done_at
    email = OutboundEmail.objects.get(idempotency_key=f"privacy_request:{deletion.public_id}:done")
    assert email.to_address == "li.na@example.test" and email.language == "zh-hans"
    assert AuditEvent.objects.filter(action="privacy.privacy_request.confirm", actor=reviewer).count() == 1


def test_an_administrator_confirms_a_deletion_a_recruiter_asked_for(recruiter, admin_user, candidate, deletion):
    from privacy.services.requests import deletion_confirm

    deletion_ask(request=deletion, actor=recruiter)
    deletion_confirm(request=deletion, actor=admin_user)
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None


def test_a_changed_email_address_is_where_the_done_email_goes(recruiter, candidate, correction):
    candidate_update(candidate=candidate, actor=recruiter, email="li.na.new@example.test")
    privacy_request_complete(request=correction, actor=recruiter, outcome="Email corrected")
    assert OutboundEmail.objects.get().to_address == "li.na.new@example.test"


def test_a_request_page_runs_a_fixed_number_of_queries(client, recruiter, correction, django_assert_num_queries):
    client = as_user(client, recruiter)
    client.get(detail(correction))  # warm the session
    with django_assert_num_queries(3):  # the session, the user, the request with its people and archive
        client.get(detail(correction))
