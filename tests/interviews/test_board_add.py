"""Adding candidates to a job's pipeline from a search on its board."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.models import Application
from tests import factories
from tests.interviews.test_board import board_url, htmx

pytestmark = pytest.mark.django_db


def search_url(job, q: str) -> str:
    return reverse("interviews:board-add-search", args=[job.public_id]) + f"?q={q}"


def add_url(job) -> str:
    return reverse("interviews:board-add", args=[job.public_id])


@pytest.fixture
def ada(db):
    return factories.candidate(full_name="Ada Lovelace", company="Analytical Engines")


def test_the_search_finds_candidates_and_marks_those_already_in_the_pipeline(client, recruiter, job, application, ada):
    client.force_login(recruiter)
    response = client.get(search_url(job, "Ada"), **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'name="candidate" value="{ada.public_id}"' in html
    already = client.get(search_url(job, "Grace"), **htmx()).content.decode()
    assert "already in this pipeline" in already
    assert 'name="candidate"' not in already


def test_without_htmx_the_search_shows_the_board_with_the_results(client, recruiter, job, ada):
    client.force_login(recruiter)
    html = client.get(search_url(job, "Lovelace")).content.decode()
    assert "<html" in html and 'id="board-columns"' in html
    assert "Ada Lovelace" in html


@pytest.mark.parametrize("persona", ["recruiter", "coordinator"])
def test_adding_puts_the_candidate_in_the_first_stage_and_re_renders_the_columns(client, personas, job, ada, persona):
    client.force_login(personas[persona])
    response = client.post(add_url(job), {"candidate": str(ada.public_id)}, **htmx())
    assert response.status_code == 200
    assert 'id="board-columns"' in response.content.decode()
    application = Application.objects.get(job=job, candidate=ada)
    assert application.stage == job.stages.order_by("order").first()


def test_adding_without_htmx_redirects_to_the_board(client, recruiter, job, ada):
    client.force_login(recruiter)
    response = client.post(add_url(job), {"candidate": str(ada.public_id)})
    assert response.status_code == 302 and response["Location"] == board_url(job)


def test_adding_someone_already_active_explains_and_adds_nothing(client, recruiter, job, application):
    client.force_login(recruiter)
    response = client.post(add_url(job), {"candidate": str(application.candidate.public_id)}, **htmx())
    assert "data-board-error" in response.content.decode()
    assert Application.objects.filter(job=job, candidate=application.candidate).count() == 1


def test_a_malformed_candidate_is_a_message_not_a_500(client, recruiter, job):
    client.force_login(recruiter)
    response = client.post(add_url(job), {"candidate": "nope"}, **htmx())
    assert response.status_code == 200
    assert "Choose a candidate to add." in response.content.decode()


@pytest.mark.parametrize("persona", ["reviewer", "hiring_manager"])
def test_read_only_roles_get_403(client, personas, job, ada, persona):
    client.force_login(personas[persona])
    assert client.get(search_url(job, "Ada")).status_code == 403
    assert client.post(add_url(job), {"candidate": str(ada.public_id)}).status_code == 403
    assert not Application.objects.filter(candidate=ada).exists()


def test_an_outsider_gets_404(client, outsider, job, ada):
    client.force_login(outsider)
    assert client.get(search_url(job, "Ada")).status_code == 404
    assert client.post(add_url(job), {"candidate": str(ada.public_id)}).status_code == 404


def test_the_endpoints_refuse_other_methods(client, recruiter, job):
    client.force_login(recruiter)
    assert client.post(search_url(job, "Ada")).status_code == 405
    assert client.get(add_url(job)).status_code == 405
