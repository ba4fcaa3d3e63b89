"""Triggers: the pipeline's automatic emails, each decided by the
most specific Trigger (interviews.selectors.triggers.trigger_for).

- **Stage entry**: an application created in, or moved to, a stage whose
  trigger is on gets the trigger's template, in the candidate's language, due
  after the delay (or at the next working morning in the candidate's zone).
  Key ``application:<id>:stage-entry:<transition id>``. If the application
  moves on or closes before it went out, the queued email is cancelled: it
  would tell the candidate something no longer true.
- **Rejection**: application_reject asks ``rejection_email_plan`` which
  template goes (the recruiter's pick in the dialog, else the trigger's) and
  when, in one decision.
  Key ``application:<id>:rejection``: one rejection email, ever.
- **Interview**: the switch for the candidate's invitation, reschedule and
  cancellation emails (interviews.services.scheduling); they go at once.
- **Thank-you**: ``thank_you_sweep`` queues one per interview that ended the
  trigger's delay ago (key ``interview:<id>:thank-you``), from the trigger's
  template or the built-in one.
- **SLA nudge**: ``sla_nudge_sweep`` tells a job's recruiter once per stage
  visit (key ``application:<id>:sla:<transition that began the visit>``) about
  an active application past its stage's SLA days (plus the delay) with no
  contact to the candidate since it entered the stage.

Candidates who opted out of contact, or have no email address, get no
automatic email. Every row is an OutboundEmail with a due time: nothing uses a
Celery ETA or countdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import CONTACT_KINDS, Activity
from candidates.services import activity_record
from core.services import audit_record
from interviews import messages
from interviews.models import Application, Interview, SchedulingInvitation, StageTransition, Trigger
from interviews.selectors.triggers import TEMPLATE_PURPOSES, trigger_due_at, trigger_for, trigger_is_on
from interviews.services.reminders import _key_exists
from messaging import merge_fields, senders
from messaging.links import absolute_url
from messaging.messages import MESSAGES
from messaging.models import EmailTemplate, OutboundEmail
from messaging.selectors import email_template_for
from messaging.services import email_cancel, email_queue

THANK_YOU_TEMPLATE = "interview_thank_you"
SLA_NUDGE_TEMPLATE = "sla_nudge"
# Interviews that ended, or SLAs that ran out, longer ago than this (after the
# trigger's delay) are not caught up on: a thank-you a week late is worse than none.
CATCH_UP_WINDOW = timedelta(days=3)
# Contact that stops an SLA nudge: anything but the stage change itself.
SLA_CONTACT_KINDS = tuple(kind for kind in CONTACT_KINDS if kind != Activity.Kind.STAGE_CHANGE)


def stage_entry_key_prefix(application: Application) -> str:
    return f"application:{application.pk}:stage-entry:"


def thank_you_key(interview_id: int) -> str:
    return f"interview:{interview_id}:thank-you"


def sla_nudge_key(application_id: int, entry_id: int) -> str:
    """One nudge per stage visit: ``entry_id`` is the StageTransition that began it."""
    return f"application:{application_id}:sla:{entry_id}"


def _reachable(candidate) -> bool:
    return bool(candidate.email) and candidate.contact_opt_out_at is None


def candidate_email_keys(candidate) -> Q:
    """The outbox keys of every email this app writes *to* ``candidate``
    (stage entry, rejection, survey, interview invitations, cancellations,
    reminders, reschedule links, thank-yous, self-scheduling invitations);
    emails about them to staff (SLA nudges, panel copies) are not matched."""
    application_ids = list(candidate.applications.values_list("pk", flat=True))
    interview_ids = list(Interview.objects.filter(application__candidate=candidate).values_list("pk", flat=True))
    invitation_ids = list(
        SchedulingInvitation.objects.filter(application__candidate=candidate).values_list("pk", flat=True)
    )
    prefixes = [
        *(f"application:{pk}:{kind}" for pk in application_ids for kind in ("stage-entry:", "rejection")),
        *(f"survey:{pk}:" for pk in application_ids),
        *(f"interview:{pk}:{kind}" for pk in interview_ids for kind in ("thank-you", "reschedule-link:")),
        *(f"invitation:{pk}:" for pk in invitation_ids),
    ]
    keys = Q(pk__in=[])
    for prefix in prefixes:
        keys |= Q(idempotency_key__startswith=prefix)
    if interview_ids:
        # Invitations, updates, cancellations and reminders addressed to the candidate.
        ids = "|".join(str(pk) for pk in interview_ids)
        keys |= Q(
            idempotency_key__regex=rf"^interview:({ids}):((invite|cancel):\d+:candidate:|reminder:\d+:24h:candidate$)"
        )
    return keys


def candidate_emails_cancel(*, candidate) -> int:
    """Cancel every still-queued email to ``candidate`` (candidate_email_keys);
    returns how many. Sent or claimed rows are left alone. For an opt-out."""
    queued = OutboundEmail.objects.filter(candidate_email_keys(candidate), status=OutboundEmail.Status.QUEUED)
    return queued.update(status=OutboundEmail.Status.CANCELLED, enqueued_at=None)


def merge_values(application: Application, *, actor: User | None = None, **extra: str) -> dict[str, str]:
    """The merge-field values of an email about ``application``."""
    candidate, job = application.candidate, application.job
    return {
        "candidate_name": candidate.full_name,
        "job_title": job.title,
        "client_name": job.client.name,
        "recruiter_name": job.recruiter.full_name if job.recruiter else "",
        "sender_name": actor.full_name if actor else (job.recruiter.full_name if job.recruiter else ""),
        "stage_name": application.stage.name,
        "recruiter_signature": merge_fields.signature(job.recruiter) if job.recruiter else "",
        **extra,
    }


def template_email_queue(
    *,
    application: Application,
    template: EmailTemplate,
    idempotency_key: str,
    actor: User | None,
    due_at: datetime | None = None,
    related=None,
    **extra: str,
) -> OutboundEmail:
    """Queue ``template`` to the application's candidate with its merge fields
    filled in, due at ``due_at`` (default now), and put it on the timeline.

    Writes one OutboundEmail (returned; an existing row if the key was used)
    and, when new, an ``email`` Activity. Sender identity from the job
    (messaging.senders), replies to ``actor`` if given."""
    existing = OutboundEmail.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    values = merge_values(application, actor=actor, **extra)
    email = email_queue(
        to=application.candidate.email,
        idempotency_key=idempotency_key,
        language=template.language,
        subject=merge_fields.render(template.subject, values),
        body_text=merge_fields.render(template.body_text, values),
        body_html=merge_fields.render(template.body_html, values, html=True),
        due_at=due_at,
        related=related or application,
        candidate_ref=application.candidate.public_id,
        **senders.sender_headers(job=application.job, reply_to=actor.email if actor else ""),
    )
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.EMAIL,
        actor=actor,
        message=MESSAGES.message(messages.EMAIL_QUEUED, subject=email.subject),
        target=application,
    )
    return email


# --- Stage entry -------------------------------------------------------------------


def stage_entry_email_queue(*, application: Application, transition: StageTransition) -> OutboundEmail | None:
    """After ``transition`` put ``application`` in its stage: queue the stage's
    entry email if its trigger is on, the template exists and the candidate
    may be written to; returns the row or None. Cancels the emails of earlier
    stage entries still waiting. Called in the mover's transaction."""
    stage_entry_emails_cancel(application=application)
    trigger = trigger_for(Trigger.Event.STAGE_ENTRY, job_id=application.job_id, stage_id=application.stage_id)
    candidate = application.candidate
    if not trigger_is_on(Trigger.Event.STAGE_ENTRY, trigger) or not _reachable(candidate):
        return None
    template = email_template_for(name=trigger.template_name, language=candidate.language)
    if template is None:
        return None
    return template_email_queue(
        application=application,
        template=template,
        idempotency_key=f"{stage_entry_key_prefix(application)}{transition.pk}",
        actor=None,
        due_at=trigger_due_at(trigger, moment=transition.created_at, time_zone=candidate.time_zone),
    )


