"""Writes to a job's pipeline: an application is created, moved between
stages, and closed by a rejection (with its email), a hire or a withdrawal.
Every change is made under the application's row lock and written down as a
StageTransition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity, Candidate, Source
from candidates.services import activity_record
from core.services import access_token_revoke_for, audit_record
from interviews import messages
from interviews.models import Application, ClosingReason, Interview, SchedulingInvitation, Stage, StageTransition
from interviews.selectors.closing import closing_reason_is_active
from interviews.selectors.debrief import may_override, missing_scorecards
from interviews.selectors.scheduling import interview_ahead_text, interviews_ahead
from interviews.services.jobs import OPEN_JOB_STATUSES
from interviews.services.scheduling import interview_cancel
from interviews.services.stage_checks import _check_stage
from interviews.services.triggers import (
    merge_values,
    rejection_email_plan,
    stage_entry_email_queue,
    stage_entry_emails_cancel,
    template_email_queue,
)
from jobs.models import Job
from messaging import merge_fields
from messaging.messages import MESSAGES, Message
from messaging.models import EmailTemplate, OutboundEmail
from messaging.selectors import email_template_for
from messaging.services import email_withdraw


def _transition(
    application: Application, *, from_stage, from_status: str, actor, note: str = "", override_reason: str = ""
) -> StageTransition:
    return StageTransition.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=application.stage,
        from_status=from_status,
        to_status=application.status,
        actor=actor,
        note=note[:300],
        override_reason=override_reason[:300],
    )


def _locked(application: Application) -> Application:
    """Re-read the application under a row lock: concurrent moves serialize here.

    The lock is taken by a query without joins: after waiting for another
    transaction's lock, PostgreSQL re-checks the row's new version, and a join
    on the old stage would then drop the row instead of returning it.
    """
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk", flat=True).get()
    return Application.objects.select_related("stage", "candidate", "job").get(pk=application.pk)


@transaction.atomic
def application_create(
    *,
    candidate: Candidate,
    job: Job,
    actor: User | None,
    stage: Stage | None = None,
    source: Source | None = None,
    source_detail: str = "",
    referred_by: User | None = None,
) -> Application:
    """Put a candidate in a job's pipeline at ``stage`` (default: the first),
    from ``source`` (``source_detail``: what the visitor's link said;
    ``referred_by``: whose referral link they came through).

    Writes the Application, its first StageTransition, an ``application``
    Activity and an AuditEvent. Raises ValidationError when the job is closed,
    the stage belongs to another job or is archived, or the candidate already
    has an active application for the job.
    """
    if job.status not in OPEN_JOB_STATUSES:
        raise ValidationError(_("This job is closed to new applications."))
    if stage is None:
        stage = job.stages.filter(archived_at__isnull=True).order_by("order").first()
        if stage is None:
            raise ValidationError(_("This job has no stages yet."))
    _check_stage(stage, job)
    if Application.objects.filter(candidate=candidate, job=job, status=Application.Status.ACTIVE).exists():
        raise ValidationError(_("%(name)s is already in this job's pipeline.") % {"name": candidate.full_name})
    now = timezone.now()
    application = Application.objects.create(
        candidate=candidate,
        job=job,
        stage=stage,
        source=source or candidate.source,
        source_detail=source_detail,
        referred_by=referred_by,
        stage_entered_at=now,
        created_by=actor,
    )
    transition = _transition(application, from_stage=None, from_status="", actor=actor)
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.APPLICATION,
        actor=actor,
        message=MESSAGES.message(messages.APPLIED, job=job.title, stage=stage.name),
        target=application,
    )
    audit_record(action="interviews.application.create", actor=actor, target=application)
    stage_entry_email_queue(application=application, transition=transition)
    return application


@transaction.atomic
def application_move(
    *, application: Application, to_stage: Stage, actor: User | None, note: str = "", override_reason: str = ""
) -> Application:
    """Move an active application to another stage of its job.

    Locks the application row, so two moves of one application run one after
    the other and each sees the other's result. Writes a StageTransition and a
    ``stage_change`` Activity. Raises ValidationError for a stage of another
    job, an archived stage, the current stage, or a closed application.

    A move forward (to a stage of higher order) out of a stage whose required
    scorecards are missing (selectors.debrief.missing_scorecards) raises
    ValidationError naming who has not submitted, unless ``override_reason`` is
    given by a role that may override (accounts.roles stage_override:
    recruiters and administrators); then the reason is stored on the
    StageTransition and audited as ``interviews.application.override``. A
    reason given when nothing is missing is not an override and is dropped.
    Moving back is never blocked, nor are rejecting and withdrawing.

    A move forward out of a stage with an interview not over yet
    (selectors.scheduling.interviews_ahead) raises ValidationError with code
    ``interview_ahead`` naming it and its date, whoever asks: its scorecards
    cannot be missing yet, so the stage would be passed as if it were done.
    """
    application = _locked(application)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(_("Only active applications can be moved."))
    _check_stage(to_stage, application.job)
    if to_stage.pk == application.stage_id:
        raise ValidationError(_("The application is already at %(stage)s.") % {"stage": to_stage.name})
    from_stage = application.stage
    if to_stage.order > from_stage.order:
        ahead = list(interviews_ahead(application, stage=from_stage))
        if ahead:
            raise ValidationError(
                _("%(interviews)s: move on once it has taken place, or cancel it first.")
                % {"interviews": "; ".join(interview_ahead_text(interview) for interview in ahead)},
                code="interview_ahead",
            )
    override_reason = override_reason.strip()
    missing = missing_scorecards(application, from_stage) if to_stage.order > from_stage.order else []
    if missing:
        names = ", ".join(dict.fromkeys(seat.interviewer.full_name for seat in missing))
        if not override_reason:
            raise ValidationError(
                _("Scorecards for %(stage)s are missing from: %(names)s.") % {"stage": from_stage.name, "names": names},
                code="scorecards_missing",
            )
        if not may_override(actor):
            raise ValidationError(
                _("Only a recruiter or an administrator may move on without the missing scorecards."),
                code="override_forbidden",
            )
    else:
        override_reason = ""
    application.stage = to_stage
    application.stage_entered_at = timezone.now()
    application.save(update_fields=["stage", "stage_entered_at", "updated_at"])
    transition = _transition(
        application,
        from_stage=from_stage,
        from_status=Application.Status.ACTIVE,
        actor=actor,
        note=note,
        override_reason=override_reason,
    )
    if override_reason:
        audit_record(
            action="interviews.application.override",
            actor=actor,
            target=application,
            data={
                "from_stage": from_stage.pk,
                "to_stage": to_stage.pk,
                "missing": [[seat.interview.pk, seat.interviewer.pk] for seat in missing],
            },
        )
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.STAGE_CHANGE,
        actor=actor,
        message=MESSAGES.message(
            messages.STAGE_CHANGED, job=application.job.title, **{"from": from_stage.name, "to": to_stage.name}
        ),
        target=application,
        data={"from_stage": from_stage.pk, "to_stage": to_stage.pk},
    )
    stage_entry_email_queue(application=application, transition=transition)
    return application


def _locked_active(application: Application) -> Application:
    """The application under its row lock (``_locked``); ValidationError if it is closed."""
    application = _locked(application)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(_("This application is already closed."))
    return application


def _close(
    application: Application,
    *,
    status: str,
    actor,
    message: Message,
    kind: str,
    note: str = "",
    closed_at: datetime | None = None,
    cancel: Sequence[Interview] = (),
    **fields,
) -> Application:
    # ``application`` comes from _locked_active: the caller holds the lock.
    application.status = status
    application.closed_at = closed_at or timezone.now()
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    _transition(
        application, from_stage=application.stage, from_status=Application.Status.ACTIVE, actor=actor, note=note
    )
    activity_record(candidate=application.candidate, kind=kind, actor=actor, message=message, target=application)
    audit_record(action=f"interviews.application.{status}", actor=actor, target=application)
    stage_entry_emails_cancel(application=application)
    for interview in cancel:
        interview_cancel(interview=interview, actor=actor)
    # A closed application cannot book: its open offers of times are withdrawn with their links.
    for invitation in SchedulingInvitation.objects.filter(application=application, status__in=_OPEN_INVITATIONS):
        invitation.status = SchedulingInvitation.Status.CANCELLED
        invitation.save(update_fields=["status", "updated_at"])
        access_token_revoke_for(target=invitation)
    return application


# What closing an application does to its interviews still ahead, when the
# closing user chooses (the job's future_interviews_on_close "ask").
CANCEL_AHEAD = "cancel"
KEEP_AHEAD = "keep"
_OPEN_INVITATIONS = (SchedulingInvitation.Status.OPEN, SchedulingInvitation.Status.OTHER_TIMES)


def interviews_to_cancel(application: Application, *, choice: str = "") -> list[Interview]:
    """The interviews still ahead that closing ``application`` cancels.

    ``choice`` is CANCEL_AHEAD, KEEP_AHEAD or empty; empty follows the job's
    ``future_interviews_on_close``. Raises ValidationError (field
    ``future_interviews``, code ``choose``) when the job asks first, there
    are interviews ahead and no choice was made."""
    if choice not in ("", CANCEL_AHEAD, KEEP_AHEAD):
        raise ValidationError({"future_interviews": _("Choose whether to cancel or keep the interviews still ahead.")})
    ahead = list(interviews_ahead(application))
    if not ahead or choice == KEEP_AHEAD:
        return []
    if not choice and application.job.future_interviews_on_close == Job.FutureInterviewsOnClose.ASK:
        raise ValidationError(
            {
                "future_interviews": ValidationError(
                    _("%(interviews)s: choose whether to cancel or keep it.")
                    % {"interviews": "; ".join(interview_ahead_text(interview) for interview in ahead)},
                    code="choose",
                )
            }
        )
    return ahead


@transaction.atomic
def application_reject(
    *,
    application: Application,
    actor: User | None,
    reason: str,
    note: str = "",
    email_template: str = "",
    future_interviews: str = "",
) -> Application:
    """Reject an active application with a reason and email the candidate,
    in their language, the template named by ``email_template`` or, when none
    is named, by the rejection trigger for the stage and reason. Which email
    goes and when is decided once, by services.triggers.rejection_email_plan:
    the email is due when the trigger says (e.g. the next working morning in
    the candidate's zone), else at once. Raises ValidationError for an
    unknown reason or template, a candidate with no email address or who
    opted out when a template was picked, or an application that is not
    active; nothing is written then.

    Its interviews still ahead are cancelled (interview_cancel: METHOD:CANCEL
    to the candidate and the panel, reminders withdrawn) or kept as
    ``future_interviews`` or the job says (interviews_to_cancel, which raises
    when the job asks first and no choice was made); its open offers of
    interview times are cancelled and their links revoked."""
    if not closing_reason_is_active(ClosingReason.Kind.REJECTION, reason):
        raise ValidationError({"rejection_reason": _("Choose a rejection reason.")})
    # Decided under the lock, before anything is written: the stage cannot
    # change meanwhile, and a refused template leaves the application as it was.
    application = _locked_active(application)
    cancel = interviews_to_cancel(application, choice=future_interviews)
    closed_at = timezone.now()
    email = rejection_email_plan(application, reason=reason, chosen=email_template, moment=closed_at)
    template = _rejection_template(application, email.template_name) if email is not None else None
    application = _close(
        application,
        status=Application.Status.REJECTED,
        actor=actor,
        kind=Activity.Kind.REJECTION,
        message=MESSAGES.message(
            messages.REJECTED, job=application.job.title, reason=_reason_text(ClosingReason.Kind.REJECTION, reason)
        ),
        note=note,
        closed_at=closed_at,
        cancel=cancel,
        rejection_reason=reason,
        rejection_note=note,
    )
    if template is not None:
        rejection_email_queue(application=application, template=template, actor=actor, due_at=email.due_at)
    return application


@dataclass(frozen=True)
class RejectionPreview:
    """What rejecting an application would email: the rendered subject and
    text, when it is due, and ``error`` when the chosen email cannot go (the
    rejection is then refused as it stands)."""

    subject: str = ""
    body_text: str = ""
    due_at: datetime | None = None
    error: str = ""


def rejection_email_preview(
    *, application: Application, reason: str, email_template: str = "", actor: User | None = None
) -> RejectionPreview | None:
    """The email application_reject would queue for ``reason`` and the chosen
    ``email_template`` (or the rejection trigger's), rendered as the candidate
    will read it; None when no email would go. Writes nothing."""
    plan = rejection_email_plan(application, reason=reason, chosen=email_template)
    if plan is None:
        return None
    try:
        template = _rejection_template(application, plan.template_name)
    except ValidationError as error:
        return RejectionPreview(error=" ".join(error.messages))
    values = merge_values(application, actor=actor)
    return RejectionPreview(
        subject=merge_fields.render(template.subject, values),
        body_text=merge_fields.render(template.body_text, values),
        due_at=plan.due_at,
    )


# How long after a rejection it may be undone: the board offers "Undo" for a
# few seconds; the server allows some slack for a slow network.
REJECT_UNDO_WINDOW = timedelta(minutes=1)


def rejection_email_key(application: Application) -> str:
    """The outbox key of the email rejecting ``application`` (one per rejection)."""
    return f"application:{application.pk}:rejection"


@transaction.atomic
def application_reject_undo(*, application: Application, actor: User | None) -> Application:
    """Undo a rejection made in the last REJECT_UNDO_WINDOW, under the row lock:
    the application is active again in the stage it was in, and the rejection
    email, still queued (rejections are emailed after a delay), is withdrawn so
    it never goes. Writes a StageTransition, a ``stage_change`` Activity and an
    ``interviews.application.reject_undo`` AuditEvent. Raises ValidationError
    when the application is not rejected, the window has passed, or the email
    is already on its way; nothing is written then."""
    application = _locked(application)
    if application.status != Application.Status.REJECTED:
        raise ValidationError(_("This application is not rejected."))
    if application.closed_at is None or timezone.now() - application.closed_at > REJECT_UNDO_WINDOW:
        raise ValidationError(_("It is too late to undo this rejection."))
    key = rejection_email_key(application)
    if not email_withdraw(key=key) and OutboundEmail.objects.filter(idempotency_key=key).exists():
        raise ValidationError(_("The rejection email has already gone out: the rejection stays."))
    application.status = Application.Status.ACTIVE
    application.closed_at = None
    application.rejection_reason = ""
    application.rejection_note = ""
    application.full_clean()
    application.save()
    _transition(application, from_stage=application.stage, from_status=Application.Status.REJECTED, actor=actor)
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.STAGE_CHANGE,
        actor=actor,
        message=MESSAGES.message(messages.REJECTION_UNDONE, job=application.job.title),
        target=application,
    )
    audit_record(action="interviews.application.reject_undo", actor=actor, target=application)
    return application


def _rejection_template(application: Application, name: str) -> EmailTemplate:
    candidate = application.candidate
    template = email_template_for(name=name, language=candidate.language)
    if template is None:
        raise ValidationError({"email_template": _("That email template is not available any more.")})
    if not candidate.email:
        raise ValidationError(
            {"email_template": _("%(name)s has no email address on file.") % {"name": candidate.full_name}}
        )
    if candidate.contact_opt_out_at is not None:
        raise ValidationError(
            {
                "email_template": _("%(name)s asked not to be contacted: reject without an email.")
                % {"name": candidate.full_name}
            }
        )
    return template


@transaction.atomic
def rejection_email_queue(
    *, application: Application, template: EmailTemplate, actor: User | None, due_at: datetime | None = None
) -> OutboundEmail:
    """Queue ``template`` to a rejected candidate, its merge fields filled in,
    due at ``due_at`` (default now). Key ``application:<id>:rejection``, so a
    rejection is emailed once; an ``email`` Activity on the timeline."""
    return template_email_queue(
        application=application,
        template=template,
        idempotency_key=rejection_email_key(application),
        actor=actor,
        due_at=due_at,
    )


@transaction.atomic
def application_hire(*, application: Application, actor: User | None) -> Application:
    """Close an active application as hired, under its row lock.

    Writes the status and closing time, a StageTransition, a ``stage_change``
    Activity and an ``interviews.application.hired`` AuditEvent, and cancels
    its stage-entry emails still queued. Raises ValidationError when the
    application is not active."""
    return _close(
        _locked_active(application),
        status=Application.Status.HIRED,
        actor=actor,
        kind=Activity.Kind.STAGE_CHANGE,
        message=MESSAGES.message(messages.HIRED, job=application.job.title),
    )


@transaction.atomic
def application_withdraw(
    *, application: Application, actor: User | None, reason: str, note: str = "", future_interviews: str = ""
) -> Application:
    """Close an active application because the candidate withdrew, for
    ``reason`` (the code of an active withdrawal ClosingReason) and ``note``,
    under its row lock; the note goes on the StageTransition too.

    Writes the status, reason and closing time, a StageTransition, a
    ``stage_change`` Activity naming the reason and an
    ``interviews.application.withdrawn`` AuditEvent, and cancels its
    stage-entry emails still queued. Its interviews still ahead and open
    offers of times go as for application_reject. Raises ValidationError for
    a reason that is unknown or retired, when the application is not active,
    or when the job asks first about interviews ahead and
    ``future_interviews`` is empty; nothing is written then."""
    if not closing_reason_is_active(ClosingReason.Kind.WITHDRAWAL, reason):
        raise ValidationError({"withdrawal_reason": _("Choose why the candidate withdrew.")})
    application = _locked_active(application)
    return _close(
        application,
        cancel=interviews_to_cancel(application, choice=future_interviews),
        status=Application.Status.WITHDRAWN,
        actor=actor,
        kind=Activity.Kind.STAGE_CHANGE,
        message=MESSAGES.message(
            messages.WITHDREW_BECAUSE,
            job=application.job.title,
            reason=_reason_text(ClosingReason.Kind.WITHDRAWAL, reason),
        ),
        note=note,
        withdrawal_reason=reason,
        withdrawal_note=note,
    )


def _reason_text(kind: str, code: str) -> Message:
    """A reason as the timeline keeps it: its labels as they read now, in
    each language, so the entry reads the same after the list is edited."""
    reason = ClosingReason.objects.get(kind=kind, code=code)
    return MESSAGES.per_language({"en": reason.label_en, "zh-hans": reason.label_zh_hans})


@transaction.atomic
def application_reopen(*, application: Application, actor: User | None, reason: str) -> Application:
    """Make a closed (rejected, withdrawn or hired) application active again,
    in the stage it closed at, under its row lock; ``reason`` says why.

    Writes the status (the closing reason and note stay, as history), a
    StageTransition with the reason as its note, a ``stage_change`` Activity
    and an ``interviews.application.reopen`` AuditEvent; no stage-entry email
    goes (the candidate does not enter the stage again). Raises
    ValidationError without a reason, when the application is active, the job
    no longer takes applications, the stage it closed at is archived, or the
    candidate is already active in the job's pipeline again; nothing is
    written then. A hired application whose placement still stands is refused
    by the caller (placements.selectors.placement_blocks_reopen): this app
    does not know placements."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is reopened.")})
    application = _locked(application)
    if application.status == Application.Status.ACTIVE:
        raise ValidationError(_("This application is not closed."))
    if application.job.status not in OPEN_JOB_STATUSES:
        raise ValidationError(_("The job is closed: reopen the job first."))
    if application.stage.archived_at is not None:
        raise ValidationError(_("%(stage)s, where it was closed, is archived.") % {"stage": application.stage.name})
    others = Application.objects.filter(
        candidate=application.candidate_id, job=application.job_id, status=Application.Status.ACTIVE
    )
    if others.exclude(pk=application.pk).exists():
        raise ValidationError(
            _("%(name)s already has an active application in this job.") % {"name": application.candidate.full_name}
        )
    from_status = application.status
    application.status = Application.Status.ACTIVE
    application.closed_at = None
    application.stage_entered_at = timezone.now()
    application.full_clean()
    application.save()
    _transition(application, from_stage=application.stage, from_status=from_status, actor=actor, note=reason)
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.STAGE_CHANGE,
        actor=actor,
        message=MESSAGES.message(
            messages.REOPENED, job=application.job.title, stage=application.stage.name, reason=reason
        ),
        target=application,
    )
    audit_record(
        action="interviews.application.reopen", actor=actor, target=application, data={"from_status": from_status}
    )
    return application
