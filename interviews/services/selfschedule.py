"""Candidate self-scheduling: a recruiter offers slots, the candidate picks one
through a tokenized link (core.AccessToken), asks for other times, or later
moves the interview to another offered slot before the job's cut-off.

A slot is claimed with one conditional UPDATE (``booked_at`` set where the
slot is still free): of two bookings of one slot at the same instant, from any
two connections, exactly one updates the row and the other is told the slot
was taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from core.models import AccessToken
from core.services import access_token_issue, access_token_resolve, access_token_revoke_for, audit_record
from interviews import messages
from interviews.models import Application, Interview, InterviewSlot, SchedulingInvitation, Stage
from interviews.selectors.selfschedule import earliest_candidate_start, free_slot_q, panel_choices_for_stage
from interviews.selectors.selfschedule import slots_from_free_time as slots_from_free_time  # re-exported: a read
from interviews.services.scheduling import candidate_calendar_attachment, interview_reschedule, interview_schedule
from interviews.services.stage_checks import _check_stage
from messaging.links import absolute_url
from messaging.messages import MESSAGES
from messaging.services import email_queue

DEFAULT_VALID_FOR = timedelta(days=7)
MAX_CANDIDATE_MESSAGE = 2000
OPEN_STATUSES = (SchedulingInvitation.Status.OPEN, SchedulingInvitation.Status.OTHER_TIMES)


class SlotTaken(ValidationError):
    """The slot was booked by someone else (or is no longer offered or bookable)."""


class TooLateToReschedule(ValidationError):
    """The job's reschedule cut-off before the interview has passed."""


# --- Offering ----------------------------------------------------------------------


@transaction.atomic
def slots_offer(
    *,
    stage: Stage,
    actor: User | None,
    times: Iterable[tuple[datetime, datetime]],
    panel: Sequence[User],
    location: str = "",
    video_url: str = "",
) -> list[InterviewSlot]:
    """Create one InterviewSlot of ``stage`` per (start, end) in ``times``, each
    with ``panel``, and return them in time order. Audited as
    ``interviews.slot.offer``. Raises ValidationError for no times, no panel,
    an archived stage, a time in the past or an end before its start; nothing
    is written then."""
    times = sorted(set(times))
    if not times:
        raise ValidationError(_("Offer at least one time."))
    if not panel:
        raise ValidationError(_("Choose at least one interviewer."))
    if stage.archived_at is not None:
        raise ValidationError(_("That stage is archived."))
    panel = list(dict.fromkeys(panel))
    if panel_choices_for_stage(stage).filter(pk__in=[user.pk for user in panel]).count() != len(panel):
        raise ValidationError(_("Someone on that panel may not interview for this stage."))
    now = timezone.now()
    slots = []
    for starts_at, ends_at in times:
        if starts_at <= now:
            raise ValidationError(_("Offered times must be in the future."))
        slot = InterviewSlot(
            stage=stage,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            video_url=video_url,
            created_by=actor,
        )
        slot.full_clean(exclude=["created_by"])  # None when offered by a system process
        slot.save()
        slot.panel.set(panel)
        slots.append(slot)
    audit_record(action="interviews.slot.offer", actor=actor, target=stage, data={"slots": [s.pk for s in slots]})
    return slots


def _when(value: datetime, zone: str) -> str:
    """A time as the candidate reads it: their zone, the active language's format."""
    local = value.astimezone(ZoneInfo(zone))
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone})"


