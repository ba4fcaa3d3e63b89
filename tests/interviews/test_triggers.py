"""Triggers: stage entry, rejection per reason, interview emails,
thank-you after an interview and the SLA nudge, each switchable, with a delay,
per stage or globally; and "next working morning"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Activity, Candidate
from candidates.services import activity_record
from core.worktime import next_working_morning
from interviews.models import Application, Interview, Trigger
from interviews.services import application_move, application_reject
from interviews.services.scheduling import interview_cancel
from interviews.services.triggers import (
    RejectionEmail,
    rejection_email_plan,
    sla_nudge_sweep,
    thank_you_sweep,
    trigger_delete,
    trigger_save,
)
from messaging.messages import MESSAGES
from messaging.models import EmailTemplate, OutboundEmail
from tests import factories

pytestmark = pytest.mark.django_db


def template(name, purpose, *, languages=("en", "zh-hans")):
    for language in languages:
        EmailTemplate.objects.create(
            name=name,
            purpose=purpose,
            language=language,
            subject=f"[{language}] {name}: {{{{ job_title }}}} / {{{{ stage_name }}}}",
            body_text=f"[{language}] Dear {{{{ candidate_name }}}}, {name}.",
        )
    return name


def trigger(event, *, actor=None, **fields):
    return trigger_save(trigger=Trigger(event=event, **fields), actor=actor)


def stages_of(job):
    return list(job.stages.order_by("order"))


# --- Next working morning ------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-12-01 07:30", "2026-12-01 09:00"),  # Tuesday before nine: that morning
        ("2026-12-01 09:00", "2026-12-01 09:00"),
        ("2026-12-01 23:50", "2026-12-02 09:00"),  # late at night: the next morning, not at midnight
        ("2026-12-04 14:00", "2026-12-07 09:00"),  # Friday afternoon: Monday
        ("2026-12-05 10:00", "2026-12-07 09:00"),  # Saturday: Monday
        ("2026-12-06 08:00", "2026-12-07 09:00"),  # Sunday: Monday
    ],
)
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_next_working_morning_is_nine_on_a_weekday_in_the_recipients_zone(local, expected, zone):
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    assert next_working_morning(moment, time_zone=zone) == datetime.fromisoformat(expected).replace(
        tzinfo=ZoneInfo(zone)
    )


def test_next_working_morning_keeps_nine_oclock_across_a_clock_change():
    # London leaves summer time on Sunday 2026-10-25: Monday 09:00 is 09:00 GMT.
    friday_evening = datetime(2026, 10, 23, 18, tzinfo=UTC)
    morning = next_working_morning(friday_evening, time_zone="Europe/London")
    assert morning.astimezone(UTC) == datetime(2026, 10, 26, 9, tzinfo=UTC)


# --- Stage entry ---------------------------------------------------------------------


@pytest.fixture
def job(db):
    return factories.job()


@pytest.fixture
def chinese_candidate(db):
    return factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")


def stage_entry_emails(application):
    return OutboundEmail.objects.filter(idempotency_key__startswith=f"application:{application.pk}:stage-entry:")


def test_a_global_stage_entry_trigger_emails_the_candidate_in_their_language_after_its_delay(job, chinese_candidate):
    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"), delay_hours=2)
    application = factories.application(job_=job, candidate_=chinese_candidate)
    first = stage_entry_emails(application).get()  # created at the first stage: an entry too
    screening, phone = stages_of(job)[:2]
    assert first.subject == f"[zh-hans] Update: {job.title} / {screening.name}"
    application_move(application=application, to_stage=phone, actor=job.recruiter)
    emails = stage_entry_emails(application).order_by("pk")
    assert [email.status for email in emails] == ["cancelled", "queued"]  # the first was still waiting
    latest = emails.last()
    assert latest.subject == f"[zh-hans] Update: {job.title} / {phone.name}"
    assert latest.to_address == chinese_candidate.email
    moved_at = application.transitions.latest("created_at").created_at
    assert latest.due_at == moved_at + timedelta(hours=2)
    assert Activity.objects.filter(candidate=chinese_candidate, kind="email").count() == 2


def test_a_switched_off_stage_trigger_silences_the_global_one_there(job, chinese_candidate):
    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"))
    screening, phone, technical = stages_of(job)[:3]
    trigger(Trigger.Event.STAGE_ENTRY, stage=phone, is_active=False)
    trigger(Trigger.Event.STAGE_ENTRY, stage=technical, template_name=template("Tech", "stage_entry"))
    application = factories.application(job_=job, candidate_=chinese_candidate)
    application_move(application=application, to_stage=phone, actor=None)
    application_move(application=application, to_stage=technical, actor=None)
    sent = [email.subject for email in stage_entry_emails(application).order_by("pk")]
    assert sent == [
        f"[zh-hans] Update: {job.title} / {screening.name}",
        f"[zh-hans] Tech: {job.title} / {technical.name}",
    ]


def test_no_trigger_no_stage_entry_email_and_an_opted_out_candidate_gets_none(job, chinese_candidate):
    application = factories.application(job_=job, candidate_=chinese_candidate)
    assert not stage_entry_emails(application).exists()
    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"))
    Candidate.objects.filter(pk=chinese_candidate.pk).update(contact_opt_out_at=timezone.now())
    application_move(application=application, to_stage=stages_of(job)[1], actor=None)
    assert not stage_entry_emails(application).exists()


def test_closing_an_application_cancels_its_waiting_stage_entry_email(job):
    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"), delay_hours=4)
    application = factories.application(job_=job)
    application_reject(application=application, actor=None, reason="skills")
    assert stage_entry_emails(application).get().status == "cancelled"


# --- Rejection per reason ----------------------------------------------------------


def test_a_rejection_goes_out_the_next_working_morning_in_the_candidates_zone(job, chinese_candidate):
    trigger(
        Trigger.Event.REJECTION,
        rejection_reason="position_filled",
        template_name=template("Filled", "rejection"),
        timing=Trigger.Timing.WORKING_MORNING,
    )
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"))
    filled = factories.application(job_=job, candidate_=chinese_candidate)
    application_reject(application=filled, actor=job.recruiter, reason="position_filled")
    filled.refresh_from_db()
    email = OutboundEmail.objects.get(idempotency_key=f"application:{filled.pk}:rejection")
    assert email.subject.startswith("[zh-hans] Filled")
    expected = next_working_morning(filled.closed_at, time_zone="Asia/Shanghai")
    assert email.due_at == expected
    local = email.due_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute) == (9, 0) and local.weekday() < 5
    assert email.enqueued_at is None or email.due_at <= email.created_at  # not handed over before its time

    other = factories.application(job_=job)
    application_reject(application=other, actor=None, reason="skills")  # any other reason: the generic one, now
    email = OutboundEmail.objects.get(idempotency_key=f"application:{other.pk}:rejection")
    assert email.subject.startswith("[en] Generic") and email.due_at <= timezone.now()


def test_a_job_that_switches_rejection_emails_off_beats_a_global_rule_for_a_reason(job):
    trigger(Trigger.Event.REJECTION, rejection_reason="skills", template_name=template("Skills", "rejection"))
    trigger(Trigger.Event.REJECTION, job=job, is_active=False)
    application = factories.application(job_=job)
    application_reject(application=application, actor=None, reason="skills")
    assert not OutboundEmail.objects.filter(idempotency_key=f"application:{application.pk}:rejection").exists()
    elsewhere = factories.application()
    application_reject(application=elsewhere, actor=None, reason="skills")
    assert OutboundEmail.objects.filter(idempotency_key=f"application:{elsewhere.pk}:rejection").exists()


def test_a_template_the_recruiter_picks_follows_the_teams_timing(job):
    trigger(
        Trigger.Event.REJECTION,
        template_name=template("Generic", "rejection", languages=("en",)),
        delay_hours=3,
    )
    picked = template("Picked", "rejection", languages=("en",))
    application = factories.application(job_=job)
    application_reject(application=application, actor=None, reason="culture", email_template=picked)
    application.refresh_from_db()
    email = OutboundEmail.objects.get(idempotency_key=f"application:{application.pk}:rejection")
    assert email.subject.startswith("[en] Picked")
    assert email.due_at == application.closed_at + timedelta(hours=3)


# --- Which rejection email, and when: one decision -----------------------------------

# A Tuesday morning: no weekend between it and any delay below.
REJECTED_AT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_the_recruiters_template_goes_after_the_triggers_delay(job):
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"), delay_hours=3)
    application = factories.application(job_=job)
    plan = rejection_email_plan(application, reason="culture", chosen="Picked", moment=REJECTED_AT)
    assert plan == RejectionEmail(template_name="Picked", due_at=REJECTED_AT + timedelta(hours=3))


def test_without_a_choice_the_trigger_for_the_reason_names_the_template_and_its_time(job, chinese_candidate):
    trigger(
        Trigger.Event.REJECTION,
        rejection_reason="position_filled",
        template_name=template("Filled", "rejection"),
        timing=Trigger.Timing.WORKING_MORNING,
    )
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"), delay_hours=1)
    application = factories.application(job_=job, candidate_=chinese_candidate)
    filled = rejection_email_plan(application, reason="position_filled", chosen="", moment=REJECTED_AT)
    assert filled == RejectionEmail(
        template_name="Filled", due_at=next_working_morning(REJECTED_AT, time_zone="Asia/Shanghai")
    )
    other = rejection_email_plan(application, reason="skills", chosen="", moment=REJECTED_AT)
    assert other == RejectionEmail(template_name="Generic", due_at=REJECTED_AT + timedelta(hours=1))


def test_a_switched_off_trigger_sends_nothing_and_a_picked_template_goes_at_once(job):
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"), delay_hours=3)
    trigger(Trigger.Event.REJECTION, job=job, is_active=False, delay_hours=5)
    application = factories.application(job_=job)
    assert rejection_email_plan(application, reason="skills", chosen="", moment=REJECTED_AT) is None
    picked = rejection_email_plan(application, reason="skills", chosen="Picked", moment=REJECTED_AT)
    assert picked == RejectionEmail(template_name="Picked", due_at=REJECTED_AT)


def test_with_no_trigger_and_no_choice_no_rejection_email_goes(job):
    application = factories.application(job_=job)
    assert rejection_email_plan(application, reason="skills", chosen="", moment=REJECTED_AT) is None
    picked = rejection_email_plan(application, reason="skills", chosen="Picked", moment=REJECTED_AT)
    assert picked == RejectionEmail(template_name="Picked", due_at=REJECTED_AT)


def test_a_candidate_who_cannot_be_written_to_gets_no_email_from_the_trigger(job):
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"))
    opted_out = factories.application(job_=job)
    Candidate.objects.filter(pk=opted_out.candidate_id).update(contact_opt_out_at=timezone.now())
    opted_out.candidate.refresh_from_db()
    no_address = factories.application(job_=job, candidate_=factories.candidate(full_name="No Mail", email=""))
    for application in (opted_out, no_address):
        assert rejection_email_plan(application, reason="skills", chosen="", moment=REJECTED_AT) is None


def test_the_decision_asks_for_the_trigger_in_one_query(job, django_assert_num_queries):
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"), delay_hours=3)
    application = Application.objects.select_related("candidate").get(pk=factories.application(job_=job).pk)
    with django_assert_num_queries(1):
        plan = rejection_email_plan(application, reason="skills", chosen="", moment=REJECTED_AT)
    assert plan == RejectionEmail(template_name="Generic", due_at=REJECTED_AT + timedelta(hours=3))


@pytest.mark.parametrize("chosen", ["", "Picked"])
def test_a_rejection_looks_its_trigger_up_once(job, chosen):
    trigger(Trigger.Event.REJECTION, template_name=template("Generic", "rejection"), delay_hours=3)
    template("Picked", "rejection")
    application = factories.application(job_=job)
    with CaptureQueriesContext(connection) as queries:
        application_reject(application=application, actor=None, reason="skills", email_template=chosen)
    trigger_reads = [query["sql"] for query in queries if 'FROM "interviews_trigger"' in query["sql"]]
    assert len(trigger_reads) == 1
    assert OutboundEmail.objects.filter(idempotency_key=f"application:{application.pk}:rejection").exists()


# --- Interview emails ----------------------------------------------------------------


def test_the_interview_trigger_switches_the_candidates_invitation_and_cancellation(job):
    interviewer = factories.user("interviewer")
    application = factories.application(job_=job)
    on = factories.interview(application_=application, panel=[interviewer], days_from_now=2)

    def sent_to(person, interview):
        rows = OutboundEmail.objects.filter(related_id=str(interview.public_id)).exclude(
            template__startswith="interview_reminder"
        )
        return [row.template for row in rows if row.to_address == person.email]

    assert sent_to(application.candidate, on) == ["interview_invitation"]

    trigger(Trigger.Event.INTERVIEW, stage=application.stage, is_active=False)
    off = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    interview_cancel(interview=off, actor=None)
    assert sent_to(application.candidate, off) == []
    assert sorted(sent_to(interviewer, off)) == ["interview_cancelled", "interview_invitation"]


# --- Thank-you -----------------------------------------------------------------------


def test_a_thank_you_goes_once_n_hours_after_the_interview_ends(job, chinese_candidate):
    trigger(Trigger.Event.THANK_YOU, delay_hours=3)
    application = factories.application(job_=job, candidate_=chinese_candidate)
    interview = factories.interview(application_=application, panel=[factories.user("interviewer")], days_from_now=-0.1)
    ends = interview.ends_at
    assert thank_you_sweep(now=ends + timedelta(hours=2, minutes=59)) == 0
    assert thank_you_sweep(now=ends + timedelta(hours=3)) == 1
    assert thank_you_sweep(now=ends + timedelta(hours=3, minutes=5)) == 0
    email = OutboundEmail.objects.get(idempotency_key=f"interview:{interview.pk}:thank-you")
    assert email.template == "interview_thank_you" and email.language == "zh-hans"
    assert email.due_at == ends + timedelta(hours=3)


def test_thank_you_uses_the_stages_template_and_skips_cancelled_interviews(job):
    application = factories.application(job_=job)
    trigger(Trigger.Event.THANK_YOU, stage=application.stage, template_name=template("Thanks", "thank_you"))
    panel = [factories.user("interviewer")]
    held = factories.interview(application_=application, panel=panel, days_from_now=-0.5)
    cancelled = factories.interview(application_=application, panel=panel, days_from_now=0.2)
    interview_cancel(interview=cancelled, actor=None)
    Interview.objects.filter(pk=cancelled.pk).update(
        starts_at=held.starts_at, ends_at=held.ends_at
    )  # as if it had been due at the same time
    assert thank_you_sweep() == 1
    email = OutboundEmail.objects.get(idempotency_key=f"interview:{held.pk}:thank-you")
    assert email.subject == f"[en] Thanks: {job.title} / {held.stage.name}"


def test_no_thank_you_trigger_no_thank_you(job):
    application = factories.application(job_=job)
    factories.interview(application_=application, panel=[factories.user("interviewer")], days_from_now=-0.5)
    assert thank_you_sweep() == 0


# --- SLA nudge -----------------------------------------------------------------------


def test_an_application_past_its_sla_without_contact_nudges_the_recruiter_once(job):
    application = factories.application(job_=job)
    sla = timedelta(days=application.stage.sla_days)
    entered = application.stage_entered_at
    assert sla_nudge_sweep(now=entered + sla - timedelta(minutes=1)) == 0
    assert sla_nudge_sweep(now=entered + sla + timedelta(minutes=1)) == 1
    assert sla_nudge_sweep(now=entered + sla + timedelta(minutes=2)) == 0
    email = OutboundEmail.objects.get(idempotency_key__startswith=f"application:{application.pk}:sla:")
    assert email.to_address == job.recruiter.email
    assert email.template == "sla_nudge"
    assert email.context["candidate_name"] == application.candidate.full_name
    assert email.context["application_url"].startswith("http")


def test_contact_since_the_stage_began_or_a_switched_off_trigger_means_no_nudge(job):
    contacted = factories.application(job_=job)
    activity_record(candidate=contacted.candidate, kind=Activity.Kind.NOTE, actor=None, message=MESSAGES.text("Called"))
    silenced_stage = factories.application(job_=factories.job())
    trigger(Trigger.Event.SLA_NUDGE, stage=silenced_stage.stage, is_active=False)
    later = timezone.now() + timedelta(days=3, hours=1)
    assert sla_nudge_sweep(now=later) == 0


def test_a_delay_on_the_sla_trigger_waits_that_much_longer(job):
    trigger(Trigger.Event.SLA_NUDGE, delay_hours=12)
    application = factories.application(job_=job)
    sla_end = application.stage_entered_at + timedelta(days=application.stage.sla_days)
    assert sla_nudge_sweep(now=sla_end + timedelta(hours=11)) == 0
    assert sla_nudge_sweep(now=sla_end + timedelta(hours=12)) == 1


def test_a_new_visit_to_the_stage_can_be_nudged_again(job):
    application = factories.application(job_=job)
    first, second = stages_of(job)[:2]
    assert sla_nudge_sweep(now=timezone.now() + timedelta(days=3, minutes=1)) == 1
    application_move(application=application, to_stage=second, actor=None)
    application_move(application=application, to_stage=first, actor=None)
    application.refresh_from_db()
    assert sla_nudge_sweep(now=application.stage_entered_at + timedelta(days=3, minutes=1)) == 1
    assert OutboundEmail.objects.filter(template="sla_nudge").count() == 2


def test_closed_applications_are_not_nudged(job):
    application = factories.application(job_=job)
    application_reject(application=application, actor=None, reason="skills")
    assert Application.objects.get(pk=application.pk).status == "rejected"
    assert sla_nudge_sweep(now=timezone.now() + timedelta(days=4)) == 0


# --- Saving triggers ---------------------------------------------------------------


def test_a_trigger_that_needs_a_template_is_refused_without_one_or_with_an_unknown_one(job):
    with pytest.raises(ValidationError) as error:
        trigger(Trigger.Event.STAGE_ENTRY)
    assert "template_name" in error.value.message_dict
    with pytest.raises(ValidationError):
        trigger(Trigger.Event.REJECTION, template_name="No such template")
    assert not Trigger.objects.exists()


def test_a_template_written_for_another_event_is_refused_and_so_is_a_delay_over_a_month(job):
    rejection = template("Sorry", "rejection", languages=("en",))
    with pytest.raises(ValidationError) as error:
        trigger(Trigger.Event.STAGE_ENTRY, template_name=rejection)
    assert error.value.message_dict["template_name"] == ["That email template is not written for this event."]
    with pytest.raises(ValidationError) as error:
        trigger(Trigger.Event.THANK_YOU, delay_hours=721)
    assert "delay_hours" in error.value.message_dict
    assert not Trigger.objects.exists()


def test_one_trigger_per_event_and_scope(job):
    trigger(Trigger.Event.THANK_YOU)
    with pytest.raises(ValidationError):
        trigger(Trigger.Event.THANK_YOU)
    stage = stages_of(job)[0]
    trigger(Trigger.Event.THANK_YOU, stage=stage)
    assert Trigger.objects.get(stage=stage).job == job  # the stage's job is filled in


def test_deleting_a_stage_trigger_falls_back_to_the_global_one(job):
    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"))
    off = trigger(Trigger.Event.STAGE_ENTRY, stage=stages_of(job)[0], is_active=False)
    trigger_delete(trigger=off, actor=None)
    application = factories.application(job_=job)
    assert stage_entry_emails(application).count() == 1


# --- Opt-out, honoured everywhere from then on ---------------------------------------


def test_an_opt_out_cancels_what_waits_for_the_candidate_and_stops_what_would_come(job):
    from talentpool.services import candidate_contact_opt_out

    trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Update", "stage_entry"), delay_hours=5)
    interviewer = factories.user("interviewer")
    application = factories.application(job_=job)
    candidate = application.candidate
    factories.interview(application_=application, panel=[interviewer], days_from_now=3)

    def waiting():
        rows = OutboundEmail.objects.filter(status="queued")
        return sorted(
            ("candidate" if row.to_address == candidate.email else "staff", row.template or "custom") for row in rows
        )

    assert ("candidate", "interview_reminder_candidate") in waiting()
    assert ("candidate", "custom") in waiting()  # the stage-entry email, five hours out
    staff = [row for row in waiting() if row[0] == "staff"]
    assert ("staff", "interview_reminder_panel") in staff
    candidate_contact_opt_out(candidate=candidate)
    assert waiting() == staff  # the panel's invitation and reminder stay

    later = factories.interview(application_=application, panel=[interviewer], days_from_now=4)
    to_candidate = [
        row.template
        for row in OutboundEmail.objects.filter(related_id=str(later.public_id))
        if row.to_address == candidate.email
    ]
    assert to_candidate == []
    # Interviews still ahead hold the stage: they are called off before moving on.
    for interview in Interview.objects.filter(application=application):
        interview_cancel(interview=interview, actor=None)
    application_move(application=application, to_stage=stages_of(job)[1], actor=None)
    assert not stage_entry_emails(application).filter(status="queued").exists()
