"""Merging two records of one person: the service and the merge screen."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from candidates.models import Activity, Candidate, Consent, Document, Note
from candidates.selectors import candidate_find_by_email, candidate_search
from candidates.services import candidate_update, document_create, document_read, note_create
from candidates.services.merge import OTHER, SURVIVOR, candidate_merge
from core.models import AuditEvent
from interviews.models import Application
from interviews.services import application_withdraw
from talentpool.models import PoolMembership
from talentpool.services import pool_create, pool_member_add
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(recruiter):
    """Two records of one person, each with a history of its own."""
    survivor = factories.candidate(
        full_name="Zhang Wei", email="zhang.wei@example.test", company="", phone="+86 138 0013 8000"
    )
    other = factories.candidate(
        full_name="张伟", email="wei.zhang@other.test", company="Tencent", headline="Backend engineer", tags=["golang"]
    )
    return survivor, other


def stored_email_ciphertext(candidate: Candidate) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM candidates_candidate WHERE id = %s", [candidate.pk])
        return bytes(cursor.fetchone()[0])


def test_everything_of_the_other_record_moves_to_the_survivor_and_the_other_is_gone(pair, recruiter):
    survivor, other = pair
    job = factories.job(recruiter=recruiter)
    application = factories.application(job_=job, candidate_=other, actor=recruiter)
    note = note_create(candidate=other, author=recruiter, body="Met at the Shenzhen meetup")
    document = document_create(
        candidate=other, actor=recruiter, filename="cv.pdf", content=b"%PDF-1.4 cv", content_type="application/pdf"
    )
    consent = Consent.objects.create(
        candidate=other,
        purpose=Consent.Purpose.PROCESSING,
        notice_version="v1",
        evidence="web form",
        given_at=timezone.now(),
    )
    pool = pool_create(actor=recruiter, name="Go engineers")
    membership = pool_member_add(pool=pool, candidate=factories.pool_consent(other), actor=recruiter)
    other_activities = set(Activity.objects.filter(candidate=other).values_list("pk", flat=True))

    merged = candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={"company": OTHER})

    assert not Candidate.objects.filter(pk=other.pk).exists()
    assert Application.objects.get(pk=application.pk).candidate_id == survivor.pk
    assert Note.objects.get(pk=note.pk).candidate_id == survivor.pk
    assert Document.objects.get(pk=document.pk).candidate_id == survivor.pk
    assert document_read(document=Document.objects.get(pk=document.pk)) == b"%PDF-1.4 cv"  # still decrypts
    assert Consent.objects.get(pk=consent.pk).candidate_id == survivor.pk
    assert PoolMembership.objects.get(pk=membership.pk).candidate_id == survivor.pk
    assert other_activities <= set(Activity.objects.filter(candidate=survivor).values_list("pk", flat=True))
    assert merged.company == "Tencent"  # chosen
    assert merged.headline == "Backend engineer"  # the survivor had none
    assert merged.full_name == "Zhang Wei"  # kept by default
    assert {t.name for t in merged.tags.all()} == {"golang"}


def test_the_merge_is_in_the_audit_log_and_the_timeline_without_personal_values(pair, recruiter):
    survivor, other = pair
    other_id = str(other.public_id)
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={"email": OTHER})

    event = AuditEvent.objects.get(action="candidates.candidate.merge")
    assert event.actor == recruiter
    assert event.target_id == str(survivor.public_id)
    assert event.data["merged"] == other_id
    assert event.data["fields"] == ["company", "email", "headline"]
    assert "wei.zhang" not in str(event.data)
    entry = Activity.objects.get(candidate=survivor, kind=Activity.Kind.MERGE)
    assert "张伟" in entry.summary and entry.actor == recruiter


def test_a_value_taken_from_the_other_record_is_encrypted_again_for_the_survivor_and_found_by_its_index(
    pair, recruiter
):
    survivor, other = pair
    old_ciphertext = stored_email_ciphertext(other)
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={"email": OTHER})

    survivor.refresh_from_db()
    assert survivor.email == "wei.zhang@other.test"
    assert stored_email_ciphertext(survivor) != old_ciphertext
    assert list(candidate_find_by_email("WEI.ZHANG@other.test")) == [survivor]


def test_a_field_left_out_keeps_the_survivors_value_and_contact_details_survive(pair, recruiter):
    survivor, other = pair
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={"full_name": SURVIVOR})
    survivor.refresh_from_db()
    assert survivor.email == "zhang.wei@example.test"
    assert survivor.phone == "+8613800138000"


def test_the_survivor_is_found_by_the_other_records_words_after_the_merge(pair, recruiter):
    survivor, other = pair
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})
    page = candidate_search(recruiter, query="Tencent")
    assert [row.pk for row in page.results] == [survivor.pk]


def test_two_active_applications_to_one_job_block_the_merge_and_nothing_changes(pair, recruiter):
    survivor, other = pair
    job = factories.job(recruiter=recruiter)
    factories.application(job_=job, candidate_=survivor, actor=recruiter)
    factories.application(job_=job, candidate_=other, actor=recruiter)

    with pytest.raises(ValidationError) as error:
        candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={"company": OTHER})
    assert job.title in str(error.value)
    assert Candidate.objects.filter(pk=other.pk).exists()
    survivor.refresh_from_db()
    assert survivor.company == ""
    assert not AuditEvent.objects.filter(action="candidates.candidate.merge").exists()


def test_a_closed_application_to_the_same_job_moves(pair, recruiter):
    survivor, other = pair
    job = factories.job(recruiter=recruiter)
    factories.application(job_=job, candidate_=survivor, actor=recruiter)
    closed = application_withdraw(
        reason="other", application=factories.application(job_=job, candidate_=other), actor=recruiter
    )
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})
    assert Application.objects.filter(candidate=survivor, job=job).count() == 2
    assert Application.objects.get(pk=closed.pk).status == Application.Status.WITHDRAWN


def test_a_record_cannot_be_merged_with_itself(pair, recruiter):
    survivor, _other = pair
    with pytest.raises(ValidationError):
        candidate_merge(survivor=survivor, other=survivor, actor=recruiter, choices={})


def test_an_interviewer_on_the_other_records_panel_keeps_access_through_the_survivor(pair, recruiter, interviewer):
    survivor, other = pair
    application = factories.application(job_=factories.job(recruiter=recruiter), candidate_=other)
    factories.interview(application_=application, panel=[interviewer])
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})
    from candidates.selectors import candidate_list_for

    assert list(candidate_list_for(interviewer)) == [survivor]


# --- The screens ----------------------------------------------------------------------


def merge_url(survivor, other) -> str:
    return reverse("candidates:candidate-merge", args=[survivor.public_id, other.public_id])


def review_url(survivor, other) -> str:
    return reverse("candidates:candidate-merge-review", args=[survivor.public_id, other.public_id])


def confirm_url(survivor, other) -> str:
    return reverse("candidates:candidate-merge-confirm", args=[survivor.public_id, other.public_id])


def test_the_merge_screen_shows_both_values_of_each_differing_field_and_what_moves(client, pair, recruiter):
    survivor, other = pair
    note_create(candidate=other, author=recruiter, body="A note")
    client.force_login(recruiter)
    response = client.get(merge_url(survivor, other))
    assert response.status_code == 200
    html = response.content.decode()
    assert "zhang.wei@example.test" in html and "wei.zhang@other.test" in html
    radio = re.search(r'<input type="radio" name="company" value="other"[^>]*>', html).group(0)
    assert "checked" in radio  # the survivor has no company: the other's is offered first
    radio = re.search(r'<input type="radio" name="full_name" value="survivor"[^>]*>', html).group(0)
    assert "checked" in radio
    assert "Notes: 1" in html


CHOICES = {"full_name": OTHER, "email": SURVIVOR, "company": OTHER, "headline": OTHER, "phone": SURVIVOR}


def test_choosing_shows_a_summary_to_confirm_and_changes_nothing_yet(client, pair, recruiter):
    survivor, other = pair
    note_create(candidate=other, author=recruiter, body="A note")
    client.force_login(recruiter)
    response = client.post(review_url(survivor, other), CHOICES)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="merge-summary"' in html
    kept = re.search(r'data-testid="merge-kept">(.*?)</ul>', html, re.S).group(1)
    assert "张伟" in kept and "zhang.wei@example.test" in kept and "Tencent" in kept
    assert "wei.zhang@other.test" not in kept
    assert f'action="{confirm_url(survivor, other)}"' in html
    assert '<input type="hidden" name="full_name" value="other">' in html
    assert '<input type="hidden" name="email" value="survivor">' in html
    assert "Notes: 1" in html
    assert Candidate.objects.filter(pk=other.pk).exists()


def test_confirming_merges_with_the_chosen_values_and_opens_the_survivor(client, pair, recruiter):
    survivor, other = pair
    client.force_login(recruiter)
    response = client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:candidate-detail", args=[survivor.public_id])
    survivor.refresh_from_db()
    assert survivor.full_name == "张伟"
    assert survivor.email == "zhang.wei@example.test"
    assert survivor.company == "Tencent" and survivor.phone == "+8613800138000"
    assert not Candidate.objects.filter(pk=other.pk).exists()


def test_the_other_choices_are_honoured_too(client, pair, recruiter):
    survivor, other = pair
    client.force_login(recruiter)
    choices = {**CHOICES, "full_name": SURVIVOR, "email": OTHER, "company": SURVIVOR, "phone": OTHER}
    assert client.post(confirm_url(survivor, other), {**choices, "confirmed": "yes"}).status_code == 302
    survivor.refresh_from_db()
    assert (survivor.full_name, survivor.email, survivor.company) == ("Zhang Wei", "wei.zhang@other.test", "")
    assert survivor.phone in ("", None)


@pytest.mark.parametrize(
    "data",
    [{}, {"confirmed": "yes"}, CHOICES, {**CHOICES, "confirmed": "yes", "email": ""}],
    ids=["bare", "confirmed-without-choices", "choices-without-confirmation", "a-choice-missing"],
)
def test_a_merge_without_every_choice_and_the_confirmation_is_refused_with_the_form(client, pair, recruiter, data):
    survivor, other = pair
    client.force_login(recruiter)
    response = client.post(confirm_url(survivor, other), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="merge-errors"' in html and 'name="full_name"' in html
    assert f'action="{review_url(survivor, other)}"' in html
    assert Candidate.objects.filter(pk=other.pk).exists()
    survivor.refresh_from_db()
    assert survivor.full_name == "Zhang Wei"
    assert not AuditEvent.objects.filter(action="candidates.candidate.merge").exists()


def test_a_bare_post_says_why_nothing_was_merged(client, pair, recruiter):
    survivor, other = pair
    client.force_login(recruiter)
    html = client.post(confirm_url(survivor, other), {}).content.decode()
    assert "Nothing was merged" in html


def test_review_and_confirm_over_htmx_answer_the_region_then_open_the_survivor(client, pair, recruiter):
    survivor, other = pair
    client.force_login(recruiter)
    htmx = {"HX-Request": "true"}
    review = client.post(review_url(survivor, other), CHOICES, headers=htmx)
    html = review.content.decode()
    assert review.status_code == 200 and "<html" not in html and 'id="merge"' in html
    assert 'data-testid="merge-summary"' in html
    refused = client.post(confirm_url(survivor, other), {}, headers=htmx)
    assert refused.status_code == 400 and "<html" not in refused.content.decode()
    done = client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"}, headers=htmx)
    assert done.status_code == 200
    assert done["HX-Redirect"] == reverse("candidates:candidate-detail", args=[survivor.public_id])
    assert not Candidate.objects.filter(pk=other.pk).exists()


def test_an_old_link_to_the_merged_record_leads_to_the_survivor(client, pair, recruiter):
    survivor, other = pair
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})
    client.force_login(recruiter)
    response = client.get(reverse("candidates:candidate-detail", args=[other.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:candidate-detail", args=[survivor.public_id])


def test_an_old_link_is_still_404_for_a_user_who_may_not_see_the_survivor(client, pair, recruiter, interviewer):
    survivor, other = pair
    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})
    client.force_login(interviewer)
    assert client.get(reverse("candidates:candidate-detail", args=[other.public_id])).status_code == 404


def test_a_conflict_is_explained_on_the_screen_and_the_post_changes_nothing(client, pair, recruiter):
    survivor, other = pair
    job = factories.job(recruiter=recruiter)
    factories.application(job_=job, candidate_=survivor, actor=recruiter)
    factories.application(job_=job, candidate_=other, actor=recruiter)
    client.force_login(recruiter)
    page = client.get(merge_url(survivor, other))
    assert 'data-testid="merge-conflicts"' in page.content.decode()
    response = client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"})
    assert response.status_code == 400
    assert job.title in response.content.decode()
    assert Candidate.objects.filter(pk=other.pk).exists()


def test_a_bad_choice_is_a_form_error_not_a_500(client, pair, recruiter):
    survivor, other = pair
    client.force_login(recruiter)
    response = client.post(review_url(survivor, other), {**CHOICES, "company": "both"})
    assert response.status_code == 400
    assert Candidate.objects.filter(pk=other.pk).exists()


def test_merging_a_record_with_itself_is_a_bad_request(client, pair, recruiter):
    survivor, _other = pair
    client.force_login(recruiter)
    assert client.get(merge_url(survivor, survivor)).status_code == 400


@pytest.mark.parametrize("role", ["administrator", "recruiter", "coordinator"])
def test_writers_may_merge(client, personas, pair, role):
    survivor, other = pair
    client.force_login(personas[role])
    assert client.get(merge_url(survivor, other)).status_code == 200
    assert client.post(review_url(survivor, other), CHOICES).status_code == 200
    assert client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"}).status_code == 302


def test_a_reviewer_gets_403_and_nothing_changes(client, reviewer, pair):
    survivor, other = pair
    client.force_login(reviewer)
    assert client.get(merge_url(survivor, other)).status_code == 403
    assert client.post(review_url(survivor, other), CHOICES).status_code == 403
    assert client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"}).status_code == 403
    assert Candidate.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("role", ["interviewer", "hiring_manager"])
def test_roles_that_cannot_see_the_candidates_get_404(client, personas, pair, role):
    survivor, other = pair
    client.force_login(personas[role])
    assert client.get(merge_url(survivor, other)).status_code == 404
    assert client.post(review_url(survivor, other), CHOICES).status_code == 404
    assert client.post(confirm_url(survivor, other), {**CHOICES, "confirmed": "yes"}).status_code == 404
    assert Candidate.objects.filter(pk=other.pk).exists()


def test_the_merge_screen_refuses_other_methods(client, recruiter, pair):
    survivor, other = pair
    client.force_login(recruiter)
    assert client.put(merge_url(survivor, other)).status_code == 405
    assert client.post(merge_url(survivor, other), CHOICES).status_code == 405
    assert client.get(review_url(survivor, other)).status_code == 405
    assert client.get(confirm_url(survivor, other)).status_code == 405


def test_the_duplicates_of_a_candidate_are_listed_with_merge_links(client, recruiter, pair):
    survivor, other = pair
    candidate_update(candidate=other, actor=None, email="ZHANG.WEI@example.test")
    client.force_login(recruiter)
    url = reverse("candidates:candidate-duplicate-list", args=[survivor.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert merge_url(survivor, other) in page.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert 'id="profile-duplicates"' in fragment.content.decode()
    assert "zhang.wei@example.test" not in fragment.content.decode().lower()


def test_the_profile_loads_the_duplicates_region_for_writers_only(client, recruiter, reviewer, pair):
    survivor, _other = pair
    url = reverse("candidates:candidate-detail", args=[survivor.public_id])
    duplicates_url = reverse("candidates:candidate-duplicate-list", args=[survivor.public_id])
    client.force_login(recruiter)
    assert f'hx-get="{duplicates_url}"' in client.get(url).content.decode()
    client.force_login(reviewer)
    assert duplicates_url not in client.get(url).content.decode()
    assert client.get(duplicates_url).status_code == 403
