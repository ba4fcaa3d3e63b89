"""Reads of offers, scoped by accounts/roles.py: an offer is seen by whoever
sees its application, except interviewers (they see an application's stage
history only); its terms follow the compensation rule; it is written by roles
that move applications and see compensation."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Reach, rules_for
from core.access import get_or_404
from interviews.selectors import application_list_for
from offers.models import Offer

Action = Literal["view", "change"]


def offer_list_for(user: User) -> QuerySet[Offer]:
    """Every offer ``user`` may see: those of the applications they see, none for interviewers."""
    if not user.is_active or rules_for(user.role).jobs == Reach.PANEL:
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


def application_has_open_offer(application) -> bool:
    """Whether ``application`` has an offer still in play (Offer.OPEN_STATUSES):
    it is then hired by the candidate's answer, not by marking it hired."""
    return Offer.objects.filter(application=application, status__in=Offer.OPEN_STATUSES).exists()
