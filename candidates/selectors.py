"""Reads of candidates, scoped by DESIGN.md "Who sees what" (accounts/roles.py).

Hiring managers and interviewers see candidates through the applications and
interview panels that interviews adds on top; those are followed here as ORM
relations (``applications``, ``interviews__panelists``), not imports.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Reach, rules_for
from candidates.models import Candidate
from core import crypto


def candidate_list_for(user: User) -> QuerySet[Candidate]:
    """Every candidate ``user`` may see, merged records left out."""
    candidates = Candidate.objects.filter(merged_into__isnull=True)
    if not user.is_active:
        return candidates.none()
    reach = rules_for(user.role).candidates
    if reach == Reach.ALL:
        return candidates
    if reach == Reach.OWN_JOBS:
        from jobs.selectors import job_list_for

        return candidates.filter(applications__job__in=job_list_for(user).values("pk")).distinct()
    if reach == Reach.PANEL:
        return candidates.filter(applications__interviews__panelists__user=user).distinct()
    return candidates.none()


def get_candidate_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Candidate:
    """The candidate, or 404 if ``user`` may not see it; 403 if they may see
    but not change it and ``for_change`` is asked."""
    try:
        candidate = candidate_list_for(user).get(public_id=public_id)
    except (Candidate.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if for_change and not rules_for(user.role).candidates_write:
        raise PermissionDenied
    return candidate


def can_see_contact_details(user: User) -> bool:
    return rules_for(user.role).contact_details


def can_see_compensation(user: User) -> bool:
    return rules_for(user.role).compensation


def candidate_find_by_email(email: str) -> QuerySet[Candidate]:
    """Candidates with this email, whatever its case, through the blind index."""
    index = crypto.email_index(email)
    return Candidate.objects.filter(email_index=index) if index else Candidate.objects.none()


def candidate_find_by_phone(phone: str) -> QuerySet[Candidate]:
    index = crypto.phone_index(phone)
    return Candidate.objects.filter(phone_index=index) if index else Candidate.objects.none()
