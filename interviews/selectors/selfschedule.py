"""Reads for candidate self-scheduling: the slots an invitation still offers,
an application's invitations, the users who may sit on a stage's panel, the
times a panel is free, and what a tokenized link (valid or not) points at."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core.models import AccessToken
from core.services import _hash as token_hash
from interviews.models import Application, Interview, InterviewSlot, SchedulingInvitation, Stage, Unavailability
from interviews.selectors.scheduling import stage_panel_candidates

WORKDAY_START = time(9)
WORKDAY_END = time(18)
MAX_SUGGESTIONS = 40


def free_slot_q() -> Q:
    """A slot nobody has booked or is booking (``booked_at`` is set by the claim)."""
    return Q(interview__isnull=True, booked_at__isnull=True)


def earliest_candidate_start(job) -> datetime:
    """The earliest time worth suggesting for an interview of ``job``, or
    moving one to: its reschedule cut-off from now. A time closer than that
    could not be moved any more once booked."""
    return timezone.now() + timedelta(hours=job.reschedule_cutoff_hours)


def invitation_free_slots(invitation: SchedulingInvitation, *, for_move: bool = False) -> QuerySet[InterviewSlot]:
    """The invitation's offered slots still free and still to start, in time
    order; ``for_move``: only those after the job's cut-off
    (earliest_candidate_start), the times an interview may be moved to."""
    earliest = earliest_candidate_start(invitation.application.job) if for_move else timezone.now()
    return invitation.slots.filter(free_slot_q(), starts_at__gt=earliest).order_by("starts_at", "pk")


def invitation_list_for_application(application: Application) -> QuerySet[SchedulingInvitation]:
    """An application's invitations, newest first, with their stage, booked
    interview, offered slots and sender: a fixed number of queries whatever
    their number."""
    return (
        SchedulingInvitation.objects.filter(application=application)
        .select_related("stage", "interview", "created_by")
        .prefetch_related(Prefetch("slots", queryset=InterviewSlot.objects.order_by("starts_at")))
        .order_by("-created_at", "-pk")
    )


def panel_choices_for_stage(stage: Stage) -> QuerySet[User]:
    """Who may sit on ``stage``'s panel (interviews.selectors.scheduling.stage_panel_candidates)."""
    return stage_panel_candidates(stage)


def _busy_intervals(panel: Sequence[User], start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Scheduled interviews and declared unavailable times of any panelist overlapping [start, end)."""
    interviews = Interview.objects.filter(
        panelists__user__in=panel, status=Interview.Status.SCHEDULED, starts_at__lt=end, ends_at__gt=start
    ).values_list("starts_at", "ends_at")
    away = Unavailability.objects.filter(user__in=panel, starts_at__lt=end, ends_at__gt=start).values_list(
        "starts_at", "ends_at"
    )
    return [*interviews, *away]


def slots_from_free_time(
    *,
    stage: Stage,
    panel: Sequence[User],
    window_start: datetime,
    window_end: datetime,
    duration: timedelta | None = None,
    step: timedelta = timedelta(minutes=30),
    time_zone: tzinfo | None = None,
) -> list[tuple[datetime, datetime]]:
    """Times within [window_start, window_end) when every panelist is free: on
    weekdays, between 09:00 and 18:00 in ``time_zone`` (the scheduler's; the
    active time zone by default), starting on the hour plus multiples of
    ``step``, lasting ``duration`` (the stage's by default), none overlapping a
    panelist's scheduled interview or unavailable time, none before the job's
    cut-off from now (earliest_candidate_start: the candidate could not pick
    it). At most MAX_SUGGESTIONS, earliest first. Reads only."""
    duration = duration or timedelta(minutes=stage.duration_minutes)
    zone = time_zone or timezone.get_current_timezone()
    window_start = max(window_start, earliest_candidate_start(stage.job))
    if not panel or window_end <= window_start or step <= timedelta(0):
        return []
    busy = _busy_intervals(panel, window_start, window_end)
    found: list[tuple[datetime, datetime]] = []
    day: date = window_start.astimezone(zone).date()
    while day <= window_end.astimezone(zone).date() and len(found) < MAX_SUGGESTIONS:
        if day.weekday() < 5:
            start = datetime.combine(day, WORKDAY_START, tzinfo=zone)
            closing = datetime.combine(day, WORKDAY_END, tzinfo=zone)
            while start + duration <= closing and len(found) < MAX_SUGGESTIONS:
                end = start + duration
                inside = start >= window_start and end <= window_end
                if inside and not any(b_start < end and b_end > start for b_start, b_end in busy):
                    found.append((start, end))
                start += step
        day += timedelta(days=1)
    return found


# --- Tokenized links -----------------------------------------------------------------


def token_row_any_state(*, token: str, purposes: Sequence[str]) -> AccessToken | None:
    """The token's row whatever its state (expired, used, revoked), for saying
    what happened to a dead link and whom to ask; None when unknown. Never
    used to grant anything: access goes through core.services.access_token_resolve."""
    return AccessToken.objects.filter(token_hash=token_hash(token), purpose__in=purposes).first()


def invitation_for_token_row(row: AccessToken) -> SchedulingInvitation | None:
    """The invitation a self_schedule token opens, with what its pages show."""
    if row.target_type_id != ContentType.objects.get_for_model(SchedulingInvitation).pk:
        return None
    return (
        SchedulingInvitation.objects.select_related(
            "stage", "application__candidate", "application__job__recruiter", "application__job__client"
        )
        .filter(pk=row.target_id)
        .first()
    )


def interview_for_token_row(row: AccessToken) -> Interview | None:
    """The interview a reschedule token opens, with what its page shows."""
    if row.target_type_id != ContentType.objects.get_for_model(Interview).pk:
        return None
    return (
        Interview.objects.select_related(
            "stage", "application__candidate", "application__job__recruiter", "application__job__client"
        )
        .filter(pk=row.target_id)
        .first()
    )


def invitation_for_interview(interview: Interview) -> SchedulingInvitation | None:
    """The invitation through which ``interview`` was booked, if any."""
    return (
        SchedulingInvitation.objects.filter(interview=interview)
        .select_related("application__job")
        .order_by("-created_at")
        .first()
    )


def booked_invitation_for_token(token: str) -> SchedulingInvitation | None:
    """The invitation a self_schedule link booked, when reopening the link
    should show that booking: the link was used to book (not withdrawn), the
    interview is still scheduled and the application still active. None
    otherwise. Shows, never grants: booking again needs a live link."""
    row = token_row_any_state(token=token, purposes=[AccessToken.Purpose.SELF_SCHEDULE])
    if row is None or row.revoked_at is not None:
        return None
    invitation = invitation_for_token_row(row)
    if (
        invitation is None
        or invitation.status != SchedulingInvitation.Status.BOOKED
        or invitation.application.status != Application.Status.ACTIVE
    ):
        return None
    interview = Interview.objects.select_related("stage").filter(pk=invitation.interview_id).first()
    if interview is None or interview.status != Interview.Status.SCHEDULED:
        return None
    invitation.booked_interview = interview
    return invitation


def application_for_token_row(row: AccessToken) -> Application | None:
    """The application behind a self_schedule or reschedule token, for a dead
    link's page (the job's recruiter to contact, the candidate's language)."""
    target = invitation_for_token_row(row) or interview_for_token_row(row)
    return target.application if target is not None else None
