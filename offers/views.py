"""Offer pages: draft and change an offer, its page (terms, approvals,
versions), submit, withdraw, an approver's decision, the approvals waiting
for me, and a job's approval chain.

The offer page declares one swappable region, ``offer``; every action on it
answers htmx with that region and a plain POST with a message and a redirect.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import rules_for
from core.http import GET_OR_POST, done, done_in_place, error_text, respond, save_form
from jobs.selectors import get_job_for_user
from offers import selectors, services
from offers.forms import ApproverForm, ApproverMoveForm, DecisionForm, OfferForm, RejectForm, WithdrawForm
from offers.models import Offer, OfferVersion
from offers.terms import TERM_FIELDS, version_terms

DETAIL = "offers/offer_detail.html"
FORM = "offers/offer_form.html"
APPROVALS = "offers/approval_list.html"
CHAIN = "offers/job_approvers.html"


def _offer_context(request: HttpRequest, offer: Offer, **extra: Any) -> dict[str, Any]:
    user = request.user
    approval = selectors.current_approval(offer)
    show_terms = selectors.can_see_offer_terms(user)
    versions = selectors.offer_versions(offer)
    labels = {name: OfferVersion._meta.get_field(name).verbose_name for name in TERM_FIELDS}
    hidden = (
        set() if show_terms else set(OfferVersion.COMPENSATION_FIELDS) | {"currency", "pay_period", "periods_per_year"}
    )
    for version in versions:
        version.changed_labels = [labels[name] for name in version.changed if name not in hidden]
        if hidden & set(version.changed):
            version.changed_labels.append(_("compensation"))
    return {
        "offer": offer,
        "application": offer.application,
        "candidate": offer.application.candidate,
        "job": offer.application.job,
        "version": offer.current_version,
        "versions": versions,
        "show_terms": show_terms,
        "can_write": selectors.can_write_offers(user),
        "is_open": offer.status in Offer.OPEN_STATUSES,
        "editable": offer.status in (Offer.Status.DRAFT, Offer.Status.AWAITING_APPROVAL, Offer.Status.APPROVED),
        "my_turn": approval is not None and approval.approver_id == user.pk,
        "waiting_on": approval,
        "decision_form": DecisionForm(),
        "reject_form": RejectForm(),
        "withdraw_form": WithdrawForm(),
        **extra,
    }


def _offer_answer(request: HttpRequest, offer: Offer, *, notice: str = "", error: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        fresh = selectors.get_offer_for_user(request.user, offer.public_id)
        context = _offer_context(request, fresh, offer_notice=notice, offer_error=error)
        return render(request, f"{DETAIL}#offer", context)

    return done_in_place(request, services.offer_path(offer), redraw, notice=notice, error=error)


@require_safe
def offer_detail(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_for_user(request.user, public_id)
    if selectors.can_see_offer_terms(request.user):
        services.offer_terms_read_record(user=request.user, offer=offer, request=request)
    return respond(request, DETAIL, "offer", _offer_context(request, offer))


@GET_OR_POST
def offer_create(request: HttpRequest, application_public_id) -> HttpResponse:
    """Draft an offer for an application; its open offer's page if it has one."""
    application = selectors.get_application_for_offer(request.user, application_public_id)
    existing = selectors.application_open_offer(application)
    if existing is not None:
        return redirect(services.offer_path(existing))
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = save_form(
            form, lambda: services.offer_create(application=application, actor=request.user, **form.cleaned_data)
        )
        if offer is not None:
            return done(request, services.offer_path(offer), _("Offer drafted."))
    context = {
        "form": form,
        "application": application,
        "candidate": application.candidate,
        "job": application.job,
        "title": _("Draft offer"),
        "cancel_url": reverse("candidates:candidate-detail", args=[application.candidate.public_id]),
    }
    return respond(request, FORM, "form", context)