def stage_entry_emails_cancel(*, application: Application) -> int:
    """Cancel the application's stage-entry emails still queued; returns how many."""
    return email_cancel(key_prefix=stage_entry_key_prefix(application), related=application)


# --- Rejection ---------------------------------------------------------------------


@dataclass(frozen=True)
class RejectionEmail:
    """The email a rejection sends: the template's name and when it is due."""

    template_name: str
    due_at: datetime


def rejection_email_plan(
    application: Application, *, reason: str, chosen: str, moment: datetime | None = None
) -> RejectionEmail | None:
    """Which email rejecting ``application`` for ``reason`` at ``moment``
    (default now) sends, and when; None when no email goes.

    The template is the one the recruiter ``chosen``, else the trigger's when
    it is on and the candidate may be written to. It is due after the
    trigger's delay and timing when the trigger is on, a chosen template too
    (the team decided when rejections go), else at ``moment``. The trigger
    for the application's stage and the reason is looked up once, on or off."""
    moment = moment or timezone.now()
    candidate = application.candidate
    trigger = trigger_for(
        Trigger.Event.REJECTION, job_id=application.job_id, stage_id=application.stage_id, reason=reason
    )
    on = trigger_is_on(Trigger.Event.REJECTION, trigger)
    if chosen:
        name = chosen
    elif on and trigger.template_name and _reachable(candidate):
        name = trigger.template_name
    else:
        return None
    due_at = trigger_due_at(trigger, moment=moment, time_zone=candidate.time_zone) if on else moment
    return RejectionEmail(template_name=name, due_at=due_at)


