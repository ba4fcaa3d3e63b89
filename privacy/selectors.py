"""Reads of the privacy app: what a preference-centre link opens."""

from __future__ import annotations

from dataclasses import dataclass, field

from candidates.consents import consents_in_force
from candidates.models import Candidate, Consent, PrivacyNotice
from candidates.selectors import privacy_notice_in_force
from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from privacy.models import PrivacyRequest


@dataclass(frozen=True)
class PreferenceLink:
    """What a preference-centre token opens: ``state`` is ``open``, or why it
    cannot be used (``unknown``, ``expired``, ``revoked``); ``candidate`` only
    when open."""

    state: str
    candidate: Candidate | None = None


def preference_link_for(token: str) -> PreferenceLink:
    """The state of a preference-centre link; never changes anything (a GET).
    An anonymised person's links open nothing (there is no one left to ask)."""
    try:
        row = access_token_resolve(token=token, purpose=AccessToken.Purpose.PREFERENCES)
    except TokenInvalid as error:
        return PreferenceLink(error.code if error.code in ("expired", "revoked") else "unknown")
    candidate = Candidate.objects.filter(pk=row.target_id, merged_into__isnull=True, anonymised_at__isnull=True).first()
    if candidate is None:
        return PreferenceLink("unknown")
    return PreferenceLink("open", candidate)


@dataclass
class PreferenceCentre:
    """What the preference centre shows a candidate."""

    candidate: Candidate
    consents: list[Consent]
    notice: PrivacyNotice | None
    talent_pool_given: bool
    outdated: list[Consent] = field(default_factory=list)
    open_requests: dict[str, PrivacyRequest] = field(default_factory=dict)


def preference_centre_for(candidate: Candidate) -> PreferenceCentre:
    """The candidate's consents in force (oldest purpose first), the notice in
    force, the consents given under an older notice, and their open requests
    by kind. Four queries."""
    consents = list(consents_in_force(candidate).select_related("client").order_by("purpose", "given_at", "pk"))
    notice = privacy_notice_in_force()
    outdated = [c for c in consents if notice is not None and c.notice_version != notice.version]
    requests = PrivacyRequest.objects.filter(
        candidate=candidate,
        status__in=[PrivacyRequest.Status.OPEN, PrivacyRequest.Status.AWAITING_CONFIRMATION],
    ).order_by("received_at")
    return PreferenceCentre(
        candidate=candidate,
        consents=consents,
        notice=notice,
        talent_pool_given=any(c.purpose == Consent.Purpose.TALENT_POOL for c in consents),
        outdated=outdated,
        open_requests={request.kind: request for request in requests},
    )
