"""The job workflow: jobs.services.job_set_status and its page action."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from jobs.models import Job
from jobs.services import job_set_status
from tests import factories
from tests.jobs.conftest import htmx

ALLOWED = [
    ("draft", "open"),
    ("open", "on_hold"),
    ("on_hold", "open"),
    ("open", "filled"),
    ("on_hold", "filled"),
    ("open", "closed"),
    ("on_hold", "closed"),
    ("draft", "closed"),
    ("filled", "open"),
    ("closed", "open"),
]
ALL = list(Job.Status.values)
REFUSED = [(a, b) for a in ALL for b in ALL if (a, b) not in ALLOWED]


def _job_in(status: str) -> Job:
    job = factories.job(status=Job.Status.DRAFT)
    path = {
        "draft": [],
        "open": ["open"],
        "on_hold": ["open", "on_hold"],
        "filled": ["open", "filled"],
        "closed": ["open", "closed"],
    }[status]
    for step in path:
        job_set_status(job=job, status=step, actor=None)
    return job


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_a_job_moves_along_the_allowed_transitions(start, target):
    job = _job_in(start)
    job_set_status(job=job, status=target, actor=job.recruiter)
    job.refresh_from_db()
    assert job.status == target
    event = AuditEvent.objects.filter(action="jobs.job.status").latest("pk")
    assert event.data == {"from": start, "to": target}


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_a_job_refuses_any_other_transition(start, target):
    job = _job_in(start)
    with pytest.raises(ValidationError, match="cannot become"):
        job_set_status(job=job, status=target, actor=None)
    job.refresh_from_db()
    assert job.status == start


@pytest.mark.django_db
def test_an_unknown_status_is_refused():
    job = _job_in("open")
    with pytest.raises(ValidationError, match="Unknown job status"):
        job_set_status(job=job, status="archived", actor=None)


@pytest.mark.django_db
def test_opening_sets_opened_at_once_and_reopening_keeps_it_and_clears_closed_at():
    job = _job_in("draft")
    assert job.opened_at is None and job.closed_at is None
    job_set_status(job=job, status="open", actor=None)
    first_opened = job.opened_at
    assert first_opened is not None and job.closed_at is None
    job_set_status(job=job, status="filled", actor=None)
    job.refresh_from_db()
    assert job.closed_at is not None and job.closed_at >= first_opened
    job_set_status(job=job, status="open", actor=None)
    job.refresh_from_db()
    assert job.opened_at == first_opened
    assert job.closed_at is None
    job_set_status(job=job, status="on_hold", actor=None)
    job_set_status(job=job, status="closed", actor=None)
    job.refresh_from_db()
    assert job.closed_at is not None


@pytest.mark.django_db
def test_closing_a_draft_that_never_opened_stamps_both_times():
    job = _job_in("draft")
    job_set_status(job=job, status="closed", actor=None)
    job.refresh_from_db()
    assert job.opened_at is not None
    assert job.closed_at == job.opened_at


# --- the page action --------------------------------------------------------------


def test_a_recruiter_puts_a_job_on_hold_with_a_plain_post(client, recruiter, acme_job):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:job-status", args=[acme_job.public_id]), {"status": "on_hold"})
    assert response.status_code == 302
    assert response.url == reverse("jobs:job-detail", args=[acme_job.public_id])
    acme_job.refresh_from_db()
    assert acme_job.status == "on_hold"
    assert "The job is now on hold." in client.get(response.url).content.decode()


def test_the_status_action_answers_htmx_with_the_status_region(client, recruiter, acme_job):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:job-status", args=[acme_job.public_id]), {"status": "filled"}, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="job-status"' in html and "<html" not in html
    assert 'data-testid="job-status">Filled</span>' in html
    assert "The job is now filled." in html


def test_a_refused_transition_is_shown_and_changes_nothing(client, recruiter, acme_job):
    client.force_login(recruiter)
    url = reverse("jobs:job-status", args=[acme_job.public_id])
    html = client.post(url, {"status": "draft"}, **htmx()).content.decode()
    assert "A job that is open cannot become draft." in html
    response = client.post(url, {"status": "draft"}, follow=True)
    assert "cannot become" in response.content.decode()
    acme_job.refresh_from_db()
    assert acme_job.status == "open"


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager"])
def test_read_only_roles_may_not_change_a_jobs_status(client, personas, persona, acme_job):
    client.force_login(personas[persona])
    response = client.post(reverse("jobs:job-status", args=[acme_job.public_id]), {"status": "closed"})
    assert response.status_code == 403
    acme_job.refresh_from_db()
    assert acme_job.status == "open"


def test_the_status_action_refuses_get(client, recruiter, acme_job):
    client.force_login(recruiter)
    assert client.get(reverse("jobs:job-status", args=[acme_job.public_id])).status_code == 405
