"""Reading triggers: which one decides an event, and when its email is due."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.access import get_or_404
from core.worktime import next_working_morning
from interviews.models import Trigger
from jobs.selectors import get_job_for_user
from messaging.models import EmailTemplate
from messaging.selectors import can_manage_email_templates


def _specificity(trigger: Trigger) -> tuple[bool, bool, bool]:
    # Scope first (a job switching rejection emails off beats a global rule
    # for one reason), then the reason.
    return (trigger.stage_id is not None, trigger.job_id is not None, bool(trigger.rejection_reason))


def trigger_for(event: str, *, job_id: int, stage_id: int | None = None, reason: str = "") -> Trigger | None:
    """The trigger that decides ``event`` for that job, stage and rejection
    reason: the most specific matching one, on or off; None when none matches.
    One query over at most a handful of rows."""
    scope = Q(job=None, stage=None) | Q(job_id=job_id, stage=None)
    if stage_id is not None:
        scope |= Q(stage_id=stage_id)
    reasons = Q(rejection_reason="") | Q(rejection_reason=reason) if reason else Q(rejection_reason="")
    candidates = list(Trigger.objects.filter(scope, reasons, event=event))
    return max(candidates, key=_specificity, default=None)


def trigger_is_on(event: str, trigger: Trigger | None) -> bool:
    """Whether ``event`` sends its email, given the trigger that decides it."""
    return trigger.is_active if trigger is not None else event in Trigger.ON_BY_DEFAULT


def trigger_due_at(trigger: Trigger | None, *, moment: datetime, time_zone: str) -> datetime:
    """When the email ``trigger`` sends for an event at ``moment`` is due:
    after its delay, then, if it says so, at the next working morning (09:00
    on a weekday) in the recipient's ``time_zone``."""
    if trigger is None:
        return moment
    due = moment + timedelta(hours=trigger.delay_hours)
    if trigger.timing == Trigger.Timing.WORKING_MORNING:
        due = next_working_morning(due, time_zone=time_zone)
    return due


def trigger_list(*, job=None) -> QuerySet[Trigger]:
    """Global triggers, or one job's (job-wide and per stage), for the pages."""
    triggers = Trigger.objects.select_related("job", "stage", "created_by")
    if job is None:
        return triggers.filter(job=None).order_by("event", "rejection_reason", "pk")
    return triggers.filter(job=job).order_by("event", "stage__order", "rejection_reason", "pk")


# The email template purposes that fit each event whose trigger names a
# template (the other events send a built-in email or none).
TEMPLATE_PURPOSES = {
    Trigger.Event.STAGE_ENTRY: {EmailTemplate.Purpose.STAGE_ENTRY, EmailTemplate.Purpose.CUSTOM},
    Trigger.Event.REJECTION: {EmailTemplate.Purpose.REJECTION, EmailTemplate.Purpose.CUSTOM},
    Trigger.Event.THANK_YOU: {EmailTemplate.Purpose.THANK_YOU, EmailTemplate.Purpose.CUSTOM},
}


def trigger_template_names() -> list[tuple[str, str]]:
    """``(purpose, name)`` of the active email templates a trigger may send,
    each pair once whatever its languages, by purpose then name: one query."""
    purposes = set().union(*TEMPLATE_PURPOSES.values())
    return list(
        EmailTemplate.objects.filter(is_active=True, purpose__in=purposes)
        .order_by("purpose", "name")
        .values_list("purpose", "name")
        .distinct()
    )


def require_manage_triggers(user: User) -> None:
    """The global rules are shared settings of whoever manages email
    templates; for anyone else they do not exist (404)."""
    if not can_manage_email_templates(user):
        raise Http404


def get_trigger_for_user(user: User, public_id: UUID | str) -> Trigger:
    """The trigger, if ``user`` may change it: a job's for who may change the
    job (404 if they do not see it, 403 if they only read it), a global one
    for who manages email templates (404 otherwise)."""
    trigger = get_or_404(Trigger.objects.select_related("job", "stage"), public_id=public_id)
    if trigger.job_id:
        get_job_for_user(user, trigger.job.public_id, for_change=True)
    else:
        require_manage_triggers(user)
    return trigger
