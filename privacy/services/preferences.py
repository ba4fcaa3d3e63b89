"""What a candidate does in their preference centre (a tokenized link, no
account): withdraw or give consents, stop all contact, propose corrections
to their contact details, ask for a copy or the deletion of their data.

Every function takes the link's token and opens it itself, so nothing here
can act for a link that is unknown, expired or withdrawn (TokenInvalid), or
for a person already anonymised. The candidate is the actor: audit rows and
consents have no staff actor, and their channel is the preference centre.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from candidates.models import Candidate, Consent, ProposedUpdate
from candidates.services.consents import consent_record, consent_renew, consent_withdraw
from candidates.services.proposals import proposed_updates_record
from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from privacy.models import PrivacyRequest
from privacy.services import privacy_request_create
from talentpool.services import candidate_contact_opt_out, pool_consent_withdraw

PURPOSE = AccessToken.Purpose.PREFERENCES
# What the candidate may correct themselves (as proposals a recruiter accepts).
CORRECTABLE_FIELDS = ("full_name", "email", "phone", "location")
# The consents a candidate withdraws here; processing for an application is
# withdrawn by asking for deletion (a person reads it), not with one click.
WITHDRAWABLE = (Consent.Purpose.TALENT_POOL, Consent.Purpose.SHARE_WITH_CLIENT, Consent.Purpose.TRANSFER_ABROAD)
REQUEST_KINDS = (PrivacyRequest.Kind.ACCESS, PrivacyRequest.Kind.DELETION)


def _candidate_for(token: str) -> Candidate:
    """The live candidate ``token`` opens, locked for the caller's transaction;
    TokenInvalid when the link cannot be used or the person is gone."""
    row = access_token_resolve(token=token, purpose=PURPOSE, for_update=True)
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk=row.target_id, merged_into__isnull=True, anonymised_at__isnull=True)
        .first()
    )
    if candidate is None:
        raise TokenInvalid(_("This link is not valid."), code="unknown")
    return candidate


@transaction.atomic
def preferences_unsubscribe(*, token: str) -> Candidate:
    """Stop all contact for the candidate ``token`` opens (one-click
    unsubscribe, or the button in the preference centre): talentpool's
    candidate_contact_opt_out (marks them, leaves every pool, cancels every
    queued email to them). Doing it again changes nothing. Raises TokenInvalid."""
    candidate = _candidate_for(token)
    candidate_contact_opt_out(candidate=candidate, reason=_("Unsubscribed from an email or the preference centre"))
    return candidate


@transaction.atomic
def preferences_consent_withdraw(*, token: str, purpose: str, client_public_id=None) -> int:
    """Withdraw the candidate's consent for ``purpose`` (sharing: with the
    client ``client_public_id``, or every client when None); queued emails that
    depended on it are cancelled (consent_withdraw); withdrawing the
    talent-pool consent also takes them out of every pool
    (pool_consent_withdraw). Returns how many were
    withdrawn. Raises TokenInvalid, ValidationError for a purpose not
    withdrawn here."""
    candidate = _candidate_for(token)
    if purpose not in WITHDRAWABLE:
        raise ValidationError(_("This consent cannot be withdrawn here."), code="purpose")
    client = None
    if client_public_id is not None:
        consent = (
            candidate.consents.filter(purpose=purpose, client__public_id=client_public_id, withdrawn_at__isnull=True)
            .select_related("client")
            .first()
        )
        if consent is None:
            raise ValidationError(_("This consent is not in force."), code="missing")
        client = consent.client
    if purpose == Consent.Purpose.TALENT_POOL:
        # They leave every pool too, not only its emails.
        return pool_consent_withdraw(candidate=candidate, channel=Consent.Channel.PREFERENCE_CENTRE)
    return consent_withdraw(
        candidate=candidate, purpose=purpose, channel=Consent.Channel.PREFERENCE_CENTRE, client=client
    )


@transaction.atomic
def preferences_talent_pool_give(*, token: str, ip_address: str | None, user_agent: str) -> Consent:
    """Record the candidate's talent-pool consent under the notice in force,
    with the address and browser as evidence. Raises TokenInvalid."""
    candidate = _candidate_for(token)
    return consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.PREFERENCE_CENTRE,
        evidence="preference centre: talent pool box ticked and sent",
        ip_address=ip_address,
        user_agent=user_agent,
    )


@transaction.atomic
def preferences_consents_renew(*, token: str, ip_address: str | None, user_agent: str) -> int:
    """The candidate confirms their consents in force under the notice in force
    (after being asked to consent again); returns how many were renewed.
    Raises TokenInvalid."""
    candidate = _candidate_for(token)
    return len(
        consent_renew(
            candidate=candidate,
            channel=Consent.Channel.PREFERENCE_CENTRE,
            evidence="preference centre: confirmed under the new notice",
            ip_address=ip_address,
            user_agent=user_agent,
        )
    )


@transaction.atomic
def preferences_details_propose(*, token: str, values: Mapping[str, str]) -> list[ProposedUpdate]:
    """The candidate's corrections of their contact details: kept as proposed
    updates a recruiter accepts (proposed_updates_record, origin the
    preference centre; an empty field is filled at once, as from any
    arrival). Returns the new proposals. Raises TokenInvalid, ValidationError
    when nothing differs."""
    candidate = _candidate_for(token)
    values = {name: value for name, value in values.items() if name in CORRECTABLE_FIELDS and value}
    filled, proposals = proposed_updates_record(
        candidate=candidate, values=values, origin=ProposedUpdate.Origin.PREFERENCE_CENTRE
    )
    if not filled and not proposals:
        raise ValidationError(_("These are the details we already have: nothing to correct."), code="unchanged")
    return proposals


@transaction.atomic
def preferences_request(*, token: str, kind: str, details: str = "") -> PrivacyRequest:
    """The candidate asks for a copy (access) or the deletion of their data:
    a PrivacyRequest from the preference centre, due on the legal clock. A
    request of the same kind still open is returned instead of a second one.
    Raises TokenInvalid, ValidationError for another kind."""
    candidate = _candidate_for(token)
    if kind not in REQUEST_KINDS:
        raise ValidationError(_("This request cannot be made here."), code="kind")
    open_request = PrivacyRequest.objects.filter(
        candidate=candidate,
        kind=kind,
        status__in=[PrivacyRequest.Status.OPEN, PrivacyRequest.Status.AWAITING_CONFIRMATION],
    ).first()
    if open_request is not None:
        return open_request
    return privacy_request_create(
        candidate=candidate, kind=kind, channel=PrivacyRequest.Channel.PREFERENCE_CENTRE, details=details[:2000]
    )
