"""Reminders: before an interview, scorecards after it, and the daily digest.

Every reminder is an OutboundEmail row with a due time, picked up by the outbox's
sweep; nothing here uses a Celery ETA or countdown (tests/test_no_celery_eta.py).

**Interview reminders** are queued when the interview is scheduled: the
candidate CANDIDATE_REMINDER_BEFORE (24 h) before it starts, each panelist
PANEL_REMINDER_BEFORE (1 h) before. Their keys carry the interview's calendar
``sequence``::

    interview:<id>:reminder:<sequence>:24h:candidate
    interview:<id>:reminder:<sequence>:1h:panel:<user id>

A reschedule raises the sequence, so it *cancels* every still-queued reminder
of the interview (one conditional UPDATE on ``status=queued``,
``messaging.services.email_cancel``) and queues fresh rows for the new time and
the new panel; cancelling the interview cancels them the same way. We chose
cancel-and-requeue over moving ``due_at`` in place because a reschedule may
also change the panel and the place the email names: new rows always say what
is true now, and the cancelled ones stay visible in the outbox as history. A
reminder already sent (or being sent) is never touched. A reminder whose due
time has passed when it would be queued (an interview booked 3 hours ahead
gets no 24-hour reminder) is not queued at all.

**Scorecard reminders** come from ``scorecard_reminder_sweep``: a panelist
whose scorecard is not submitted SCORECARD_DUE_AFTER (N = 2 h) after the
interview ended gets "please submit your scorecard" once (key
``scorecard:<interview id>:due:<user id>``); when any scorecard of the
interview is still missing SCORECARD_ESCALATE_AFTER (M = 24 h) after the end,
the job's recruiter gets one escalation naming who is missing (key
``scorecard:<interview id>:escalation``). Interviews that ended more than
SCORECARD_WINDOW ago are not chased, which also keeps the scan to recent
``starts_at``. The unique idempotency key is the claim: overlapping or repeated
sweeps queue each email once. Each email has an in-app twin written in the same
transaction: a ``scorecard_overdue`` notification to the panelist with the
reminder, a ``scorecard_escalation`` one to the recruiter with the escalation
(one scheme, two channels).

**The daily digest** (``recruiter_digest_sweep``) goes to every active user who
is the recruiter of an open or on-hold job, once per day of their own calendar
(key ``digest:<user id>:<YYYY-MM-DD>``, the local date), once it is
DIGEST_AT (08:00) where they are and before DIGEST_UNTIL (12:00): a digest
that could not go out in the morning (the system was down) is skipped rather
than sent in the evening. It lists their interviews today, overdue scorecards
on their jobs and active applications over their stage's SLA; a recruiter with
nothing in any list gets no mail. It is written in their language with times
in their time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import CharField, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import User
from interviews import messages
from interviews.models import Application, Interview, Panelist, Scorecard
from jobs.models import Job
from messaging.links import absolute_url
from messaging.messages import MESSAGES, Message
from messaging.models import Notification, OutboundEmail
from messaging.senders import sender_headers
from messaging.services import email_cancel, email_queue, notification_create

CANDIDATE_REMINDER_BEFORE = timedelta(hours=24)
PANEL_REMINDER_BEFORE = timedelta(hours=1)
# N: a scorecard is due this long after the interview ended.
SCORECARD_DUE_AFTER = timedelta(hours=2)
# M: still missing this long after the end, the job's recruiter is told.
SCORECARD_ESCALATE_AFTER = timedelta(hours=24)
# Interviews that ended longer ago than this are not chased any more.
SCORECARD_WINDOW = timedelta(days=14)
DIGEST_AT = time(8, 0)
DIGEST_UNTIL = time(12, 0)
# Items per digest section; the total is always given.
DIGEST_LIST_MAX = 50

CANDIDATE_TEMPLATE = "interview_reminder_candidate"
PANEL_TEMPLATE = "interview_reminder_panel"
SCORECARD_DUE_TEMPLATE = "scorecard_due"
SCORECARD_ESCALATION_TEMPLATE = "scorecard_escalation"
DIGEST_TEMPLATE = "recruiter_digest"
# The in-app notifications sent with the scorecard emails (one scheme, two channels).
SCORECARD_DUE_NOTIFICATION = "scorecard_overdue"
SCORECARD_ESCALATION_NOTIFICATION = "scorecard_escalation"


def reminder_key_prefix(interview: Interview) -> str:
    """The key prefix every reminder of ``interview`` shares, at any sequence."""
    return f"interview:{interview.pk}:reminder:"


def candidate_reminder_key(interview: Interview) -> str:
    return f"{reminder_key_prefix(interview)}{interview.sequence}:24h:candidate"


def panel_reminder_key(interview: Interview, user_id: int) -> str:
    return f"{reminder_key_prefix(interview)}{interview.sequence}:1h:panel:{user_id}"


def scorecard_due_key(interview_id: int, user_id: int) -> str:
    return f"scorecard:{interview_id}:due:{user_id}"


def scorecard_escalation_key(interview_id: int) -> str:
    return f"scorecard:{interview_id}:escalation"


def digest_key(user_id: int, local_date) -> str:
    return f"digest:{user_id}:{local_date.isoformat()}"


def _local(moment: datetime, *, zone: str, language: str) -> dict[str, str]:
    """A moment as its reader reads it: date, weekday and time in their zone."""
    local = moment.astimezone(ZoneInfo(zone))
    with translation.override(language):
        return {
            "date": formats.date_format(local, "DATE_FORMAT"),
            "weekday": formats.date_format(local, "l"),
            "starts": local.strftime("%H:%M"),
            "time_zone": zone,
        }


def _interview_context(interview: Interview, *, kind: str, name: str, zone: str, language: str) -> dict:
    application = interview.application
    return {
        "recipient_kind": kind,
        "recipient_name": name,
        "candidate_name": application.candidate.full_name,
        "job_title": application.job.title,
        "stage_name": interview.stage.name,
        "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
        "location": interview.location,
        "video_url": interview.video_url,
        **_local(interview.starts_at, zone=zone, language=language),
        "ends": interview.ends_at.astimezone(ZoneInfo(zone)).strftime("%H:%M"),
    }


# --- Before the interview ------------------------------------------------------------


def interview_reminders_queue(*, interview: Interview, now: datetime | None = None) -> int:
    """Queue the reminders of a scheduled interview at its current sequence;
    returns how many were queued.

    Rows written, in the caller's transaction: one OutboundEmail to the
    candidate (if they have an address) due CANDIDATE_REMINDER_BEFORE the
    start, and one to each active panelist due PANEL_REMINDER_BEFORE the
    start, each in the recipient's language with times in their zone. A
    reminder whose due time is not after ``now`` is skipped; an interview that
    is not scheduled gets none. Idempotent per sequence (the keys). Queues no
    task: the outbox sweeper hands each row over when due. Raises nothing.
    """
    now = now or timezone.now()
    if interview.status != Interview.Status.SCHEDULED:
        return 0
    application = interview.application
    candidate = application.candidate
    queued = 0
    due_at = interview.starts_at - CANDIDATE_REMINDER_BEFORE
    if due_at > now and candidate.email and candidate.contact_opt_out_at is None:
        email_queue(
            to=candidate.email,
            idempotency_key=candidate_reminder_key(interview),
            language=candidate.language,
            template=CANDIDATE_TEMPLATE,
            context=_interview_context(
                interview,
                kind="candidate",
                name=candidate.full_name,
                zone=candidate.time_zone,
                language=candidate.language,
            ),
            due_at=due_at,
            related=interview,
            candidate_ref=candidate.public_id,
            **sender_headers(job=application.job),
        )
        queued += 1
    due_at = interview.starts_at - PANEL_REMINDER_BEFORE
    if due_at > now:
        for user in User.objects.filter(panel_seats__interview=interview, is_active=True).order_by("pk"):
            email_queue(
                to=user.email,
                idempotency_key=panel_reminder_key(interview, user.pk),
                language=user.language,
                template=PANEL_TEMPLATE,
                context=_interview_context(
                    interview, kind="panelist", name=user.full_name, zone=user.time_zone, language=user.language
                ),
                due_at=due_at,
                related=interview,
            )
            queued += 1
    return queued


def interview_reminders_cancel(*, interview: Interview) -> int:
    """Cancel every still-queued reminder of ``interview`` (any sequence);
    returns how many. One conditional UPDATE (``email_cancel``): sent or
    claimed rows are left alone. Queues nothing; raises nothing."""
    return email_cancel(key_prefix=reminder_key_prefix(interview), related=interview)


def interview_reminders_move(*, interview: Interview, now: datetime | None = None, queue: bool = True) -> int:
    """After a reschedule: cancel the interview's queued reminders and, if
    ``queue``, queue them again for its new time, panel and sequence; returns
    how many were queued. Rows written: the cancelled and the new
    OutboundEmails. Queues no task; raises nothing."""
    interview_reminders_cancel(interview=interview)
    return interview_reminders_queue(interview=interview, now=now) if queue else 0


# --- After the interview: scorecards ----------------------------------------------------


def _key_exists(*parts) -> Exists:
    """An outbox row exists whose key is the concatenation of ``parts``
    (strings, or outer references cast to text)."""
    pieces = [Value(part) if isinstance(part, str) else Cast(part, CharField()) for part in parts]
    return Exists(OutboundEmail.objects.filter(idempotency_key=Concat(*pieces, output_field=CharField())))


def _ended(now: datetime, after: timedelta) -> Q:
    """Not cancelled interviews that ended at least ``after`` before ``now``,
    within SCORECARD_WINDOW (read through the starts_at range)."""
    return Q(
        starts_at__gte=now - SCORECARD_WINDOW - after,
        starts_at__lte=now,
        ends_at__lte=now - after,
    ) & ~Q(status=Interview.Status.CANCELLED)


def _submitted() -> Exists:
    return Exists(
        Scorecard.objects.filter(
            interview=OuterRef("interview"), interviewer=OuterRef("user"), status=Scorecard.Status.SUBMITTED
        )
    )


def _missing_seats(now: datetime, after: timedelta) -> QuerySet[Panelist]:
    """Panel seats of active users whose scorecard is not submitted ``after`` the end."""
    ended = Interview.objects.filter(_ended(now, after)).values("pk")
    return Panelist.objects.filter(interview__in=ended, user__is_active=True).exclude(_submitted())


def scorecard_reminder_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the scorecard reminders and escalations that are due; returns how many.

    Rows written: per panelist without a submitted scorecard
    SCORECARD_DUE_AFTER after the end, one ``scorecard_due`` email (key
    ``scorecard:<interview>:due:<user>``); per interview with any scorecard
    still missing SCORECARD_ESCALATE_AFTER after the end, one
    ``scorecard_escalation`` email to the job's recruiter naming the missing
    panelists (key ``scorecard:<interview>:escalation``). Each in the
    recipient's language and zone, due now; each only ever once (the unique
    key), so overlapping runs are harmless. Tasks queued after commit: the
    sends. Raises nothing.
    """
    now = now or timezone.now()
    return _scorecards_due(now, limit) + _scorecards_escalate(now, limit)


