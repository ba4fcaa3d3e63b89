"""The ids of the notifications jobs writes (see messaging.messages)."""

from django.utils.translation import gettext_lazy as _

from jobs.models import JobMember
from messaging.messages import MESSAGES

TEAM_ADDED = MESSAGES.register(
    "jobs.team_added",
    _("%(actor)s added you to the team of %(job)s as %(job_role)s"),
    job_role=JobMember.JobRole,
)
