"""A job's hiring team: adding and removing members grants and revokes the job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from jobs.selectors import job_list_for
from tests import factories
from tests.jobs.conftest import htmx


def test_adding_a_coordinator_to_the_team_grants_them_the_job(client, recruiter, acme_job):
    newcomer = factories.user(Role.COORDINATOR)
    assert acme_job not in job_list_for(newcomer)
    client.force_login(recruiter)
    url = reverse("jobs:job-member-add", args=[acme_job.public_id])
    response = client.post(url, {"user": str(newcomer.public_id), "job_role": "coordinator"})
    assert response.status_code == 302
    assert acme_job in job_list_for(newcomer)
    assert f"{newcomer.full_name} is on the team." in client.get(response.url).content.decode()


def test_removing_a_member_revokes_the_job(client, recruiter, hiring_manager, acme_job):
    assert acme_job in job_list_for(hiring_manager)
    client.force_login(recruiter)
    url = reverse("jobs:job-member-remove", args=[acme_job.public_id])
    response = client.post(url, {"user": str(hiring_manager.public_id)})
    assert response.status_code == 302
    assert acme_job not in job_list_for(hiring_manager)
    client.force_login(hiring_manager)
    assert client.get(reverse("jobs:job-detail", args=[acme_job.public_id])).status_code == 404


def test_team_changes_over_htmx_return_the_team_region(client, recruiter, acme_job):
    newcomer = factories.user(Role.HIRING_MANAGER)
    client.force_login(recruiter)
    url = reverse("jobs:job-member-add", args=[acme_job.public_id])
    html = client.post(url, {"user": str(newcomer.public_id), "job_role": "hiring_manager"}, **htmx()).content.decode()
    assert 'id="team"' in html and "<html" not in html
    assert newcomer.full_name in html
    url = reverse("jobs:job-member-remove", args=[acme_job.public_id])
    html = client.post(url, {"user": str(newcomer.public_id)}, **htmx()).content.decode()
    assert 'id="team"' in html and f"{newcomer.full_name} is off the team." in html


def test_an_account_role_that_cannot_hold_the_job_role_is_refused_with_a_message(client, recruiter, acme_job):
    manager = factories.user(Role.HIRING_MANAGER)
    client.force_login(recruiter)
    url = reverse("jobs:job-member-add", args=[acme_job.public_id])
    html = client.post(url, {"user": str(manager.public_id), "job_role": "recruiter"}, **htmx()).content.decode()
    assert "A Hiring manager cannot be the job&#x27;s recruiter." in html
    assert acme_job not in job_list_for(manager)
    response = client.post(url, {"user": str(manager.public_id), "job_role": "recruiter"}, follow=True)
    assert "cannot be the job" in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager"])
def test_read_only_roles_may_not_change_the_team(client, personas, persona, acme_job):
    newcomer = factories.user(Role.COORDINATOR)
    client.force_login(personas[persona])
    add = reverse("jobs:job-member-add", args=[acme_job.public_id])
    assert client.post(add, {"user": str(newcomer.public_id), "job_role": "coordinator"}).status_code == 403
    remove = reverse("jobs:job-member-remove", args=[acme_job.public_id])
    assert client.post(remove, {"user": str(acme_job.recruiter.public_id)}).status_code == 403
    assert acme_job not in job_list_for(newcomer)


def test_an_outsider_gets_404_on_another_clients_team(client, outsider, acme_job):
    client.force_login(outsider)
    add = reverse("jobs:job-member-add", args=[acme_job.public_id])
    assert client.post(add, {"user": str(outsider.public_id), "job_role": "recruiter"}).status_code == 404
    assert acme_job not in job_list_for(outsider)


def test_team_actions_refuse_get(client, recruiter, acme_job):
    client.force_login(recruiter)
    assert client.get(reverse("jobs:job-member-add", args=[acme_job.public_id])).status_code == 405
    assert client.get(reverse("jobs:job-member-remove", args=[acme_job.public_id])).status_code == 405
