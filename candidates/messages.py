"""The ids of the timeline entries and notifications candidates writes
(see messaging.messages): rendered in the reader's language when shown."""

from django.utils.translation import gettext_lazy as _

from candidates.models import ProposedUpdate
from messaging.messages import MESSAGES

CREATED = MESSAGES.register("candidates.created", _("Candidate created"))
UPDATED = MESSAGES.register("candidates.updated", _("Profile updated"))
UPDATED_FROM = MESSAGES.register(
    "candidates.updated_from", _("Profile updated from the %(origin)s"), origin=ProposedUpdate.Origin
)
PROPOSED = MESSAGES.register(
    "candidates.proposed", _("New values proposed by the %(origin)s: %(fields)s"), origin=ProposedUpdate.Origin
)
DOCUMENT_ADDED = MESSAGES.register("candidates.document_added", _("Document added: %(name)s"))
MERGED = MESSAGES.register("candidates.merged", _("Merged with another record of %(name)s"))
OWNER_ASSIGNED = MESSAGES.register("candidates.owner_assigned", _("%(actor)s made you the owner of %(candidate)s"))
MENTIONED = MESSAGES.register("candidates.mentioned", _("%(author)s mentioned you in a note on %(candidate)s"))
RESUME_PARSED = MESSAGES.register(
    "candidates.resume_parsed", _("Profile filled from the resume %(name)s: check the values marked “from resume”")
)
RESUME_CONFIRMED = MESSAGES.register("candidates.resume_confirmed", _("Values from the resume confirmed: %(fields)s"))
EXPERIENCE_ADDED = MESSAGES.register("candidates.experience_added", _("Work history added: %(entry)s"))
EXPERIENCE_CHANGED = MESSAGES.register("candidates.experience_changed", _("Work history changed: %(entry)s"))
EXPERIENCE_REMOVED = MESSAGES.register("candidates.experience_removed", _("Work history removed: %(entry)s"))
EDUCATION_ADDED = MESSAGES.register("candidates.education_added", _("Education added: %(entry)s"))
EDUCATION_CHANGED = MESSAGES.register("candidates.education_changed", _("Education changed: %(entry)s"))
EDUCATION_REMOVED = MESSAGES.register("candidates.education_removed", _("Education removed: %(entry)s"))
RESUME_ENTRIES_CONFIRMED = MESSAGES.register(
    "candidates.resume_entries_confirmed", _("Work history and education from the resume confirmed (%(count)s entries)")
)
