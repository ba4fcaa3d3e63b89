"""Figures shown side by side agree: the candidate-experience report never
shows fewer surveys than answers, and the home page's count of this week's
interviews splits into those held and those to come."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from accounts.roles import Role
from analytics.reports import experience
from analytics.selectors import dashboard_for
from interviews.services import interview_schedule
from tests import factories
from tests.analytics.fixture_sources import PERIOD, experience_world

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_answers_to_surveys_sent_before_the_period_are_surveys_of_the_period_too(personas):
    world = experience_world(personas)
    # From 8 May: the phone surveys went out on 5 May, their six answers came after.
    report = experience.report(world.recruiter, replace(PERIOD, start=date(2025, 5, 8)))
    overall = report.table("overall").rows[0]
    assert overall["answers"] == 10
    # Five technical surveys sent in the period (four answered) and six phone surveys answered in it.
    assert overall["surveys_sent"] == 11
    assert overall["response_rate"] == 10 / 11
    for table in report.tables:
        for row in table.rows:
            assert row["surveys_sent"] >= row["answers"], (table.key, row)


def test_the_report_unchanged_when_every_answer_had_its_survey_sent_in_the_period(personas):
    report = experience.report(experience_world(personas).recruiter, PERIOD)
    overall = report.table("overall").rows[0]
    assert (overall["answers"], overall["surveys_sent"]) == (10, 13)


@pytest.fixture
def week(db):
    recruiter = factories.user(Role.RECRUITER, time_zone="Asia/Shanghai")
    job = factories.job(recruiter=recruiter)
    monday = datetime(2031, 3, 3, 10, tzinfo=SHANGHAI)
    for offset in (0, 1, 3):  # Monday, Tuesday and Thursday at 10:00
        application = factories.application(job_=job)
        start = monday + timedelta(days=offset)
        interview_schedule(
            application=application,
            actor=recruiter,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            panel=[recruiter],
            notify=False,
        )
    return recruiter, monday


def test_this_weeks_interviews_are_those_held_and_those_to_come(week):
    recruiter, monday = week
    dashboard = dashboard_for(recruiter, now=monday + timedelta(days=2))  # Wednesday
    assert dashboard.interviews_this_week == 3
    assert (dashboard.held_this_week, dashboard.upcoming_this_week) == (2, 1)
    html = render_to_string("analytics/home.html#interviews-this-week", {"dashboard": dashboard, "user": recruiter})
    assert "2 held or under way, 1 to come" in html


def test_when_all_are_held_the_page_says_so_beside_the_total(week):
    recruiter, monday = week
    dashboard = dashboard_for(recruiter, now=monday + timedelta(days=5))  # Saturday
    html = render_to_string("analytics/home.html#interviews-this-week", {"dashboard": dashboard, "user": recruiter})
    assert "3 held or under way, 0 to come" in html and "No more interviews to come this week." in html
