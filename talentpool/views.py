"""Talent-pool pages: the pools (with late-stage rejections proposed for a
pool), one pool's members and check-in settings, and the candidate's check-in
page reached through a tokenized link without login.

Who sees what: talentpool.selectors.pool_list_for (a pool the user may not see
is a 404); changing anything needs the role's ``templates_and_pools`` (403
otherwise). Regions: ``create`` and ``proposals`` on the list, ``members`` and
``settings`` on a pool; every action also works as a plain POST and redirect.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core.access import get_or_404
from core.http import GET_OR_POST, done, done_in_place, error_text, form_errors, is_htmx, respond, save_form
from core.services import TokenInvalid
from interviews.selectors import application_list_for
from talentpool import forms, services
from talentpool import selectors as sel
from talentpool.models import TalentPool

LIST = "talentpool/pool_list.html"
DETAIL = "talentpool/pool_detail.html"
CHECKIN = "talentpool/public_checkin.html"
CHECKIN_CONFIRM = "talentpool/checkin_confirm.html"


# --- The pools -----------------------------------------------------------------------


def _list_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    manage = sel.can_manage_pools(user)
    return {
        "pools": list(sel.pool_list_for(user).select_related("owner")),
        "can_manage": manage,
        "create_form": forms.PoolCreateForm() if manage else None,
        "proposals": sel.pool_proposals_for(user),
        "proposal_form": forms.ProposalAddForm(pools=sel.manageable_pools_for(user)) if manage else None,
        **extra,
    }


@require_safe
def pool_list(request: HttpRequest) -> HttpResponse:
    """The pools the user sees, and late-stage rejections to keep warm."""
    sel.require_pool_role(request.user)
    return render(request, LIST, _list_context(request))


@require_POST
def pool_create(request: HttpRequest) -> HttpResponse:
    sel.require_manage_pools(request.user)
    form = forms.PoolCreateForm(request.POST)
    if form.is_valid():
        pool = save_form(form, lambda: services.pool_create(actor=request.user, **form.cleaned_data))
        if pool is not None:
            url = reverse("talentpool:pool-detail", args=[pool.public_id])
            return done(request, url, _("Pool %(name)s created.") % {"name": pool.name})
    return respond(request, LIST, "create", _list_context(request, create_form=form), status=422)


@require_POST
def proposal_add(request: HttpRequest, application_public_id) -> HttpResponse:
    """Add a late-stage rejected candidate to the chosen pool."""
    sel.require_manage_pools(request.user)
    application = get_or_404(application_list_for(request.user), public_id=application_public_id)
    form = forms.ProposalAddForm(request.POST, pools=sel.manageable_pools_for(request.user))
    if not form.is_valid():
        return done(request, reverse("talentpool:pool-list"), error=_("Choose a pool."))
    pool, candidate = form.cleaned_data["pool"], application.candidate
    reason = _("Rejected at %(stage)s for %(job)s") % {"stage": application.stage.name, "job": application.job.title}
    try:
        services.pool_member_add(pool=pool, candidate=candidate, actor=request.user, reason=reason)
    except ValidationError as error:
        return done(request, reverse("talentpool:pool-list"), error=error_text(error))
    return done_in_place(
        request,
        reverse("talentpool:pool-list"),
        lambda _notice, _error: render(request, f"{LIST}#proposals", _list_context(request)),
        notice=_("%(name)s added to %(pool)s.") % {"name": candidate.full_name, "pool": pool.name},
    )


# --- One pool ------------------------------------------------------------------------


def _detail_context(request: HttpRequest, pool: TalentPool, **extra: Any) -> dict[str, Any]:
    manage = sel.can_manage_pools(request.user)
    templates = sel.checkin_templates_queryset()
    return {
        "pool": pool,
        "members": sel.pool_member_list(pool),
        "can_manage": manage,
        "add_form": forms.MemberAddForm() if manage else None,
        "settings_form": forms.PoolSettingsForm(
            initial={"cadence_days": pool.cadence_days, "check_in_template": pool.check_in_template_id},
            templates=templates,
        )
        if manage
        else None,
        "fill_form": forms.PoolFillForm(saved_searches=sel.saved_searches_queryset(request.user)) if manage else None,
        **extra,
    }


def _region(request: HttpRequest, pool: TalentPool, region: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    """After an action: the region for htmx, a redirect to the pool otherwise;
    a refusal (``status`` 4xx) shows the region or the page with its errors."""
    if status >= 400:
        return respond(request, DETAIL, region, _detail_context(request, pool, **extra), status=status)

    def redraw(_notice: str, _error: str) -> HttpResponse:
        return render(request, f"{DETAIL}#{region}", _detail_context(request, pool, **extra))

    return done_in_place(request, reverse("talentpool:pool-detail", args=[pool.public_id]), redraw)


@require_safe
def pool_detail(request: HttpRequest, public_id) -> HttpResponse:
    """Members with their last check-in and answer; add, remove, settings."""
    pool = sel.get_pool_for_user(request.user, public_id)
    return render(request, DETAIL, _detail_context(request, pool))


@require_POST
def member_add(request: HttpRequest, public_id) -> HttpResponse:
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    form = forms.MemberAddForm(request.POST)
    if form.is_valid():
        candidate = sel.candidate_find_for(request.user, form.cleaned_data["candidate"])
        if candidate is None:
            form.add_error("candidate", _("No candidate you can see has that email address or ID."))
        else:
            reason = form.cleaned_data["reason"]
            added = save_form(
                form,
                lambda: services.pool_member_add(pool=pool, candidate=candidate, actor=request.user, reason=reason),
            )
            if added is not None:
                return _region(request, pool, "members")
    return _region(request, pool, "members", status=422, add_form=form)


@require_safe
def member_search(request: HttpRequest, public_id) -> HttpResponse:
    """Candidates to add, found by name or email as the user types: the picks
    region for htmx, the pool page with the picks otherwise."""
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    query = request.GET.get("q", "")
    picks = sel.pool_member_picks(request.user, pool, query)
    extra = {"picks": picks, "pick_query": query.strip()}
    # The region needs only the picks; the page without JavaScript, everything.
    context = {"pool": pool, **extra} if is_htmx(request) else _detail_context(request, pool, **extra)
    return respond(request, DETAIL, "member_picks", context)


def _membership_or_none(pool: TalentPool, value: str | None):
    """The member named by ``?member=`` (404 if not this pool's), or None for the whole pool."""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return sel.get_membership_for_pool(pool, value)


@require_safe
def checkin_confirm(request: HttpRequest, public_id) -> HttpResponse:
    """Before "send a check-in now": the email as the member (or the pool's
    first member) will read it and how many it goes to, with the button that
    sends. The region for htmx, a page otherwise."""
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    membership = _membership_or_none(pool, request.GET.get("member"))
    preview = services.checkin_preview(pool=pool, membership=membership)
    context = {"pool": pool, "membership": membership, "preview": preview}
    return respond(request, CHECKIN_CONFIRM, "checkin_confirm", context)


@require_POST
def checkin_send(request: HttpRequest, public_id) -> HttpResponse:
    """Send a check-in now to one member (``member``) or the whole pool."""
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    membership = _membership_or_none(pool, request.POST.get("member"))
    notice = error = ""
    try:
        sent = services.checkin_send_now(pool=pool, actor=request.user, membership=membership)
    except ValidationError as exc:
        error = error_text(exc)
    else:
        notice = ngettext("Check-in sent to %(count)d member.", "Check-in sent to %(count)d members.", sent) % {
            "count": sent
        }

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _detail_context(request, pool, members_notice=notice, members_error=error)
        return render(request, f"{DETAIL}#members", context)

    return done_in_place(
        request, reverse("talentpool:pool-detail", args=[pool.public_id]), redraw, notice=notice, error=error
    )


@require_POST
def member_remove(request: HttpRequest, public_id, membership_id: int) -> HttpResponse:
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    membership = sel.get_membership_for_pool(pool, membership_id)
    form = forms.MemberRemoveForm(request.POST)
    if not form.is_valid():
        return _region(
            request, pool, "members", status=422, remove_error=(membership.pk, _("Say why they leave the pool."))
        )
    try:
        services.member_remove(membership=membership, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _region(request, pool, "members", status=422, remove_error=(membership.pk, error_text(error)))
    return _region(request, pool, "members")


@require_POST
def pool_settings(request: HttpRequest, public_id) -> HttpResponse:
    """The check-in cadence and email template."""
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    form = forms.PoolSettingsForm(request.POST, templates=sel.checkin_templates_queryset())
    if form.is_valid():
        saved = save_form(form, lambda: services.pool_update(pool=pool, actor=request.user, **form.cleaned_data))
        if saved is not None:
            return _region(request, pool, "settings", settings_saved=True)
    return _region(request, pool, "settings", status=422, settings_form=form)


@require_POST
def pool_fill(request: HttpRequest, public_id) -> HttpResponse:
    """Add everyone a saved search of the user's finds (as the pool's owner sees them)."""
    pool = sel.get_pool_for_user(request.user, public_id, for_change=True)
    form = forms.PoolFillForm(request.POST, saved_searches=sel.saved_searches_queryset(request.user))
    url = reverse("talentpool:pool-detail", args=[pool.public_id])
    if not form.is_valid():
        return done(request, url, error=_("Choose one of your saved searches."))
    added = services.pool_fill_from_saved_search(
        pool=pool, saved_search=form.cleaned_data["saved_search"], actor=request.user
    )
    return done(request, url, _("%(count)d candidates added.") % {"count": added})


# --- The candidate's check-in page (no login) -----------------------------------------------


@login_not_required
@GET_OR_POST
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the questions, POST records the answer; a dead link says why (410, 404 unknown)."""
    link = sel.checkin_link_for(token)
    candidate = link.candidate
    language = candidate.language if candidate else translation.get_language()
    zone = zoneinfo.ZoneInfo(candidate.time_zone) if candidate else timezone.get_current_timezone()
    with translation.override(language), timezone.override(zone):
        request.LANGUAGE_CODE = language
        if link.state != "open":
            status = {"answered": 200, "unknown": 404}.get(link.state, 410)
            return render(request, CHECKIN, {"link": link, "owner": _owner(link)}, status=status)
        form = forms.CheckInAnswerForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.checkin_answer_record(token=token, **form.cleaned_data)
            except TokenInvalid:
                return redirect("talentpool:checkin", token=token)
            except ValidationError as error:
                form_errors(form, error)
            else:
                return redirect("talentpool:checkin", token=token)
        status = 422 if form.is_bound else 200
        return render(request, CHECKIN, {"link": link, "form": form, "owner": _owner(link)}, status=status)


def _owner(link: sel.CheckInLink):
    """Whom the candidate may ask: their recruiter, else the pool's owner."""
    if link.check_in is None:
        return None
    return link.candidate.owner or link.check_in.membership.pool.owner
