"""The StageVisit roll-up: read off the transition log, idempotent per day."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from analytics.models import RollupRun, StageVisit
from analytics.services import rollup_catch_up, rollup_refresh
from interviews.models import StageTransition
from interviews.services import application_hire, application_move, application_reject, application_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


def visits(application):
    return list(
        StageVisit.objects.filter(application=application)
        .order_by("entered_at", "entry_id")
        .values_list("stage__name", "outcome", "rejection_reason")
    )


def test_each_stay_in_a_stage_is_one_visit_with_how_it_ended():
    job = factories.job()
    screening, phone, technical, _final = job.stages.order_by("order")
    hired = factories.application(job_=job)
    application_move(application=hired, to_stage=phone, actor=None)
    application_move(application=hired, to_stage=screening, actor=None)
    application_move(application=hired, to_stage=technical, actor=None)
    application_hire(application=hired, actor=None)
    rejected = factories.application(job_=job)
    application_move(application=rejected, to_stage=phone, actor=None)
    application_reject(application=rejected, actor=None, reason="compensation")
    withdrawn = factories.application(job_=job)
    application_withdraw(reason="other", application=withdrawn, actor=None)
    waiting = factories.application(job_=job)

    rollup_refresh(day=None)

    assert visits(hired) == [
        ("Screening", "moved_on", ""),
        ("Phone Interview", "moved_back", ""),
        ("Screening", "moved_on", ""),
        ("Technical Interview", "hired", ""),
    ]
    assert visits(rejected) == [("Screening", "moved_on", ""), ("Phone Interview", "rejected", "compensation")]
    assert visits(withdrawn) == [("Screening", "withdrawn", "")]
    assert visits(waiting) == [("Screening", "open", "")]
    open_visit = StageVisit.objects.get(application=waiting)
    assert open_visit.left_at is None and open_visit.job == job and open_visit.client == job.client
    assert open_visit.recruiter == job.recruiter and open_visit.stage_kind == "screening"
    left = StageVisit.objects.get(application=withdrawn)
    assert left.left_at == StageTransition.objects.filter(application=withdrawn).latest("created_at").created_at


def test_refreshing_a_day_rebuilds_the_applications_that_changed_that_day_and_twice_is_once():
    job = factories.job()
    application = factories.application(job_=job)
    today = timezone.now().astimezone(UTC).date()
    run = rollup_refresh(day=today)
    assert visits(application) == [("Screening", "open", "")]
    assert (run.day, run.applications, run.visits) == (today, 1, 1)

    application_move(application=application, to_stage=job.stages.order_by("order")[1], actor=None)
    rollup_refresh(day=today)
    rollup_refresh(day=today)
    assert visits(application) == [("Screening", "moved_on", ""), ("Phone Interview", "open", "")]
    assert RollupRun.objects.count() == 1
    assert rollup_refresh(day=today - timedelta(days=3)).applications == 0  # nothing changed then
    assert StageVisit.objects.count() == 2


def test_catching_up_refreshes_every_day_since_the_last_run():
    job = factories.job()
    factories.application(job_=job)
    assert rollup_catch_up() == 1  # first time: everything
    assert StageVisit.objects.count() == 1
    later = timezone.now() + timedelta(days=2)
    assert rollup_catch_up(now=later) == 3  # today, tomorrow, the day after
    assert RollupRun.objects.order_by("-day").first().refreshed_at == later