def _scorecards_due(now: datetime, limit: int) -> int:
    seats = (
        _missing_seats(now, SCORECARD_DUE_AFTER)
        .exclude(_key_exists("scorecard:", OuterRef("interview_id"), ":due:", OuterRef("user_id")))
        .select_related("user", "interview__stage", "interview__application__candidate", "interview__application__job")
        .order_by("interview__ends_at", "pk")[:limit]
    )
    queued = 0
    for seat in seats:
        interview, user = seat.interview, seat.user
        with transaction.atomic():
            email_queue(
                to=user.email,
                idempotency_key=scorecard_due_key(interview.pk, user.pk),
                language=user.language,
                template=SCORECARD_DUE_TEMPLATE,
                context={
                    **_interview_context(
                        interview, kind="panelist", name=user.full_name, zone=user.time_zone, language=user.language
                    ),
                    "interview_path": absolute_url(_interview_path(interview)),
                },
                due_at=now,
                related=interview,
            )
            _notify_once(
                user,
                kind=SCORECARD_DUE_NOTIFICATION,
                url=_interview_path(interview),
                message=MESSAGES.message(
                    messages.SCORECARD_DUE,
                    candidate=interview.application.candidate.full_name,
                    stage=interview.stage.name,
                ),
            )
        queued += 1
    return queued