# --- Interview emails --------------------------------------------------------------


def interview_emails_on(interview: Interview) -> bool:
    """Whether the candidate gets the invitation, reschedule and cancellation
    emails of ``interview`` (the panel always does)."""
    application = interview.application
    trigger = trigger_for(Trigger.Event.INTERVIEW, job_id=application.job_id, stage_id=interview.stage_id)
    return trigger_is_on(Trigger.Event.INTERVIEW, trigger)


# --- Thank-you ---------------------------------------------------------------------


def _decider(event: str) -> Callable[[int, int], Trigger | None]:
    """trigger_for ``event``, asked once per stage for the length of a sweep."""

    @cache
    def decide(job_id: int, stage_id: int) -> Trigger | None:
        return trigger_for(event, job_id=job_id, stage_id=stage_id)

    return decide


def _on_triggers(event: str) -> list[Trigger]:
    return list(Trigger.objects.filter(event=event, is_active=True))


def thank_you_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the thank-you emails that are due; returns how many.

    For each interview that was not cancelled and ended at least its trigger's
    delay ago (within CATCH_UP_WINDOW after that), whose candidate may be
    written to: one email (key ``interview:<id>:thank-you``) from the
    trigger's template in the candidate's language, or the built-in
    ``interview_thank_you`` one, due then (or at the next working morning).
    Overlapping runs are harmless: the key is unique. Raises nothing."""
    now = now or timezone.now()
    triggers = _on_triggers(Trigger.Event.THANK_YOU)
    if not triggers:
        return 0
    shortest = min(trigger.delay_hours for trigger in triggers)
    longest = max(trigger.delay_hours for trigger in triggers)
    due = (
        Interview.objects.filter(
            ends_at__lte=now - timedelta(hours=shortest),
            ends_at__gte=now - timedelta(hours=longest) - CATCH_UP_WINDOW,
            starts_at__gte=now - timedelta(hours=longest) - CATCH_UP_WINDOW - timedelta(days=1),
            application__candidate__contact_opt_out_at__isnull=True,
        )
        .exclude(status=Interview.Status.CANCELLED)
        .exclude(_key_exists("interview:", OuterRef("pk"), ":thank-you"))
        .select_related("stage", "application__candidate", "application__job__client", "application__job__recruiter")
        .order_by("ends_at", "pk")
    )
    decide = _decider(Trigger.Event.THANK_YOU)
    queued = 0
    for interview in due.iterator(chunk_size=200):
        application = interview.application
        trigger = decide(application.job_id, interview.stage_id)
        if not trigger_is_on(Trigger.Event.THANK_YOU, trigger):
            continue
        ready = interview.ends_at + timedelta(hours=trigger.delay_hours)
        if not ready <= now < ready + CATCH_UP_WINDOW or not application.candidate.email:
            continue
        due_at = trigger_due_at(trigger, moment=interview.ends_at, time_zone=application.candidate.time_zone)
        _thank_you_queue(interview, trigger=trigger, due_at=due_at)
        queued += 1
        if queued >= limit:
            break
    return queued


@transaction.atomic
def _thank_you_queue(interview: Interview, *, trigger: Trigger, due_at: datetime) -> OutboundEmail:
    application = interview.application
    candidate = application.candidate
    template = (
        email_template_for(name=trigger.template_name, language=candidate.language) if trigger.template_name else None
    )
    if template is not None:
        return template_email_queue(
            application=application,
            template=template,
            idempotency_key=thank_you_key(interview.pk),
            actor=None,
            due_at=due_at,
            related=interview,
            stage_name=interview.stage.name,
        )
    email = email_queue(
        to=candidate.email,
        idempotency_key=thank_you_key(interview.pk),
        language=candidate.language,
        template=THANK_YOU_TEMPLATE,
        context=merge_values(application, stage_name=interview.stage.name),
        due_at=due_at,
        related=interview,
        candidate_ref=candidate.public_id,
        **senders.sender_headers(job=application.job),
    )
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.EMAIL,
        actor=None,
        message=MESSAGES.message(messages.THANK_YOU_QUEUED, stage=interview.stage.name),
        target=application,
    )
    return email


# --- SLA nudge ---------------------------------------------------------------------


def sla_nudge_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the SLA nudges that are due; returns how many.

    For each active application whose stage has SLA days, that has been in
    the stage longer than them plus the trigger's delay (within
    CATCH_UP_WINDOW after that), with no contact to the candidate
    (SLA_CONTACT_KINDS) since it entered the stage, and whose job has an
    active recruiter: one email to that recruiter, in their language (key
    ``application:<id>:sla:<transition id>``). Overlapping runs are
    harmless. Raises nothing."""
    now = now or timezone.now()
    sla_end = ExpressionWrapper(
        F("stage_entered_at") + F("stage__sla_days") * timedelta(days=1), output_field=DateTimeField()
    )
    # The transition that began the current stage visit: the application's latest.
    entry = StageTransition.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-pk")
    contact = Activity.objects.filter(
        candidate=OuterRef("candidate"),
        kind__in=SLA_CONTACT_KINDS,
        occurred_at__gte=OuterRef("stage_entered_at"),
    )
    overdue = (
        Application.objects.filter(
            status=Application.Status.ACTIVE,
            stage__sla_days__isnull=False,
            stage_entered_at__lte=now,
            job__recruiter__is_active=True,
        )
        .alias(sla_end=sla_end)
        .filter(
            sla_end__lte=now,
            sla_end__gte=now - CATCH_UP_WINDOW - timedelta(hours=_longest_delay(Trigger.Event.SLA_NUDGE)),
        )
        .exclude(Exists(contact))
        .annotate(entry_id=Subquery(entry.values("pk")[:1]))
        .exclude(_key_exists("application:", OuterRef("pk"), ":sla:", OuterRef("entry_id")))
        .select_related("stage", "candidate", "job__client", "job__recruiter")
        .order_by("stage_entered_at", "pk")
    )
    decide = _decider(Trigger.Event.SLA_NUDGE)
    queued = 0
    for application in overdue.iterator(chunk_size=200):
        trigger = decide(application.job_id, application.stage_id)
        if not trigger_is_on(Trigger.Event.SLA_NUDGE, trigger):
            continue
        sla_end = application.stage_entered_at + timedelta(days=application.stage.sla_days)
        ready = sla_end + timedelta(hours=trigger.delay_hours if trigger else 0)
        if not ready <= now < ready + CATCH_UP_WINDOW:
            continue
        recruiter = application.job.recruiter
        email_queue(
            to=recruiter.email,
            idempotency_key=sla_nudge_key(application.pk, application.entry_id),
            language=recruiter.language,
            template=SLA_NUDGE_TEMPLATE,
            context={
                **merge_values(application),
                "recipient_name": recruiter.full_name,
                "sla_days": application.stage.sla_days,
                "days_in_stage": (now - application.stage_entered_at).days,
                "application_url": absolute_url(
                    reverse("candidates:candidate-detail", args=[application.candidate.public_id])
                ),
            },
            due_at=trigger_due_at(trigger, moment=sla_end, time_zone=recruiter.time_zone),
            related=application,
        )
        queued += 1
        if queued >= limit:
            break
    return queued


