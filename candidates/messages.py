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
