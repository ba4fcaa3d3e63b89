"""The home page's "your interviews today": the user's panels and, for the
roles that run jobs, the interviews on their own jobs, within today in the
user's time zone."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.selectors import TODAY_LENGTH, dashboard_for, day_bounds
from interviews.models import Interview
from jobs.models import JobMember
from jobs.services import job_member_add
from tests import factories
from tests.analytics.conftest import NOW, SHANGHAI, schedule

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


def shanghai(day: int, hour: int, minute: int) -> datetime:
    return datetime(2025, 6, day, hour, minute, tzinfo=SHANGHAI)


def names(dashboard) -> list[str]:
    return [row.candidate_name for row in dashboard.interviews_today]


@pytest.fixture
def day(world):
    """Around Wednesday 11 June in Shanghai, on a job the recruiter recruits:
    late Tuesday and early Wednesday on the interviewer's panel, late
    Wednesday on the recruiter's, early Thursday on the interviewer's; and, on
    client A's A2 (which the recruiter sees but does not recruit), Wednesday
    afternoon on the second panelist's."""
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    job = factories.job(recruiter=recruiter, client=world["A1"].client, title="Today")
    interviews = {}
    for name, starts_at, panel in [
        ("tuesday_late", shanghai(10, 23, 30), [interviewer]),
        ("wednesday_early", shanghai(11, 0, 30), [interviewer]),
        ("wednesday_late", shanghai(11, 23, 30), [recruiter]),
        ("thursday_early", shanghai(12, 0, 30), [interviewer]),
    ]:
        application = factories.application(job_=job, candidate_=factories.candidate(full_name=name), actor=recruiter)
        interviews[name] = schedule(application, starts_at=starts_at, panel=panel, actor=recruiter)
    interviews["other_job"] = schedule(
        world["c5"], starts_at=shanghai(11, 15, 0), panel=[world.users["second_panelist"]], actor=recruiter
    )
    return interviews


def test_today_runs_from_midnight_to_midnight_in_the_given_time_zone():
    assert day_bounds(now=NOW, time_zone="Asia/Shanghai") == (shanghai(11, 0, 0), shanghai(12, 0, 0))
    # 10:00 on Wednesday in Shanghai is 19:00 on Tuesday in Los Angeles.
    starts, ends = day_bounds(now=NOW, time_zone="America/Los_Angeles")
    assert (starts.isoformat(), ends.isoformat()) == ("2025-06-10T00:00:00-07:00", "2025-06-11T00:00:00-07:00")


def test_a_day_with_a_clock_change_lasts_as_long_as_it_does_locally():
    starts, ends = day_bounds(now=datetime(2025, 3, 9, 12, tzinfo=LOS_ANGELES), time_zone="America/Los_Angeles")
    # Same-zone subtraction is wall-clock time in Python; the database compares instants.
    assert ends.astimezone(UTC) - starts.astimezone(UTC) == timedelta(hours=23)


def test_an_interviewer_in_shanghai_sees_only_todays_shanghai_interviews_on_their_panel(day, world):
    dashboard = dashboard_for(world.users["interviewer"], now=NOW)

    # 23:30 yesterday and 00:30 tomorrow are not today; nor is anyone else's panel.
    assert names(dashboard) == ["wednesday_early"]
    assert dashboard.interviews_today_total == 1
    assert dashboard.interviews_today[0].on_panel
    assert dashboard.today_starts == shanghai(11, 0, 0)


def test_the_same_moment_is_another_day_for_an_interviewer_in_los_angeles(day, world):
    interviewer = world.users["interviewer"]
    interviewer.time_zone = "America/Los_Angeles"
    interviewer.save(update_fields=["time_zone"])

    # Tuesday in Los Angeles runs from 15:00 Tuesday to 15:00 Wednesday in Shanghai.
    assert names(dashboard_for(interviewer, now=NOW)) == ["tuesday_late", "wednesday_early"]


