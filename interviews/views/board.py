"""Pipeline pages: the board of a job.

The board declares one swappable region, ``columns``; every action on it
(move, reject, bulk) answers htmx with that region and a plain POST with a
message and a redirect back to the board, filters kept. Cards are lean; a
card's actions load on demand (application_actions: a panel for htmx, a page
without JavaScript).
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import rules_for
from candidates.selectors import can_write_candidates, candidate_search, get_candidate_for_user
from careers.selectors import answers_for_applications
from core.http import done_in_place, error_text, is_htmx, respond
from interviews import selectors, services
from interviews.forms import board as forms
from interviews.models import Application, ClosingReason
from interviews.selectors.closing import can_reopen_applications, closing_reason_choices_by_kind, is_offer_stage
from interviews.selectors.headcount import job_headcount
from interviews.selectors.scheduling import interviews_ahead_context
from jobs.models import Job
from jobs.selectors import get_job_for_user
from messaging.models import EmailTemplate
from messaging.selectors import email_template_names

BOARD = "interviews/board.html"
ACTIONS = "interviews/board_card_actions.html"
CONFIRM = "interviews/board_reject_confirm.html"

# Reversed once per request and joined with each card's public id: a board of
# 2,000 cards would otherwise spend most of its time in {% url %}.
_PLACEHOLDER = str(UUID(int=0))


def _url_around(name: str) -> tuple[str, str]:
    """The URL ``name`` of one public id, split around where the id goes."""
    head, tail = reverse(name, args=[_PLACEHOLDER]).split(_PLACEHOLDER)
    return head, tail


def _filter_query(request: HttpRequest, filters: dict[str, Any]) -> str:
    """The board's valid filters as a query string ("" or "?…"), carried by
    every action URL so that the board comes back filtered."""
    params = {name: request.GET[name] for name, value in filters.items() if value is not None}
    if _show_closed(request):
        params["show"] = "closed"
    query = urlencode(params)
    return f"?{query}" if query else ""


def _show_closed(request: HttpRequest) -> bool:
    """Whether the board also lists the rejected and withdrawn applications (``?show=closed``)."""
    return request.GET.get("show") == "closed"


def _escape(text: str) -> str:
    # django.utils.html.escape goes through keep_lazy's wrapper: measurable at thousands of calls.
    return html.escape(text, quote=True)


def _board_cards(request: HttpRequest, job: Job, filters: dict[str, Any], query: str, *, selectable: bool):
    """The cards of the active applications as HTML, by stage id.

    Made here rather than in the template: a hot job has thousands of cards and
    the template engine's cost per variable (lookup, localisation, escaping)
    was most of the request at 2,000 cards, even with lean cards (cProfile).
    Labels are translated once per distinct value and URLs reversed once per
    board; everything but public ids and those URLs is escaped. A card's
    actions (move, reject, schedule...) load on demand from its "Actions"
    link: application_actions."""
    by_stage: dict[int, list[str]] = defaultdict(list)
    now = timezone.now()
    candidate_head, candidate_tail = _url_around("candidates:candidate-detail")
    actions_head, actions_tail = _url_around("interviews:application-actions")
    actions_tail = _escape(actions_tail + query)
    actions = _escape(_("Actions"))
    select = _("Select %(name)s")
    next_interview = _("Next interview: %(when)s")
    scorecards = _("Scorecards %(submitted)s/%(seats)s")
    days_labels: dict[int, str] = {}
    for card in selectors.board_cards_for(request.user, job, **filters):
        pid = card["public_id"]
        name = card["candidate__full_name"]
        days = (now - card["stage_entered_at"]).days
        if days not in days_labels:
            label = ngettext("%(counter)s day in stage", "%(counter)s days in stage", days) % {"counter": days}
            days_labels[days] = _escape(label)
        checkbox = (
            f'<input class="form-check-input" type="checkbox" name="applications" value="{pid}" form="board-bulk"'
            f' aria-label="{_escape(select % {"name": name})}">'
            if selectable
            else ""
        )
        source = f"{_escape(card['source__name'])} · " if card["source__name"] else ""
        extra = ""
        if card["next_interview_at"]:
            when = formats.date_format(timezone.localtime(card["next_interview_at"]), "DATETIME_FORMAT")
            extra = f'<div data-testid="next-interview">{_escape(next_interview % {"when": when})}</div>\n'
        if seats := card["panel_seats"]:
            submitted = card["scorecards_submitted"]
            kind = "text-bg-warning" if submitted < seats else "text-bg-success"
            label = _escape(scorecards % {"submitted": submitted, "seats": seats})
            extra += f'<div><span class="badge {kind}" data-testid="scorecards">{label}</span></div>\n'
        actions_url = f"{actions_head}{pid}{actions_tail}"
        by_stage[card["stage_id"]].append(
            f'<li class="board-card card mb-2" id="application-{pid}" data-testid="card">'
            f'<div class="card-body p-2 small">\n<div class="d-flex gap-2 align-items-start">{checkbox}'
            f'<a class="fw-semibold" href="{candidate_head}{card["candidate__public_id"]}{candidate_tail}">'
            f"{_escape(name)}</a>\n"
            f'<a class="ms-auto" href="{actions_url}" hx-get="{actions_url}" hx-target="#board-panel-body"'
            f' data-bs-toggle="offcanvas" data-bs-target="#board-panel" aria-controls="board-panel"'
            f' data-testid="card-actions">{actions}</a></div>\n'
            f'<div class="text-body-secondary">{source}<span data-testid="days-in-stage">{days_labels[days]}</span>'
            f"</div>\n{extra}</div></li>\n"
        )
    return by_stage


def _board_context(request: HttpRequest, job: Job, **extra: Any) -> dict[str, Any]:
    """Columns of the board, filtered by the request's query string (the actions
    post to URLs that carry it, so a re-render keeps the filters)."""
    filter_form = forms.BoardFilterForm(request.GET, job=job)
    filters = filter_form.filters()
    query = _filter_query(request, filters)
    stages = list(job.stages.filter(archived_at__isnull=True).order_by("order"))
    rules = rules_for(request.user.role)
    selectable = rules.applications_write or rules.record_decisions  # the bulk form's checkboxes
    by_stage = _board_cards(request, job, filters, query, selectable=selectable)
    # The cards are escaped where they are made, in _board_cards.
    columns = [
        {"stage": stage, "count": len(by_stage[stage.pk]), "cards": mark_safe("".join(by_stage[stage.pk]))}
        for stage in stages
    ]
    move_head, move_tail = _url_around("interviews:application-move")
    return {
        "job": job,
        "stages": stages,
        "columns": columns,
        "filter_form": filter_form,
        "query": query,
        "can_change": rules.applications_write,
        "can_decide": rules.record_decisions,
        # board.js puts a dragged card's public id in place of the placeholder.
        "move_url_template": f"{move_head}{_PLACEHOLDER}{move_tail}{query}",
        "move_url_placeholder": _PLACEHOLDER,
        "reasons": forms.rejection_reasons() if rules.record_decisions else [],
        "rejection_templates": _rejection_templates(),
        "show_closed": _show_closed(request),
        "can_reopen": can_reopen_applications(request.user),
        "closed": selectors.board_closed_for(request.user, job) if _show_closed(request) else [],
        "headcount": job_headcount(job),
        "can_fill": rules.job_settings_write,
        "fill_in_panel": True,
        **extra,
    }


def _rejection_templates() -> list[str]:
    return email_template_names(purpose=EmailTemplate.Purpose.REJECTION)


def _board_answer(
    request: HttpRequest, job: Job, *, notice: str = "", error: str = "", undo: Application | None = None
) -> HttpResponse:
    """After an action: the columns for htmx (the outcome inside, with an
    "Undo" button for a rejection just made), else the outcome as a message
    and back to the board, filters kept."""

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _board_context(request, job, board_notice=notice, board_error=error, board_undo=undo)
        return render(request, f"{BOARD}#columns", context)

    query = request.GET.urlencode()
    url = reverse("interviews:board", args=[job.public_id]) + (f"?{query}" if query else "")
    return done_in_place(request, url, redraw, notice=notice, error=error)


@require_safe
def board(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    return respond(request, BOARD, "columns", _board_context(request, job))


@require_safe
def application_actions(request: HttpRequest, public_id) -> HttpResponse:
    """A card's actions (move, reject, schedule, offer slots, debrief), loaded
    when the card's "Actions" is opened: the panel for htmx, a page otherwise.
    Part of the board, so 404 to those who do not see the job (an interviewer
    sees applications through their panels, never the board) and for a card no
    longer on it."""
    application = selectors.get_board_application_for_user(request.user, public_id)
    job = application.job
    params = {name: request.GET[name] for name in forms.BoardFilterForm.base_fields if request.GET.get(name)}
    if _show_closed(request):
        params["show"] = "closed"
    query = f"?{urlencode(params)}" if params else ""
    stages = list(job.stages.filter(archived_at__isnull=True).order_by("order"))
    later = [stage for stage in stages if stage.order > application.stage.order]
    rules = rules_for(request.user.role)
    reasons = closing_reason_choices_by_kind() if rules.record_decisions else defaultdict(list)
    context = {
        "application": application,
        "candidate": application.candidate,
        "job": job,
        "stage": application.stage,
        "next_stage": later[0] if later else None,
        "other_stages": [stage for stage in stages if stage.pk != application.stage_id],
        "query": query,
        "filter_params": list(params.items()),
        "board_url": reverse("interviews:board", args=[job.public_id]) + query,
        "can_change": rules.applications_write,
        "can_decide": rules.record_decisions,
        "reasons": reasons[ClosingReason.Kind.REJECTION],
        "rejection_templates": _rejection_templates() if rules.record_decisions else [],
        **interviews_ahead_context(application),
        # The withdraw and hire forms (views/closing.py), posting back to the board.
        "withdrawal_reasons": reasons[ClosingReason.Kind.WITHDRAWAL],
        "can_close": rules.record_decisions,
        "at_offer_stage": is_offer_stage(application),
        # What the candidate answered on the careers site's application form (one query).
        "form_answers": answers_for_applications([application.pk]).get(application.pk, []),
    }
    context["form_knockout"] = any(answer.is_knockout for answer in context["form_answers"])
    if is_htmx(request):
        # Opened on the board: the panel's forms swap the board's columns.
        return render(request, f"{ACTIONS}#actions", {**context, "on_board": True})
    return render(request, ACTIONS, context)


@require_POST
def application_move(request: HttpRequest, public_id) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, public_id, action="change")
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return _board_answer(request, application.job, error=_("Choose a stage to move to."))
    stage = form.cleaned_data["stage"]
    try:
        services.application_move(application=application, to_stage=stage, actor=request.user)
    except ValidationError as error:
        return _board_answer(request, application.job, error=error_text(error))
    notice = _("%(name)s moved to %(stage)s.") % {"name": application.candidate.full_name, "stage": stage.name}
    return _board_answer(request, application.job, notice=notice)


@require_POST
def application_reject(request: HttpRequest, public_id) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    form = forms.RejectForm(request.POST, email_templates=_rejection_templates())
    if not form.is_valid():
        error = _("Choose a rejection reason.") if "reason" in form.errors else error_text(ValidationError(form.errors))
        return _board_answer(request, application.job, error=error)
    try:
        services.application_reject(application=application, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _board_answer(request, application.job, error=error_text(error))
    name = application.candidate.full_name
    if form.cleaned_data["email_template"]:
        notice = _("%(name)s rejected; the email to them is queued.") % {"name": name}
    else:
        notice = _("%(name)s rejected.") % {"name": name}
    return _board_answer(request, application.job, notice=notice, undo=application)


@require_safe
def application_reject_confirm(request: HttpRequest, public_id) -> HttpResponse:
    """Before a rejection: what it does and the email the candidate will get,
    rendered as they will read it, with the button that rejects. The side
    panel's content for htmx, a page otherwise."""
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    form = forms.RejectForm(request.GET, email_templates=_rejection_templates())
    preview = None
    if form.is_valid():
        preview = services.rejection_email_preview(
            application=application,
            reason=form.cleaned_data["reason"],
            email_template=form.cleaned_data["email_template"],
            actor=request.user,
        )
    query = _filter_query(request, forms.BoardFilterForm(request.GET, job=application.job).filters())
    context = {
        "application": application,
        "candidate": application.candidate,
        "job": application.job,
        "form": form,
        "preview": preview,
        # The label from the choices the form was checked against: no query of its own.
        "reason_label": dict(form.fields["reason"].choices)[form.cleaned_data["reason"]] if form.is_valid() else "",
        "query": query,
        "board_url": reverse("interviews:board", args=[application.job.public_id]) + query,
        "on_board": is_htmx(request),
        **interviews_ahead_context(application),
    }
    return respond(request, CONFIRM, "confirm", context)


