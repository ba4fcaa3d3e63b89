"""Reads of offers, scoped by accounts/roles.py: an offer is seen by whoever
sees its application, except interviewers (they see an application's stage
history only); its terms follow the compensation rule; it is written by roles
that move applications and see compensation."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Reach, Role, rules_for
from core.access import get_or_404
from interviews.models import Application
from interviews.selectors import application_list_for
from jobs.models import Job
from offers.models import Offer, OfferApproval, OfferApprover, OfferVersion
from offers.terms import terms_changed, version_terms

Action = Literal["view", "change"]


def sees_offers(user: User) -> bool:
    """Whether ``user``'s role sees offers at all: not interviewers, who see an
    application's stage history only."""
    return user.is_active and rules_for(user.role).jobs != Reach.PANEL


def require_sees_offers(user: User) -> None:
    """404 for a role that never sees offers: it is not told they exist."""
    if not sees_offers(user):
        raise Http404


def offer_list_for(user: User) -> QuerySet[Offer]:
    """Every offer ``user`` may see: those of the applications they see, none for interviewers."""
    if not sees_offers(user):
        return Offer.objects.none()
    return Offer.objects.filter(application__in=application_list_for(user).values("pk"))


def can_see_offer_terms(user: User) -> bool:
    """Salary, bonus, equity and other terms: the roles that see compensation."""
    return user.is_active and rules_for(user.role).compensation


def can_write_offers(user: User) -> bool:
    """Draft, change, send and withdraw offers: roles that move applications and see compensation."""
    rules = rules_for(user.role)
    return user.is_active and rules.applications_write and rules.compensation


def get_offer_for_user(user: User, public_id: UUID | str, *, action: Action = "view") -> Offer:
    """The offer, or 404 if ``user`` may not see it; 403 for ``change`` by a role that may not write offers."""
    offer = get_or_404(
        offer_list_for(user).select_related(
            "application__candidate", "application__job__client", "application__stage", "current_version"
        ),
        public_id=public_id,
    )
    if action == "change" and not can_write_offers(user):
        raise PermissionDenied
    return offer


def current_approval(offer: Offer) -> OfferApproval | None:
    """The approval whose turn it is on the offer's current version: the
    first pending one when every earlier one approved; None when the offer
    is not awaiting approval or a rejection stopped the chain."""
    if offer.status != Offer.Status.AWAITING_APPROVAL or offer.current_version_id is None:
        return None
    for approval in OfferApproval.objects.filter(version_id=offer.current_version_id).order_by("order"):
        if approval.decision == OfferApproval.Decision.PENDING:
            return approval
        if approval.decision == OfferApproval.Decision.REJECTED:
            return None
    return None


def get_offer_to_decide(user: User, public_id: UUID | str) -> Offer:
    """The offer ``user`` is asked to decide on now: 404 if they may not see
    it, 403 if they see it but it is not their turn."""
    offer = get_offer_for_user(user, public_id)
    approval = current_approval(offer)
    if approval is None or approval.approver_id != user.pk:
        raise PermissionDenied
    return offer


def approver_candidates(job: Job) -> list[User]:
    """Who may be on ``job``'s approval chain: its recruiter, its team and
    the administrators, active ones only, by name."""
    people = set(job.members.values_list("user_id", flat=True))
    if job.recruiter_id:
        people.add(job.recruiter_id)
    return list(
        User.objects.filter(Q(pk__in=people) | Q(role=Role.ADMINISTRATOR), is_active=True).order_by("full_name", "pk")
    )


def job_approvers(job: Job) -> list[OfferApprover]:
    """``job``'s approval chain in order, with each approver."""
    return list(OfferApprover.objects.filter(job=job).select_related("user").order_by("order"))


def _waiting_turn() -> Q:
    """An approval whose turn it is: pending, on its offer's current version
    of an offer awaiting approval, and every earlier step approved."""
    earlier_open = OfferApproval.objects.filter(version=OuterRef("version"), order__lt=OuterRef("order")).exclude(
        decision=OfferApproval.Decision.APPROVED
    )
    return Q(
        decision=OfferApproval.Decision.PENDING,
        version__offer__status=Offer.Status.AWAITING_APPROVAL,
        version__offer__current_version=F("version"),
    ) & ~Q(Exists(earlier_open))


def approvals_waiting_for(user: User) -> QuerySet[OfferApproval]:
    """The approvals waiting for ``user`` now, oldest request first, on offers they still see."""
    return (
        OfferApproval.objects.filter(_waiting_turn(), approver=user, version__offer__in=offer_list_for(user))
        .select_related("version__offer__application__candidate", "version__offer__application__job")
        .order_by("version__created_at", "pk")
    )


def approvals_waiting_count(user: User) -> int:
    """How many approvals wait for ``user``: the navigation's count."""
    if not user.is_authenticated or not user.is_active:
        return 0
    return OfferApproval.objects.filter(_waiting_turn(), approver=user).count()


def approvals_decided_by(user: User, *, limit: int = 50) -> list[OfferApproval]:
    """``user``'s latest decisions, newest first, on offers they still see."""
    return list(
        OfferApproval.objects.filter(approver=user, version__offer__in=offer_list_for(user))
        .exclude(decision=OfferApproval.Decision.PENDING)
        .select_related("version__offer__application__candidate", "version__offer__application__job")
        .order_by("-decided_at", "-pk")[:limit]
    )


def offer_versions(offer: Offer) -> list[OfferVersion]:
    """The offer's versions, newest first, each with ``approval_rows`` (in
    chain order, with the approver) and ``changed`` (the term fields that
    differ from the version before; empty for the first)."""
    versions = list(
        offer.versions.select_related("created_by")
        .prefetch_related(Prefetch("approvals", OfferApproval.objects.select_related("approver").order_by("order")))
        .order_by("number")
    )
    previous = None
    for version in versions:
        version.approval_rows = list(version.approvals.all())
        version.changed = terms_changed(version_terms(previous), version_terms(version)) if previous else []
        previous = version
    versions.reverse()
    return versions


def _open_offers(application: Application) -> QuerySet[Offer]:
    return Offer.objects.filter(application=application, status__in=Offer.OPEN_STATUSES)


def application_open_offer(application: Application) -> Offer | None:
    """The application's open offer (at most one), if any."""
    return _open_offers(application).first()


def get_application_for_offer(user: User, public_id: UUID | str) -> Application:
    """The application an offer is drafted for: 404 if ``user`` may not see
    its offers (interviewers never do), 403 if they may not write offers."""
    require_sees_offers(user)
    application = get_or_404(
        application_list_for(user).select_related("job", "stage", "candidate"), public_id=public_id
    )
    if not can_write_offers(user):
        raise PermissionDenied
    return application


def application_has_open_offer(application: Application) -> bool:
    """Whether ``application`` has an offer still in play (Offer.OPEN_STATUSES):
    it is then hired by the candidate's answer, not by marking it hired."""
    return _open_offers(application).exists()
