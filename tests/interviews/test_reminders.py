"""Reminders (interviews.services.reminders): interview reminders queued as due
times in the outbox and moved or cancelled with the interview, scorecard
reminders and escalations, and the recruiter's morning digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from interviews.models import Scorecard
from interviews.services.reminders import (
    CANDIDATE_REMINDER_BEFORE,
    PANEL_REMINDER_BEFORE,
    SCORECARD_DUE_AFTER,
    SCORECARD_ESCALATE_AFTER,
    recruiter_digest_sweep,
    scorecard_reminder_sweep,
)
from interviews.services.scheduling import interview_cancel, interview_reschedule, interview_schedule
from interviews.tasks import recruiter_digest_sweep_task, scorecard_reminder_sweep_task
from messaging.models import OutboundEmail
from messaging.services import email_cancel, email_queue, email_reschedule, outbox
from messaging.services.outbox import _render
from tests import factories

START = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Shanghai, 03:00 in Paris
HOUR = timedelta(hours=1)
QUEUED, CANCELLED = OutboundEmail.Status.QUEUED, OutboundEmail.Status.CANCELLED


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Emails due now stay in the outbox (the broker is not the point here)."""
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


def schedule(application, panel, starts_at=START, **extra):
    return interview_schedule(
        application=application,
        actor=application.job.recruiter,
        starts_at=starts_at,
        ends_at=starts_at + HOUR,
        panel=panel,
        **extra,
    )


def reminders(interview, **filters):
    return dict(
        OutboundEmail.objects.filter(idempotency_key__startswith=f"interview:{interview.pk}:reminder:", **filters)
        .order_by("idempotency_key")
        .values_list("idempotency_key", "due_at")
    )


def body_of(email: OutboundEmail) -> str:
    return _render(email).body


# --- Before the interview ------------------------------------------------------------


def test_scheduling_queues_the_candidate_reminder_a_day_before_and_the_panels_an_hour_before(
    job, interviewer, application
):
    other = factories.user(Role.INTERVIEWER)
    interview = schedule(application, [interviewer, other])
    assert reminders(interview, status=QUEUED) == {
        f"interview:{interview.pk}:reminder:0:24h:candidate": START - CANDIDATE_REMINDER_BEFORE,
        f"interview:{interview.pk}:reminder:0:1h:panel:{interviewer.pk}": START - PANEL_REMINDER_BEFORE,
        f"interview:{interview.pk}:reminder:0:1h:panel:{other.pk}": START - PANEL_REMINDER_BEFORE,
    }
    # Due later: nothing is handed to Celery now, the outbox sweeper does it when due.
    assert not OutboundEmail.objects.filter(idempotency_key__contains=":reminder:", enqueued_at__isnull=False).exists()


def test_reminders_are_written_in_each_recipients_language_and_time_zone(job):
    panelist = factories.user(Role.INTERVIEWER, language="en", time_zone="Europe/Paris")
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    schedule(factories.application(job_=job, candidate_=candidate), [panelist])
    to_candidate = OutboundEmail.objects.get(idempotency_key__endswith=":24h:candidate")
    to_panelist = OutboundEmail.objects.get(idempotency_key__contains=":1h:panel:")
    assert (to_candidate.template, to_candidate.language) == ("interview_reminder_candidate", "zh-hans")
    assert (to_panelist.template, to_panelist.language) == ("interview_reminder_panel", "en")
    chinese = body_of(to_candidate)
    assert "2031年3月4日" in chinese and "星期二" in chinese and "10:00–11:00" in chinese and "Asia/Shanghai" in chinese
    english = body_of(to_panelist)
    assert "March 4, 2031" in english and "03:00–04:00 (Europe/Paris)" in english and "王小明" in english
    assert "03:00" in _render(to_panelist).subject


def test_a_reminder_already_due_when_the_interview_is_booked_is_not_queued(job, interviewer, application):
    soon = timezone.now() + timedelta(hours=3)
    interview = schedule(application, [interviewer], starts_at=soon)
    assert list(reminders(interview)) == [f"interview:{interview.pk}:reminder:0:1h:panel:{interviewer.pk}"]
    very_soon = schedule(factories.application(job_=job), [interviewer], starts_at=timezone.now() + HOUR / 2)
    assert reminders(very_soon) == {}


def test_rescheduling_cancels_the_old_reminders_and_queues_new_ones_at_the_new_time(job, interviewer, application):
    interview = schedule(application, [interviewer])
    old = set(reminders(interview))
    later = START + timedelta(days=2)
    interview_reschedule(interview=interview, actor=None, starts_at=later, ends_at=later + HOUR)
    assert set(reminders(interview, status=CANCELLED)) == old
    assert reminders(interview, status=QUEUED) == {
        f"interview:{interview.pk}:reminder:1:24h:candidate": later - CANDIDATE_REMINDER_BEFORE,
        f"interview:{interview.pk}:reminder:1:1h:panel:{interviewer.pk}": later - PANEL_REMINDER_BEFORE,
    }