@transaction.atomic
def scheduling_invitation_send(
    *,
    application: Application,
    stage: Stage | None = None,
    slots: Sequence[InterviewSlot],
    actor: User | None,
    message: str = "",
    valid_for: timedelta = DEFAULT_VALID_FOR,
    request: HttpRequest | None = None,
) -> tuple[SchedulingInvitation, str]:
    """Invite the candidate of ``application`` to pick one of ``slots`` for
    ``stage`` (default: the application's current stage); return the
    invitation and the link's token (shown only in the email).

    Writes the SchedulingInvitation, an AccessToken (purpose self_schedule,
    valid for ``valid_for``), an OutboundEmail to the candidate in their
    language with the absolute link (key ``invitation:<id>:sent``), an
    ``interview`` Activity and an AuditEvent. An open invitation of the same
    application is cancelled and its link withdrawn. Raises ValidationError
    for a closed application, a stage of another job or archived, no slots, a
    slot of another stage, booked or past, or a candidate without an email
    address; nothing is written then.
    """
    stage = stage or application.stage
    candidate, job = application.candidate, application.job
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(_("Only active applications can be scheduled."))
    _check_stage(stage, job)
    if not slots:
        raise ValidationError(_("Offer at least one time."))
    now = timezone.now()
    slot_ids = [slot.pk for slot in slots]
    usable = InterviewSlot.objects.filter(free_slot_q(), pk__in=slot_ids, stage=stage, starts_at__gt=now).count()
    if usable != len(set(slot_ids)):
        raise ValidationError(_("Every offered time must be free, in the future and for this stage."))
    if not candidate.email:
        raise ValidationError(_("%(name)s has no email address on file.") % {"name": candidate.full_name})
    for previous in SchedulingInvitation.objects.filter(application=application, status__in=OPEN_STATUSES):
        previous.status = SchedulingInvitation.Status.CANCELLED
        previous.save(update_fields=["status", "updated_at"])
        access_token_revoke_for(target=previous)
    invitation = SchedulingInvitation.objects.create(
        application=application,
        stage=stage,
        message=message.strip(),
        expires_at=now + valid_for,
        created_by=actor,
    )
    invitation.slots.set(slot_ids)
    token, _row = access_token_issue(purpose=AccessToken.Purpose.SELF_SCHEDULE, target=invitation, valid_for=valid_for)
    link = absolute_url(reverse("interviews:selfschedule-pick", args=[token]), request)
    recruiter = job.recruiter
    with translation.override(candidate.language):
        context = {
            "candidate_name": candidate.full_name,
            "job_title": job.title,
            "client_name": job.client.name,
            "stage_name": stage.name,
            "message": invitation.message,
            "link": link,
            "times": [_when(slot.starts_at, candidate.time_zone) for slot in sorted(slots, key=lambda s: s.starts_at)],
            "expires": _when(invitation.expires_at, candidate.time_zone),
            "recruiter_name": recruiter.full_name if recruiter else "",
            "recruiter_email": recruiter.email if recruiter else "",
        }
    email_queue(
        to=candidate.email,
        idempotency_key=f"invitation:{invitation.pk}:sent",
        language=candidate.language,
        template="selfschedule_invitation",
        context=context,
        related=invitation,
        reply_to=recruiter.email if recruiter else (actor.email if actor else ""),
        candidate_ref=candidate.public_id,
    )
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=actor,
        message=MESSAGES.message(messages.TIMES_OFFERED, stage=stage.name),
        target=invitation,
        data={"slots": len(slot_ids)},
    )
    audit_record(action="interviews.invitation.send", actor=actor, target=invitation)
    return invitation, token


@transaction.atomic
def slots_offer_and_invite(
    *,
    application: Application,
    actor: User | None,
    times: Iterable[tuple[datetime, datetime]],
    panel: Sequence[User],
    location: str = "",
    video_url: str = "",
    message: str = "",
    valid_for: timedelta = DEFAULT_VALID_FOR,
    request: HttpRequest | None = None,
) -> tuple[SchedulingInvitation, str]:
    """slots_offer for the application's current stage, then
    scheduling_invitation_send with those slots, in one transaction: a refused
    invitation leaves no slots behind. Raises what either raises."""
    slots = slots_offer(
        stage=application.stage, actor=actor, times=times, panel=panel, location=location, video_url=video_url
    )
    return scheduling_invitation_send(
        application=application, slots=slots, actor=actor, message=message, valid_for=valid_for, request=request
    )


# --- The candidate's side -------------------------------------------------------------


def _open_invitation(token: str) -> tuple[AccessToken, SchedulingInvitation]:
    """Resolve and lock a self_schedule token and its invitation; raises TokenInvalid / ValidationError."""
    row = access_token_resolve(token=token, purpose=AccessToken.Purpose.SELF_SCHEDULE, for_update=True)
    invitation = SchedulingInvitation.objects.select_for_update().get(pk=row.target_id)
    invitation = SchedulingInvitation.objects.select_related(
        "stage", "created_by", "application__candidate", "application__job__recruiter"
    ).get(pk=invitation.pk)
    if invitation.status not in OPEN_STATUSES:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    if invitation.application.status != Application.Status.ACTIVE:
        raise ValidationError(_("This application is closed."), code="closed")
    return row, invitation


