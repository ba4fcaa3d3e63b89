"""The interviewer calibration report: exact figures on a hand-built panel, who sees whom.

The period is 1–14 June 2025 (two weeks); "now" is 14 June 12:00 UTC. One job
(client A, recruited by the administrator: the recruiter persona has no access
to it) with stages screening, phone, technical, final. Three interviewers:
Ivan (an interviewer), Pia (an interviewer) and Rita (a recruiter on panels).
Each scorecard rates Problem solving and Communication (PS, CO); hours are from
the interview's end to the submitted scorecard; the due time is 2 hours.

  I1 app1 technical  2 Jun  Ivan 4,4 strong_yes +1h | Pia 3,3 yes +3h        app1 → final, hired
  I2 app2 technical  3 Jun  Ivan 3,3 no +2h         | Rita 2,3 no +1h        app2 rejected there
  I3 app3 phone      4 Jun  Ivan 2,3 no +5h         | Pia 2,2 strong_no +0.5h app3 → technical (active)
  I4 app4 screening  5 Jun  Ivan 3,4 yes +1h | Pia missing | Rita 2,2 no +2h  app4 still there
  I5 app5 technical  9 Jun  Pia 4,4 yes +1h (alone on the panel)            app5 withdrew there
  I9 app4 screening 14 Jun 11:00–11:30  Rita, no scorecard yet (not due at noon)
  left out: a cancelled interview (6 Jun) and one starting 15 Jun 00:00 UTC, both Ivan's.

Leniency, Ivan: I1 4−3, I2 3−2.5, I3 2.5−2, I4 3.5−2 → (1 + .5 + .5 + 1.5) / 4 = 0.875.
Pia: I1 3−4, I3 2−2.5 (I5: nobody else rated) → −0.75. Rita: I2 2.5−3, I4 2−3.5 → −1.
Agreement, Ivan: I1 yes & passed ✓, I2 no & rejected ✓, I3 no & passed ✗, I4 still there → 2/3.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.http import Http404

from accounts.roles import Role
from analytics.reports import interviewers
from analytics.reports.base import Filters, jobs_in_scope
from analytics.services import rollup_refresh
from interviews.models import Criterion, Interview, Scorecard
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_withdraw,
    interview_schedule,
    scorecard_submit,
)
from interviews.services.scheduling import interview_cancel
from jobs.services import client_create
from tests import factories
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 14, 12, 0, tzinfo=UTC)
PERIOD = Filters(start=date(2025, 6, 1), end=date(2025, 6, 14))


def at(day: int, hour: float = 10) -> datetime:
    return datetime(2025, 6, day, tzinfo=UTC) + timedelta(hours=hour)


class Panel:
    """Builds the interviews and scorecards of the fixture."""

    def __init__(self, admin, job):
        self.admin = admin
        self.job = job
        plan_template = job.stages.first().scorecard_template
        criteria = Criterion.objects.filter(template=plan_template)
        self.ps = criteria.get(name="Problem solving")
        self.co = criteria.get(name="Communication")

    def stage(self, kind: str):
        return self.job.stages.get(kind=kind)

    def apply(self, kind: str = "screening"):
        application = application_create(candidate=factories.candidate(), job=self.job, actor=self.admin)
        if kind != "screening":
            application = application_move(application=application, to_stage=self.stage(kind), actor=self.admin)
        return application

    def interview(self, application, starts_at: datetime, panel, minutes: int = 60) -> Interview:
        return interview_schedule(
            application=application,
            actor=self.admin,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            panel=panel,
            notify=False,
        )

    def score(self, interview: Interview, who, ps: int, co: int, recommendation: str, *, hours: float) -> Scorecard:
        scorecard = scorecard_submit(
            interview=interview,
            interviewer=who,
            ratings={self.ps.pk: (ps, ""), self.co.pk: (co, "")},
            recommendation=recommendation,
        )
        submitted_at = interview.ends_at + timedelta(hours=hours)
        Scorecard.objects.filter(pk=scorecard.pk).update(submitted_at=submitted_at)
        return scorecard


@pytest.fixture
def calibration(admin_user, interviewer, recruiter):
    pia = make_user("panelist2@example.test", Role.INTERVIEWER, full_name="Pia Panelist")
    ivan, rita = interviewer, recruiter
    client = client_create(actor=admin_user, name="Client A")
    job = factories.job(recruiter=admin_user, client=client, plan_template=factories.plan(stages=4))
    panel = Panel(admin_user, job)

    app1, app2, app3 = panel.apply("technical"), panel.apply("technical"), panel.apply("phone")
    app4, app5 = panel.apply(), panel.apply("technical")

    i1 = panel.interview(app1, at(2), [ivan, pia])
    panel.score(i1, ivan, 4, 4, "strong_yes", hours=1)
    panel.score(i1, pia, 3, 3, "yes", hours=3)
    i2 = panel.interview(app2, at(3), [ivan, rita])
    panel.score(i2, ivan, 3, 3, "no", hours=2)
    panel.score(i2, rita, 2, 3, "no", hours=1)
    i3 = panel.interview(app3, at(4), [ivan, pia])
    panel.score(i3, ivan, 2, 3, "no", hours=5)
    panel.score(i3, pia, 2, 2, "strong_no", hours=0.5)
    i4 = panel.interview(app4, at(5), [ivan, pia, rita])
    panel.score(i4, ivan, 3, 4, "yes", hours=1)
    panel.score(i4, rita, 2, 2, "no", hours=2)
    i5 = panel.interview(app5, at(9), [pia])
    panel.score(i5, pia, 4, 4, "yes", hours=1)
    panel.interview(app4, at(14, 11), [rita], minutes=30)
    interview_cancel(interview=panel.interview(app4, at(6), [ivan]), actor=admin_user, notify=False)
    panel.interview(app4, at(15, 0), [ivan])

    application_move(application=app1, to_stage=panel.stage("final"), actor=admin_user)
    application_hire(application=app1, actor=admin_user)
    application_reject(application=app2, actor=admin_user, reason="skills")
    application_move(application=app3, to_stage=panel.stage("technical"), actor=admin_user)
    application_withdraw(reason="other", application=app5, actor=admin_user)
    rollup_refresh(day=None)
    return {"ivan": ivan, "pia": pia, "rita": rita, "panel": panel, "client": client}


IVAN = {
    "interviewer": "Ivan Interviewer",
    "interviews": 4,
    "per_week": 2.0,
    "median_hours": 1.5,
    "overdue": 1 / 4,
    "mean_rating": 3.25,
    "leniency": 0.875,
    "compared": 4,
    "agreement": 2 / 3,
    "decided": 3,
    "yes_applications": 2,
    "yes_later": 1 / 2,
    "yes_hired": 1 / 2,
}
PIA = {
    "interviewer": "Pia Panelist",
    "interviews": 4,
    "per_week": 2.0,
    "median_hours": 1.0,
    "overdue": 2 / 4,
    "mean_rating": 3.0,
    "leniency": -0.75,
    "compared": 2,
    "agreement": 1 / 3,
    "decided": 3,
    "yes_applications": 2,
    "yes_later": 1 / 2,
    "yes_hired": 1 / 2,
}
RITA = {
    "interviewer": "Rita Recruiter",
    "interviews": 3,
    "per_week": 1.5,
    "median_hours": 1.5,
    "overdue": 0.0,
    "mean_rating": 2.25,
    "leniency": -1.0,
    "compared": 2,
    "agreement": 1.0,
    "decided": 1,
    "yes_applications": 0,
    "yes_later": None,
    "yes_hired": None,
}


def test_each_interviewers_load_timeliness_leniency_agreement_and_yes_candidates_are_exact(calibration, admin_user):
    result = interviewers.report(admin_user, PERIOD, now=NOW)

    assert result.key == "interviewers"
    assert result.table("interviewers").rows == [IVAN, PIA, RITA]
    assert result.table("interviewers").chart.kind == "horizontal_bar"
    assert result.headline[0][1] == 3


def test_the_rating_distribution_counts_each_score_overall_and_per_criterion(calibration, admin_user):
    result = interviewers.report(admin_user, PERIOD, now=NOW)

    ratings = [
        (row["interviewer"], [row[f"score_{score}"] for score in (1, 2, 3, 4)], row["ratings"], row["mean"])
        for row in result.table("ratings").rows
    ]
    assert ratings == [
        ("Ivan Interviewer", [0, 1, 4, 3], 8, 3.25),
        ("Pia Panelist", [0, 2, 2, 2], 6, 3.0),
        ("Rita Recruiter", [0, 3, 1, 0], 4, 2.25),
    ]
    assert result.table("ratings").chart.kind == "stacked_bar"
    assert [
        (row["interviewer"], row["criterion"], row["mean"], row["ratings"]) for row in result.table("criteria").rows
    ] == [
        ("Ivan Interviewer", "Communication", 3.5, 4),
        ("Ivan Interviewer", "Problem solving", 3.0, 4),
        ("Pia Panelist", "Communication", 3.0, 3),
        ("Pia Panelist", "Problem solving", 3.0, 3),
        ("Rita Recruiter", "Communication", 2.5, 2),
        ("Rita Recruiter", "Problem solving", 2.0, 2),
    ]


def test_a_reviewer_sees_every_interviewer_like_an_administrator(calibration, reviewer):
    assert interviewers.report(reviewer, PERIOD, now=NOW).table("interviewers").rows == [IVAN, PIA, RITA]


def test_an_administrator_may_look_at_one_interviewer_against_the_whole_panel(calibration, admin_user):
    result = interviewers.report(admin_user, PERIOD, now=NOW, interviewer=calibration["pia"])

    assert result.table("interviewers").rows == [PIA]
    assert [row["interviewer"] for row in result.table("criteria").rows] == ["Pia Panelist"] * 2


def test_an_interviewer_sees_only_themselves_and_asking_for_someone_else_is_a_404(calibration, interviewer):
    assert interviewers.report(interviewer, PERIOD, now=NOW).table("interviewers").rows == [IVAN]
    assert interviewers.report(interviewer, PERIOD, now=NOW, interviewer=interviewer).table("interviewers").rows == [
        IVAN
    ]
    with pytest.raises(Http404):
        interviewers.report(interviewer, PERIOD, now=NOW, interviewer=calibration["pia"])


def test_a_recruiter_on_panels_sees_only_their_own_row_whatever_the_job_scope(calibration, recruiter):
    assert not jobs_in_scope(recruiter, PERIOD).exists()  # the job is not theirs: their seats still count

    result = interviewers.report(recruiter, PERIOD, now=NOW)

    assert result.table("interviewers").rows == [RITA]
    assert {row["interviewer"] for row in result.table("ratings").rows} == {"Rita Recruiter"}
    with pytest.raises(Http404):
        interviewers.report(recruiter, PERIOD, now=NOW, interviewer=calibration["ivan"])


def test_someone_without_seats_gets_one_empty_row(calibration, hiring_manager):
    assert interviewers.report(hiring_manager, PERIOD, now=NOW).table("interviewers").rows == [
        {
            "interviewer": "Mia Manager",
            "interviews": 0,
            "per_week": 0.0,
            "median_hours": None,
            "overdue": None,
            "mean_rating": None,
            "leniency": None,
            "compared": 0,
            "agreement": None,
            "decided": 0,
            "yes_applications": 0,
            "yes_later": None,
            "yes_hired": None,
        }
    ]


def test_an_application_moved_back_from_the_stage_is_not_a_decision_nor_a_later_stage(calibration, admin_user):
    panel = calibration["panel"]
    zed = make_user("zed@example.test", Role.INTERVIEWER, full_name="Zed Zhang")
    application = panel.apply("technical")
    panel.score(panel.interview(application, at(10), [zed]), zed, 3, 3, "yes", hours=1)
    application_move(application=application, to_stage=panel.stage("phone"), actor=admin_user)
    rollup_refresh(day=None)

    (row,) = interviewers.report(admin_user, PERIOD, now=NOW, interviewer=zed).table("interviewers").rows

    assert (row["decided"], row["agreement"], row["yes_applications"], row["yes_later"]) == (0, None, 1, 0.0)
    assert (row["compared"], row["leniency"]) == (0, None)  # alone on the panel


def test_the_filters_narrow_the_interviews_read(calibration, admin_user):
    other = client_create(actor=admin_user, name="Client B")
    assert (
        interviewers.report(admin_user, Filters(start=PERIOD.start, end=PERIOD.end, client=other), now=NOW)
        .table("interviewers")
        .rows
        == []
    )
    one_week = Filters(start=date(2025, 6, 1), end=date(2025, 6, 7))
    ivan = interviewers.report(admin_user, one_week, now=NOW, interviewer=calibration["ivan"]).table("interviewers")
    assert (ivan.rows[0]["interviews"], ivan.rows[0]["per_week"]) == (4, 4.0)  # the cancelled one is not counted


def test_the_report_runs_the_same_five_queries_for_one_interviewer_or_many(
    calibration, admin_user, django_assert_num_queries
):
    with django_assert_num_queries(5):
        interviewers.report(admin_user, PERIOD, now=NOW)
    with django_assert_num_queries(5):
        interviewers.report(admin_user, PERIOD, now=NOW, interviewer=calibration["ivan"])

    panel = calibration["panel"]
    crowd = [make_user(f"extra{n}@example.test", Role.INTERVIEWER) for n in range(6)]
    for day in range(2, 12):
        application = panel.apply("technical")
        interview = panel.interview(application, at(day, 14), crowd)
        for who in crowd[: day % 6 + 1]:
            panel.score(interview, who, 1 + day % 4, 2, "yes", hours=day / 2)
        application_move(
            application=application, to_stage=panel.stage("final"), actor=admin_user, override_reason="enough seen"
        )
    rollup_refresh(day=None)

    with django_assert_num_queries(5):
        result = interviewers.report(admin_user, PERIOD, now=NOW)
    assert len(result.table("interviewers").rows) == 9
    with django_assert_num_queries(5):
        interviewers.report(admin_user, PERIOD, now=NOW, interviewer=crowd[0])
