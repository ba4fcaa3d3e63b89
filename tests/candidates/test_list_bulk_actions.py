"""Bulk actions on the candidate list: tags, a job's pipeline, a talent pool."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.services import candidate_create
from interviews.models import Application
from jobs.services import job_member_add
from talentpool.models import PoolMembership
from talentpool.services import pool_create
from tests import factories

LIST = reverse("candidates:candidate-list")


def bulk(action: str) -> str:
    return reverse(f"candidates:candidate-bulk-{action}")


@pytest.fixture
def two(recruiter):
    return [
        candidate_create(actor=recruiter, full_name="Ann Able", tags=["old"]),
        candidate_create(actor=recruiter, full_name="Bob Baker"),
    ]


def ids(candidates) -> list[str]:
    return [str(candidate.public_id) for candidate in candidates]


def tag_names(candidate) -> set[str]:
    return set(candidate.tags.values_list("name", flat=True))


def test_a_recruiter_adds_tags_to_the_selected_candidates(client, recruiter, two):
    client.force_login(recruiter)

    response = client.post(bulk("tag"), {"tags": "python， senior", "candidates": ids(two)}, follow=True)

    assert response.redirect_chain[-1] == (LIST, 302)
    assert tag_names(two[0]) == {"old", "python", "senior"}
    assert tag_names(two[1]) == {"python", "senior"}
    assert "Done for 2 candidate(s)." in response.content.decode()


def test_bulk_goes_back_to_the_search_it_came_from(client, recruiter, two):
    client.force_login(recruiter)
    response = client.post(bulk("tag"), {"tags": "x", "candidates": ids(two), "next": "/candidates/?q=ann"})
    assert response["Location"] == "/candidates/?q=ann"
    response = client.post(bulk("tag"), {"tags": "x", "candidates": ids(two), "next": "https://evil.test/"})
    assert response["Location"] == LIST


def test_a_reviewer_may_not_tag_candidates(client, reviewer, two):
    client.force_login(reviewer)
    assert client.post(bulk("tag"), {"tags": "x", "candidates": ids(two)}).status_code == 403
    assert tag_names(two[1]) == set()


def test_a_hiring_manager_may_not_add_candidates_to_a_job(client, hiring_manager, recruiter, two):
    job = factories.job(recruiter=recruiter)
    job_member_add(job=job, user=hiring_manager, job_role="hiring_manager", actor=None)
    client.force_login(hiring_manager)
    response = client.post(bulk("job"), {"job": str(job.public_id), "candidates": ids(two)})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_job_the_user_can_not_see_is_a_404_and_nothing_changes(client, recruiter, outsider, two):
    job = factories.job(recruiter=recruiter)
    client.force_login(outsider)
    response = client.post(bulk("job"), {"job": str(job.public_id), "candidates": ids(two)})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_unknown_candidate_ids_are_a_404(client, coordinator, two):
    client.force_login(coordinator)
    response = client.post(bulk("tag"), {"tags": "x", "candidates": ["00000000-0000-0000-0000-000000000000", "nope"]})
    assert response.status_code == 404


def test_a_hiring_managers_out_of_scope_candidates_are_ignored(client, hiring_manager, recruiter, two, monkeypatch):
    # Hiring managers may not write candidates; let them, to prove the scope holds on its own.
    from accounts import roles
    from candidates import selectors

    rules = roles.rules_for("hiring_manager")
    monkeypatch.setattr(
        selectors, "rules_for", lambda role: rules.__class__(**{**rules.__dict__, "candidates_write": True})
    )
    job = factories.job(recruiter=recruiter)
    job_member_add(job=job, user=hiring_manager, job_role="hiring_manager", actor=None)
    inside = factories.application(job_=job, candidate_=two[0]).candidate
    client.force_login(hiring_manager)

    response = client.post(bulk("tag"), {"tags": "seen", "candidates": ids(two)})
    assert response.status_code == 302
    assert "seen" in tag_names(inside)
    assert "seen" not in tag_names(two[1])

    response = client.post(bulk("tag"), {"tags": "seen", "candidates": ids(two[1:])})
    assert response.status_code == 404
    assert "seen" not in tag_names(two[1])


def test_adding_to_a_job_reports_who_was_already_in_its_pipeline(client, recruiter, two):
    job = factories.job(recruiter=recruiter)
    factories.application(job_=job, candidate_=two[0], actor=recruiter)
    client.force_login(recruiter)

    response = client.post(bulk("job"), {"job": str(job.public_id), "candidates": ids(two)}, follow=True)

    html = response.content.decode()
    assert "Ann Able is already in this job&#x27;s pipeline." in html
    assert "Done for 1 candidate(s)." in html
    assert Application.objects.filter(job=job).count() == 2


def test_a_recruiter_adds_the_selected_candidates_to_their_talent_pool(client, recruiter, two):
    pool = pool_create(actor=recruiter, name="Backend bench")
    for candidate in two:
        factories.pool_consent(candidate)
    client.force_login(recruiter)

    response = client.post(bulk("pool"), {"pool": str(pool.public_id), "candidates": ids(two)})

    assert response.status_code == 302
    assert PoolMembership.objects.filter(pool=pool).count() == 2


def test_a_bulk_pool_add_skips_those_without_talent_pool_consent_and_says_so(client, recruiter, two):
    pool = pool_create(actor=recruiter, name="Backend bench")
    factories.pool_consent(two[0])
    client.force_login(recruiter)

    response = client.post(bulk("pool"), {"pool": str(pool.public_id), "candidates": ids(two)}, follow=True)

    assert list(PoolMembership.objects.filter(pool=pool).values_list("candidate", flat=True)) == [two[0].pk]
    assert "Done for 1 candidate(s)." in response.text
    assert "Bob Baker has not agreed to be kept in the talent pool" in response.text


def test_another_users_pool_is_a_404(client, recruiter, outsider, two):
    pool = pool_create(actor=recruiter, name="Private bench")
    client.force_login(outsider)
    response = client.post(bulk("pool"), {"pool": str(pool.public_id), "candidates": ids(two)})
    assert response.status_code == 404
    assert not PoolMembership.objects.exists()


def test_a_bulk_action_without_what_it_needs_says_so(client, recruiter, two):
    client.force_login(recruiter)
    response = client.post(bulk("tag"), {"tags": " , ", "candidates": ids(two)}, follow=True)
    assert "Type at least one tag." in response.content.decode()
    assert tag_names(two[1]) == set()


@pytest.mark.parametrize("action", ["tag", "job", "pool"])
def test_bulk_refuses_a_get(client, recruiter, action):
    client.force_login(recruiter)
    assert client.get(bulk(action)).status_code == 405


def test_the_bulk_form_is_offered_only_for_what_the_role_may_do(client, recruiter, reviewer, two):
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert 'id="bulk-form"' in html and bulk("job") in html and bulk("tag") in html
    client.force_login(reviewer)
    assert 'id="bulk-form"' not in client.get(LIST).content.decode()