def _claim(invitation: SchedulingInvitation, slot_public_id, *, earliest: datetime | None = None) -> InterviewSlot:
    """Claim one of the invitation's slots with a single conditional UPDATE;
    raises SlotTaken when it is not offered, starts before ``earliest``
    (default now), or someone else got it."""
    try:
        slot = invitation.slots.filter(public_id=slot_public_id).first()
    except (ValueError, ValidationError):
        slot = None
    if slot is None or slot.starts_at <= (earliest or timezone.now()):
        raise SlotTaken(_("That time is not available."), code="unavailable")
    claimed = InterviewSlot.objects.filter(free_slot_q(), pk=slot.pk).update(booked_at=timezone.now())
    if not claimed:
        raise SlotTaken(_("Sorry, someone else has just taken that time. Please choose another."), code="taken")
    return slot


def _scheduler(invitation: SchedulingInvitation) -> User | None:
    # The candidate has no user: the interview is recorded as scheduled by
    # whoever sent the invitation (Interview.created_by may not be blank).
    return invitation.created_by or invitation.application.job.recruiter


def _book(invitation: SchedulingInvitation, slot: InterviewSlot) -> Interview:
    interview = interview_schedule(
        application=invitation.application,
        actor=_scheduler(invitation),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        panel=list(slot.panel.all()),
        stage=invitation.stage,
        location=slot.location,
        video_url=slot.video_url,
        # The candidate's one confirmation is the reschedule-link email, with the calendar file.
        notify_candidate=False,
    )
    InterviewSlot.objects.filter(pk=slot.pk).update(interview=interview)
    invitation.status = SchedulingInvitation.Status.BOOKED
    invitation.interview = interview
    invitation.save(update_fields=["status", "interview", "updated_at"])
    return interview


def _reschedule_link(invitation: SchedulingInvitation, interview: Interview, request) -> str:
    """Issue a link to move ``interview``, valid until it starts (the cut-off
    is checked on use), mail it to the candidate with the interview's
    calendar file (key ``interview:<id>:reschedule-link:<token id>``): the one
    confirmation of a booking or a move. Return the token."""
    token, row = access_token_issue(
        purpose=AccessToken.Purpose.RESCHEDULE, target=interview, valid_for=interview.starts_at - timezone.now()
    )
    candidate = invitation.application.candidate
    job = invitation.application.job
    with translation.override(candidate.language):
        context = {
            "candidate_name": candidate.full_name,
            "job_title": job.title,
            "stage_name": interview.stage.name,
            "when": _when(interview.starts_at, candidate.time_zone),
            "location": interview.location,
            "video_url": interview.video_url,
            "link": absolute_url(reverse("interviews:selfschedule-reschedule", args=[token]), request),
            "recruiter_name": job.recruiter.full_name if job.recruiter else "",
            "recruiter_email": job.recruiter.email if job.recruiter else "",
        }
    if candidate.email:
        email_queue(
            to=candidate.email,
            idempotency_key=f"interview:{interview.pk}:reschedule-link:{row.pk}",
            language=candidate.language,
            template="selfschedule_booked",
            context=context,
            related=interview,
            reply_to=job.recruiter.email if job.recruiter else "",
            attachments=[candidate_calendar_attachment(interview)],
            candidate_ref=candidate.public_id,
        )
    return token


@transaction.atomic
def slot_book(*, token: str, slot_public_id, request: HttpRequest | None = None) -> tuple[Interview, str]:
    """Book the slot ``slot_public_id`` of the invitation ``token`` opens;
    return the Interview and a new reschedule token for it.

    Locks the token and the invitation, claims the slot with one conditional
    UPDATE, schedules the interview with the slot's panel
    (interview_schedule), marks the invitation booked, uses the token, issues
    a RESCHEDULE token and queues a confirmation email (key
    ``invitation:<id>:booked:<interview id>``) with the link to move it.
    Raises core.services.TokenInvalid for an unknown, expired, used or
    revoked link; SlotTaken when the slot is not offered by the invitation,
    past, or already taken; ValidationError for a closed invitation.
    """
    row, invitation = _open_invitation(token)
    slot = _claim(invitation, slot_public_id)
    interview = _book(invitation, slot)
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    new_token = _reschedule_link(invitation, interview, request)
    audit_record(action="interviews.invitation.book", actor=None, target=invitation, data={"slot": slot.pk})
    return interview, new_token


