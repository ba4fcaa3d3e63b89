"""Applications moving through a job's stages (interviews.services)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from candidates.models import Activity
from interviews.models import Stage, StageTransition
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    job_create,
)
from jobs.models import Job, JobMember
from tests import factories


@pytest.fixture
def job(db):
    return factories.job()


def stages(job):
    return list(job.stages.order_by("order"))


def test_job_create_copies_the_plan_stages_and_puts_the_recruiter_on_the_team(db):
    plan = factories.plan(stages=4)
    recruiter = factories.user()
    job = job_create(actor=recruiter, client=factories.job().client, title="SRE", recruiter=recruiter, plan=plan)
    copied = [(s.order, s.name, s.kind, s.sla_days, s.scorecard_template_id) for s in stages(job)]
    original = [(s.order, s.name, s.kind, s.sla_days, s.scorecard_template_id) for s in plan.stages.order_by("order")]
    assert copied == original
    # Copies, not shared rows: editing the job's stage leaves the template alone.
    Stage.objects.filter(job=job, order=1).update(name="Renamed")
    assert plan.stages.get(order=1).name != "Renamed"
    assert JobMember.objects.get(job=job).user == recruiter


def test_application_create_starts_at_the_first_stage_with_a_transition(job):
    application = factories.application(job_=job)
    assert application.stage == stages(job)[0]
    transition = StageTransition.objects.get(application=application)
    assert (transition.from_stage, transition.to_stage, transition.from_status, transition.to_status) == (
        None,
        stages(job)[0],
        "",
        "active",
    )
    assert Activity.objects.filter(candidate=application.candidate, kind="application").exists()


def test_one_active_application_per_candidate_per_job(job):
    application = factories.application(job_=job)
    with pytest.raises(ValidationError, match="already in this job's pipeline"):
        application_create(candidate=application.candidate, job=job, actor=None)


def test_a_closed_job_takes_no_applications(db):
    job = factories.job(status=Job.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        factories.application(job_=job)


def test_application_move_writes_a_stage_transition_and_a_timeline_entry(job):
    application = factories.application(job_=job)
    first, second = stages(job)[:2]
    application_move(application=application, to_stage=second, actor=job.recruiter, note="strong CV")
    application.refresh_from_db()
    assert application.stage == second
    transition = application.transitions.order_by("-id").first()
    assert (transition.from_stage, transition.to_stage, transition.actor, transition.note) == (
        first,
        second,
        job.recruiter,
        "strong CV",
    )
    assert Activity.objects.filter(candidate=application.candidate, kind="stage_change").count() == 1


def test_application_move_refuses_a_stage_of_another_job(job):
    application = factories.application(job_=job)
    other_stage = stages(factories.job())[1]
    with pytest.raises(ValidationError, match="another job"):
        application_move(application=application, to_stage=other_stage, actor=None)
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    assert application.transitions.count() == 1


def test_application_move_refuses_an_archived_stage_and_the_current_stage(job):
    application = factories.application(job_=job)
    with pytest.raises(ValidationError, match="already at"):
        application_move(application=application, to_stage=stages(job)[0], actor=None)
    archived = stages(job)[2]
    Stage.objects.filter(pk=archived.pk).update(archived_at="2026-01-01T00:00Z")
    archived.refresh_from_db()
    with pytest.raises(ValidationError, match="archived"):
        application_move(application=application, to_stage=archived, actor=None)


def test_a_rejected_application_cannot_move_and_records_its_reason(job):
    application = factories.application(job_=job)
    application_reject(application=application, actor=None, reason="skills", note="junior")
    application.refresh_from_db()
    assert (application.status, application.rejection_reason, application.closed_at is not None) == (
        "rejected",
        "skills",
        True,
    )
    assert application.transitions.order_by("-id").first().to_status == "rejected"
    with pytest.raises(ValidationError, match="Only active"):
        application_move(application=application, to_stage=stages(job)[1], actor=None)
    with pytest.raises(ValidationError, match="already closed"):
        application_hire(application=application, actor=None)


def test_rejection_needs_a_known_reason(job):
    application = factories.application(job_=job)
    with pytest.raises(ValidationError):
        application_reject(application=application, actor=None, reason="vibes")
    application.refresh_from_db()
    assert application.status == "active"


def test_stage_transitions_are_append_only(job):
    transition = factories.application(job_=job).transitions.get()
    transition.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        transition.save()
    with pytest.raises(ValueError, match="append-only"):
        transition.delete()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_of_one_application_serialize():
    job = factories.job()
    application = factories.application(job_=job)
    first, second, third = stages(job)[:3]
    locked = threading.Event()
    release = threading.Event()
    results = {}

    def first_mover():
        # Connection 1: move to the second stage but hold the transaction open.
        try:
            with transaction.atomic():
                application_move(application=application, to_stage=second, actor=None)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def second_mover():
        # Connection 2: starts while connection 1 holds the row lock.
        try:
            results["moved"] = application_move(application=application, to_stage=third, actor=None)
            results["finished_at"] = time.monotonic()
        except Exception as exc:
            results["error"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=first_mover)
    one.start()
    assert locked.wait(10)
    two = threading.Thread(target=second_mover)
    two.start()
    time.sleep(0.5)
    assert "finished_at" not in results and "error" not in results  # blocked on the row lock
    released_at = time.monotonic()
    release.set()
    one.join(10)
    two.join(10)

    assert "error" not in results, results.get("error")
    assert results["finished_at"] >= released_at
    chain = [(t.from_stage_id, t.to_stage_id) for t in application.transitions.order_by("id")]
    # The second move saw the first one's result: one consistent history.
    assert chain == [(None, first.pk), (first.pk, second.pk), (second.pk, third.pk)]
    application.refresh_from_db()
    assert application.stage == third