def _scorecards_escalate(now: datetime, limit: int) -> int:
    missing = _missing_seats(now, SCORECARD_ESCALATE_AFTER).filter(interview=OuterRef("pk"))
    interviews = (
        Interview.objects.filter(_ended(now, SCORECARD_ESCALATE_AFTER), application__job__recruiter__is_active=True)
        .filter(Exists(missing))
        .exclude(_key_exists("scorecard:", OuterRef("pk"), ":escalation"))
        .select_related("stage", "application__candidate", "application__job__recruiter")
        .order_by("ends_at", "pk")[:limit]
    )
    queued = 0
    for interview in interviews:
        recruiter = interview.application.job.recruiter
        names = list(
            _missing_seats(now, SCORECARD_ESCALATE_AFTER)
            .filter(interview=interview)
            .order_by("user__full_name", "pk")
            .values_list("user__full_name", flat=True)
        )
        with transaction.atomic():
            email_queue(
                to=recruiter.email,
                idempotency_key=scorecard_escalation_key(interview.pk),
                language=recruiter.language,
                template=SCORECARD_ESCALATION_TEMPLATE,
                context={
                    **_interview_context(
                        interview,
                        kind="recruiter",
                        name=recruiter.full_name,
                        zone=recruiter.time_zone,
                        language=recruiter.language,
                    ),
                    "missing": names,
                    "interview_path": absolute_url(_interview_path(interview)),
                },
                due_at=now,
                related=interview,
            )
            _notify_once(
                recruiter,
                kind=SCORECARD_ESCALATION_NOTIFICATION,
                url=_interview_path(interview),
                message=MESSAGES.message(
                    messages.SCORECARDS_MISSING,
                    candidate=interview.application.candidate.full_name,
                    stage=interview.stage.name,
                    names=", ".join(names),
                ),
            )
        queued += 1
    return queued


