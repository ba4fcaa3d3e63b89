"""Scheduling interviews: panels, times, conflicts and calendar invitations.

Every change to an interview's time, place or panel raises its calendar
``sequence`` and mails the candidate and the panel an ICS file for the same
event (interviews.ics), each in their own language and time zone. Conflicts
with the panel's other interviews and declared unavailable times are shown by
the scheduling form (interviews.selectors.scheduling.panel_conflicts); they
never block saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import rules_for
from candidates.models import Activity
from candidates.services import activity_record
from core.services import access_token_revoke_for, audit_record
from interviews import ics, messages
from interviews.models import Application, Interview, Panelist, Stage, Unavailability
from interviews.selectors.scheduling import stage_panel_candidates
from interviews.services.reminders import (
    interview_reminders_cancel,
    interview_reminders_move,
    interview_reminders_queue,
)
from interviews.services.stage_checks import _check_stage
from interviews.services.triggers import interview_emails_on
from messaging.messages import MESSAGES
from messaging.services import email_queue

INVITATION = "interview_invitation"
RESCHEDULED = "interview_rescheduled"
CANCELLED = "interview_cancelled"


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The interview must end after it starts.")})


def _check_panel(stage: Stage, panel: Sequence[User]) -> None:
    """Refuse users who may not sit on ``stage``'s panels, naming them."""
    allowed = set(stage_panel_candidates(stage).filter(pk__in=[user.pk for user in panel]).values_list("pk", flat=True))
    refused = [user for user in panel if user.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "panel": _("%(names)s may not sit on %(stage)s panels.")
                % {"names": ", ".join(str(user) for user in refused), "stage": stage.name}
            }
        )


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    actor: User | None,
    starts_at: datetime,
    ends_at: datetime,
    panel: Sequence[User],
    stage: Stage | None = None,
    location: str = "",
    video_url: str = "",
    notify: bool = True,
    notify_candidate: bool = True,
) -> Interview:
    """Schedule an interview for an application with a panel.

    Writes the Interview (sequence 0), its Panelist rows (which give the panel
    access to the application) and an ``interview`` Activity. Unless
    ``notify`` is off or the interview is already over, queues an invitation
    with an ICS file (METHOD:REQUEST) to the candidate (if they have an
    email address, and unless ``notify_candidate`` is off: a self-booking
    confirms it in its own email) and to each panelist, and an ``email``
    Activity. Raises
    ValidationError for an empty panel or one with users not qualified for the
    stage (stage_panel_candidates), a stage of another job or archived, or an
    end before the start.
    """
    stage = stage or application.stage
    _check_stage(stage, application.job)
    panel = list(dict.fromkeys(panel))
    if not panel:
        raise ValidationError({"panel": _("Choose at least one interviewer.")})
    _check_times(starts_at, ends_at)
    _check_panel(stage, panel)
    interview = Interview(
        application=application,
        stage=stage,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_url=video_url,
        created_by=actor,
    )
    interview.full_clean()
    interview.save()
    Panelist.objects.bulk_create(Panelist(interview=interview, user=user) for user in panel)
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=actor,
        message=MESSAGES.message(messages.SCHEDULED, stage=stage.name),
        target=interview,
        data={"starts_at": starts_at.isoformat()},
    )
    if notify:
        _notify(
            interview, template=INVITATION, method=ics.REQUEST, panel=panel, actor=actor, candidate=notify_candidate
        )
        interview_reminders_queue(interview=interview)
    return interview


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    actor: User | None,
    starts_at: datetime,
    ends_at: datetime,
    location: str | None = None,
    video_url: str | None = None,
    panel: Sequence[User] | None = None,
    notify: bool = True,
    notify_candidate: bool = True,
) -> Interview:
    """Move a scheduled interview and/or change its place or panel.

    Locks the interview row, raises ``sequence`` by one, writes the new time,
    place (None keeps it) and panel (None keeps it; users added must be
    qualified for the stage), an ``interview`` Activity and an AuditEvent.
    Queues the updated invitation (METHOD:REQUEST, same UID) to the candidate
    (unless ``notify_candidate`` is off) and the current panel, and METHOD:CANCEL to panelists who were removed.
    Raises ValidationError for an interview that is not scheduled, an end
    before the start, an empty panel or an unqualified new panelist.
    """
    interview = _locked(interview)
    if interview.status != Interview.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled interview can be rescheduled."))
    _check_times(starts_at, ends_at)
    seated = list(User.objects.filter(panel_seats__interview=interview).order_by("full_name", "pk"))
    removed: list[User] = []
    if panel is not None:
        panel = list(dict.fromkeys(panel))
        if not panel:
            raise ValidationError({"panel": _("Choose at least one interviewer.")})
        added = [user for user in panel if user not in seated]
        removed = [user for user in seated if user not in panel]
        _check_panel(interview.stage, added)
        Panelist.objects.filter(interview=interview, user__in=removed).delete()
        Panelist.objects.bulk_create(Panelist(interview=interview, user=user) for user in added)
        seated = panel
    previous = interview.starts_at
    interview.starts_at, interview.ends_at = starts_at, ends_at
    if location is not None:
        interview.location = location
    if video_url is not None:
        interview.video_url = video_url
    interview.sequence += 1
    interview.full_clean()
    interview.save()
    activity_record(
        candidate=interview.application.candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=actor,
        message=MESSAGES.message(messages.RESCHEDULED, stage=interview.stage.name),
        target=interview,
        data={"from": previous.isoformat(), "starts_at": starts_at.isoformat(), "sequence": interview.sequence},
    )
    audit_record(
        action="interviews.interview.reschedule",
        actor=actor,
        target=interview,
        data={"sequence": interview.sequence, "removed": [user.pk for user in removed]},
    )
    # The old time's queued reminders go; new ones only if the people are told.
    interview_reminders_move(interview=interview, queue=notify)
    if notify:
        _notify(
            interview, template=RESCHEDULED, method=ics.REQUEST, panel=seated, actor=actor, candidate=notify_candidate
        )
        if removed:
            _notify(
                interview,
                template=CANCELLED,
                method=ics.CANCEL,
                panel=removed,
                actor=actor,
                candidate=False,
                attendees_of=removed,
            )
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: User | None, reason: str = "", notify: bool = True) -> Interview:
    """Cancel a scheduled interview: status cancelled, ``sequence`` raised,
    an ``interview`` Activity and an AuditEvent; queues METHOD:CANCEL (same
    UID) to the candidate and the whole panel, cancels its queued reminders and
    revokes the candidate's link to move it. The panel keeps its seats (and so
    its access). Raises ValidationError unless the interview is scheduled."""
    interview = _locked(interview)
    if interview.status != Interview.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled interview can be cancelled."))
    interview.status = Interview.Status.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    activity_record(
        candidate=interview.application.candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=actor,
        message=MESSAGES.message(messages.CANCELLED, stage=interview.stage.name),
        target=interview,
        data={"starts_at": interview.starts_at.isoformat()},
    )
    audit_record(action="interviews.interview.cancel", actor=actor, target=interview)
    interview_reminders_cancel(interview=interview)
    # The candidate's link to move it goes too.
    access_token_revoke_for(target=interview)
    if notify:
        panel = list(User.objects.filter(panel_seats__interview=interview).order_by("full_name", "pk"))
        _notify(interview, template=CANCELLED, method=ics.CANCEL, panel=panel, actor=actor, reason=reason[:500])
    return interview


