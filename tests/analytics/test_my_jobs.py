"""The home page's "your jobs": open and on-hold jobs the user recruits or is
on the team of, with active applications and those over their stage's SLA."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from analytics.selectors import MY_JOBS_LENGTH, dashboard_for
from interviews.models import Application
from interviews.services import application_hire
from jobs.models import Job, JobMember
from jobs.services import job_member_add
from tests import factories
from tests.analytics.conftest import NOW

# factories.plan gives every stage a three-day SLA.
SLA = timedelta(days=3)


def titles(dashboard) -> list[str]:
    return [job.title for job in dashboard.my_jobs]


def in_stage_since(application: Application, moment) -> None:
    # No service backdates a move; the SLA clock is only this column.
    Application.objects.filter(pk=application.pk).update(stage_entered_at=moment)


@pytest.fixture
def desk(world):
    """On top of the world (where the recruiter sees client A's jobs through a
    grant but recruits none of them): two open jobs and a draft the recruiter
    recruits, and an on-hold job of client B whose team they are on."""
    admin, recruiter = world.users["administrator"], world.users["recruiter"]
    client_a, client_b = world["A1"].client, world["B1"].client
    quiet = factories.job(recruiter=recruiter, client=client_a, title="Quiet")
    late = factories.job(recruiter=recruiter, client=client_a, title="Late")
    factories.job(recruiter=recruiter, client=client_a, title="Draft", status=Job.Status.DRAFT)
    held = factories.job(recruiter=admin, client=client_b, title="Held", status=Job.Status.ON_HOLD)
    job_member_add(job=held, user=recruiter, job_role=JobMember.JobRole.RECRUITER, actor=admin)

    application_hire(application=factories.application(job_=quiet, actor=recruiter), actor=recruiter)
    fresh = factories.application(job_=quiet, actor=recruiter)
    in_stage_since(fresh, NOW - SLA)  # exactly at its SLA: not over it yet
    for days in (4, 10):
        in_stage_since(factories.application(job_=late, actor=recruiter), NOW - timedelta(days=days))
    in_stage_since(factories.application(job_=late, actor=recruiter), NOW)
    in_stage_since(factories.application(job_=held, actor=admin), NOW - timedelta(days=30))
    return {"quiet": quiet, "late": late, "held": held}


def test_a_recruiter_sees_the_jobs_they_recruit_or_team_on_open_first_then_on_hold(desk, world):
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)

    # Client A's A1 and A2 are seen through the grant but are not theirs; the draft is not open.
    assert titles(dashboard) == ["Late", "Quiet", "Held"]
    assert dashboard.my_jobs_total == 3
    assert [job.on_hold for job in dashboard.my_jobs] == [False, False, True]
    assert dashboard.my_jobs[0].client_name == "Client A"
    assert dashboard.my_jobs[2].client_name == "Client B"


def test_each_job_counts_its_active_applications_and_those_over_their_stage_sla(desk, world):
    rows = {job.title: job for job in dashboard_for(world.users["recruiter"], now=NOW).my_jobs}

    assert (rows["Late"].active_applications, rows["Late"].over_sla) == (3, 2)
    # The hired application is not active; the other sits exactly at its SLA.
    assert (rows["Quiet"].active_applications, rows["Quiet"].over_sla) == (1, 0)
    assert (rows["Held"].active_applications, rows["Held"].over_sla) == (1, 1)


def test_an_application_is_over_its_sla_from_the_first_moment_after_it(desk, world):
    recruiter = world.users["recruiter"]
    quiet = {job.title: job for job in dashboard_for(recruiter, now=NOW + timedelta(seconds=1)).my_jobs}["Quiet"]
    assert quiet.over_sla == 1


def test_open_jobs_are_ordered_by_how_many_applications_are_over_their_sla(desk, world):
    recruiter = world.users["recruiter"]
    in_stage_since(desk["quiet"].applications.get(status=Application.Status.ACTIVE), NOW - timedelta(days=5))
    for _ in range(2):
        in_stage_since(factories.application(job_=desk["quiet"], actor=recruiter), NOW - timedelta(days=5))
    assert titles(dashboard_for(recruiter, now=NOW)) == ["Quiet", "Late", "Held"]


def test_a_hiring_manager_sees_the_job_whose_team_they_are_on(desk, world):
    assert titles(dashboard_for(world.users["hiring_manager"], now=NOW)) == ["A1"]


@pytest.mark.parametrize("persona", ["outsider", "coordinator", "reviewer", "interviewer"])
def test_users_who_recruit_no_job_and_are_on_no_team_have_no_jobs_of_their_own(desk, world, persona):
    dashboard = dashboard_for(world.users[persona], now=NOW)
    assert dashboard.my_jobs == ()
    assert dashboard.my_jobs_total == 0


def test_a_job_an_outsider_recruits_is_theirs_alone(desk, world):
    outsider = world.users["outsider"]
    factories.job(recruiter=outsider, title="Outsider's")
    assert titles(dashboard_for(outsider, now=NOW)) == ["Outsider's"]
    assert "Outsider's" not in titles(dashboard_for(world.users["recruiter"], now=NOW))


def test_the_list_stops_at_ten_and_counts_the_rest(db, world):
    outsider = world.users["outsider"]
    plan = factories.plan()
    for n in range(MY_JOBS_LENGTH + 2):
        factories.job(recruiter=outsider, plan_template=plan, title=f"Job {n:02}")

    dashboard = dashboard_for(outsider, now=NOW)

    assert len(dashboard.my_jobs) == MY_JOBS_LENGTH
    assert dashboard.my_jobs_total == MY_JOBS_LENGTH + 2
    assert dashboard.more_jobs == 2
    assert titles(dashboard) == [f"Job {n:02}" for n in range(MY_JOBS_LENGTH)]


def test_the_home_page_links_each_job_to_its_page_and_board(client, desk, world):
    client.force_login(world.users["recruiter"])

    html = client.get(reverse("home")).content.decode()

    for job in desk.values():
        assert reverse("jobs:job-detail", args=[job.public_id]) in html
        assert reverse("interviews:board", args=[job.public_id]) in html
    assert html.count('data-testid="my-job"') == 3
    assert html.count('data-testid="on-hold"') == 1
    assert f'href="{reverse("jobs:job-list")}?status=open"' in html


def test_a_user_without_jobs_of_their_own_is_told_so(client, world):
    client.force_login(world.users["outsider"])
    html = client.get(reverse("home")).content.decode()
    assert "You recruit no open or on-hold job" in html
    assert 'data-testid="my-job"' not in html
