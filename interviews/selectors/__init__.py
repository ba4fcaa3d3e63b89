"""Reads of applications, interviews and scorecards, scoped by the access
rules of accounts/roles.py. An interviewer's access comes from the panel
itself and lasts while they sit on a panel of that application."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Now
from django.http import Http404

from accounts.models import User
from accounts.roles import Reach, ScorecardReach, rules_for
from core.access import get_or_404
from interviews.models import Application, Interview, Panelist, Scorecard
from interviews.selectors.closing import with_reason_label_columns, with_reason_labels
from jobs.selectors import job_list_for

Action = Literal["view", "change", "decide"]


def application_list_for(user: User) -> QuerySet[Application]:
    """Every application ``user`` may see."""
    applications = Application.objects.all()
    if not user.is_active:
        return applications.none()
    reach = rules_for(user.role).jobs
    if reach == Reach.ALL:
        return applications
    if reach == Reach.PANEL:
        return applications.filter(Exists(Panelist.objects.filter(interview__application=OuterRef("pk"), user=user)))
    return applications.filter(job__in=job_list_for(user).values("pk"))


def get_application_for_user(user: User, public_id: UUID | str, *, action: Action = "view") -> Application:
    """The application, or 404 if ``user`` may not see it. ``change`` (move,
    schedule) and ``decide`` (reject, hire) answer 403 to roles that may only read."""
    application = get_or_404(
        application_list_for(user).select_related("job", "stage", "candidate"), public_id=public_id
    )
    rules = rules_for(user.role)
    if action == "change" and not rules.applications_write:
        raise PermissionDenied
    if action == "decide" and not rules.record_decisions:
        raise PermissionDenied
    return application


def get_board_application_for_user(user: User, public_id: UUID | str) -> Application:
    """An application as a card of its job's board: 404 unless ``user`` sees
    the job's board (an interviewer sees applications through their panels,
    never the board) and the application is still on it (active)."""
    if rules_for(user.role).jobs == Reach.PANEL:
        raise Http404
    application = get_application_for_user(user, public_id)
    if application.status != Application.Status.ACTIVE:
        raise Http404
    return application


def can_change_applications(user: User) -> bool:
    """Whether ``user``'s role puts candidates in pipelines and moves them on
    (on the jobs they see)."""
    return user.is_active and rules_for(user.role).applications_write


def require_change_applications(user: User) -> None:
    """403 for a role that may only read pipelines."""
    if not can_change_applications(user):
        raise PermissionDenied


def can_record_decisions(user: User) -> bool:
    """Whether ``user``'s role rejects, withdraws and hires (on the jobs they see)."""
    return user.is_active and rules_for(user.role).record_decisions


def require_record_decisions(user: User) -> None:
    """403 for a role that may not reject or hire (the read-only reviewer, an interviewer)."""
    if not can_record_decisions(user):
        raise PermissionDenied


def interview_list_for(user: User) -> QuerySet[Interview]:
    interviews = Interview.objects.all()
    if not user.is_active:
        return interviews.none()
    if rules_for(user.role).jobs == Reach.PANEL:
        return interviews.filter(Exists(Panelist.objects.filter(interview=OuterRef("pk"), user=user)))
    return interviews.filter(application__in=application_list_for(user).values("pk"))


def get_interview_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Interview:
    """The interview, or 404 if ``user`` may not see it; with ``for_change``
    (reschedule, cancel), 403 unless they may change its application, which
    comes with it already checked."""
    interview = get_or_404(interview_list_for(user).select_related("stage", "application"), public_id=public_id)
    if for_change:
        interview.application = get_application_for_user(user, interview.application.public_id, action="change")
    return interview


