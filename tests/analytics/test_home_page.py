"""The home page: the dashboard of the signed-in user's scope."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.selectors import dashboard_for, day_bounds
from candidates.models import Activity
from candidates.services import activity_record
from messaging.messages import MESSAGES
from tests import factories
from tests.analytics.conftest import schedule
from tests.core.test_pages import INLINE

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")
PERSONAS = ["administrator", "recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager", "outsider"]
# A session, the user, the "no contact" panel (rows and total in one), then the
# dashboard: open jobs, applications per stage kind, the user's jobs (with their
# total), today's interviews (with their total), this week's interview counts,
# the next ones, scorecards due and overdue, their first rows, and overdue
# scorecards on the user's jobs. Nothing in it depends on how much data there is.
HOME_QUERIES = 12
# An interviewer has no pipeline, no jobs and owns no candidates: the open-job,
# per-stage, my-jobs, team-scorecard and no-contact queries are not run.
INTERVIEWER_HOME_QUERIES = 7


def figure(html: str, testid: str) -> int | None:
    found = re.search(rf'data-testid="{re.escape(testid)}"[^>]*>\s*(\d+)\s*<', html)
    return int(found.group(1)) if found else None


def add_activity(world, *, jobs: int) -> None:
    """More jobs on client A, each with applications, a past interview on the
    recruiter's panel and an upcoming one on the interviewer's."""
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    client_a = world["A1"].client
    for _ in range(jobs):
        job = factories.job(recruiter=world.users["administrator"], client=client_a, title="More")
        for days in (-3, 2):
            application = factories.application(job_=job, actor=recruiter)
            factories.interview(application_=application, panel=[recruiter, interviewer], days_from_now=days)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_sees_its_own_figures_on_the_home_page(client, world, persona):
    user = world.users[persona]
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    expected = dashboard_for(user)
    assert user.full_name in html
    assert figure(html, "interviews-this-week") == expected.interviews_this_week
    assert figure(html, "scorecards-due") == expected.scorecards_due
    if persona == "interviewer":
        assert figure(html, "open-jobs") is None
        assert 'id="pipeline"' not in html
    else:
        assert figure(html, "open-jobs") == expected.open_jobs
        for stage in expected.applications_by_kind:
            assert figure(html, f"stage-{stage.kind}") == stage.count


def test_a_recruiter_sees_client_as_pipeline_and_their_due_scorecard(client, world):
    client.force_login(world.users["recruiter"])
    html = client.get(reverse("home")).content.decode()
    assert figure(html, "open-jobs") == 2
    assert [figure(html, f"stage-{kind}") for kind in ("screening", "phone", "technical", "behavioural")] == [
        2,
        1,
        2,
        0,
    ]
    assert "5 active applications" in html
    assert "Technical interview" in html
    assert "Candidate c2" in html  # Tuesday's interview: a scorecard due
    assert "Candidate c7" not in html  # client B's


def test_interview_times_are_shown_in_the_users_time_zone(client, world):
    interviewer = world.users["interviewer"]
    interviewer.time_zone = "America/Los_Angeles"
    interviewer.save(update_fields=["time_zone"])
    application = factories.application(job_=world["A2"], actor=world.users["recruiter"])
    past = factories.interview(application_=application, panel=[interviewer], days_from_now=-2)
    soon = factories.interview(application_=application, panel=[interviewer], days_from_now=1 / 48)
    client.force_login(interviewer)

    html = client.get(reverse("home")).content.decode()

    assert "times in America/Los_Angeles" in html
    assert f'datetime="{past.starts_at.astimezone(LOS_ANGELES).isoformat()}"' in html  # a scorecard due
    soon_shown = f'datetime="{soon.starts_at.astimezone(LOS_ANGELES).isoformat()}"' in html
    # Half an hour from now is this week unless the week ends first.
    assert soon_shown == (soon.starts_at < dashboard_for(interviewer).week_ends)


def test_a_user_with_nothing_to_do_sees_friendly_empty_states(client, world):
    client.force_login(world.users["outsider"])
    html = client.get(reverse("home")).content.decode()
    assert "No interviews this week." in html
    assert "No scorecards due." in html
    assert "No active applications." in html
    assert "No open jobs in your scope." in html


def test_the_home_page_speaks_chinese_to_a_chinese_user(client, world):
    recruiter = world.users["recruiter"]
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)

    html = client.get(reverse("home")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "欢迎，Rita" in html
    assert "技术面试" in html  # the technical stage kind
    assert "行为面试" in html  # shown with its zero


def test_the_home_page_refuses_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("home")).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"


def test_the_home_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    recruiter = world.users["recruiter"]
    client.force_login(recruiter)
    with django_assert_num_queries(HOME_QUERIES):
        small = client.get(reverse("home"))

    add_activity(world, jobs=4)

    with django_assert_num_queries(HOME_QUERIES):
        large = client.get(reverse("home"))
    assert figure(large.content.decode(), "open-jobs") == figure(small.content.decode(), "open-jobs") + 4
    assert figure(large.content.decode(), "scorecards-due") == figure(small.content.decode(), "scorecards-due") + 4


def test_an_interviewers_home_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.users["interviewer"])
    with django_assert_num_queries(INTERVIEWER_HOME_QUERIES):
        client.get(reverse("home"))
    add_activity(world, jobs=3)
    with django_assert_num_queries(INTERVIEWER_HOME_QUERIES):
        response = client.get(reverse("home"))
    assert figure(response.content.decode(), "scorecards-due") >= 3


@pytest.mark.parametrize("persona", ["recruiter", "interviewer", "outsider"])
def test_the_home_page_holds_no_inline_script_or_style(client, world, persona):
    client.force_login(world.users[persona])
    html = client.get(reverse("home")).content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def add_own_work(world, *, count: int) -> None:
    """``count`` more of everything on the recruiter's home panels: jobs they
    recruit, each with an application that has an interview today on their
    and the interviewer's panel and one three days ago whose scorecards are
    overdue, and another of a candidate they own, last noted a month ago."""
    recruiter, interviewer = world.users["recruiter"], world.users["interviewer"]
    today, _tomorrow = day_bounds(now=timezone.now(), time_zone=recruiter.time_zone)
    plan = factories.plan()
    for n in range(count):
        job = factories.job(recruiter=recruiter, client=world["A1"].client, plan_template=plan, title=f"Own {n}")
        application = factories.application(job_=job, actor=recruiter)
        candidate = factories.candidate(full_name=f"Owned {n}", owner=recruiter)
        factories.application(job_=job, candidate_=candidate, actor=recruiter)
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.NOTE,
            actor=recruiter,
            message=MESSAGES.text("Called"),
            occurred_at=timezone.now() - timedelta(days=30),
        )
        schedule(application, starts_at=today + timedelta(minutes=n), panel=[recruiter, interviewer], actor=recruiter)
        factories.interview(application_=application, panel=[recruiter, interviewer], days_from_now=-3)


@pytest.mark.parametrize(
    ("persona", "queries"), [("recruiter", HOME_QUERIES), ("interviewer", INTERVIEWER_HOME_QUERIES)]
)
def test_the_home_page_runs_as_many_queries_for_twenty_of_everything_as_for_two(
    client, world, django_assert_num_queries, persona, queries
):
    client.force_login(world.users[persona])
    add_own_work(world, count=2)
    with django_assert_num_queries(queries):
        small = client.get(reverse("home")).content.decode()

    add_own_work(world, count=18)

    with django_assert_num_queries(queries):
        large = client.get(reverse("home")).content.decode()
    assert figure(large, "interviews-today") == figure(small, "interviews-today") + 18
    assert figure(large, "scorecards-overdue") == figure(small, "scorecards-overdue") + 18
    if persona == "recruiter":
        assert (figure(small, "no-contact"), figure(large, "no-contact")) == (2, 20)
        assert (small.count('data-testid="my-job"'), large.count('data-testid="my-job"')) == (2, 10)
        assert figure(large, "team-scorecards-overdue") == figure(small, "team-scorecards-overdue") + 36
