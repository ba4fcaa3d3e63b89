"""Trigger pages: which automatic emails go out on which events
(interviews.services.triggers).

The global rules (every job) are shared settings managed by the roles that
manage email templates; everyone else gets a 404. A job's page lists its own
rules (job-wide and per stage) beside the global ones they override: whoever
sees the job reads it (an outsider gets a 404), only roles with
``job_settings_write`` change it (the others get a 403), as on the job's
stages page. The add form is the ``form`` region: htmx swaps it with its
errors and follows a save with HX-Redirect; every action also works as a
plain POST and redirect.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, error_text, respond, save_form
from interviews.forms.triggers import TriggerForm
from interviews.models import ClosingReason, Trigger
from interviews.selectors.closing import closing_reason_labels
from interviews.selectors.triggers import get_trigger_for_user, require_manage_triggers, trigger_list
from interviews.services.triggers import trigger_delete, trigger_save
from jobs.models import Job
from jobs.selectors import can_manage_jobs, get_job_for_user

LIST_PAGE = "interviews/triggers/trigger_list.html"
JOB_PAGE = "interviews/triggers/job_triggers.html"
FORM_PAGE = "interviews/triggers/trigger_form.html"

ABOUT = {
    Trigger.Event.STAGE_ENTRY: gettext_lazy(
        "Sends the chosen template to the candidate when their application enters a stage (created in it or moved "
        "to it). Cancelled if the application moves on or closes before it goes out."
    ),
    Trigger.Event.REJECTION: gettext_lazy(
        "Sends the chosen template when a candidate is rejected, unless the recruiter picks another email in the "
        "rejection dialog. A rule for one reason beats the rule for any reason."
    ),
    Trigger.Event.INTERVIEW: gettext_lazy(
        "Switches the candidate's invitation, reschedule and cancellation emails; they go at once. The panel is "
        "always told."
    ),
    Trigger.Event.THANK_YOU: gettext_lazy(
        "Thanks the candidate after an interview that was not cancelled, from the chosen template or the built-in one."
    ),
    Trigger.Event.SLA_NUDGE: gettext_lazy(
        "Tells the job's recruiter, once per stage visit, about an application past its stage's SLA days (plus the "
        "delay) with no contact since it entered the stage."
    ),
}


def _list_url() -> str:
    return reverse("interviews:trigger-list")


def _job_url(job: Job) -> str:
    return reverse("interviews:job-triggers", args=[job.public_id])


def _back_url(trigger: Trigger) -> str:
    return _job_url(trigger.job) if trigger.job_id else _list_url()


def _events(global_triggers: list[Trigger]) -> list[dict[str, Any]]:
    """Each event with its global triggers and, when none covers every
    reason, what happens by default (``default_on``; None when covered)."""
    rows = []
    for event, label in Trigger.Event.choices:
        triggers = [trigger for trigger in global_triggers if trigger.event == event]
        covered = any(not trigger.rejection_reason for trigger in triggers)
        rows.append(
            {
                "event": event,
                "label": label,
                "about": ABOUT[event],
                "triggers": triggers,
                "default_on": None if covered else event in Trigger.ON_BY_DEFAULT,
            }
        )
    return rows


def _labelled(triggers: list[Trigger]) -> list[Trigger]:
    """``reason_label`` on each trigger: its rejection reason in the reader's
    language, retired reasons too (one query)."""
    labels = closing_reason_labels(ClosingReason.Kind.REJECTION)
    for trigger in triggers:
        code = trigger.rejection_reason
        trigger.reason_label = labels.get(code, code)
    return triggers


def _list_context(form: TriggerForm) -> dict[str, Any]:
    return {
        "events": _events(_labelled(list(trigger_list()))),
        "form": form,
        "action_url": reverse("interviews:trigger-create"),
    }


def _job_context(request: HttpRequest, job: Job, form: TriggerForm | None = None) -> dict[str, Any]:
    can_change = can_manage_jobs(request.user)
    if can_change and form is None:
        form = TriggerForm(job=job)
    triggers, global_triggers = list(trigger_list(job=job)), list(trigger_list())
    _labelled([*triggers, *global_triggers])
    return {
        "job": job,
        "triggers": triggers,
        "events": _events(global_triggers),
        "can_change": can_change,
        "form": form,
        "action_url": reverse("interviews:job-trigger-create", args=[job.public_id]),
    }


def _save(request: HttpRequest, form: TriggerForm) -> Trigger | None:
    """Save a valid form's trigger through the service; None (errors on the form) if refused."""
    if not form.is_valid():
        return None
    return save_form(form, lambda: trigger_save(trigger=form.instance, actor=request.user))