def scorecard_list_for(user: User) -> QuerySet[Scorecard]:
    """Scorecards ``user`` may read. Drafts are their author's alone (even
    administrators read only submitted scorecards: independent scoring); an
    interviewer sees the panel's other scorecards on an interview only once
    they have submitted their own."""
    scorecards = Scorecard.objects.all()
    if not user.is_active:
        return scorecards.none()
    reach = rules_for(user.role).scorecards
    own = Q(interviewer=user)
    submitted = Q(status=Scorecard.Status.SUBMITTED)
    if reach == ScorecardReach.ALL:
        return scorecards.filter(own | submitted)
    if reach == ScorecardReach.ON_VISIBLE_JOBS:
        return scorecards.filter(
            own | submitted & Q(interview__application__in=application_list_for(user).values("pk"))
        )
    if reach == ScorecardReach.OWN_THEN_PANEL:
        submitted_own = Scorecard.objects.filter(
            interview=OuterRef("interview_id"), interviewer=user, status=Scorecard.Status.SUBMITTED
        )
        return scorecards.filter(own | submitted & Q(Exists(submitted_own)))
    return scorecards.none()


def get_scorecard_for_user(user: User, pk: int) -> Scorecard:
    return get_or_404(scorecard_list_for(user).select_related("interview", "interviewer"), pk=pk)


def board_applications_for(user: User, job, *, source=None, tag=None, owner=None) -> QuerySet[Application]:
    """The active applications of ``job`` that ``user`` may see, for the pipeline
    board: one query whatever their number. Each row carries
    ``next_interview_at`` (the next scheduled interview still to start) and, over
    the interviews at its current stage already started and not cancelled,
    ``panel_seats`` and ``scorecards_submitted``. Filters (source, candidate tag, candidate owner)
    combine."""
    now = Now()
    applications = (
        application_list_for(user)
        .filter(job=job, status=Application.Status.ACTIVE)
        .select_related("candidate", "source")
        .order_by("stage_entered_at", "pk")
    )
    if source is not None:
        applications = applications.filter(source=source)
    if tag is not None:
        applications = applications.filter(candidate__tags=tag)
    if owner is not None:
        applications = applications.filter(candidate__owner=owner)
    upcoming = Interview.objects.filter(
        application=OuterRef("pk"), status=Interview.Status.SCHEDULED, starts_at__gt=now
    ).order_by("starts_at")
    past = ~Q(interview__status=Interview.Status.CANCELLED) & Q(interview__starts_at__lte=now)
    # The scorecard figures are those of the stage the card sits in, not of earlier ones.
    at_stage = {"interview__stage_id": OuterRef("stage_id")}

    def count(queryset: QuerySet) -> Coalesce:
        counted = queryset.order_by().values("interview__application").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return applications.annotate(
        next_interview_at=Subquery(upcoming.values("starts_at")[:1]),
        panel_seats=count(Panelist.objects.filter(past, interview__application=OuterRef("pk"), **at_stage)),
        scorecards_submitted=count(
            Scorecard.objects.filter(
                past, interview__application=OuterRef("pk"), status=Scorecard.Status.SUBMITTED, **at_stage
            )
        ),
    )


# The most closed applications the board lists when asked to show them.
BOARD_CLOSED_LIMIT = 200


def board_closed_for(user: User, job) -> list[Application]:
    """The rejected and withdrawn applications of ``job`` that ``user`` may
    see, most recently closed first (at most BOARD_CLOSED_LIMIT), each with
    its ``reason_label``: the board's "closed" column, shown on demand. One query."""
    closed = (Application.Status.REJECTED, Application.Status.WITHDRAWN)
    rows = list(
        with_reason_label_columns(application_list_for(user))
        .filter(job=job, status__in=closed)
        .select_related("candidate", "stage")
        .only(
            "public_id",
            "status",
            "closed_at",
            "rejection_reason",
            "withdrawal_reason",
            "candidate__public_id",
            "candidate__full_name",
            "stage__name",
        )
        .order_by("-closed_at", "-pk")[:BOARD_CLOSED_LIMIT]
    )
    return with_reason_labels(rows)


BOARD_CARD_FIELDS = (
    "public_id",
    "stage_id",
    "stage_entered_at",
    "candidate__public_id",
    "candidate__full_name",
    "source__name",
    "next_interview_at",
    "panel_seats",
    "scorecards_submitted",
)


def board_cards_for(user: User, job, **filters) -> QuerySet:
    """What a card of the board shows, as dicts of BOARD_CARD_FIELDS: the rows of
    board_applications_for without building three model instances per card (a
    hot job has thousands) nor reading the candidates' wide rows."""
    return board_applications_for(user, job, **filters).values(*BOARD_CARD_FIELDS)
