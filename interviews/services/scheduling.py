"""Scheduling interviews: panels, times, conflicts and calendar invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from interviews.models import Application, Interview, Panelist, Stage
from interviews.services import _check_stage


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    actor: User | None,
    starts_at: datetime,
    ends_at: datetime,
    panel: Sequence[User],
    stage: Stage | None = None,
    location: str = "",
    video_url: str = "",
) -> Interview:
    """Schedule an interview for an application with a panel.

    Writes the Interview, its Panelist rows (which give the panel access to the
    application) and an ``interview`` Activity. Raises ValidationError for an
    empty panel, a stage of another job, or an end before the start.
    """
    stage = stage or application.stage
    _check_stage(stage, application.job)
    if not panel:
        raise ValidationError(_("Choose at least one interviewer."))
    interview = Interview(
        application=application,
        stage=stage,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_url=video_url,
        created_by=actor,
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The interview must end after it starts.")})
    interview.full_clean()
    interview.save()
    Panelist.objects.bulk_create(Panelist(interview=interview, user=user) for user in dict.fromkeys(panel))
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.INTERVIEW,
        actor=actor,
        summary=_("%(stage)s scheduled") % {"stage": stage.name},
        target=interview,
        data={"starts_at": starts_at.isoformat()},
    )
    return interview
