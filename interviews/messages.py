"""The ids of the timeline entries and notifications interviews writes (see
messaging.messages): rendered in the reader's language when shown."""

from django.utils.translation import gettext_lazy as _

from interviews.models import Scorecard
from messaging.messages import MESSAGES, NOTIFICATION_KINDS

# Applications
APPLIED = MESSAGES.register("interviews.applied", _("Added to %(job)s at %(stage)s"))
STAGE_CHANGED = MESSAGES.register("interviews.stage_changed", _("%(job)s: %(from)s → %(to)s"))
# The reason is kept as its labels per language (MESSAGES.per_language): the
# lists are edited by administrators, so a label is not a translation to look up.
REJECTED = MESSAGES.register("interviews.rejected", _("Rejected for %(job)s: %(reason)s"))
HIRED = MESSAGES.register("interviews.hired", _("Hired for %(job)s"))
WITHDREW = MESSAGES.register("interviews.withdrew", _("Withdrew from %(job)s"))
WITHDREW_BECAUSE = MESSAGES.register("interviews.withdrew_because", _("Withdrew from %(job)s: %(reason)s"))
REOPENED = MESSAGES.register("interviews.reopened", _("Reopened for %(job)s at %(stage)s: %(reason)s"))
REJECTION_UNDONE = MESSAGES.register("interviews.rejection_undone", _("Rejection undone for %(job)s"))
# Scheduling
SCHEDULED = MESSAGES.register("interviews.scheduled", _("%(stage)s scheduled"))
RESCHEDULED = MESSAGES.register("interviews.rescheduled", _("%(stage)s rescheduled"))
CANCELLED = MESSAGES.register("interviews.cancelled", _("%(stage)s cancelled"))
INVITATION_QUEUED = MESSAGES.register("interviews.invitation_queued", _("Interview invitation queued: %(stage)s"))
UPDATE_QUEUED = MESSAGES.register("interviews.update_queued", _("Interview update queued: %(stage)s"))
CANCELLATION_QUEUED = MESSAGES.register("interviews.cancellation_queued", _("Interview cancellation queued: %(stage)s"))
TIMES_OFFERED = MESSAGES.register("interviews.times_offered", _("Interview times offered for %(stage)s"))
OTHER_TIMES_ASKED = MESSAGES.register("interviews.other_times_asked", _("Asked for other times for %(stage)s"))
# Scorecards
SCORECARD_SUBMITTED = MESSAGES.register(
    "interviews.scorecard_submitted",
    _("%(name)s: %(recommendation)s for %(stage)s"),
    recommendation=Scorecard.Recommendation,
)
SCORECARD_CHANGED = MESSAGES.register(
    "interviews.scorecard_changed",
    _("%(name)s changed their scorecard for %(stage)s: %(recommendation)s"),
    recommendation=Scorecard.Recommendation,
)
SCORECARD_DUE = MESSAGES.register("interviews.scorecard_due", _("Your scorecard for %(candidate)s (%(stage)s) is due"))
SCORECARDS_MISSING = MESSAGES.register(
    "interviews.scorecards_missing", _("Scorecards missing for %(candidate)s (%(stage)s): %(names)s")
)
# Emails
EMAIL_QUEUED = MESSAGES.register("interviews.email_queued", _("Email queued: %(subject)s"))
THANK_YOU_QUEUED = MESSAGES.register("interviews.thank_you_queued", _("Thank-you email queued: %(stage)s"))
SURVEY_SENT = MESSAGES.register("interviews.survey_sent", _("Feedback survey sent for %(job)s"))

# Notification kinds
NOTIFICATION_KINDS.register("scorecard_overdue", _("Scorecard due"))
NOTIFICATION_KINDS.register("scorecard_escalation", _("Missing scorecards"))
