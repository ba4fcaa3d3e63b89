"""Candidates' requests: the queue, a request's page, recording one (on the
queue and from the profile), an access request's archive and its one
download, closing an access or correction request, and a deletion asked for
by the handler and confirmed by a second person.

Who: privacy.request_selectors (administrators, recruiters and reviewers
see; administrators and recruiters handle; administrators and reviewers
confirm a deletion; everyone else gets a 404). Regions: ``queue`` and
``record`` on the queue, ``actions`` on a request; every action also works
as a plain POST and redirect.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from candidates.selectors import get_candidate_for_user
from core.http import GET_OR_POST, done, done_after, error_text, private_file, respond, save_form
from privacy import request_forms as forms
from privacy import request_selectors as sel
from privacy.models import PrivacyRequest
from privacy.services import requests as services
from talentpool.selectors import candidate_find_for

LIST = "privacy/request_list.html"
DETAIL = "privacy/request_detail.html"
CONFIRM = "privacy/request_deletion_confirm.html"


def _detail_url(request: PrivacyRequest) -> str:
    return reverse("privacy:request-detail", args=[request.public_id])


# --- The queue -------------------------------------------------------------------------


def _list_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    page = sel.request_queue(
        show=request.GET.get("show", "open"), kind=request.GET.get("kind", ""), cursor=request.GET.get("after", "")
    )
    handle = sel.can_handle_requests(request.user)
    return {
        "page": page,
        "kinds": PrivacyRequest.Kind.choices,
        "can_handle": handle,
        "record_form": forms.RequestQueueRecordForm() if handle else None,
        **extra,
    }


@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    """Waiting requests by due date (overdue first), or the closed ones; by kind."""
    sel.require_read_requests(request.user)
    return respond(request, LIST, "queue", _list_context(request))


@require_safe
def request_count(request: HttpRequest) -> HttpResponse:
    """The navigation's count of waiting requests, loaded after each page."""
    return render(request, "privacy/_fragments/request_count.html", {"count": sel.waiting_count(request.user)})


@require_POST
def request_record(request: HttpRequest) -> HttpResponse:
    """Record a request from the queue, naming the candidate."""
    sel.require_handle_requests(request.user)
    form = forms.RequestQueueRecordForm(request.POST)
    if form.is_valid():
        candidate = candidate_find_for(request.user, form.cleaned_data["candidate"])
        if candidate is None:
            form.add_error("candidate", _("No candidate you can see has that email address or ID."))
        else:
            created = save_form(form, lambda: _record(request, candidate, form.cleaned_data))
            if created is not None:
                return done(request, _detail_url(created), _("Request recorded."))
    return respond(request, LIST, "record", _list_context(request, record_form=form), status=422)


def _record(request: HttpRequest, candidate, data: dict[str, Any]) -> PrivacyRequest:
    return services.privacy_request_record(
        candidate=candidate, kind=data["kind"], details=data["details"], actor=request.user
    )


@require_POST
def request_record_for_candidate(request: HttpRequest, candidate_public_id) -> HttpResponse:
    """Record a request from the candidate's profile (its small form)."""
    sel.require_handle_requests(request.user)
    candidate = get_candidate_for_user(request.user, candidate_public_id)
    profile = reverse("candidates:candidate-detail", args=[candidate.public_id])
    form = forms.RequestRecordForm(request.POST)
    if not form.is_valid():
        return done(request, profile, error=" ".join(e for errors in form.errors.values() for e in errors))
    try:
        created = _record(request, candidate, form.cleaned_data)
    except ValidationError as error:
        return done(request, profile, error=error_text(error))
    return done(request, _detail_url(created), _("Request recorded."))


# --- One request -----------------------------------------------------------------------


def _detail_context(request: HttpRequest, privacy_request: PrivacyRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "privacy_request": privacy_request,
        "clock": sel.request_clock(privacy_request),
        "candidate": privacy_request.candidate,
        "can_handle": sel.can_handle_requests(user),
        "can_confirm": sel.can_confirm_deletions(user) and privacy_request.handled_by_id != user.pk,
        "archive": getattr(privacy_request, "archive", None),
        "complete_form": forms.RequestCompleteForm(),
        "ask_form": forms.DeletionAskForm(),
        **extra,
    }


@require_safe
def request_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The request, its legal clock, and the next step for its kind."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id)
    return respond(request, DETAIL, "actions", _detail_context(request, privacy_request))


@require_POST
def archive_build(request: HttpRequest, public_id) -> HttpResponse:
    """Build (or rebuild, before its download) an access request's archive."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id, for_change=True)
    return done_after(
        request,
        _detail_url(privacy_request),
        lambda: services.access_archive_build(request=privacy_request, actor=request.user),
        _("The archive is ready. It can be downloaded once, by you."),
    )


@require_POST
def archive_download(request: HttpRequest, public_id) -> HttpResponse:
    """The archive, once: a POST (a link prefetched by a browser or a scanner
    must not use it up). A refusal goes back to the request with the reason."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id, for_change=True)
    try:
        filename, content = services.access_archive_download(request=privacy_request, actor=request.user)
    except ValidationError as error:
        return done(request, _detail_url(privacy_request), error=error_text(error))
    return private_file(content, "application/zip", filename=filename)


@require_POST
def request_complete(request: HttpRequest, public_id) -> HttpResponse:
    """Close an access or correction request; the candidate is told by email."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id, for_change=True)
    form = forms.RequestCompleteForm(request.POST)
    if form.is_valid():
        closed = save_form(
            form,
            lambda: services.privacy_request_complete(
                request=privacy_request, actor=request.user, outcome=form.cleaned_data["outcome"]
            ),
        )
        if closed is not None:
            return done(request, _detail_url(privacy_request), _("Request done; the candidate has been told."))
    context = _detail_context(request, privacy_request, complete_form=form)
    return respond(request, DETAIL, "actions", context, status=422)


@require_POST
def deletion_ask(request: HttpRequest, public_id) -> HttpResponse:
    """The handler asks for the deletion; a second person confirms it."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id, for_change=True)
    form = forms.DeletionAskForm(request.POST)
    if form.is_valid():
        asked = save_form(
            form,
            lambda: services.deletion_ask(
                request=privacy_request, actor=request.user, outcome=form.cleaned_data["outcome"]
            ),
        )
        if asked is not None:
            notice = _("Deletion asked for; a second person must confirm it.")
            return done(request, _detail_url(privacy_request), notice)
    context = _detail_context(request, privacy_request, ask_form=form)
    return respond(request, DETAIL, "actions", context, status=422)


@GET_OR_POST
def deletion_confirm(request: HttpRequest, public_id) -> HttpResponse:
    """GET: what will be destroyed and kept, with the button; POST: the
    second person confirms and the person is anonymised."""
    privacy_request = sel.get_privacy_request_for_user(request.user, public_id, for_confirm=True)
    error = ""
    if request.method == "POST":
        try:
            services.deletion_confirm(request=privacy_request, actor=request.user)
        except ValidationError as refusal:
            error = error_text(refusal)
        else:
            return done(request, _detail_url(privacy_request), _("Confirmed: the person's data has been deleted."))
    context = {"privacy_request": privacy_request, "candidate": privacy_request.candidate, "error": error}
    return respond(request, CONFIRM, "confirm", context, status=422 if error else 200)