@require_POST
def application_reject_undo(request: HttpRequest, public_id) -> HttpResponse:
    """Take a rejection back within the undo window: the card returns to its
    column and the queued rejection email is withdrawn."""
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    try:
        services.application_reject_undo(application=application, actor=request.user)
    except ValidationError as error:
        return _board_answer(request, application.job, error=error_text(error))
    notice = _("%(name)s is back in %(stage)s.") % {
        "name": application.candidate.full_name,
        "stage": application.stage.name,
    }
    return _board_answer(request, application.job, notice=notice)


ADD_RESULTS = 10


def _add_results(request: HttpRequest, job: Job) -> dict[str, Any]:
    """The first candidates matching ``q`` the user may see, each marked if already active in ``job``."""
    query = request.GET.get("q", "").strip()[:200]
    if not query:
        return {"add_query": "", "add_results": None}
    results = candidate_search(request.user, query=query, limit=ADD_RESULTS).results
    active = set(
        job.applications.filter(status=Application.Status.ACTIVE, candidate__in=results).values_list(
            "candidate_id", flat=True
        )
    )
    for candidate in results:
        candidate.in_pipeline = candidate.pk in active
    return {"add_query": query, "add_results": results, "can_write_candidates": can_write_candidates(request.user)}


@require_safe
def board_add_search(request: HttpRequest, job_public_id) -> HttpResponse:
    """Search candidates to add to the pipeline: the results region for htmx,
    the board with the results otherwise."""
    job = get_job_for_user(request.user, job_public_id)
    selectors.require_change_applications(request.user)
    if is_htmx(request):
        return render(request, f"{BOARD}#add_results", {"job": job, **_add_results(request, job)})
    return render(request, BOARD, _board_context(request, job, **_add_results(request, job)))