@GET_OR_POST
def offer_edit(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_for_user(request.user, public_id, action="change")
    url = services.offer_path(offer)
    initial = version_terms(offer.current_version)
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_form(form, lambda: services.offer_update(offer=offer, actor=request.user, **form.cleaned_data))
        if saved is not None:
            return done(request, url, _("Offer saved."))
    context = {
        "form": form,
        "offer": offer,
        "application": offer.application,
        "candidate": offer.application.candidate,
        "job": offer.application.job,
        "title": _("Edit offer"),
        "cancel_url": url,
    }
    return respond(request, FORM, "form", context)


@require_POST
def offer_submit(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_for_user(request.user, public_id, action="change")
    try:
        offer = services.offer_submit(offer=offer, actor=request.user)
    except ValidationError as error:
        return _offer_answer(request, offer, error=error_text(error))
    if offer.status == Offer.Status.APPROVED:
        notice = _("This job has no approval chain, so the offer is approved at once.")
    else:
        notice = _("Offer sent for approval.")
    return _offer_answer(request, offer, notice=notice)


@require_POST
def offer_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_for_user(request.user, public_id, action="change")
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.offer_withdraw(offer=offer, actor=request.user, note=note)
    except ValidationError as error:
        return _offer_answer(request, offer, error=error_text(error))
    return _offer_answer(request, offer, notice=_("Offer withdrawn."))


@require_POST
def offer_approve(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_to_decide(request.user, public_id)
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.offer_approval_decide(offer=offer, actor=request.user, approve=True, comment=comment)
    except (ValidationError, PermissionDenied) as error:
        return _offer_answer(request, offer, error=_refusal(error))
    return _offer_answer(request, offer, notice=_("You approved the offer."))


@require_POST
def offer_reject(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_to_decide(request.user, public_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _offer_answer(request, offer, error=_("Say why you reject the offer: the recruiter reads it."))
    try:
        services.offer_approval_decide(
            offer=offer, actor=request.user, approve=False, comment=form.cleaned_data["comment"]
        )
    except (ValidationError, PermissionDenied) as error:
        return _offer_answer(request, offer, error=_refusal(error))
    return _offer_answer(request, offer, notice=_("You rejected the offer; it is back with the recruiter."))


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return error_text(error)
    return str(error) or _("It is not your turn to decide on this offer.")


@require_safe
def approval_list(request: HttpRequest) -> HttpResponse:
    """What waits for my approval, and what I decided lately."""
    selectors.require_sees_offers(request.user)
    context = {
        "waiting": list(selectors.approvals_waiting_for(request.user)),
        "decided": selectors.approvals_decided_by(request.user),
    }
    return respond(request, APPROVALS, "approvals", context)


@require_safe
def approval_count(request: HttpRequest) -> HttpResponse:
    """The navigation's count of approvals waiting, loaded after each page (so pages keep their query counts)."""
    return render(
        request, "offers/_fragments/approval_count.html", {"count": selectors.approvals_waiting_count(request.user)}
    )


def _chain_context(request: HttpRequest, job, **extra: Any) -> dict[str, Any]:
    steps = selectors.job_approvers(job)
    on_chain = {step.user_id for step in steps}
    candidates = [user for user in selectors.approver_candidates(job) if user.pk not in on_chain]
    return {
        "job": job,
        "steps": steps,
        "add_form": ApproverForm(candidates=candidates),
        "can_change": rules_for(request.user.role).job_settings_write,
        **extra,
    }


@require_safe
def job_approvers(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    selectors.require_sees_offers(request.user)
    return respond(request, CHAIN, "chain", _chain_context(request, job))


def _chain_answer(request: HttpRequest, job, *, notice: str = "", error: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        return render(request, f"{CHAIN}#chain", _chain_context(request, job, chain_notice=notice, chain_error=error))

    url = reverse("offers:job-approvers", args=[job.public_id])
    return done_in_place(request, url, redraw, notice=notice, error=error)


def _chain_change(request: HttpRequest, job, users: list, notice: str) -> HttpResponse:
    try:
        services.offer_approvers_set(job=job, users=users, actor=request.user)
    except ValidationError as error:
        return _chain_answer(request, job, error=error_text(error))
    return _chain_answer(request, job, notice=notice)


@require_POST
def job_approver_add(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    form = ApproverForm(request.POST, candidates=selectors.approver_candidates(job))
    if not form.is_valid():
        return _chain_answer(request, job, error=_("Choose a team member or an administrator."))
    user = form.cleaned_data["user"]
    users = [step.user for step in selectors.job_approvers(job)] + [user]
    return _chain_change(request, job, users, _("%(name)s approves this job's offers.") % {"name": user.full_name})


@require_POST
def job_approver_remove(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    users = [step.user for step in selectors.job_approvers(job)]
    form = ApproverForm(request.POST, candidates=users)
    if not form.is_valid():
        return _chain_answer(request, job, error=_("Choose an approver in the chain."))
    user = form.cleaned_data["user"]
    users.remove(user)
    return _chain_change(request, job, users, _("%(name)s is off the approval chain.") % {"name": user.full_name})


@require_POST
def job_approver_move(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    users = [step.user for step in selectors.job_approvers(job)]
    form = ApproverMoveForm(request.POST, candidates=users)
    if not form.is_valid():
        return _chain_answer(request, job, error=_("Choose an approver and where to move them."))
    user = form.cleaned_data["user"]
    users.remove(user)
    users.insert(min(form.cleaned_data["position"], len(users) + 1) - 1, user)
    return _chain_change(request, job, users, _("Approval order saved."))
