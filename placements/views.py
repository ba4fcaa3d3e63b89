"""The placements page: an agency's placements with their fees, for
administrators (all) and recruiters (their own); every other role gets a 404.

The table is the swappable region ``placement-rows``; the edit side panel
(``panel``) saves its terms and answers htmx with the table redrawn, filters
kept, and a plain POST with a message and a redirect back to the list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reswap, retarget

from candidates.spreadsheets import CSV, CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from core.http import GET_OR_POST, done_in_place, error_text, form_errors, is_htmx, private_file, respond
from placements import selectors, services
from placements.forms import FallThroughForm, PlacementFilterForm, PlacementForm
from placements.models import Placement

LIST = "placements/placement_list.html"
EDIT = "placements/placement_edit.html"
PER_PAGE = 100


def _filtered(request: HttpRequest):
    form = PlacementFilterForm(request.GET or None, user=request.user)
    placements = selectors.placement_page_for(request.user, **form.filters(timezone.localdate()))
    return form, placements


def _query(request: HttpRequest) -> str:
    """The list's filters as a query string ("" or "?…"), carried by the edit
    panel's actions so that the table comes back filtered."""
    params = request.GET.copy()
    params.pop("page", None)
    return f"?{params.urlencode()}" if params else ""


def _list_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    form, placements = _filtered(request)
    page = Paginator(placements, PER_PAGE).get_page(request.GET.get("page"))
    query = _query(request)
    today = timezone.localdate()
    rows = [(placement, placement.state_on(today)) for placement in page.object_list]
    return {
        "form": form,
        "page": page,
        "rows": rows,
        "totals": selectors.placement_totals(placements),
        "query": query,
        "page_query": query.lstrip("?"),
        **extra,
    }


@require_safe
def placement_list(request: HttpRequest) -> HttpResponse:
    selectors.require_see_placements(request.user)
    return respond(request, LIST, "placement-rows", _list_context(request))


@require_safe
def placement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's filtered placements (same GET parameters) as CSV or XLSX; audited."""
    selectors.require_see_placements(request.user)
    form, placements = _filtered(request)
    filters = {name: value for name, value in request.GET.items() if name in form.fields}
    content = services.placement_export(
        user=request.user, placements=placements, fmt=fmt, filters=filters, request=request
    )
    filename = f"placements-{timezone.localdate():%Y%m%d}.{fmt}"
    return private_file(content, CSV_CONTENT_TYPE if fmt == CSV else XLSX_CONTENT_TYPE, filename=filename)


def _edit_context(request: HttpRequest, placement: Placement, **extra: Any) -> dict[str, Any]:
    return {
        "placement": placement,
        "state": placement.state_on(timezone.localdate()),
        "form": PlacementForm.for_placement(placement),
        "fall_through_form": FallThroughForm(initial={"fell_through_on": timezone.localdate()}),
        "query": _query(request),
        "list_url": reverse("placements:placement-list") + _query(request),
        "in_panel": is_htmx(request),
        **extra,
    }


def _answer(request: HttpRequest, placement: Placement, *, notice: str = "", error: str = "") -> HttpResponse:
    """After an action in the panel: htmx gets the table redrawn (filters
    kept) with the outcome inside; a plain POST the list with a message."""

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _list_context(request, rows_notice=notice, rows_error=error, changed=placement.public_id)
        return render(request, f"{LIST}#placement-rows", context)

    return done_in_place(
        request, reverse("placements:placement-list") + _query(request), redraw, notice=notice, error=error
    )


def _refused(request: HttpRequest, placement: Placement, context: dict[str, Any]) -> HttpResponse:
    """A form the service or the parser refused: the panel again with the errors."""
    if is_htmx(request):
        response = render(request, f"{EDIT}#panel", context)
        return reswap(retarget(response, "#placement-panel-body"), "innerHTML")
    return render(request, EDIT, context)


@GET_OR_POST
def placement_edit(request: HttpRequest, public_id) -> HttpResponse:
    """A placement's terms: the side panel for htmx, a page otherwise."""
    placement = selectors.get_placement_for_user(request.user, public_id)
    if request.method != "POST":
        return respond(request, EDIT, "panel", _edit_context(request, placement))
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            services.placement_update(placement=placement, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            name = placement.application.candidate.full_name
            return _answer(request, placement, notice=_("Placement of %(name)s saved.") % {"name": name})
    return _refused(request, placement, _edit_context(request, placement, form=form))


@require_POST
def placement_fall_through(request: HttpRequest, public_id) -> HttpResponse:
    placement = selectors.get_placement_for_user(request.user, public_id)
    form = FallThroughForm(request.POST)
    if form.is_valid():
        try:
            services.placement_fall_through(
                placement=placement,
                actor=request.user,
                fell_through_on=form.cleaned_data["fell_through_on"],
                replacement_owed=form.owed(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            name = placement.application.candidate.full_name
            return _answer(
                request, placement, notice=_("Placement of %(name)s marked as fallen through.") % {"name": name}
            )
    return _refused(request, placement, _edit_context(request, placement, fall_through_form=form))


@require_POST
def placement_fall_through_undo(request: HttpRequest, public_id) -> HttpResponse:
    placement = selectors.get_placement_for_user(request.user, public_id)
    try:
        services.placement_fall_through_undo(placement=placement, actor=request.user)
    except ValidationError as error:
        return _answer(request, placement, error=error_text(error))
    name = placement.application.candidate.full_name
    return _answer(request, placement, notice=_("Placement of %(name)s stands again.") % {"name": name})


urlpatterns = [
    path("", placement_list, name="placement-list"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", placement_export, name="placement-export"),
    path("<uuid:public_id>/edit/", placement_edit, name="placement-edit"),
    path("<uuid:public_id>/fall-through/", placement_fall_through, name="placement-fall-through"),
    path("<uuid:public_id>/fall-through/undo/", placement_fall_through_undo, name="placement-fall-through-undo"),
]
