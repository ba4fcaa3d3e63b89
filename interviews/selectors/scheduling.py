"""Reads for scheduling: who may sit on a stage's panel, and what a proposed
time collides with in each panelist's calendar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import ROLE_RULES, rules_for
from interviews.models import Application, Interview, Panelist, Stage, Unavailability
from interviews.selectors import interview_list_for
from jobs.models import Job

# Roles that may sit on a panel (accounts.roles sits_on_panels): those a stage
# may name as qualified, and those offered when it names nobody.
PANEL_ROLES = tuple(role for role, rules in ROLE_RULES.items() if rules.sits_on_panels)


def panel_role_users() -> QuerySet[User]:
    """Active users whose role may sit on a panel, by name: those a stage can
    name as its qualified interviewers."""
    return User.objects.filter(is_active=True, role__in=PANEL_ROLES).order_by("full_name", "pk")


def stage_panel_candidates(stage: Stage) -> QuerySet[User]:
    """The active users who may sit on ``stage``'s panels, by name: the stage's
    qualified interviewers if it names any, else every active user of a
    panel role. One query."""
    qualified = Stage.interviewers.through.objects.filter(stage_id=stage.pk)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(Exists(qualified.filter(user_id=OuterRef("pk")))) | Q(role__in=PANEL_ROLES) & ~Q(Exists(qualified)))
        .order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class Conflict:
    """Something in a panelist's calendar overlapping a proposed time.

    ``interview`` is set only when the viewer may see that interview;
    otherwise the entry says "busy" and nothing about the candidate."""

    kind: Literal["interview", "unavailable"]
    starts_at: datetime
    ends_at: datetime
    interview: Interview | None = None
    reason: str = ""


def panel_conflicts(
    *,
    users: Iterable[User],
    starts_at: datetime,
    ends_at: datetime,
    exclude_interview: Interview | None = None,
    viewer: User | None = None,
) -> dict[int, list[Conflict]]:
    """Each user's not-cancelled interviews (any job) and declared unavailable
    times that overlap [starts_at, ends_at), keyed by user pk; users with none
    are left out. Touching edges (one ends as the other starts) do not
    conflict. ``exclude_interview`` leaves out the interview being moved.
    Two queries."""
    user_ids = [user.pk for user in users]
    if not user_ids or ends_at <= starts_at:
        return {}
    seats = (
        Panelist.objects.filter(
            user_id__in=user_ids, interview__starts_at__lt=ends_at, interview__ends_at__gt=starts_at
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .select_related("interview__stage", "interview__application__candidate", "interview__application__job")
        .order_by("interview__starts_at", "pk")
    )
    if exclude_interview is not None:
        seats = seats.exclude(interview_id=exclude_interview.pk)
    visible = (
        Exists(interview_list_for(viewer).filter(pk=OuterRef("interview_id"))) if viewer is not None else Value(False)
    )
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    for seat in seats.annotate(visible=visible):
        interview = seat.interview
        conflicts[seat.user_id].append(
            Conflict(
                kind="interview",
                starts_at=interview.starts_at,
                ends_at=interview.ends_at,
                interview=interview if seat.visible else None,
            )
        )
    declared = Unavailability.objects.filter(user_id__in=user_ids, starts_at__lt=ends_at, ends_at__gt=starts_at)
    for row in declared.order_by("starts_at", "pk"):
        conflicts[row.user_id].append(
            Conflict(kind="unavailable", starts_at=row.starts_at, ends_at=row.ends_at, reason=row.reason)
        )
    return dict(conflicts)


def can_declare_unavailability(user: User) -> bool:
    """Whether ``user`` keeps unavailable times: only a role that sits on
    panels has a calendar the scheduler reads."""
    return user.is_active and rules_for(user.role).sits_on_panels


def require_declare_unavailability(user: User) -> None:
    """403 for a role that never sits on a panel (the read-only reviewer)."""
    if not can_declare_unavailability(user):
        raise PermissionDenied


def unavailability_list_for(user: User) -> QuerySet[Unavailability]:
    """``user``'s own declared unavailable times, soonest first."""
    return Unavailability.objects.filter(user=user).order_by("starts_at", "pk")


def interviews_ahead(application, *, stage: Stage | None = None) -> QuerySet[Interview]:
    """The application's scheduled interviews not over yet (at ``stage`` only,
    when given), soonest first, with their stage: those a rejection cancels
    and those that keep a stage from being passed as done."""
    interviews = Interview.objects.filter(
        application=application, status=Interview.Status.SCHEDULED, ends_at__gt=timezone.now()
    )
    if stage is not None:
        interviews = interviews.filter(stage=stage)
    return interviews.select_related("stage").order_by("starts_at", "pk")


def interview_ahead_text(interview: Interview) -> str:
    """ "Technical interview on 11 Dec, not held yet" in the active language
    and time zone (or "under way" once it has started)."""
    when = formats.date_format(timezone.localtime(interview.starts_at), "MONTH_DAY_FORMAT")
    if interview.starts_at > timezone.now():
        return _("%(stage)s interview on %(date)s, not held yet") % {"stage": interview.stage.name, "date": when}
    return _("%(stage)s interview on %(date)s, still under way") % {"stage": interview.stage.name, "date": when}


def interviews_ahead_context(application) -> dict:
    """What a reject or withdraw form shows of the application's interviews
    not over yet (interviews/_fragments/interviews_ahead_choice.html): their
    texts, and whether the job asks first (no choice made for the user)."""
    if application.status != Application.Status.ACTIVE:
        return {"interviews_ahead": [], "ahead_ask": False}
    return {
        "interviews_ahead": [interview_ahead_text(interview) for interview in interviews_ahead(application)],
        "ahead_ask": application.job.future_interviews_on_close == Job.FutureInterviewsOnClose.ASK,
    }
