"""Reads of talent pools: administrators and reviewers see all; recruiters and
coordinators the pools they own or are granted (django-guardian)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, rules_for
from candidates.models import Candidate, SavedSearch
from candidates.selectors import candidate_list_for, candidate_search
from core import crypto
from core.access import get_or_404, granted
from core.models import AccessToken
from core.services import _hash as token_hash
from interviews.models import Application, StageKind
from interviews.selectors import application_list_for
from messaging.models import EmailTemplate
from talentpool.models import (
    CheckIn,
    PoolMembership,
    TalentPool,
    TalentPoolGroupObjectPermission,
    TalentPoolUserObjectPermission,
)

# The roles that work with talent pools at all; the others get a 403 on the pools pages.
POOL_ROLES = (Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR, Role.REVIEWER)


def pool_list_for(user: User) -> QuerySet[TalentPool]:
    pools = TalentPool.objects.all()
    if not user.is_active:
        return pools.none()
    if user.role in (Role.ADMINISTRATOR, Role.REVIEWER):
        return pools
    if user.role in (Role.RECRUITER, Role.COORDINATOR):
        return pools.filter(
            Q(owner=user) | granted(TalentPoolUserObjectPermission, TalentPoolGroupObjectPermission, user)
        )
    return pools.none()


def get_pool_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> TalentPool:
    """The pool, or 404 if ``user`` may not see it; with ``for_change`` (its
    members and settings), 403 for roles that may only read it."""
    pool = get_or_404(pool_list_for(user), public_id=public_id)
    if for_change:
        require_manage_pools(user)
    return pool


def require_pool_role(user: User) -> None:
    """403 for a role that does not work with talent pools (the pools page)."""
    if user.role not in POOL_ROLES:
        raise PermissionDenied


def can_manage_pools(user: User) -> bool:
    """Whether ``user``'s role creates pools and changes their members and settings."""
    return user.is_active and rules_for(user.role).templates_and_pools


def require_manage_pools(user: User) -> None:
    """403 for a role that may not create pools or change them."""
    require_pool_role(user)
    if not can_manage_pools(user):
        raise PermissionDenied


def pool_member_list(pool: TalentPool) -> list[PoolMembership]:
    """The pool's active members, by name, each with ``last_check_in`` (the
    newest CheckIn, or None): two queries."""
    members = list(
        PoolMembership.objects.filter(pool=pool, removed_at__isnull=True)
        .select_related("candidate")
        .order_by("candidate__full_name", "pk")
    )
    latest = (
        CheckIn.objects.filter(membership__in=[m.pk for m in members])
        .order_by("membership_id", "-sent_at", "-pk")
        .distinct("membership_id")
    )
    by_member = {check_in.membership_id: check_in for check_in in latest}
    for member in members:
        member.last_check_in = by_member.get(member.pk)
    return members


# How many candidates the member search offers at once.
MEMBER_PICKS = 8


def pool_member_picks(user: User, pool: TalentPool, query: str) -> list[Candidate]:
    """The candidates ``user`` may see that match ``query`` (name, email,
    anything the candidate search finds), each with ``in_pool`` set; at most
    MEMBER_PICKS. Empty for an empty query."""
    query = query.strip()[:200]
    if not query:
        return []
    found = candidate_search(user, query=query, limit=MEMBER_PICKS).results
    exact = candidate_find_for(user, query)  # an email address matches by its blind index, not by the search
    if exact is not None and exact not in found:
        found = [exact, *found][:MEMBER_PICKS]
    members = set(
        PoolMembership.objects.filter(pool=pool, removed_at__isnull=True, candidate__in=found).values_list(
            "candidate_id", flat=True
        )
    )
    for candidate in found:
        candidate.in_pool = candidate.pk in members
    return found


def get_membership_for_pool(pool: TalentPool, pk: int | str) -> PoolMembership:
    return get_or_404(PoolMembership.objects.select_related("candidate", "pool"), pool=pool, pk=pk, removed_at=None)


PROPOSAL_WINDOW = timedelta(days=30)
PROPOSAL_STAGE_KINDS = (StageKind.FINAL, StageKind.OFFER)


def pool_proposals_for(user: User, *, limit: int = 50) -> list[Application]:
    """Applications ``user`` sees that were rejected in the last 30 days at a
    final or offer stage, whose candidate is in no pool and has not opted out:
    candidates worth keeping warm. Newest first; one query."""
    if not can_manage_pools(user):
        return []
    in_a_pool = PoolMembership.objects.filter(candidate=OuterRef("candidate"), removed_at__isnull=True)
    return list(
        application_list_for(user)
        .filter(
            status=Application.Status.REJECTED,
            stage__kind__in=PROPOSAL_STAGE_KINDS,
            closed_at__gte=timezone.now() - PROPOSAL_WINDOW,
            candidate__contact_opt_out_at__isnull=True,
            candidate__merged_into__isnull=True,
        )
        .exclude(Exists(in_a_pool))
        .select_related("candidate", "job", "stage")
        .order_by("-closed_at", "-pk")[:limit]
    )


def saved_searches_queryset(user: User) -> QuerySet[SavedSearch]:
    """``user``'s own saved searches, to fill a pool from."""
    return SavedSearch.objects.filter(owner=user).order_by("name")


def checkin_templates_queryset() -> QuerySet[EmailTemplate]:
    """Active email templates written for check-ins (the email goes out in the
    candidate's language: the template of the same name in that language)."""
    return EmailTemplate.objects.filter(purpose=EmailTemplate.Purpose.CHECK_IN, is_active=True).order_by(
        "name", "language"
    )


def candidate_find_for(user: User, value: str) -> Candidate | None:
    """A candidate ``user`` may see, by email address (blind index) or public id."""
    value = (value or "").strip()
    candidates = candidate_list_for(user)
    try:
        return candidates.filter(public_id=UUID(value)).first()
    except ValueError:
        index = crypto.email_index(value)
        return candidates.filter(email_index=index).first() if index else None


def manageable_pools_for(user: User) -> QuerySet[TalentPool]:
    """The pools ``user`` may add candidates to."""
    return pool_list_for(user) if can_manage_pools(user) else TalentPool.objects.none()


@dataclass(frozen=True)
class CheckInLink:
    """What a check-in link opens: ``state`` is open, answered (thanks again),
    expired, revoked or unknown; ``check_in`` is None only when unknown."""

    state: str
    check_in: CheckIn | None = None

    @property
    def candidate(self) -> Candidate | None:
        return self.check_in.membership.candidate if self.check_in else None


def checkin_link_for(token: str) -> CheckInLink:
    """The state of a check-in link, whatever it is; never changes anything (a GET)."""
    row = AccessToken.objects.filter(token_hash=token_hash(token), purpose=AccessToken.Purpose.CHECK_IN).first()
    check_in = (
        CheckIn.objects.select_related("membership__pool__owner", "membership__candidate__owner")
        .filter(pk=row.target_id)
        .first()
        if row is not None
        else None
    )
    if check_in is None:
        return CheckInLink("unknown")
    if check_in.answered_at is not None or row.used_at is not None:
        return CheckInLink("answered", check_in)
    if row.revoked_at is not None or check_in.membership.removed_at is not None:
        return CheckInLink("revoked", check_in)
    if row.expires_at <= timezone.now():
        return CheckInLink("expired", check_in)
    return CheckInLink("open", check_in)