@require_POST
def board_add(request: HttpRequest, job_public_id) -> HttpResponse:
    """Put a candidate found by the search into the job's first stage."""
    job = get_job_for_user(request.user, job_public_id)
    selectors.require_change_applications(request.user)
    form = forms.AddCandidateForm(request.POST)
    if not form.is_valid():
        return _board_answer(request, job, error=_("Choose a candidate to add."))
    candidate = get_candidate_for_user(request.user, form.cleaned_data["candidate"])
    try:
        application = services.application_create(candidate=candidate, job=job, actor=request.user)
    except ValidationError as error:
        return _board_answer(request, job, error=error_text(error))
    notice = _("%(name)s added to %(stage)s.") % {"name": candidate.full_name, "stage": application.stage.name}
    return _board_answer(request, job, notice=notice)


def _bulk(request: HttpRequest, job: Job, form, action: str, apply) -> HttpResponse:
    """A bulk action on the ticked applications of ``job``: each is fetched and
    checked on its own (``action``: "change" or "decide"), refusals reported
    one by one with the reason, the rest as a count."""
    if not form.is_valid():
        return _board_answer(request, job, error=" ".join(e for errors in form.errors.values() for e in errors))
    done, refused = 0, []
    for public_id in form.cleaned_data["applications"]:
        try:
            application = selectors.get_application_for_user(request.user, public_id, action=action)
        except Http404:
            refused.append(_("an application you cannot see"))
            continue
        except PermissionDenied:
            refused.append(_("you may not do that"))
            continue
        if application.job_id != job.pk:
            refused.append(_("an application of another job"))
            continue
        try:
            apply(application)
        except ValidationError as error:
            refused.append(f"{application.candidate.full_name}: {error_text(error)}")
        else:
            done += 1
    notice = ngettext("%(count)d application updated.", "%(count)d applications updated.", done) % {"count": done}
    error = _("Not done: %(reasons)s") % {"reasons": "; ".join(refused)} if refused else ""
    return _board_answer(request, job, notice=notice if done else "", error=error)