def _longest_delay(event: str) -> int:
    return max((trigger.delay_hours for trigger in _on_triggers(event)), default=0)


# --- Editing triggers --------------------------------------------------------------


@transaction.atomic
def trigger_save(*, trigger: Trigger, actor: User | None) -> Trigger:
    """Create or update ``trigger`` after validating it (a stage's job is
    taken from the stage; a template must exist for the events that need
    one). Audited. Raises ValidationError, writing nothing."""
    if trigger.stage_id is not None:
        trigger.job_id = trigger.stage.job_id
    if trigger.event in Trigger.IMMEDIATE or trigger.event == Trigger.Event.SLA_NUDGE:
        trigger.template_name = ""
    if trigger.event in Trigger.IMMEDIATE:
        trigger.delay_hours, trigger.timing = 0, Trigger.Timing.DELAY
    if trigger.template_name:
        templates = EmailTemplate.objects.filter(name=trigger.template_name, is_active=True)
        if not templates.exists():
            raise ValidationError({"template_name": _("That email template is not available any more.")})
        if not templates.filter(purpose__in=TEMPLATE_PURPOSES.get(trigger.event, ())).exists():
            raise ValidationError({"template_name": _("That email template is not written for this event.")})
    created = trigger.pk is None
    if created:
        trigger.created_by = actor
    trigger.full_clean()
    trigger.save()
    audit_record(
        action="interviews.trigger.create" if created else "interviews.trigger.update",
        actor=actor,
        target=trigger,
        data={"event": trigger.event, "active": trigger.is_active, "delay_hours": trigger.delay_hours},
    )
    return trigger


@transaction.atomic
def trigger_delete(*, trigger: Trigger, actor: User | None) -> None:
    """Delete ``trigger``: its event falls back to the next less specific one."""
    audit_record(action="interviews.trigger.delete", actor=actor, target=trigger, data={"event": trigger.event})
    trigger.delete()
