"""The stage gate in application_move: a stage is not passed while the panel's
required scorecards are missing, unless a recruiter or an administrator
overrides with a reason, which is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from accounts.roles import Role
from core.models import AuditEvent
from interviews.models import Application, Interview, Scorecard, StageTransition
from interviews.selectors.debrief import missing_scorecards
from interviews.services import application_move, application_reject, application_withdraw, interview_schedule
from interviews.services.scheduling import interview_cancel
from tests import factories
from tests.interviews.debrief_helpers import score, stages

HOUR = timedelta(hours=1)


@pytest.fixture
def scored_panel(application, interviewer, recruiter):
    """An ended interview at the first stage: the interviewer has submitted, the recruiter has not."""
    interview = factories.interview(application_=application, panel=[interviewer, recruiter], days_from_now=-1)
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    return interview


def test_moving_forward_is_refused_while_a_panelist_of_an_ended_interview_has_not_submitted(
    application, scored_panel, job
):
    with pytest.raises(ValidationError, match="Rita Recruiter") as refused:
        application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter)
    assert refused.value.code == "scorecards_missing"
    assert "Ivan Interviewer" not in str(refused.value)
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    assert application.transitions.count() == 1


def test_moving_forward_is_allowed_once_every_panelist_has_submitted(application, scored_panel, recruiter, job):
    score(scored_panel, recruiter, {"Problem solving": 2, "Communication": 2}, "no")
    moved = application_move(application=application, to_stage=stages(job)[2], actor=job.recruiter)
    assert moved.stage == stages(job)[2]
    assert moved.transitions.last().override_reason == ""


def test_a_draft_scorecard_does_not_count_as_submitted(application, scored_panel, recruiter, job):
    Scorecard.objects.create(interview=scored_panel, interviewer=recruiter)
    assert [seat.interviewer for seat in missing_scorecards(application, stages(job)[0])] == [recruiter]
    with pytest.raises(ValidationError):
        application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter)


def test_a_stage_is_not_passed_while_its_interview_is_still_ahead_whoever_asks(application, interviewer, job):
    ahead = factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    assert missing_scorecards(application, stages(job)[0]) == []
    when = formats.date_format(timezone.localtime(ahead.starts_at), "MONTH_DAY_FORMAT")
    for reason in ("", "We decided without it"):
        with pytest.raises(ValidationError, match=f"interview on {when}, not held yet") as refused:
            application_move(
                application=application, to_stage=stages(job)[1], actor=job.recruiter, override_reason=reason
            )
        assert refused.value.code == "interview_ahead"
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    # Cancelled, it no longer holds the stage.
    interview_cancel(interview=ahead, actor=job.recruiter)
    assert (
        application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter).stage == stages(job)[1]
    )


def test_an_interview_under_way_holds_the_stage_too(application, interviewer, job):
    started = factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    now = timezone.now()
    Interview.objects.filter(pk=started.pk).update(starts_at=now - timedelta(minutes=10), ends_at=now + HOUR)
    with pytest.raises(ValidationError, match="still under way"):
        application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter)


def test_interviews_cancelled_or_at_another_stage_require_nothing(application, interviewer, job):
    cancelled = factories.interview(application_=application, panel=[interviewer], days_from_now=-2)
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    # An interview held for a later stage (scheduled ahead) does not gate this one.
    interview_schedule(
        application=application,
        actor=job.recruiter,
        starts_at=cancelled.starts_at,
        ends_at=cancelled.ends_at,
        panel=[interviewer],
        stage=stages(job)[3],
    )
    assert missing_scorecards(application, stages(job)[0]) == []
    moved = application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter)
    assert moved.stage == stages(job)[1]


def test_a_stage_without_a_scorecard_template_requires_no_scorecards(application, interviewer, job):
    first = stages(job)[0]
    first.scorecard_template = None
    first.save(update_fields=["scorecard_template"])
    factories.interview(application_=application, panel=[interviewer], days_from_now=-1)
    assert missing_scorecards(application, first) == []
    assert application_move(application=application, to_stage=stages(job)[1], actor=None).stage == stages(job)[1]


def test_moving_back_rejecting_and_withdrawing_are_never_blocked(application, interviewer, job):
    second = stages(job)[1]
    application = application_move(application=application, to_stage=second, actor=None)
    factories.interview(application_=application, panel=[interviewer], days_from_now=-1)
    assert len(missing_scorecards(application, second)) == 1
    application = application_move(application=application, to_stage=stages(job)[0], actor=None)
    assert application.stage == stages(job)[0]
    other = factories.application(job_=job)
    other = application_move(application=other, to_stage=second, actor=None)
    factories.interview(application_=other, panel=[interviewer], days_from_now=-1)
    assert application_withdraw(reason="other", application=other, actor=None).status == Application.Status.WITHDRAWN
    application = application_move(application=application, to_stage=second, actor=None)
    rejected = application_reject(application=application, actor=None, reason="skills")
    assert rejected.status == Application.Status.REJECTED


@pytest.mark.parametrize("persona", ["recruiter", "administrator"])
def test_a_recruiter_or_administrator_override_is_recorded_on_the_transition_and_in_the_audit_log(
    application, scored_panel, personas, recruiter, job, persona
):
    actor = personas[persona]
    moved = application_move(
        application=application, to_stage=stages(job)[1], actor=actor, override_reason="  Offer deadline on Friday "
    )
    assert moved.stage == stages(job)[1]
    transition = moved.transitions.last()
    assert transition.override_reason == "Offer deadline on Friday"
    assert transition.actor == actor
    event = AuditEvent.objects.get(action="interviews.application.override")
    assert event.actor == actor
    assert event.target_id == str(application.public_id)
    assert event.data == {
        "from_stage": stages(job)[0].pk,
        "to_stage": stages(job)[1].pk,
        "missing": [[scored_panel.pk, recruiter.pk]],
    }


@pytest.mark.parametrize("persona", ["coordinator", "hiring_manager", "reviewer", "interviewer", None])
def test_an_override_is_refused_to_roles_that_may_not_override_and_writes_nothing(
    application, scored_panel, personas, job, persona
):
    actor = personas[persona] if persona else None
    with pytest.raises(ValidationError) as refused:
        application_move(application=application, to_stage=stages(job)[1], actor=actor, override_reason="urgent")
    assert refused.value.code == "override_forbidden"
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    assert not StageTransition.objects.exclude(override_reason="").exists()
    assert not AuditEvent.objects.filter(action="interviews.application.override").exists()


def test_a_reason_given_when_nothing_is_missing_is_not_an_override(application, job):
    moved = application_move(application=application, to_stage=stages(job)[1], actor=job.recruiter, override_reason="x")
    assert moved.transitions.last().override_reason == ""
    assert not AuditEvent.objects.filter(action="interviews.application.override").exists()


def test_an_inactive_administrator_may_not_override(application, scored_panel, job):
    admin = factories.user(Role.ADMINISTRATOR)
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        application_move(application=application, to_stage=stages(job)[1], actor=admin, override_reason="x")
