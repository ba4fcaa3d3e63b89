"""Reads of the offer letter: its templates, the one an offer is sent with by
default, and what a candidate's link opens."""

from __future__ import annotations

from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import rules_for
from core.access import get_or_404
from core.models import AccessToken
from core.services import _hash as token_hash
from offers.models import Offer, OfferLetterTemplate
from offers.selectors import can_see_offer_terms, get_offer_for_user

OFFER = AccessToken.Purpose.OFFER


def can_manage_letter_templates(user: User) -> bool:
    """The letter templates are shared templates: the roles with ``templates_and_pools``."""
    return user.is_active and rules_for(user.role).templates_and_pools


def require_manage_letter_templates(user: User) -> None:
    """403 for a role that may not write the letter templates."""
    if not can_manage_letter_templates(user):
        raise PermissionDenied


def letter_template_list() -> QuerySet[OfferLetterTemplate]:
    """Every letter template, the live ones first, by name and language."""
    return OfferLetterTemplate.objects.order_by("archived_at", "name", "language")


def letter_templates_live() -> QuerySet[OfferLetterTemplate]:
    return OfferLetterTemplate.objects.filter(archived_at__isnull=True).order_by("name", "language")


def get_letter_template(public_id: int | str) -> OfferLetterTemplate:
    """A letter template by its key, or 404 (templates have no public_id; they are reference data)."""
    return get_or_404(OfferLetterTemplate.objects.all(), pk=public_id)


def default_letter_template(offer: Offer) -> OfferLetterTemplate | None:
    """The live template in the candidate's language, else any live one."""
    live = list(letter_templates_live())
    language = offer.application.candidate.language
    return next((t for t in live if t.language == language), live[0] if live else None)


def require_see_letter(user: User) -> None:
    """The letter holds the terms: 403 for a role that may see the offer but not its terms."""
    if not can_see_offer_terms(user):
        raise PermissionDenied


def get_offer_for_letter(user: User, public_id: UUID | str, *, action: str = "view") -> Offer:
    """The offer for its letter's preview (``view``) or sending (``change``):
    404 for who may not see it, 403 for who may not see its terms or send it."""
    offer = get_offer_for_user(user, public_id, action="change" if action == "change" else "view")
    require_see_letter(user)
    return offer


def offer_token_row(token: str) -> AccessToken | None:
    """An offer link's row whatever its state (expired, used, revoked), for
    saying what happened to a dead link and whom to ask; None when unknown.
    Never grants anything: answers go through core.services.access_token_resolve."""
    return AccessToken.objects.filter(token_hash=token_hash(token), purpose=OFFER).first()


def offer_for_token_row(row: AccessToken | None) -> Offer | None:
    """The offer an offer link opens, with what its pages show."""
    if row is None or row.target_type_id != ContentType.objects.get_for_model(Offer).pk:
        return None
    return (
        Offer.objects.select_related(
            "application__candidate",
            "application__job__client",
            "application__job__recruiter",
            "application__stage",
            "current_version",
            "letter_template",
        )
        .filter(pk=row.target_id)
        .first()
    )
