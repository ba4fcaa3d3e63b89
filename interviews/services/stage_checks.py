"""The check every write naming a stage makes: the stage is the job's own and in use."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from interviews.models import Stage
from jobs.models import Job


def _check_stage(stage: Stage, job: Job) -> None:
    if stage.job_id != job.pk:
        raise ValidationError(_("That stage belongs to another job."))
    if stage.archived_at is not None:
        raise ValidationError(_("That stage is archived."))
