"""Offers' writes (see the modules): ``from offers.services import offer_create``."""

from offers.services.approvers import offer_approvers_set
from offers.services.offers import (
    offer_approval_decide,
    offer_create,
    offer_email_key_prefix,
    offer_path,
    offer_submit,
    offer_terms_read_record,
    offer_update,
    offer_withdraw,
    offers_of_closed_applications_withdraw,
)

__all__ = [
    "offer_approval_decide",
    "offer_approvers_set",
    "offer_create",
    "offer_email_key_prefix",
    "offer_path",
    "offer_submit",
    "offer_terms_read_record",
    "offer_update",
    "offer_withdraw",
    "offers_of_closed_applications_withdraw",
]
