"""Filling a job: its hires have reached its headcount, so it stops taking
candidates and the applications still open are closed as rejections."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from interviews.models import Application, ClosingReason
from interviews.selectors.closing import closing_reason_is_active
from interviews.selectors.headcount import job_fill_remaining
from interviews.services.applications import CANCEL_AHEAD, application_reject
from jobs.models import Job
from jobs.services import job_set_status

# The reason an application closed by filling its job is rejected with by
# default: a code of the rejection reasons administrators edit (seeded).
FILL_REASON = "position_filled"


@dataclass
class JobFillResult:
    """What filling a job did: the applications it rejected, and those it
    could not close, each with the reason (they stay active)."""

    rejected: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


@transaction.atomic
def job_fill(
    *,
    job: Job,
    actor: User | None,
    reason: str = FILL_REASON,
    email_template: str = "",
    note: str = "",
    future_interviews: str = CANCEL_AHEAD,
) -> JobFillResult:
    """Mark ``job`` filled (jobs.services.job_set_status: the job row locked,
    FILLED, ``closed_at``) and reject each of its active applications through
    application_reject with ``reason``: its interviews still ahead cancelled
    or kept (``future_interviews``), its invitations withdrawn, and the
    rejection email, ``email_template`` in each candidate's own language or
    else the rejection trigger's, queued as for one rejection.

    Each rejection runs in its own savepoint: one that is refused (a
    candidate with no email address when a template was chosen, one who
    opted out) leaves that application active and is reported in the result;
    the others and the job's status stand. Writes an ``interviews.job.fill``
    AuditEvent with the counts. Raises ValidationError, and writes nothing,
    for a job the workflow cannot mark filled or an unknown reason."""
    if not closing_reason_is_active(ClosingReason.Kind.REJECTION, reason):
        raise ValidationError({"reason": _("Choose a rejection reason.")})
    job_set_status(job=job, status=Job.Status.FILLED, actor=actor)
    result = JobFillResult()
    for application in job_fill_remaining(job):
        try:
            with transaction.atomic():
                application_reject(
                    application=application,
                    actor=actor,
                    reason=reason,
                    note=note,
                    email_template=email_template,
                    future_interviews=future_interviews,
                )
        except ValidationError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.rejected.append(application)
    audit_record(
        action="interviews.job.fill",
        actor=actor,
        target=job,
        data={
            "reason": reason,
            "email_template": email_template,
            "rejected": len(result.rejected),
            "refused": [str(application.public_id) for application, _message in result.refused],
        },
    )
    return result