def _interview_path(interview: Interview) -> str:
    return reverse("interviews:interview-detail", args=[interview.public_id])


def _notify_once(user: User, *, kind: str, url: str, message: Message) -> None:
    """The in-app twin of a scorecard email: one notification per recipient,
    kind and interview (its URL), shown in the reader's language. Called
    in the email's transaction after its unique key was claimed, so an
    overlapping sweep waits for it and then finds the notification."""
    if Notification.objects.filter(recipient=user, kind=kind, url=url).exists():
        return
    notification_create(recipient=user, kind=kind, message=message, url=url)


# --- The recruiter's morning digest ----------------------------------------------------


def _digest_recruiters() -> QuerySet[User]:
    open_jobs = Job.objects.filter(recruiter=OuterRef("pk"), status__in=[Job.Status.OPEN, Job.Status.ON_HOLD])
    return User.objects.filter(is_active=True).filter(Exists(open_jobs)).order_by("pk")


def recruiter_digest_sweep(*, now: datetime | None = None) -> int:
    """Queue each recruiter's digest for their local day once it is due;
    returns how many were queued.

    Due for a user who is the recruiter of an open or on-hold job when their
    local time is between DIGEST_AT and DIGEST_UNTIL and no digest with the key
    ``digest:<user id>:<local date>`` exists. Rows written: one
    ``recruiter_digest`` OutboundEmail per such user with something to report,
    due now, in their language and zone. Idempotent per local day (the key),
    so overlapping runs are harmless. Tasks queued after commit: the sends.
    Raises nothing.
    """
    now = now or timezone.now()
    due: dict[str, tuple[User, datetime]] = {}
    for user in _digest_recruiters():
        local_now = now.astimezone(ZoneInfo(user.time_zone))
        if DIGEST_AT <= local_now.time() < DIGEST_UNTIL:
            due[digest_key(user.pk, local_now.date())] = (user, local_now)
    sent = set(OutboundEmail.objects.filter(idempotency_key__in=list(due)).values_list("idempotency_key", flat=True))
    queued = 0
    for key, (user, local_now) in due.items():
        if key in sent:
            continue
        context = recruiter_digest_context(user=user, now=now, local_now=local_now)
        if not (context["interviews_total"] or context["scorecards_total"] or context["overdue_total"]):
            continue
        email_queue(
            to=user.email,
            idempotency_key=key,
            language=user.language,
            template=DIGEST_TEMPLATE,
            context=context,
            due_at=now,
            related=user,
        )
        queued += 1
    return queued


