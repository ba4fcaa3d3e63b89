"""Writes of the interviews app, one module per feature:

- ``applications``: an application created, moved, rejected, hired, withdrawn;
- ``jobs``: a job created from an interview plan (its stages copied);
- ``filling``: a job marked filled, its remaining applications closed;
- ``plans``: plan templates, the question bank, kits, scorecard templates and
  the versioned updates of questions and criteria;
- ``job_stages``: a job's own stages;
- ``scheduling``, ``selfschedule``, ``reminders``: interviews and their emails;
- ``scoring``: scorecards and candidate feedback; ``surveys``: the survey;
- ``triggers``: the automatic emails and their rules.

The package re-exports the services other apps and the admin call most;
everything else is imported from its module.
"""

from interviews.services.applications import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_reject_undo,
    application_reopen,
    application_withdraw,
    rejection_email_preview,
    rejection_email_queue,
)
from interviews.services.filling import FILL_REASON, JobFillResult, job_fill
from interviews.services.jobs import OPEN_JOB_STATUSES, job_create
from interviews.services.plans import (
    CRITERION_FIELDS,
    QUESTION_FIELDS,
    criterion_update,
    plan_template_create,
    question_update,
)
from interviews.services.scheduling import interview_schedule
from interviews.services.scoring import candidate_feedback_record, scorecard_submit

__all__ = [
    "CRITERION_FIELDS",
    "FILL_REASON",
    "OPEN_JOB_STATUSES",
    "QUESTION_FIELDS",
    "JobFillResult",
    "application_create",
    "application_hire",
    "application_move",
    "application_reject",
    "application_reject_undo",
    "application_reopen",
    "application_withdraw",
    "candidate_feedback_record",
    "criterion_update",
    "interview_schedule",
    "job_create",
    "job_fill",
    "plan_template_create",
    "question_update",
    "rejection_email_preview",
    "rejection_email_queue",
    "scorecard_submit",
]
