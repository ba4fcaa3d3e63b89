"""The ids of the timeline entries and notifications the offer letter writes
(see messaging.messages): rendered in the reader's language when shown."""

from django.utils.translation import gettext_lazy as _

from messaging.messages import MESSAGES, NOTIFICATION_KINDS
from offers.models import Offer

OFFER_SENT = MESSAGES.register("offers.letter_sent", _("Offer for %(job)s sent to the candidate"))
OFFER_ACCEPTED = MESSAGES.register("offers.accepted", _("Accepted the offer for %(job)s"))
OFFER_DECLINED = MESSAGES.register(
    "offers.declined", _("Declined the offer for %(job)s: %(reason)s"), reason=Offer.DeclineReason
)
OFFER_EXPIRED = MESSAGES.register("offers.expired", _("The offer for %(job)s expired unanswered"))

ACCEPTED_NOTICE = MESSAGES.register("offers.accepted_notice", _("%(name)s accepted the offer for %(job)s"))
DECLINED_NOTICE = MESSAGES.register(
    "offers.declined_notice", _("%(name)s declined the offer for %(job)s: %(reason)s"), reason=Offer.DeclineReason
)
EXPIRED_NOTICE = MESSAGES.register("offers.expired_notice", _("The offer to %(name)s for %(job)s expired unanswered"))
CLOSE_OTHERS_NOTICE = MESSAGES.register(
    "offers.close_other_applications",
    _("%(name)s accepted an offer for %(job)s; close their application for %(other)s"),
)

NOTIFICATION_KINDS.register("offer_answer", _("Offer answer"))
