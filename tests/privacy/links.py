"""Helpers for the candidate's privacy pages: their links, as an email gives them."""

from __future__ import annotations

from urllib.parse import urlsplit

from candidates.models import Consent
from candidates.services.consents import consent_record
from messaging.services.outbox import preference_links


def links_for(candidate) -> tuple[str, str]:
    """The (preference centre, unsubscribe) paths an email to ``candidate`` would carry."""
    centre, unsubscribe = preference_links([candidate.public_id])[str(candidate.public_id)]
    return urlsplit(centre).path, urlsplit(unsubscribe).path


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def talent_pool_consent(candidate) -> Consent:
    return consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.APPLICATION_FORM,
        evidence="application form: talent pool box ticked",
    )