def _saved(request: HttpRequest, trigger: Trigger) -> HttpResponse:
    return done(request, _back_url(trigger), _("Trigger saved: %(trigger)s.") % {"trigger": trigger})


@require_safe
def trigger_list_page(request: HttpRequest) -> HttpResponse:
    """The global triggers, event by event, with the defaults where none is set."""
    require_manage_triggers(request.user)
    return respond(request, LIST_PAGE, "form", _list_context(TriggerForm()))


@require_POST
def trigger_create(request: HttpRequest) -> HttpResponse:
    require_manage_triggers(request.user)
    form = TriggerForm(request.POST)
    if trigger := _save(request, form):
        return _saved(request, trigger)
    return respond(request, LIST_PAGE, "form", _list_context(form))


@require_safe
def job_triggers(request: HttpRequest, job_public_id) -> HttpResponse:
    """A job's own triggers and the global rules they override."""
    job = get_job_for_user(request.user, job_public_id)
    return respond(request, JOB_PAGE, "form", _job_context(request, job))


@require_POST
def job_trigger_create(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    form = TriggerForm(request.POST, job=job)
    if trigger := _save(request, form):
        return _saved(request, trigger)
    return respond(request, JOB_PAGE, "form", _job_context(request, job, form))


@GET_OR_POST
def trigger_edit(request: HttpRequest, public_id) -> HttpResponse:
    trigger = get_trigger_for_user(request.user, public_id)
    form = TriggerForm(request.POST or None, instance=trigger, job=trigger.job)
    if request.method == "POST" and (saved := _save(request, form)):
        return _saved(request, saved)
    context = {
        "form": form,
        "trigger": trigger,
        "back_url": _back_url(trigger),
        "action_url": reverse("interviews:trigger-edit", args=[trigger.public_id]),
    }
    return respond(request, FORM_PAGE, "form", context)


@require_POST
def trigger_toggle(request: HttpRequest, public_id) -> HttpResponse:
    """Switch a trigger on or off (switching on is refused if it lacks a template it needs)."""
    trigger = get_trigger_for_user(request.user, public_id)
    trigger.is_active = not trigger.is_active
    try:
        trigger_save(trigger=trigger, actor=request.user)
    except ValidationError as error:
        return done(request, _back_url(trigger), error=error_text(error))
    notice = _("%(trigger)s switched on.") if trigger.is_active else _("%(trigger)s switched off.")
    return done(request, _back_url(trigger), notice % {"trigger": trigger})


@require_POST
def trigger_remove(request: HttpRequest, public_id) -> HttpResponse:
    trigger = get_trigger_for_user(request.user, public_id)
    url, label = _back_url(trigger), str(trigger)
    trigger_delete(trigger=trigger, actor=request.user)
    return done(request, url, _("Trigger deleted: %(trigger)s.") % {"trigger": label})


urlpatterns = [
    path("triggers/", trigger_list_page, name="trigger-list"),
    path("triggers/new/", trigger_create, name="trigger-create"),
    path("triggers/<uuid:public_id>/", trigger_edit, name="trigger-edit"),
    path("triggers/<uuid:public_id>/toggle/", trigger_toggle, name="trigger-toggle"),
    path("triggers/<uuid:public_id>/delete/", trigger_remove, name="trigger-delete"),
    path("jobs/<uuid:job_public_id>/triggers/", job_triggers, name="job-triggers"),
    path("jobs/<uuid:job_public_id>/triggers/new/", job_trigger_create, name="job-trigger-create"),
]
