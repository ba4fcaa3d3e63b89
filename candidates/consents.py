"""The question every service that sends or shares asks: may we do X with
this candidate (for this client)? Read from Consent rows; the answers are
enforced in the services (talent pools, check-ins, pool emails, anything
that leaves for a client), never only in pages.

Low in the stack on purpose (candidates), so messaging's callers and every
higher app can ask it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from candidates.models import Candidate, Consent


def consents_in_force(candidate: Candidate) -> QuerySet[Consent]:
    """The candidate's consents not withdrawn, newest first."""
    return candidate.consents.filter(withdrawn_at__isnull=True)


def consent_given(candidate: Candidate, purpose: str, *, client=None) -> bool:
    """Whether ``candidate`` has a consent in force for ``purpose`` (for
    sharing: with ``client``). A candidate who stopped all contact or was
    anonymised has none."""
    if candidate.anonymised_at is not None:
        return False
    query = Q(purpose=purpose)
    if purpose == Consent.Purpose.SHARE_WITH_CLIENT:
        if client is None:
            return False
        query &= Q(client=client)
    return consents_in_force(candidate).filter(query).exists()


def contact_allowed(candidate: Candidate) -> bool:
    """Whether we may email ``candidate`` at all: an address, not opted out of
    contact, not anonymised."""
    return bool(candidate.email) and candidate.contact_opt_out_at is None and candidate.anonymised_at is None
