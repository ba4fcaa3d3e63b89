"""Reads of placements. A placement's fee is seen by administrators and the
placing recruiter only (DESIGN.md "Who sees what"); nobody else sees that a
fee exists."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from core.access import get_or_404
from jobs.models import Client
from jobs.selectors import get_client_for_user
from placements.models import Placement


def may_see_placements(user: User) -> bool:
    """Whether ``user`` has a placements page: administrators and recruiters
    (a recruiter's lists only their own placements)."""
    return user.is_active and user.role in (Role.ADMINISTRATOR, Role.RECRUITER)


def placement_list_for(user: User) -> QuerySet[Placement]:
    """The placements whose fees ``user`` may see: all for an administrator, their own for a recruiter."""
    if not may_see_placements(user):
        return Placement.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Placement.objects.all()
    return Placement.objects.filter(recruiter=user)


def can_see_fee(user: User, placement: Placement) -> bool:
    """Whether ``user`` sees ``placement``'s fee: the rule of placement_list_for, for one row."""
    return may_see_placements(user) and (user.role == Role.ADMINISTRATOR or placement.recruiter_id == user.pk)


def is_agency_job(job) -> bool:
    """A job of a client that is not the in-house team: its hires are placements."""
    return not job.client.is_internal


def placement_blocks_reopen(application) -> bool:
    """Whether a hired ``application`` has a placement that still stands (not
    fallen through): it cannot be reopened, the fee would stand for a hire undone."""
    return Placement.objects.filter(application=application, fell_through_on__isnull=True).exists()


def require_see_placements(user: User) -> None:
    """404 for the roles that never see a fee: they are not told the page exists."""
    if not may_see_placements(user):
        raise Http404


def can_see_client_fee_terms(user: User) -> bool:
    """Whether ``user`` sees (and, on a client they may change, edits) the fee
    agreement of the clients they see: administrators and recruiters. A
    client's fee terms are fee information, kept from every other role."""
    return may_see_placements(user)


def get_placement_for_user(user: User, public_id: UUID | str) -> Placement:
    """The placement, or 404 for anyone who may not see its fee. Whoever sees a
    placement (an administrator, the placing recruiter) may change it: there
    is no read-only view of a fee."""
    return get_or_404(
        placement_list_for(user).select_related("client", "recruiter", "application__candidate", "application__job"),
        public_id=public_id,
    )


def placement_page_for(
    user: User,
    *,
    start: date | None = None,
    end: date | None = None,
    client: Client | None = None,
    recruiter: User | None = None,
) -> QuerySet[Placement]:
    """The placements ``user`` may see, placed between ``start`` and ``end``
    (inclusive), of one client or recruiter, newest first, with what the
    page's table shows joined in."""
    placements = placement_list_for(user)
    if start is not None:
        placements = placements.filter(placed_on__gte=start)
    if end is not None:
        placements = placements.filter(placed_on__lte=end)
    if client is not None:
        placements = placements.filter(client=client)
    if recruiter is not None:
        placements = placements.filter(recruiter=recruiter)
    return placements.select_related("client", "recruiter", "application__candidate", "application__job").order_by(
        "-placed_on", "-id"
    )


def placement_totals(placements: QuerySet[Placement]) -> list[dict]:
    """The fees of ``placements`` added up per currency: ``currency``, ``fee``, ``count``."""
    return list(
        placements.order_by().values("currency").annotate(fee=Sum("fee"), count=Count("id")).order_by("currency")
    )


def with_fee_placements(user: User, applications: QuerySet) -> list:
    """``applications`` as a list, each with ``fee_placement``: its placement
    when ``user`` may see its fee, else None. The placement is joined into
    the same query (no query more) and only for those who see fees; the
    first-year base is not loaded."""
    if not may_see_placements(user):
        rows = list(applications)
        for application in rows:
            application.fee_placement = None
        return rows
    rows = list(applications.select_related("placement").defer("placement__first_year_base"))
    for application in rows:
        placement = getattr(application, "placement", None) if _has_placement(application) else None
        application.fee_placement = placement if placement is not None and can_see_fee(user, placement) else None
    return rows


def _has_placement(application) -> bool:
    try:
        return application.placement is not None
    except Placement.DoesNotExist:
        return False


def job_placements_for(user: User, job) -> list[Placement]:
    """The job's placements whose fee ``user`` may see; no query for a role that sees none."""
    if not may_see_placements(user) or not is_agency_job(job):
        return []
    return list(
        placement_list_for(user)
        .filter(application__job=job)
        .select_related("application__candidate")
        .order_by("-placed_on", "-id")
    )


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The first and last day of this ``period`` ("month", "quarter", "year") around ``today``."""
    if period == "month":
        start = today.replace(day=1)
        end = date(today.year + (today.month == 12), today.month % 12 + 1, 1) - timedelta(days=1)
    elif period == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = today.replace(month=first_month, day=1)
        end = date(today.year + (first_month == 10), (first_month + 2) % 12 + 1, 1) - timedelta(days=1)
    elif period == "year":
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    else:
        raise ValueError(f"unknown period {period!r}")
    return start, end


def get_client_for_fee_terms(user: User, public_id: UUID | str) -> Client:
    """A client whose fee terms ``user`` changes: 404 if they may not see the
    client, 403 if they may not change it or may not see fee information."""
    client = get_client_for_user(user, public_id, for_change=True)
    if not can_see_client_fee_terms(user):
        raise PermissionDenied
    return client