def _locked(interview: Interview) -> Interview:
    Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk", flat=True).get()
    return Interview.objects.select_related("stage", "application__candidate", "application__job").get(pk=interview.pk)


# --- Invitations ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Recipient:
    kind: str  # "candidate" or "panelist"
    pk: int
    email: str
    name: str
    language: str
    time_zone: str


def _local_times(interview: Interview, recipient: _Recipient) -> dict[str, str]:
    """The interview's date and times as the recipient reads them."""
    zone = ZoneInfo(recipient.time_zone)
    starts, ends = interview.starts_at.astimezone(zone), interview.ends_at.astimezone(zone)
    with translation.override(recipient.language):
        return {
            "date": formats.date_format(starts, "DATE_FORMAT"),
            "weekday": formats.date_format(starts, "l"),
            "starts": starts.strftime("%H:%M"),
            "ends": ends.strftime("%H:%M"),
            "time_zone": recipient.time_zone,
        }


def _notify(
    interview: Interview,
    *,
    template: str,
    method: str,
    panel: Sequence[User],
    actor: User | None,
    candidate: bool = True,
    attendees_of: Sequence[User] | None = None,
    reason: str = "",
) -> int:
    """Queue ``template`` with an ICS file to the candidate (if ``candidate``
    and they have an address) and to ``panel``; returns how many were queued.
    Nothing is sent for an interview that is already over."""
    if interview.ends_at <= timezone.now():
        return 0
    # The interview trigger switches the candidate's copy (the panel always
    # gets theirs), and a candidate who asked not to be contacted gets none.
    application = interview.application
    candidate = candidate and interview_emails_on(interview) and application.candidate.contact_opt_out_at is None
    person = application.candidate
    recipients = [
        _Recipient("panelist", user.pk, user.email, user.full_name, user.language, user.time_zone) for user in panel
    ]
    everyone = list(recipients)
    if person.email:
        candidate_recipient = _Recipient(
            "candidate", person.pk, person.email, person.full_name, person.language, person.time_zone
        )
        everyone.insert(0, candidate_recipient)
        if candidate:
            recipients.insert(0, candidate_recipient)
    if attendees_of is not None:
        everyone = [r for r in everyone if r.kind == "panelist" and r.pk in {user.pk for user in attendees_of}]
    attendees = [(r.email, r.name) for r in everyone]
    step = "cancel" if method == ics.CANCEL else "invite"
    for recipient in recipients:
        email_queue(
            to=recipient.email,
            idempotency_key=f"interview:{interview.pk}:{step}:{interview.sequence}:{recipient.kind}:{recipient.pk}",
            language=recipient.language,
            template=template,
            context={
                "recipient_kind": recipient.kind,
                "recipient_name": recipient.name,
                "candidate_name": person.full_name,
                "job_title": application.job.title,
                "stage_name": interview.stage.name,
                "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
                "location": interview.location,
                "video_url": interview.video_url,
                "reason": reason,
                "removed": attendees_of is not None,
                **_local_times(interview, recipient),
            },
            related=interview,
            reply_to=actor.email if actor else "",
            candidate_ref=person.public_id if recipient.kind == "candidate" else None,
            attachments=[
                (
                    ics.FILENAME,
                    ics.interview_calendar(
                        interview=interview, method=method, attendees=attendees, language=recipient.language
                    ),
                    ics.mimetype(method),
                )
            ],
        )
    if recipients:
        summaries = {
            INVITATION: messages.INVITATION_QUEUED,
            RESCHEDULED: messages.UPDATE_QUEUED,
            CANCELLED: messages.CANCELLATION_QUEUED,
        }
        activity_record(
            candidate=person,
            kind=Activity.Kind.EMAIL,
            actor=actor,
            message=MESSAGES.message(summaries[template], stage=interview.stage.name),
            target=interview,
            data={"recipients": len(recipients), "sequence": interview.sequence, "method": method},
        )
    return len(recipients)