def test_a_recruiter_also_sees_todays_interviews_on_the_jobs_they_recruit(day, world):
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)

    # Not A2's: a job seen through a client grant is not one of theirs.
    assert names(dashboard) == ["wednesday_early", "wednesday_late"]
    assert [row.on_panel for row in dashboard.interviews_today] == [False, True]
    first = dashboard.interviews_today[0]
    assert (first.stage_name, first.job_title, first.starts_at) == ("Screening", "Today", shanghai(11, 0, 30))


def test_a_coordinator_on_a_jobs_team_sees_its_interviews_today(day, world):
    coordinator = world.users["coordinator"]
    job_member_add(
        job=day["wednesday_late"].application.job,
        user=coordinator,
        job_role=JobMember.JobRole.COORDINATOR,
        actor=world.users["recruiter"],
    )
    assert names(dashboard_for(coordinator, now=NOW)) == ["wednesday_early", "wednesday_late"]


def test_a_hiring_manager_sees_only_the_panels_they_sit_on(day, world):
    manager = world.users["hiring_manager"]
    assert names(dashboard_for(manager, now=NOW)) == []


@pytest.mark.parametrize("persona", ["outsider", "reviewer"])
def test_users_on_no_panel_and_with_no_jobs_have_no_interviews_today(day, world, persona):
    dashboard = dashboard_for(world.users[persona], now=NOW)
    assert dashboard.interviews_today == ()
    assert dashboard.interviews_today_total == 0


def test_another_interviewer_sees_only_their_own_panel(day, world):
    assert names(dashboard_for(world.users["second_panelist"], now=NOW)) == ["Candidate c5"]


def test_a_cancelled_interview_is_not_listed_but_a_completed_one_is(day, world):
    # No cancellation or completion service yet.
    Interview.objects.filter(pk=day["wednesday_late"].pk).update(status=Interview.Status.CANCELLED)
    Interview.objects.filter(pk=day["wednesday_early"].pk).update(status=Interview.Status.COMPLETED)
    assert names(dashboard_for(world.users["recruiter"], now=NOW)) == ["wednesday_early"]


def test_the_list_stops_at_ten_and_counts_the_rest(day, world):
    interviewer, recruiter = world.users["interviewer"], world.users["recruiter"]
    for minute in range(TODAY_LENGTH):
        schedule(world["c3"], starts_at=shanghai(11, 12, minute), panel=[interviewer], actor=recruiter)

    dashboard = dashboard_for(interviewer, now=NOW)

    assert len(dashboard.interviews_today) == TODAY_LENGTH
    assert dashboard.interviews_today_total == TODAY_LENGTH + 1
    assert dashboard.more_today == 1
    assert names(dashboard)[0] == "wednesday_early"


def test_the_home_page_shows_todays_interviews_in_the_users_time_zone(client, world):
    interviewer, recruiter = world.users["interviewer"], world.users["recruiter"]
    interviewer.time_zone = "America/Los_Angeles"
    interviewer.save(update_fields=["time_zone"])
    starts, _ends = day_bounds(now=timezone.now(), time_zone="America/Los_Angeles")
    application = factories.application(
        job_=world["A2"], candidate_=factories.candidate(full_name="Early Bird"), actor=recruiter
    )
    today = schedule(application, starts_at=starts + timedelta(minutes=30), panel=[interviewer], actor=recruiter)
    schedule(world["c3"], starts_at=starts - timedelta(minutes=30), panel=[interviewer], actor=recruiter)
    client.force_login(interviewer)

    html = client.get(reverse("home")).content.decode()

    assert html.count('data-testid="interview-today"') == 1
    assert f'datetime="{today.starts_at.astimezone(LOS_ANGELES).isoformat()}">00:30</time>' in html
    assert reverse("candidates:candidate-detail", args=[application.candidate.public_id]) in html


def test_a_user_with_no_interviews_today_is_told_so(client, world):
    client.force_login(world.users["outsider"])
    html = client.get(reverse("home")).content.decode()
    assert "No interviews for you today." in html