def recruiter_digest_context(*, user: User, now: datetime, local_now: datetime) -> dict:
    """What ``user``'s digest says (JSON-ready): their interviews on their local
    day, overdue scorecards and applications over SLA on the jobs they recruit
    for, each list capped at DIGEST_LIST_MAX with its total."""
    zone = ZoneInfo(user.time_zone)
    day_start = datetime.combine(local_now.date(), time(0), tzinfo=zone)
    day_end = datetime.combine(local_now.date() + timedelta(days=1), time(0), tzinfo=zone)
    interviews = Interview.objects.filter(
        application__job__recruiter=user,
        status=Interview.Status.SCHEDULED,
        starts_at__gte=day_start,
        starts_at__lt=day_end,
    ).select_related("stage", "application__candidate", "application__job")
    seats = (
        _missing_seats(now, SCORECARD_DUE_AFTER)
        .filter(interview__application__job__recruiter=user)
        .select_related("user", "interview__stage", "interview__application__candidate", "interview__application__job")
    )
    deadline = ExpressionWrapper(Value(now) - F("stage__sla_days") * timedelta(days=1), output_field=DateTimeField())
    overdue = (
        Application.objects.filter(job__recruiter=user, status=Application.Status.ACTIVE, stage__sla_days__isnull=False)
        .alias(deadline=deadline)
        .filter(stage_entered_at__lt=F("deadline"))
        .select_related("candidate", "stage", "job")
    )
    with translation.override(user.language):
        date = formats.date_format(local_now, "DATE_FORMAT")
    return {
        "recipient_name": user.full_name,
        "date": date,
        "time_zone": user.time_zone,
        "interviews": _rows(interviews.order_by("starts_at", "pk"), lambda i: _interview_row(i, zone)),
        "interviews_total": interviews.count(),
        "scorecards": _rows(seats.order_by("interview__ends_at", "pk"), _seat_row),
        "scorecards_total": seats.count(),
        "overdue": _rows(overdue.order_by("stage_entered_at", "pk"), lambda a: _overdue_row(a, now)),
        "overdue_total": overdue.count(),
    }


def _rows(queryset: QuerySet, row) -> list[dict]:
    items: Iterable = queryset[:DIGEST_LIST_MAX]
    return [row(item) for item in items]


def _interview_row(interview: Interview, zone: ZoneInfo) -> dict:
    return {
        "starts": interview.starts_at.astimezone(zone).strftime("%H:%M"),
        "ends": interview.ends_at.astimezone(zone).strftime("%H:%M"),
        "candidate": interview.application.candidate.full_name,
        "stage": interview.stage.name,
        "job": interview.application.job.title,
    }


def _seat_row(seat: Panelist) -> dict:
    interview = seat.interview
    return {
        "panelist": seat.user.full_name,
        "candidate": interview.application.candidate.full_name,
        "stage": interview.stage.name,
        "job": interview.application.job.title,
    }


def _overdue_row(application: Application, now: datetime) -> dict:
    return {
        "candidate": application.candidate.full_name,
        "stage": application.stage.name,
        "job": application.job.title,
        "days": (now - application.stage_entered_at).days,
    }
