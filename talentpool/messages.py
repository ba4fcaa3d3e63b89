"""The ids of the timeline entries and notifications talent pools write (see
messaging.messages): rendered in the reader's language when shown."""

from django.utils.translation import gettext_lazy as _

from messaging.messages import MESSAGES, NOTIFICATION_KINDS
from talentpool.models import CheckIn

POOL_ADDED = MESSAGES.register("talentpool.added", _("Added to talent pool %(pool)s"))
POOL_REMOVED = MESSAGES.register("talentpool.removed", _("Removed from talent pool %(pool)s: %(reason)s"))
CHECKIN_SENT = MESSAGES.register("talentpool.checkin_sent", _("Talent pool check-in sent (%(pool)s)"))
CHECKIN_ANSWERED = MESSAGES.register(
    "talentpool.checkin_answered", _("Check-in answered (%(pool)s): %(answer)s."), answer=CheckIn.Answer
)
ROLES_WANTED = MESSAGES.register("talentpool.roles_wanted", _("Roles wanted: %(roles)s."))
AVAILABLE = MESSAGES.register("talentpool.available", _("Available: %(when)s."))
LOCATION = MESSAGES.register("talentpool.location", _("Location: %(place)s."))
NEW_SALARY = MESSAGES.register("talentpool.new_salary", _("New salary range on the profile."))
OPTED_OUT = MESSAGES.register("talentpool.opted_out", _("Opted out of contact; removed from talent pools"))
CONTACT_STOPPED = MESSAGES.register(
    "talentpool.contact_stopped", _("Contact stopped (%(reason)s); removed from talent pools")
)
CANDIDATE_ANSWERED = MESSAGES.register(
    "talentpool.candidate_answered", _("%(name)s answered the check-in: %(answer)s"), answer=CheckIn.Answer
)

# Notification kinds
NOTIFICATION_KINDS.register("candidate_answer", _("Check-in answer"))
