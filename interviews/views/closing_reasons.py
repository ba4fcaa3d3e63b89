"""Settings: the closing-reason lists (why applications are rejected, why
candidates withdraw), for administrators only; the page does not exist for
anyone else (404). The lists are the ``reasons`` region: adding, moving,
retiring and restoring swap it for htmx and redirect back for a plain POST;
editing a reason's labels is a page of its own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, done_in_place, error_text, is_htmx, respond, save_form
from interviews.forms.closing_reasons import ClosingReasonForm
from interviews.forms.plans import MoveForm
from interviews.models import ClosingReason
from interviews.selectors.closing import closing_reasons, get_closing_reason_for_user, require_manage_closing_reasons
from interviews.services import closing_reasons as services

PAGE = "interviews/closing_reasons.html"
FORM_PAGE = "interviews/closing_reason_form.html"


def _page_url() -> str:
    return reverse("closing_reasons:list")


def _context(**forms: ClosingReasonForm) -> dict[str, Any]:
    """Both lists, retired reasons included, each with its add form."""
    reasons = list(closing_reasons(ClosingReason.Kind.REJECTION, include_retired=True)) + list(
        closing_reasons(ClosingReason.Kind.WITHDRAWAL, include_retired=True)
    )
    kinds = []
    for kind, label in ClosingReason.Kind.choices:
        rows = [reason for reason in reasons if reason.kind == kind]
        kinds.append(
            {
                "kind": kind,
                "label": label,
                "reasons": rows,
                "form": forms.get(kind) or ClosingReasonForm(auto_id=f"{kind}_%s"),
                "last": len(rows) - 1,
            }
        )
    return {"kinds": kinds}


def _changed(request: HttpRequest, *, notice: str = "", error: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        return render(request, f"{PAGE}#reasons", {**_context(), "reasons_notice": notice, "reasons_error": error})

    return done_in_place(request, _page_url(), redraw, notice=notice, error=error)


@require_safe
def closing_reason_list(request: HttpRequest) -> HttpResponse:
    require_manage_closing_reasons(request.user)
    return respond(request, PAGE, "reasons", _context())


@require_POST
def closing_reason_create(request: HttpRequest, kind: str) -> HttpResponse:
    require_manage_closing_reasons(request.user)
    if kind not in ClosingReason.Kind.values:
        raise Http404
    form = ClosingReasonForm(request.POST, auto_id=f"{kind}_%s")
    if form.is_valid():
        values = form.cleaned_data
        reason = save_form(form, lambda: services.closing_reason_create(kind=kind, actor=request.user, **values))
        if reason is not None:
            return _changed(request, notice=_("Reason “%(label)s” added.") % {"label": reason.label})
    if not is_htmx(request):
        return render(request, PAGE, _context(**{kind: form}), status=400)
    return render(request, f"{PAGE}#reasons", _context(**{kind: form}))


@GET_OR_POST
def closing_reason_edit(request: HttpRequest, public_id) -> HttpResponse:
    reason = get_closing_reason_for_user(request.user, public_id)
    initial = {"label_en": reason.label_en, "label_zh_hans": reason.label_zh_hans}
    form = ClosingReasonForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.closing_reason_update(reason=reason, actor=request.user, **values)):
            return done(request, _page_url(), _("Reason “%(label)s” saved.") % {"label": values["label_en"]})
    return respond(request, FORM_PAGE, "form", {"form": form, "reason": reason})


@require_POST
def closing_reason_move(request: HttpRequest, public_id) -> HttpResponse:
    reason = get_closing_reason_for_user(request.user, public_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _changed(request, error=_("Move it up or down."))
    ids = list(closing_reasons(reason.kind, include_retired=True).values_list("pk", flat=True))
    try:
        services.closing_reasons_reorder(kind=reason.kind, order=form.moved(ids, reason.pk), actor=request.user)
    except ValidationError as error:
        return _changed(request, error=error_text(error))
    return _changed(request)


@require_POST
def closing_reason_retire(request: HttpRequest, public_id) -> HttpResponse:
    reason = get_closing_reason_for_user(request.user, public_id)
    try:
        services.closing_reason_retire(reason=reason, actor=request.user)
    except ValidationError as error:
        return _changed(request, error=error_text(error))
    return _changed(
        request, notice=_("Reason “%(label)s” retired: past applications keep it.") % {"label": reason.label}
    )


@require_POST
def closing_reason_restore(request: HttpRequest, public_id) -> HttpResponse:
    reason = get_closing_reason_for_user(request.user, public_id)
    try:
        services.closing_reason_restore(reason=reason, actor=request.user)
    except ValidationError as error:
        return _changed(request, error=error_text(error))
    return _changed(request, notice=_("Reason “%(label)s” is offered again.") % {"label": reason.label})


# Mounted at /settings/closing-reasons/ (interviews.settings_urls), beside the other settings pages.
urlpatterns = [
    path("", closing_reason_list, name="list"),
    path("<str:kind>/add/", closing_reason_create, name="create"),
    path("<uuid:public_id>/", closing_reason_edit, name="edit"),
    path("<uuid:public_id>/move/", closing_reason_move, name="move"),
    path("<uuid:public_id>/retire/", closing_reason_retire, name="retire"),
    path("<uuid:public_id>/restore/", closing_reason_restore, name="restore"),
]
