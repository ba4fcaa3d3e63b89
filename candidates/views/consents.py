"""The consent panel of the profile: record a consent the candidate gave the
team, withdraw one, and stop all contact ("do not contact") with the reason.
Each form opens in the profile's side panel (htmx) or as its own page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from accounts.models import User
from candidates import selectors
from candidates.models import Candidate, Consent
from candidates.services.consents import consent_record, consent_withdraw
from candidates.views.arrivals import _answer
from candidates.views.profile import _profile_url
from core.http import GET_OR_POST, form_errors, is_htmx, respond
from core.widgets import ValuesModelChoiceField
from jobs.selectors import client_list_for
from talentpool.services import candidate_contact_opt_out, pool_consent_withdraw

PAGE = "candidates/consent_form.html"
EVIDENCE_MAX = 2000
REASON_MAX = 300


class ConsentRecordForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=Consent.Purpose.choices)
    client = ValuesModelChoiceField(
        label=gettext_lazy("Client"),
        queryset=None,
        required=False,
        label_fields=("name",),
        help_text=gettext_lazy("Only for sharing the profile with a client: the one client it may be shared with."),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("How the candidate gave it"), choices=Consent.Method.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the candidate said, when, and where the record is kept (e.g. the email's date)."),
        strip=True,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list_for(user).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("purpose") != Consent.Purpose.SHARE_WITH_CLIENT:
            data["client"] = None
        elif not data.get("client") and "client" not in self.errors:
            self.add_error("client", _("Choose the client the profile may be shared with."))
        return data


class ContactStopForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Why contact stops, e.g. what the candidate asked for and when."),
        strip=True,
    )


class ConsentWithdrawForm(forms.Form):
    """A confirmation: nothing to fill in but the button."""


# --- Helpers --------------------------------------------------------------------------


def _form_page(
    request: HttpRequest, candidate: Candidate, action: str, form: forms.Form, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The form in the side panel (htmx) or as a page; with errors, the same
    again with ``status`` 422, swapped into the panel."""
    context = {
        "candidate": candidate,
        "action": action,
        "form": form,
        "in_panel": is_htmx(request),
        "profile_url": _profile_url(candidate),
        **extra,
    }
    if status != 200 and is_htmx(request):
        response = render(request, f"{PAGE}#panel", context, status=status)
        return reswap(retarget(response, "#profile-panel-body"), "innerHTML")
    return respond(request, PAGE, "panel", context, status=status)


# --- Views ----------------------------------------------------------------------------


@GET_OR_POST
def consent_record_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Record a consent the candidate gave the team (by phone, email or in
    person), under the privacy notice in force."""
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    if request.method != "POST":
        return _form_page(request, candidate, "record", ConsentRecordForm(user=request.user))
    form = ConsentRecordForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                candidate=candidate,
                purpose=data["purpose"],
                client=data["client"],
                channel=Consent.Channel.STAFF,
                method=data["method"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            return _answer(request, candidate.public_id, "consents", notice=_("Consent recorded."))
    return _form_page(request, candidate, "record", form, status=422)


@GET_OR_POST
def consent_withdraw_view(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    """Withdraw a consent in force, after a confirmation. A talent-pool
    consent also takes the candidate out of every pool; every withdrawal
    cancels the queued emails that depended on it."""
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    consent = selectors.get_consent_in_force(candidate, pk)
    if request.method != "POST":
        return _form_page(request, candidate, "withdraw", ConsentWithdrawForm(), consent=consent)
    if consent.purpose == Consent.Purpose.TALENT_POOL:
        pool_consent_withdraw(candidate=candidate, channel=Consent.Channel.STAFF, actor=request.user)
    else:
        consent_withdraw(
            candidate=candidate,
            purpose=consent.purpose,
            client=consent.client,
            channel=Consent.Channel.STAFF,
            actor=request.user,
        )
    return _answer(request, candidate.public_id, "consents", notice=_("Consent withdrawn."), oob=("timeline",))


@GET_OR_POST
def contact_stop_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Record "do not contact" with the reason: no email goes to the
    candidate any more, queued ones are cancelled, and they leave every pool."""
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    if request.method != "POST":
        return _form_page(request, candidate, "stop", ContactStopForm())
    form = ContactStopForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            stopped = candidate_contact_opt_out(
                candidate=candidate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        if stopped:
            return _answer(request, candidate.public_id, "consents", notice=_("Contact stopped."), oob=("timeline",))
        form.add_error(None, _("Contact with this candidate is already stopped."))
    return _form_page(request, candidate, "stop", form, status=422)


urlpatterns = [
    path("<uuid:public_id>/consents/record/", consent_record_view, name="consent-record"),
    path("<uuid:public_id>/consents/<int:pk>/withdraw/", consent_withdraw_view, name="consent-withdraw"),
    path("<uuid:public_id>/do-not-contact/", contact_stop_view, name="contact-stop"),
]
