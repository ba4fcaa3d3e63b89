"""The ids of the timeline entries and notifications candidates writes
(see messaging.messages): rendered in the reader's language when shown."""

from django.utils.translation import gettext_lazy as _

from messaging.messages import MESSAGES

CREATED = MESSAGES.register("candidates.created", _("Candidate created"))
UPDATED = MESSAGES.register("candidates.updated", _("Profile updated"))
DOCUMENT_ADDED = MESSAGES.register("candidates.document_added", _("Document added: %(name)s"))
MERGED = MESSAGES.register("candidates.merged", _("Merged with another record of %(name)s"))
OWNER_ASSIGNED = MESSAGES.register("candidates.owner_assigned", _("%(actor)s made you the owner of %(candidate)s"))
MENTIONED = MESSAGES.register("candidates.mentioned", _("%(author)s mentioned you in a note on %(candidate)s"))
