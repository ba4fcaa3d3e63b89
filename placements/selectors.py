"""Reads of placements. A placement's fee is seen by administrators and the
placing recruiter only (DESIGN.md "Who sees what"); nobody else sees that a
fee exists."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role
from placements.models import Placement


def placement_list_for(user: User) -> QuerySet[Placement]:
    """The placements whose fees ``user`` may see: all for an administrator, their own for a recruiter."""
    if not user.is_active:
        return Placement.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Placement.objects.all()
    if user.role == Role.RECRUITER:
        return Placement.objects.filter(recruiter=user)
    return Placement.objects.none()


def can_see_fee(user: User, placement: Placement) -> bool:
    return user.is_active and (
        user.role == Role.ADMINISTRATOR or (user.role == Role.RECRUITER and placement.recruiter_id == user.pk)
    )


def is_agency_job(job) -> bool:
    """A job of a client that is not the in-house team: its hires are placements."""
    return not job.client.is_internal


def placement_blocks_reopen(application) -> bool:
    """Whether a hired ``application`` has a placement that still stands (not
    fallen through): it cannot be reopened, the fee would stand for a hire undone."""
    return Placement.objects.filter(application=application, fell_through_on__isnull=True).exists()
