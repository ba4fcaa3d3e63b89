"""The home page's scorecards: the ones the user owes (a seat on the panel of
an interview that has ended, with no submitted scorecard), those overdue (the
interview ended more than 24 hours ago), and for the roles that run jobs the
overdue scorecards of every panelist on their own jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from analytics.selectors import SCORECARD_OVERDUE_AFTER, dashboard_for
from interviews.models import Criterion, Interview, Scorecard
from interviews.services import scorecard_submit
from tests import factories
from tests.analytics.conftest import NOW, schedule


def submit(interview: Interview, interviewer) -> Scorecard:
    criteria = Criterion.objects.filter(template=interview.stage.scorecard_template, required=True)
    return scorecard_submit(
        interview=interview,
        interviewer=interviewer,
        ratings={criterion.pk: (3, "") for criterion in criteria},
        recommendation="yes",
    )


def test_overdue_means_the_interview_ended_more_than_24_hours_ago():
    assert timedelta(hours=24) == SCORECARD_OVERDUE_AFTER


def test_a_scorecard_becomes_overdue_the_moment_after_24_hours(world):
    interviewer = world.users["interviewer"]
    ended = world["iv_tue"].ends_at

    at_noon = dashboard_for(interviewer, now=NOW)
    assert (at_noon.scorecards_due, at_noon.scorecards_overdue) == (1, 0)
    exactly = dashboard_for(interviewer, now=ended + timedelta(hours=24))
    assert (exactly.scorecards_due, exactly.scorecards_overdue) == (1, 0)
    after = dashboard_for(interviewer, now=ended + timedelta(hours=24, seconds=1))
    assert (after.scorecards_due, after.scorecards_overdue) == (1, 1)
    assert after.due_interviews[0].ends_at < after.overdue_before


def test_a_draft_is_still_owed_and_overdue_a_submitted_scorecard_is_neither(world):
    interviewer = world.users["interviewer"]
    # Before Thursday's interviews end.
    later = world["iv_tue"].ends_at + timedelta(hours=25)
    # No service saves drafts yet.
    Scorecard.objects.create(interview=world["iv_tue"], interviewer=interviewer, status=Scorecard.Status.DRAFT)
    assert dashboard_for(interviewer, now=later).scorecards_overdue == 1

    world.submit_scorecard(world["iv_tue"], interviewer)

    dashboard = dashboard_for(interviewer, now=later)
    assert (dashboard.scorecards_due, dashboard.scorecards_overdue) == (0, 0)


def test_an_interviewer_sees_only_the_scorecards_they_owe_and_no_team_figure(world):
    later = NOW + timedelta(days=1)
    dashboard = dashboard_for(world.users["second_panelist"], now=later)
    assert [row.candidate_name for row in dashboard.due_interviews] == ["Candidate c1"]
    assert dashboard.scorecards_overdue == 1
    assert dashboard.team_scorecards_overdue is None


@pytest.mark.parametrize("persona", ["hiring_manager", "reviewer"])
def test_roles_that_do_not_run_jobs_get_no_team_figure(world, persona):
    assert dashboard_for(world.users[persona], now=NOW).team_scorecards_overdue is None


def test_the_team_figure_counts_every_panelists_overdue_scorecard_on_the_users_jobs(world):
    # The administrator recruits every job of the world: Monday's (the second
    # panelist owes) and last Friday's (the administrator owes) are over 24
    # hours old; Tuesday's ended 19 hours ago.
    assert dashboard_for(world.users["administrator"], now=NOW).team_scorecards_overdue == 2


@pytest.fixture
def own_job(world):
    """A job the recruiter recruits: an interview two days ago on the
    interviewer's and the second panelist's panel, where the interviewer has
    submitted; one cancelled; one that ended 23 hours ago."""
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    panel = [interviewer, world.users["second_panelist"]]
    job = factories.job(recruiter=recruiter, client=world["A1"].client, title="Own")
    application = factories.application(job_=job, actor=recruiter)
    two_days = schedule(application, starts_at=NOW - timedelta(days=2), panel=panel, actor=recruiter)
    submit(two_days, interviewer)
    cancelled = schedule(application, starts_at=NOW - timedelta(days=3), panel=panel, actor=recruiter)
    # No cancellation service yet.
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    schedule(application, starts_at=NOW - timedelta(hours=24), panel=panel, actor=recruiter)
    return job


def test_a_recruiter_counts_the_overdue_scorecards_on_their_own_jobs_only(own_job, world):
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)

    # Only the second panelist's on the two-day-old interview: not the
    # submitted one, not the cancelled interview's, not the one 23 hours old,
    # and nothing on client A's jobs that the recruiter sees but does not recruit.
    assert dashboard.team_scorecards_overdue == 1
    # Not on those panels, the recruiter owes only Tuesday's own scorecard.
    assert dashboard.scorecards_due == 1


def test_an_outsider_recruiter_counts_nothing_on_others_jobs(own_job, world):
    dashboard = dashboard_for(world.users["outsider"], now=NOW + timedelta(days=7))
    assert dashboard.team_scorecards_overdue == 0
    assert dashboard.scorecards_due == 0


def test_the_home_page_marks_overdue_scorecards_and_shows_the_team_figure(client, world):
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    job = factories.job(recruiter=recruiter, client=world["A1"].client, title="Own")
    application = factories.application(job_=job, actor=recruiter)
    factories.interview(application_=application, panel=[recruiter, interviewer], days_from_now=-3)
    factories.interview(application_=application, panel=[recruiter], days_from_now=-0.5)
    client.force_login(recruiter)

    html = client.get(reverse("home")).content.decode()

    # Three owed (world's Tuesday interview, three days ago, twelve hours ago);
    # the first two are overdue.
    assert 'data-testid="scorecards-due">3<' in html
    assert 'data-testid="scorecards-overdue">2<' in html
    assert html.count('data-testid="overdue-scorecard"') == 2
    assert "overdue: the interviews ended more than 24 hours ago" in html
    # On their own job: their and the interviewer's scorecards three days on.
    assert 'data-testid="team-scorecards-overdue">2<' in html


def test_an_interviewers_home_page_shows_no_team_figure(client, world):
    client.force_login(world.users["interviewer"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="team-scorecards-overdue"' not in html