@transaction.atomic
def other_times_request(*, token: str, message: str) -> SchedulingInvitation:
    """The candidate asks for other times with ``message``: the invitation
    becomes ``other_times`` with the message kept for the recruiter, and an
    ``interview`` Activity is written. The link stays usable, so the candidate
    may still pick an offered time. Raises TokenInvalid, or ValidationError
    for an empty message or a closed invitation."""
    message = message.strip()[:MAX_CANDIDATE_MESSAGE]
    if not message:
        raise ValidationError(_("Tell us which times would suit you."), code="empty")
    _row, invitation = _open_invitation(token)
    invitation.status = SchedulingInvitation.Status.OTHER_TIMES
    invitation.candidate_message = message
    invitation.save(update_fields=["status", "candidate_message", "updated_at"])
    activity_record(
        candidate=invitation.application.candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=None,
        message=MESSAGES.message(messages.OTHER_TIMES_ASKED, stage=invitation.stage.name),
        target=invitation,
    )
    audit_record(action="interviews.invitation.other_times", actor=None, target=invitation)
    return invitation


def reschedule_deadline(interview: Interview) -> datetime:
    """The last moment the candidate may move ``interview`` themselves."""
    return interview.starts_at - timedelta(hours=interview.application.job.reschedule_cutoff_hours)


@transaction.atomic
def interview_reschedule_by_candidate(
    *, token: str, slot_public_id, request: HttpRequest | None = None
) -> tuple[Interview, str]:
    """Move the interview the RESCHEDULE ``token`` opens to another free slot
    of the invitation it was booked through; return the interview and a new
    reschedule token.

    Allowed until the job's ``reschedule_cutoff_hours`` before the interview,
    to a slot starting after that cut-off from now. Claims the new slot (one
    conditional UPDATE), frees the old one, moves the interview with
    interview_reschedule (same calendar event, sequence raised, the panel
    told; the candidate's one email is the new link with the calendar file),
    uses the token and mails a new link. Raises TokenInvalid;
    TooLateToReschedule past the cut-off; SlotTaken for a slot not offered,
    before the cut-off from now, the current one, or taken; ValidationError for an interview no
    longer scheduled.
    """
    row = access_token_resolve(token=token, purpose=AccessToken.Purpose.RESCHEDULE, for_update=True)
    Interview.objects.select_for_update().filter(pk=row.target_id).values_list("pk", flat=True).get()
    interview = Interview.objects.select_related("stage", "application__job", "application__candidate").get(
        pk=row.target_id
    )
    if interview.status != Interview.Status.SCHEDULED:
        raise ValidationError(_("This interview is no longer scheduled."), code="closed")
    if timezone.now() > reschedule_deadline(interview):
        raise TooLateToReschedule(
            _("It is too late to move this interview yourself. Please contact the recruiter."), code="too_late"
        )
    invitation = SchedulingInvitation.objects.select_for_update().filter(interview=interview).first()
    if invitation is None:
        raise ValidationError(_("This interview was not booked through an invitation."), code="closed")
    invitation = SchedulingInvitation.objects.select_related(
        "stage", "created_by", "application__candidate", "application__job__recruiter"
    ).get(pk=invitation.pk)
    current = InterviewSlot.objects.filter(interview=interview).values_list("public_id", flat=True)
    if str(slot_public_id) in {str(public_id) for public_id in current}:
        raise SlotTaken(_("That is already the time of your interview."), code="current")
    # A move lands after the cut-off, where it could still be moved again.
    slot = _claim(invitation, slot_public_id, earliest=earliest_candidate_start(interview.application.job))
    # The old slot is free again for whoever else it was offered to.
    InterviewSlot.objects.filter(interview=interview).update(interview=None, booked_at=None)
    interview = interview_reschedule(
        interview=interview,
        actor=_scheduler(invitation),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        location=slot.location,
        video_url=slot.video_url,
        panel=list(slot.panel.all()),
        notify_candidate=False,
    )
    InterviewSlot.objects.filter(pk=slot.pk).update(interview=interview)
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    new_token = _reschedule_link(invitation, interview, request)
    audit_record(action="interviews.invitation.reschedule", actor=None, target=invitation, data={"slot": slot.pk})
    return interview, new_token
