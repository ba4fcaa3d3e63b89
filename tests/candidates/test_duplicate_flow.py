"""The duplicate warning as a recruiter meets it: beside the field that
matched, with "open the existing candidate" and, for a job, "add this
application to them"; saving without a choice says why at the top and keeps
what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.models import Candidate
from interviews.models import Application
from tests import factories
from tests.candidates.test_edit import form_data

CREATE = reverse("candidates:candidate-create")
DUPLICATES = reverse("candidates:candidate-duplicates")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def existing(recruiter):
    return factories.candidate(
        full_name="John Smith", company="Acme Inc", email="john.smith@example.com", phone="13800138000"
    )


@pytest.fixture
def job(recruiter):
    return factories.job(recruiter=recruiter)


def slot(html: str, name: str) -> str:
    """The warning area under one field."""
    match = re.search(rf'<div id="duplicates-{name}".*?</div>\s*(?=<div|$)', html, re.S)
    assert match, name
    return match.group(0)


def test_a_match_by_email_is_shown_under_the_email_only(client, recruiter, existing):
    client.force_login(recruiter)
    html = client.post(CREATE, form_data(full_name="Johnny Walker", email="john.smith@example.com", phone="")).text
    assert "John Smith" in slot(html, "email")
    assert "open-existing" in slot(html, "email")
    assert "John Smith" not in slot(html, "phone")
    assert "John Smith" not in slot(html, "full_name")


def test_a_match_by_phone_and_by_name_sit_under_their_fields(client, recruiter, existing):
    client.force_login(recruiter)
    html = client.post(
        CREATE, form_data(full_name="Jon Smith", company="Acme", email="", phone="+86 138 0013 8000")
    ).text
    assert "John Smith" in slot(html, "phone")
    assert "John Smith" in slot(html, "full_name")
    assert "John Smith" not in slot(html, "email")


def test_the_live_warning_swaps_the_field_slots_out_of_band(client, recruiter, existing):
    client.force_login(recruiter)
    html = client.get(DUPLICATES, {"email": "john.smith@example.com"}, headers=HTMX).text
    assert re.search(r'<div id="duplicates-email"[^>]* hx-swap-oob="true">', html)
    assert 'id="duplicates-phone"' in html and 'id="duplicates-full_name"' in html
    assert reverse("candidates:candidate-detail", args=[existing.public_id]) in html
    assert 'name="confirm_duplicate"' in html


def test_saving_without_a_choice_says_why_at_the_top_and_keeps_every_field(client, recruiter, existing):
    client.force_login(recruiter)
    data = form_data(full_name="Johnny Walker", email="john.smith@example.com", skills="Rust, Go", location="Beijing")
    html = client.post(CREATE, data).text
    summary = html.index('data-testid="form-summary"')
    assert summary < html.index('name="full_name"')  # above the first field
    assert "Nothing was saved yet" in html
    for typed in ("Johnny Walker", "Rust, Go", "Beijing", "john.smith@example.com", "CNY 800k"):
        assert typed in html
    assert Candidate.objects.count() == 1


def test_a_field_error_is_summarised_at_the_top_with_a_link_to_the_field(client, recruiter):
    client.force_login(recruiter)
    html = client.post(CREATE, form_data(email="not-an-email")).text
    assert 'data-testid="form-errors"' in html
    assert '<a class="alert-link" href="#id_email">Email</a>' in html


def test_from_a_job_the_warning_offers_to_add_the_application_to_the_existing_person(client, recruiter, existing, job):
    client.force_login(recruiter)
    html = client.post(CREATE, form_data(email="john.smith@example.com") | {"job": str(job.public_id)}).text
    add_to_job = reverse("candidates:candidate-add-to-job", args=[existing.public_id])
    assert f'formaction="{add_to_job}"' in html
    assert f'name="job" value="{job.public_id}"' in html
    # The button posts the same form there: the existing person joins the job, nobody new is created.
    response = client.post(add_to_job, form_data(email="john.smith@example.com") | {"job": str(job.public_id)})
    assert response.status_code == 302
    assert Application.objects.filter(candidate=existing, job=job).exists()
    assert Candidate.objects.count() == 1


def test_without_a_job_there_is_no_add_application_action(client, recruiter, existing):
    client.force_login(recruiter)
    html = client.post(CREATE, form_data(email="john.smith@example.com")).text
    assert "add-to-existing" not in html
    assert "open-existing" in html


def test_a_new_person_created_for_a_job_joins_its_first_stage(client, recruiter, job):
    client.force_login(recruiter)
    page = client.get(CREATE, {"job": str(job.public_id), "full_name": "Ada Lovelace"}).text
    assert 'data-testid="job-context"' in page and 'value="Ada Lovelace"' in page
    response = client.post(
        CREATE, form_data(full_name="Ada Lovelace", email="ada@example.com") | {"job": str(job.public_id)}
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(full_name="Ada Lovelace")
    assert Application.objects.get(candidate=candidate).job == job


def test_a_job_the_user_cannot_see_is_a_404(client, outsider, job):
    client.force_login(outsider)
    assert client.get(CREATE, {"job": str(job.public_id)}).status_code == 404
    assert client.post(CREATE, form_data() | {"job": str(job.public_id)}).status_code == 404
    assert not Candidate.objects.exists()


def test_the_board_search_without_results_offers_a_new_candidate_for_the_job(client, recruiter, job):
    client.force_login(recruiter)
    url = reverse("interviews:board-add-search", args=[job.public_id])
    html = client.get(url, {"q": "Nobody Here"}, headers=HTMX).text
    assert f'href="{CREATE}?full_name=Nobody%20Here&amp;job={job.public_id}"' in html
