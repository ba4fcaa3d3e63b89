"""Job pages: list with filters and counts, detail with stages, SLA and team,
create and edit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from interviews.models import Application, InterviewPlanTemplate
from interviews.services import application_move, application_withdraw
from jobs.models import Job
from jobs.services import client_create
from tests import factories
from tests.jobs.conftest import htmx

# --- list -------------------------------------------------------------------------


def test_the_job_list_shows_visible_jobs_with_active_application_counts(client, recruiter, acme_job):
    factories.application(job_=acme_job)
    factories.application(job_=acme_job)
    withdrawn = factories.application(job_=acme_job)
    application_withdraw(reason="other", application=withdrawn, actor=None)
    hidden = factories.job(title="Hidden Role")
    client.force_login(recruiter)
    response = client.get(reverse("jobs:job-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Robot Whisperer" in html
    assert hidden.title not in html
    assert '<td class="text-end" data-testid="job-active-applications">2</td>' in html


def test_the_job_list_filters_by_status_and_client(client, admin_user, acme_job):
    other = factories.job(title="Other Role", status=Job.Status.DRAFT)
    client.force_login(admin_user)
    html = client.get(reverse("jobs:job-list"), {"status": "draft"}).content.decode()
    assert "Other Role" in html and "Robot Whisperer" not in html
    html = client.get(reverse("jobs:job-list"), {"client": str(acme_job.client.public_id)}).content.decode()
    assert "Robot Whisperer" in html and other.title not in html


def test_the_job_list_answers_htmx_with_its_rows_only(client, recruiter, acme_job):
    client.force_login(recruiter)
    html = client.get(reverse("jobs:job-list"), {"status": "open"}, **htmx()).content.decode()
    assert 'id="job-rows"' in html
    assert "<html" not in html
    assert "Robot Whisperer" in html


def test_the_job_list_refuses_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("jobs:job-list")).status_code == 405


def _job_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("jobs:job-list")).status_code == 200
    return len(queries)


# Session, user, paginator count, page of jobs (client, recruiter, counts joined),
# the client filter's choices.
JOB_LIST_QUERIES = 5


@pytest.mark.parametrize("jobs", [5, 50])
def test_the_job_list_runs_a_fixed_number_of_queries(client, recruiter, acme, jobs):
    plan = factories.plan(stages=2)
    for n in range(jobs):
        job = factories.job(client=acme, plan_template=plan, title=f"Role {n}")
        factories.application(job_=job)
    client.force_login(recruiter)
    assert _job_list_queries(client) == JOB_LIST_QUERIES


# --- detail -----------------------------------------------------------------------


def test_the_job_page_shows_stages_in_order_with_active_counts(client, recruiter, acme_job):
    first, second = factories.application(job_=acme_job), factories.application(job_=acme_job)
    stages = list(acme_job.stages.order_by("order"))
    application_move(application=second, to_stage=stages[1], actor=None)
    application_withdraw(reason="other", application=first, actor=None)
    factories.application(job_=acme_job)
    client.force_login(recruiter)
    response = client.get(reverse("jobs:job-detail", args=[acme_job.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    names = [stage.name for stage in stages]
    assert [html.index(f'<span data-testid="stage-name">{name}</span>') for name in names] == sorted(
        html.index(f'<span data-testid="stage-name">{name}</span>') for name in names
    )
    assert f'data-testid="stage-count-{stages[0].order}"' in html
    assert response.context["stages"][0].active_applications == 1
    assert response.context["stages"][1].active_applications == 1
    assert response.context["stages"][2].active_applications == 0


def test_the_job_page_lists_candidates_over_their_stage_sla(client, recruiter, acme_job):
    late, fresh = factories.application(job_=acme_job), factories.application(job_=acme_job)
    closed = factories.application(job_=acme_job)
    # The plan's stages have a 3-day SLA.
    Application.objects.filter(pk__in=[late.pk, closed.pk]).update(stage_entered_at=timezone.now() - timedelta(days=4))
    application_withdraw(reason="other", application=closed, actor=None)
    Application.objects.filter(pk=fresh.pk).update(stage_entered_at=timezone.now() - timedelta(days=2))
    client.force_login(recruiter)
    response = client.get(reverse("jobs:job-detail", args=[acme_job.public_id]))
    html = response.content.decode()
    assert html.count('data-testid="overdue"') == 1
    assert late.candidate.full_name in html
    assert [application.pk for application in response.context["overdue"]] == [late.pk]


def test_the_job_page_shows_the_hiring_team_and_status(client, recruiter, hiring_manager, acme_job):
    client.force_login(recruiter)
    html = client.get(reverse("jobs:job-detail", args=[acme_job.public_id])).content.decode()
    assert hiring_manager.full_name in html
    assert acme_job.recruiter.full_name in html
    assert 'data-testid="job-status">Open</span>' in html


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"])
def test_every_role_that_sees_the_job_opens_its_page(client, personas, persona, acme_job):
    client.force_login(personas[persona])
    assert client.get(reverse("jobs:job-detail", args=[acme_job.public_id])).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_a_user_outside_the_jobs_scope_gets_404(client, personas, persona, acme_job):
    client.force_login(personas[persona])
    assert client.get(reverse("jobs:job-detail", args=[acme_job.public_id])).status_code == 404
    assert client.get(reverse("jobs:job-edit", args=[acme_job.public_id])).status_code == 404
    assert client.post(reverse("jobs:job-status", args=[acme_job.public_id]), {"status": "closed"}).status_code == 404


def test_the_job_page_refuses_post(client, recruiter, acme_job):
    client.force_login(recruiter)
    assert client.post(reverse("jobs:job-detail", args=[acme_job.public_id])).status_code == 405


def test_read_only_roles_see_no_job_controls(client, coordinator, acme_job):
    client.force_login(coordinator)
    html = client.get(reverse("jobs:job-detail", args=[acme_job.public_id])).content.decode()
    assert reverse("jobs:job-status", args=[acme_job.public_id]) not in html
    assert reverse("jobs:job-member-add", args=[acme_job.public_id]) not in html


# --- create -----------------------------------------------------------------------


def _job_form(client_obj, plan, recruiter, **extra):
    return {
        "client": str(client_obj.public_id),
        "title": "Data Engineer",
        "plan": plan.pk,
        "recruiter": str(recruiter.public_id),
        "status": "draft",
        "headcount": 2,
        **extra,
    }


def test_a_recruiter_creates_a_job_that_copies_its_plans_stages(client, recruiter, acme):
    plan = factories.plan(stages=3)
    client.force_login(recruiter)
    page = client.get(reverse("jobs:job-create"))
    assert page.status_code == 200
    assert page.context["form"]["recruiter"].value() == recruiter.public_id
    response = client.post(reverse("jobs:job-create"), _job_form(acme, plan, recruiter))
    job = Job.objects.get(title="Data Engineer")
    assert response.status_code == 302
    assert response.url == reverse("jobs:job-detail", args=[job.public_id])
    assert list(job.stages.values_list("name", flat=True)) == list(plan.stages.values_list("name", flat=True))
    assert (job.client, job.recruiter, job.headcount, job.status) == (acme, recruiter, 2, "draft")


def test_a_job_cannot_be_created_for_a_client_outside_the_users_scope(client, recruiter):
    foreign = client_create(actor=None, name="Foreign Co")
    plan = factories.plan(stages=1)
    client.force_login(recruiter)
    response = client.post(reverse("jobs:job-create"), _job_form(foreign, plan, recruiter), **htmx())
    assert response.status_code == 200
    assert 'id="job-form"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not Job.objects.filter(title="Data Engineer").exists()


def test_inactive_plan_templates_are_not_offered(client, recruiter, acme):
    plan = factories.plan(stages=1)
    InterviewPlanTemplate.objects.filter(pk=plan.pk).update(is_active=False)
    client.force_login(recruiter)
    response = client.post(reverse("jobs:job-create"), _job_form(acme, plan, recruiter))
    assert response.status_code == 200
    assert not Job.objects.filter(title="Data Engineer").exists()


def test_creating_a_job_over_htmx_redirects_with_a_header(client, recruiter, acme):
    plan = factories.plan(stages=1)
    client.force_login(recruiter)
    response = client.post(reverse("jobs:job-create"), _job_form(acme, plan, recruiter), **htmx())
    assert response["HX-Redirect"] == reverse(
        "jobs:job-detail", args=[Job.objects.get(title="Data Engineer").public_id]
    )


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager", "interviewer"])
def test_only_recruiters_and_administrators_may_create_a_job(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("jobs:job-create")).status_code == 403


def test_the_new_job_page_refuses_delete(client, recruiter):
    client.force_login(recruiter)
    assert client.delete(reverse("jobs:job-create")).status_code == 405


# --- edit -------------------------------------------------------------------------


def _edit_form(job, **extra):
    return {
        "title": job.title,
        "recruiter": str(job.recruiter.public_id),
        "location": job.location,
        "headcount": job.headcount,
        "reschedule_cutoff_hours": job.reschedule_cutoff_hours,
        "future_interviews_on_close": job.future_interviews_on_close,
        "description": job.description,
        **extra,
    }


def test_a_recruiter_on_the_client_edits_a_jobs_settings(client, recruiter, acme_job):
    client.force_login(recruiter)
    url = reverse("jobs:job-edit", args=[acme_job.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_form(acme_job, title="Senior Robot Whisperer", location="Shanghai"))
    assert response.status_code == 302
    acme_job.refresh_from_db()
    assert (acme_job.title, acme_job.location) == ("Senior Robot Whisperer", "Shanghai")
    assert "Job Senior Robot Whisperer saved." in client.get(response.url).content.decode()


def test_a_new_recruiter_on_a_job_joins_its_team(client, recruiter, acme_job):
    client.force_login(recruiter)
    client.post(
        reverse("jobs:job-edit", args=[acme_job.public_id]), _edit_form(acme_job, recruiter=recruiter.public_id)
    )
    acme_job.refresh_from_db()
    assert acme_job.recruiter == recruiter
    assert acme_job.members.filter(user=recruiter, job_role="recruiter").exists()


def test_editing_a_job_over_htmx_shows_errors_in_the_form_fragment(client, recruiter, acme_job):
    client.force_login(recruiter)
    response = client.post(
        reverse("jobs:job-edit", args=[acme_job.public_id]), _edit_form(acme_job, headcount=0), **htmx()
    )
    html = response.content.decode()
    assert 'id="job-form"' in html and "<html" not in html
    acme_job.refresh_from_db()
    assert acme_job.headcount == 1


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager"])
def test_roles_that_only_read_a_job_may_not_edit_it(client, personas, persona, acme_job):
    client.force_login(personas[persona])
    url = reverse("jobs:job-edit", args=[acme_job.public_id])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_form(acme_job, title="Hijacked")).status_code == 403
    acme_job.refresh_from_db()
    assert acme_job.title == "Robot Whisperer"


def test_the_job_edit_page_refuses_put(client, recruiter, acme_job):
    client.force_login(recruiter)
    assert client.put(reverse("jobs:job-edit", args=[acme_job.public_id])).status_code == 405


def test_a_hiring_manager_account_is_not_offered_as_recruiter(client, recruiter, acme_job):
    manager = factories.user(Role.HIRING_MANAGER)
    client.force_login(recruiter)
    response = client.post(
        reverse("jobs:job-edit", args=[acme_job.public_id]), _edit_form(acme_job, recruiter=manager.public_id)
    )
    assert response.status_code == 200
    acme_job.refresh_from_db()
    assert acme_job.recruiter != manager