def candidate_calendar_attachment(interview: Interview) -> tuple[str, bytes, str]:
    """The interview's calendar file (METHOD:REQUEST, the same UID and
    sequence as the panel's) for the candidate, in their language: what a
    self-booking's confirmation carries instead of a second email."""
    person = interview.application.candidate
    attendees = [(person.email, person.full_name)] + [
        (user.email, user.full_name)
        for user in User.objects.filter(panel_seats__interview=interview).order_by("full_name", "pk")
    ]
    calendar = ics.interview_calendar(
        interview=interview, method=ics.REQUEST, attendees=attendees, language=person.language
    )
    return (ics.FILENAME, calendar, ics.mimetype(ics.REQUEST))


# --- Declared unavailable times -----------------------------------------------------


@transaction.atomic
def unavailability_add(*, user: User, starts_at: datetime, ends_at: datetime, reason: str = "") -> Unavailability:
    """Declare a time ``user`` cannot interview. Writes one Unavailability.
    Raises PermissionDenied for a role that never sits on a panel, and
    ValidationError for an end before the start."""
    if not rules_for(user.role).sits_on_panels:
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    unavailability = Unavailability(user=user, starts_at=starts_at, ends_at=ends_at, reason=reason.strip())
    unavailability.full_clean()
    unavailability.save()
    return unavailability


@transaction.atomic
def unavailability_remove(*, user: User, unavailability: Unavailability) -> None:
    """Delete one of ``user``'s own declared times; PermissionDenied for
    another user's."""
    if unavailability.user_id != user.pk:
        raise PermissionDenied
    unavailability.delete()