def test_a_reschedule_that_changes_the_panel_reminds_only_the_new_panel(job, interviewer, application):
    newcomer = factories.user(Role.INTERVIEWER)
    interview = schedule(application, [interviewer])
    interview_reschedule(interview=interview, actor=None, starts_at=START, ends_at=START + HOUR, panel=[newcomer])
    assert set(reminders(interview, status=QUEUED)) == {
        f"interview:{interview.pk}:reminder:1:24h:candidate",
        f"interview:{interview.pk}:reminder:1:1h:panel:{newcomer.pk}",
    }


def test_a_reminder_already_sent_is_left_alone_by_a_reschedule(job, interviewer, application):
    interview = schedule(application, [interviewer])
    sent = OutboundEmail.objects.get(idempotency_key__endswith=":24h:candidate")
    OutboundEmail.objects.filter(pk=sent.pk).update(status=OutboundEmail.Status.SENT)
    interview_reschedule(interview=interview, actor=None, starts_at=START + HOUR, ends_at=START + 2 * HOUR)
    assert OutboundEmail.objects.get(pk=sent.pk).status == OutboundEmail.Status.SENT


def test_cancelling_the_interview_cancels_its_queued_reminders(job, interviewer, application):
    interview = schedule(application, [interviewer])
    other = schedule(factories.application(job_=job), [interviewer])
    interview_cancel(interview=interview, actor=None)
    assert set(
        OutboundEmail.objects.filter(idempotency_key__contains=":reminder:", status=CANCELLED).values_list(
            "idempotency_key", flat=True
        )
    ) == set(reminders(interview))
    assert len(reminders(other, status=QUEUED)) == 2


def test_email_cancel_touches_only_queued_rows_and_counts_them(db):
    rows = [email_queue(to="a@example.com", idempotency_key=f"t:{n}", language="en", subject="s") for n in range(3)]
    OutboundEmail.objects.filter(pk=rows[2].pk).update(status=OutboundEmail.Status.SENDING)
    assert email_cancel(key_prefix="t:") == 2
    assert email_cancel(keys=["t:0", "t:2"]) == 0
    assert OutboundEmail.objects.get(pk=rows[2].pk).status == OutboundEmail.Status.SENDING
    with pytest.raises(ValueError):
        email_cancel()


def test_email_reschedule_moves_only_queued_rows(db):
    due = timezone.now() + timedelta(days=1)
    email = email_queue(to="a@example.com", idempotency_key="t:move", language="en", subject="s", due_at=due)
    assert email_reschedule(key_prefix="t:", due_at=due + HOUR) == 1
    assert OutboundEmail.objects.get(pk=email.pk).due_at == due + HOUR


# --- After the interview: scorecards ----------------------------------------------------


@pytest.fixture
def ended(job, interviewer):
    panelist = factories.user(Role.INTERVIEWER, language="zh-hans", time_zone="Asia/Shanghai")
    application = factories.application(job_=job)
    return factories.interview(application_=application, panel=[interviewer, panelist], days_from_now=-3), panelist


def scorecard_mail(**filters):
    return OutboundEmail.objects.filter(idempotency_key__startswith="scorecard:", **filters)


def test_each_panelist_is_asked_for_their_scorecard_once_two_hours_after_the_end(ended, interviewer):
    interview, panelist = ended
    assert scorecard_reminder_sweep(now=interview.ends_at + SCORECARD_DUE_AFTER - timedelta(minutes=1)) == 0
    now = interview.ends_at + SCORECARD_DUE_AFTER + timedelta(minutes=1)
    assert scorecard_reminder_sweep(now=now) == 2
    assert scorecard_reminder_sweep(now=now) == 0
    assert scorecard_reminder_sweep(now=now + HOUR) == 0
    emails = {e.idempotency_key: e for e in scorecard_mail()}
    assert set(emails) == {
        f"scorecard:{interview.pk}:due:{interviewer.pk}",
        f"scorecard:{interview.pk}:due:{panelist.pk}",
    }
    chinese = emails[f"scorecard:{interview.pk}:due:{panelist.pk}"]
    assert chinese.language == "zh-hans" and chinese.template == "scorecard_due" and chinese.due_at == now
    assert str(interview.public_id) in body_of(chinese) and "年" in body_of(chinese)


def test_the_recruiter_is_told_once_who_is_missing_a_day_after_the_end(ended, interviewer, job):
    interview, panelist = ended
    Scorecard.objects.create(
        interview=interview,
        interviewer=interviewer,
        status=Scorecard.Status.SUBMITTED,
        recommendation="yes",
        submitted_at=timezone.now(),
    )
    now = interview.ends_at + SCORECARD_ESCALATE_AFTER + timedelta(minutes=1)
    assert scorecard_reminder_sweep(now=now) == 2  # the panelist's reminder, late, and the escalation
    assert scorecard_reminder_sweep(now=now) == 0
    escalation = scorecard_mail(idempotency_key=f"scorecard:{interview.pk}:escalation").get()
    assert escalation.to_address == job.recruiter.email
    assert escalation.context["missing"] == [panelist.full_name]
    assert not scorecard_mail(idempotency_key__endswith=f":due:{interviewer.pk}").exists()


