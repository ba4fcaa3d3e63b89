"""What the offer page's letter actions need: who may preview and send, which
templates, and why sending is not possible yet."""

from __future__ import annotations

from typing import Any

from django import template

from offers import letter_selectors
from offers.models import Offer
from offers.selectors import can_see_offer_terms, can_write_offers
from offers.services.letters import offer_send_refusal

register = template.Library()


@register.simple_tag
def letter_actions_for(offer: Offer, user: Any) -> dict[str, Any]:
    """``{% letter_actions_for offer request.user as letter %}``: ``can_preview``
    (the roles that see the terms), ``can_send`` (those that write offers),
    ``refusal`` (why it cannot be sent now, or ""), the live ``templates`` and
    the ``default`` one (the candidate's language)."""
    if not can_see_offer_terms(user):
        return {"can_preview": False, "can_send": False}
    templates = list(letter_selectors.letter_templates_live())
    language = offer.application.candidate.language
    default = next((t for t in templates if t.language == language), templates[0] if templates else None)
    return {
        "can_preview": True,
        "can_send": can_write_offers(user),
        "refusal": offer_send_refusal(offer),
        "templates": templates,
        "default": default,
    }
