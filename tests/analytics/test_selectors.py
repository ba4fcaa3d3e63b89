"""dashboard_for: the home page's figures, scoped per role (accounts.roles)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest

from accounts.roles import Role
from analytics.selectors import dashboard_for, week_bounds
from interviews.models import Interview, Scorecard
from tests import factories
from tests.analytics.conftest import NOW, at, schedule
from tests.conftest import make_user

KINDS = ("screening", "phone", "technical", "behavioural", "final", "offer")


def by_kind(dashboard) -> dict[str, int]:
    return {stage.kind: stage.count for stage in dashboard.applications_by_kind}


def candidates(rows) -> list[str]:
    return [row.candidate_name for row in rows]


def test_the_week_runs_from_monday_midnight_to_the_next_monday_in_the_given_time_zone():
    starts, ends = week_bounds(now=NOW, time_zone="Asia/Shanghai")
    assert (starts, ends) == (at(9, 0), at(16, 0))
    assert starts.utcoffset() == timedelta(hours=8)


def test_a_recruiter_granted_on_client_a_sees_exactly_client_as_figures(world):
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)

    assert dashboard.sees_pipeline
    assert dashboard.open_jobs == 2  # A1 and A2; A3 is a draft and B1 is another client's
    assert [stage.kind for stage in dashboard.applications_by_kind] == list(KINDS)
    assert by_kind(dashboard) == {
        "screening": 2,  # c1 on A1, c6 on the draft A3
        "phone": 1,
        "technical": 2,
        "behavioural": 0,
        "final": 0,
        "offer": 0,  # c4 was hired: no longer active
    }
    assert dashboard.active_applications == 5
    assert dashboard.interviews_this_week == 4  # Mon, Tue, Thu and Fri on client A
    assert dashboard.upcoming_this_week == 2
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c3", "Candidate c5"]
    first = dashboard.upcoming_interviews[0]
    assert (first.starts_at, first.stage_name, first.job_title) == (at(12, 9), "Technical Interview", "A1")
    assert dashboard.scorecards_due == 1
    assert candidates(dashboard.due_interviews) == ["Candidate c2"]


def test_the_stage_labels_are_the_stage_kinds_translated_labels(world):
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)
    assert [str(stage.label) for stage in dashboard.applications_by_kind] == [
        "screening",
        "phone interview",
        "technical interview",
        "behavioural interview",
        "final interview",
        "offer",
    ]


def test_an_administrator_sees_every_client(world):
    dashboard = dashboard_for(world.users["administrator"], now=NOW)
    assert dashboard.open_jobs == 3
    assert by_kind(dashboard) == {
        "screening": 3,
        "phone": 1,
        "technical": 2,
        "behavioural": 0,
        "final": 1,
        "offer": 0,
    }
    assert dashboard.interviews_this_week == 5
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c3", "Candidate c7", "Candidate c5"]
    # Seeing every interview is not sitting on every panel: only last week's is theirs.
    assert candidates(dashboard.due_interviews) == ["Candidate c8"]


@pytest.mark.parametrize("persona", ["outsider", "coordinator"])
def test_a_recruiter_or_coordinator_without_grants_sees_zeros(world, persona):
    dashboard = dashboard_for(world.users[persona], now=NOW)
    assert dashboard.open_jobs == 0
    assert set(by_kind(dashboard).values()) == {0}
    assert dashboard.interviews_this_week == dashboard.scorecards_due == 0
    assert dashboard.upcoming_interviews == dashboard.due_interviews == ()


def test_a_hiring_manager_sees_only_their_teams_job(world):
    dashboard = dashboard_for(world.users["hiring_manager"], now=NOW)
    assert dashboard.open_jobs == 1
    assert by_kind(dashboard) == {
        "screening": 1,
        "phone": 0,
        "technical": 2,
        "behavioural": 0,
        "final": 0,
        "offer": 0,
    }
    assert dashboard.interviews_this_week == 3  # A1's Monday, Tuesday and Thursday
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c3"]
    assert dashboard.scorecards_due == 0


def test_a_reviewer_reads_everything_but_owes_no_scorecards(world):
    dashboard = dashboard_for(world.users["reviewer"], now=NOW)
    assert (dashboard.open_jobs, dashboard.active_applications, dashboard.interviews_this_week) == (3, 7, 5)
    assert dashboard.scorecards_due == 0


def test_an_interviewer_sees_no_pipeline_only_their_own_panels(world):
    dashboard = dashboard_for(world.users["interviewer"], now=NOW)
    assert not dashboard.sees_pipeline
    assert dashboard.open_jobs == 0
    assert set(by_kind(dashboard).values()) == {0}
    # Tuesday, Thursday (A1) and Thursday (B1) are theirs; next Monday's is next week.
    assert dashboard.interviews_this_week == 3
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c3", "Candidate c7"]
    # Last week's scorecard is in; Tuesday's is not.
    assert dashboard.scorecards_due == 1
    assert candidates(dashboard.due_interviews) == ["Candidate c2"]


def test_another_interviewer_never_sees_the_first_ones_panels(world):
    dashboard = dashboard_for(world.users["second_panelist"], now=NOW)
    assert dashboard.interviews_this_week == 2  # Monday's and Friday's
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c5"]
    assert candidates(dashboard.due_interviews) == ["Candidate c1"]


def test_a_submitted_scorecard_is_no_longer_due_but_a_draft_still_is(world):
    interviewer, recruiter = world.users["interviewer"], world.users["recruiter"]
    # No service saves drafts yet.
    Scorecard.objects.create(interview=world["iv_tue"], interviewer=interviewer, status=Scorecard.Status.DRAFT)
    assert dashboard_for(interviewer, now=NOW).scorecards_due == 1

    world.submit_scorecard(world["iv_tue"], interviewer)

    assert dashboard_for(interviewer, now=NOW).scorecards_due == 0
    # The recruiter on the same panel still owes theirs.
    assert candidates(dashboard_for(recruiter, now=NOW).due_interviews) == ["Candidate c2"]


def test_cancelled_and_unfinished_interviews_are_not_due(world):
    interviewer = world.users["interviewer"]
    # No cancellation service yet.
    Interview.objects.filter(pk=world["iv_tue"].pk).update(status=Interview.Status.CANCELLED)
    assert dashboard_for(interviewer, now=NOW).scorecards_due == 0
    # Thursday's interview is due from the moment it ends, not before.
    thursday_end = world["iv_thu"].ends_at
    assert dashboard_for(interviewer, now=thursday_end - timedelta(seconds=1)).scorecards_due == 0
    assert candidates(dashboard_for(interviewer, now=thursday_end).due_interviews) == ["Candidate c3"]


def test_cancelled_and_completed_interviews_are_not_counted_this_week(world):
    Interview.objects.filter(pk=world["iv_thu"].pk).update(status=Interview.Status.CANCELLED)
    Interview.objects.filter(pk=world["iv_mon"].pk).update(status=Interview.Status.COMPLETED)
    dashboard = dashboard_for(world.users["recruiter"], now=NOW)
    assert dashboard.interviews_this_week == 2
    assert candidates(dashboard.upcoming_interviews) == ["Candidate c5"]


def test_lists_stop_at_five_and_count_the_rest(world):
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    job = world["A1"]
    for hour in range(6):
        application = factories.application(job_=job, actor=recruiter)
        schedule(application, starts_at=at(14, 8 + hour), panel=[interviewer], actor=recruiter)
        schedule(application, starts_at=at(5, 8 + hour), panel=[recruiter], actor=recruiter)

    dashboard = dashboard_for(recruiter, now=NOW)

    assert dashboard.interviews_this_week == 10
    assert dashboard.upcoming_this_week == 8
    assert len(dashboard.upcoming_interviews) == 5
    assert dashboard.more_upcoming == 3
    assert [row.starts_at for row in dashboard.upcoming_interviews] == sorted(
        row.starts_at for row in dashboard.upcoming_interviews
    )
    assert dashboard.scorecards_due == 7
    assert len(dashboard.due_interviews) == 5
    assert dashboard.more_due == 2


# Sunday 8 June 2025, 12:00 UTC: 20:00 on Sunday in Shanghai, 05:00 on Sunday in
# Los Angeles. Monday midnight falls at different instants in the two zones.
BOUNDARY_NOW = datetime(2025, 6, 8, 12, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))


@pytest.fixture
def boundary(db):
    recruiter = factories.user(Role.RECRUITER)
    application = factories.application(job_=factories.job(recruiter=recruiter), actor=recruiter)
    shanghai = make_user("sh@example.test", Role.INTERVIEWER, full_name="Shanghai Panelist")
    los_angeles = make_user("la@example.test", Role.INTERVIEWER, full_name="Los Angeles Panelist")
    for user, zone in [(shanghai, "Asia/Shanghai"), (los_angeles, "America/Los_Angeles")]:
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
    panel = [shanghai, los_angeles]
    interviews = {
        # Monday 2 June 00:30 in Shanghai is still Sunday 1 June in Los Angeles.
        "early": schedule(application, starts_at=at(2, 0) + timedelta(minutes=30), panel=panel, actor=recruiter),
        # Sunday 8 June 23:30 in Shanghai is Sunday morning in Los Angeles.
        "sunday": schedule(application, starts_at=at(8, 23) + timedelta(minutes=30), panel=panel, actor=recruiter),
        # Monday 9 June 00:30 in Shanghai is Sunday 8 June 09:30 in Los Angeles.
        "late": schedule(application, starts_at=at(9, 0) + timedelta(minutes=30), panel=panel, actor=recruiter),
    }
    return shanghai, los_angeles, interviews


def test_this_week_is_the_users_own_week_in_their_time_zone(boundary):
    shanghai, los_angeles, interviews = boundary

    in_shanghai = dashboard_for(shanghai, now=BOUNDARY_NOW)
    in_los_angeles = dashboard_for(los_angeles, now=BOUNDARY_NOW)

    # Shanghai's week: Mon 2 June 00:00 to Mon 9 June 00:00, Shanghai time.
    assert in_shanghai.interviews_this_week == 2  # early and sunday
    assert [row.public_id for row in in_shanghai.upcoming_interviews] == [interviews["sunday"].public_id]
    # Los Angeles' week: Mon 2 June 00:00 to Mon 9 June 00:00, Los Angeles time.
    assert in_los_angeles.interviews_this_week == 2  # sunday and late
    assert [row.public_id for row in in_los_angeles.upcoming_interviews] == [
        interviews["sunday"].public_id,
        interviews["late"].public_id,
    ]
    assert in_los_angeles.week_starts.isoformat() == "2025-06-02T00:00:00-07:00"