def test_submitted_scorecards_and_cancelled_interviews_are_not_chased(job, interviewer):
    cancelled = factories.interview(application_=factories.application(job_=job), panel=[interviewer], days_from_now=-3)
    interview_cancel(interview=cancelled, actor=None)
    done = factories.interview(application_=factories.application(job_=job), panel=[interviewer], days_from_now=-3)
    Scorecard.objects.create(
        interview=done, interviewer=interviewer, status="submitted", recommendation="no", submitted_at=timezone.now()
    )
    assert scorecard_reminder_sweep(now=done.ends_at + SCORECARD_ESCALATE_AFTER + HOUR) == 0


def test_the_scorecard_sweep_task_runs_the_sweep_and_both_sweeps_are_on_the_beat(ended):
    from recruitcrm.celery import app

    assert scorecard_reminder_sweep_task() == 3  # two reminders and one escalation: the interview is 3 days old
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"interviews.scorecard_reminder_sweep", "interviews.recruiter_digest_sweep"} <= tasks


# --- The morning digest ---------------------------------------------------------------


@pytest.fixture
def two_recruiters(db):
    shanghai = factories.user(Role.RECRUITER, full_name="Li Lei", language="zh-hans", time_zone="Asia/Shanghai")
    paris = factories.user(Role.RECRUITER, full_name="Paul", language="en", time_zone="Europe/Paris")
    interviewer = factories.user(Role.INTERVIEWER)
    for recruiter in (shanghai, paris):
        job = factories.job(recruiter=recruiter, title=f"Job of {recruiter.full_name}")
        schedule(factories.application(job_=job, candidate_=factories.candidate(full_name="Ada")), [interviewer])
    return shanghai, paris


def digests():
    return OutboundEmail.objects.filter(idempotency_key__startswith="digest:")


def test_each_recruiter_gets_one_digest_per_local_day_at_eight_in_their_zone(two_recruiters):
    shanghai, paris = two_recruiters
    assert recruiter_digest_sweep(now=datetime(2031, 3, 3, 23, 55, tzinfo=UTC)) == 0  # 07:55 in Shanghai
    assert recruiter_digest_sweep(now=datetime(2031, 3, 4, 0, 5, tzinfo=UTC)) == 1  # 08:05 in Shanghai
    assert recruiter_digest_sweep(now=datetime(2031, 3, 4, 0, 10, tzinfo=UTC)) == 0
    assert recruiter_digest_sweep(now=datetime(2031, 3, 4, 7, 5, tzinfo=UTC)) == 1  # 08:05 in Paris
    assert recruiter_digest_sweep(now=datetime(2031, 3, 4, 7, 30, tzinfo=UTC)) == 0
    assert set(digests().values_list("idempotency_key", flat=True)) == {
        f"digest:{shanghai.pk}:2031-03-04",
        f"digest:{paris.pk}:2031-03-04",
    }


def test_the_digest_lists_todays_interviews_in_the_recruiters_language_and_zone(two_recruiters):
    shanghai, paris = two_recruiters
    recruiter_digest_sweep(now=datetime(2031, 3, 4, 0, 5, tzinfo=UTC))
    recruiter_digest_sweep(now=datetime(2031, 3, 4, 7, 5, tzinfo=UTC))
    chinese = digests().get(idempotency_key__startswith=f"digest:{shanghai.pk}:")
    assert chinese.language == "zh-hans" and chinese.template == "recruiter_digest"
    body = body_of(chinese)
    assert "10:00–11:00 Ada" in body and "Job of Li Lei" in body and "Job of Paul" not in body
    assert "2031年3月4日" in _render(chinese).subject
    english = body_of(digests().get(idempotency_key__startswith=f"digest:{paris.pk}:"))
    assert "03:00–04:00 Ada" in english and "Europe/Paris" in english


def test_the_digest_counts_overdue_scorecards_and_applications_over_sla(db):
    recruiter = factories.user(Role.RECRUITER, time_zone="UTC")
    interviewer = factories.user(Role.INTERVIEWER, full_name="Ivy")
    job = factories.job(recruiter=recruiter)
    interview = factories.interview(application_=factories.application(job_=job), panel=[interviewer], days_from_now=-1)
    now = (interview.starts_at + timedelta(days=5)).replace(hour=8, minute=30)
    assert recruiter_digest_sweep(now=now) == 1
    context = digests().get().context
    assert context["interviews_total"] == 0
    assert context["scorecards_total"] == 1 and context["scorecards"][0]["panelist"] == "Ivy"
    assert context["overdue_total"] == 1  # the stage's SLA is 3 days


def test_a_recruiter_with_nothing_to_report_gets_no_digest(db):
    factories.job(recruiter=factories.user(Role.RECRUITER, time_zone="UTC"))
    assert recruiter_digest_sweep(now=datetime(2031, 3, 4, 8, 30, tzinfo=UTC)) == 0


def test_the_digest_sweep_task_runs_the_sweep(two_recruiters, monkeypatch):
    from interviews import tasks

    seen = []
    monkeypatch.setattr(tasks, "recruiter_digest_sweep", lambda **kwargs: seen.append(kwargs) or 7)
    assert recruiter_digest_sweep_task() == 7 and seen == [{}]
