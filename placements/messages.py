"""The ids of the timeline entries placements writes (see messaging.messages):
rendered in the reader's language when shown. They never name a fee: the
timeline is read by roles that may not see one."""

from django.utils.translation import gettext_lazy as _

from messaging.messages import MESSAGES

FELL_THROUGH = MESSAGES.register("placements.fell_through", _("Placement at %(client)s fell through"))
FELL_THROUGH_REPLACEMENT = MESSAGES.register(
    "placements.fell_through_replacement", _("Placement at %(client)s fell through; a replacement is owed")
)
FALL_THROUGH_UNDONE = MESSAGES.register(
    "placements.fall_through_undone", _("Placement at %(client)s no longer marked as fallen through")
)
