"""The ids of the timeline entries and notifications offers writes (see
messaging.messages): rendered in the reader's language when shown. None
holds an amount: a timeline is read by roles that never see compensation."""

from django.utils.translation import gettext_lazy as _

from messaging.messages import MESSAGES, NOTIFICATION_KINDS
from offers.models import Offer

OFFER_DRAFTED = MESSAGES.register("offers.drafted", _("Offer drafted for %(job)s"))
OFFER_CHANGED = MESSAGES.register("offers.changed", _("Offer for %(job)s changed (version %(version)s)"))
OFFER_SUBMITTED = MESSAGES.register("offers.submitted", _("Offer for %(job)s sent for approval"))
OFFER_APPROVED = MESSAGES.register("offers.approved", _("Offer for %(job)s approved"))
OFFER_APPROVAL_GIVEN = MESSAGES.register("offers.approval_given", _("%(name)s approved the offer for %(job)s"))
OFFER_APPROVAL_REFUSED = MESSAGES.register(
    "offers.approval_refused", _("%(name)s rejected the offer for %(job)s: %(comment)s")
)
OFFER_WITHDRAWN = MESSAGES.register("offers.withdrawn", _("Offer for %(job)s withdrawn"))

# Notifications
APPROVAL_REQUESTED = MESSAGES.register(
    "offers.approval_requested", _("Your approval is asked for the offer to %(candidate)s (%(job)s)")
)
OFFER_READY = MESSAGES.register("offers.ready", _("The offer to %(candidate)s (%(job)s) is approved"))
OFFER_SENT_BACK = MESSAGES.register(
    "offers.sent_back", _("%(name)s rejected the offer to %(candidate)s (%(job)s): %(comment)s")
)

APPROVAL_KIND = NOTIFICATION_KINDS.register("offer_approval", _("Offer approval"))
APPROVED_KIND = NOTIFICATION_KINDS.register("offer_approved", _("Offer approved"))
REJECTED_KIND = NOTIFICATION_KINDS.register("offer_rejected", _("Offer approval rejected"))

# The letter: sent, answered, expired

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