@require_POST
def board_bulk_move(request: HttpRequest, job_public_id) -> HttpResponse:
    """Move the ticked applications to one stage."""
    job = get_job_for_user(request.user, job_public_id)
    selectors.require_change_applications(request.user)
    form = forms.BulkMoveForm(request.POST, job=job)

    def move(application: Application) -> None:
        services.application_move(application=application, to_stage=form.cleaned_data["stage"], actor=request.user)

    return _bulk(request, job, form, "change", move)


@require_POST
def board_bulk_reject(request: HttpRequest, job_public_id) -> HttpResponse:
    """Reject the ticked applications with one reason (and email, if chosen)."""
    job = get_job_for_user(request.user, job_public_id)
    selectors.require_record_decisions(request.user)
    form = forms.BulkRejectForm(request.POST, email_templates=_rejection_templates())

    def reject(application: Application) -> None:
        data = form.cleaned_data
        services.application_reject(
            application=application,
            actor=request.user,
            reason=data["reason"],
            note=data["note"],
            email_template=data["email_template"],
        )

    return _bulk(request, job, form, "decide", reject)


urlpatterns = [
    path("<uuid:job_public_id>/", board, name="board"),
    path("<uuid:job_public_id>/bulk/move/", board_bulk_move, name="board-bulk-move"),
    path("<uuid:job_public_id>/bulk/reject/", board_bulk_reject, name="board-bulk-reject"),
    path("<uuid:job_public_id>/add/search/", board_add_search, name="board-add-search"),
    path("<uuid:job_public_id>/add/", board_add, name="board-add"),
    path("applications/<uuid:public_id>/actions/", application_actions, name="application-actions"),
    path("applications/<uuid:public_id>/move/", application_move, name="application-move"),
    path("applications/<uuid:public_id>/reject/", application_reject, name="application-reject"),
    path(
        "applications/<uuid:public_id>/reject/confirm/", application_reject_confirm, name="application-reject-confirm"
    ),
    path("applications/<uuid:public_id>/reject/undo/", application_reject_undo, name="application-reject-undo"),
]
