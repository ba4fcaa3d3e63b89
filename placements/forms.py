"""Forms of the placements page. They parse input only: the services validate
the domain rules and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Role
from core.limits import long_text
from core.templatetags.money import SYMBOLS
from jobs.models import Client
from jobs.selectors import client_list_for
from placements.models import Placement
from placements.selectors import period_bounds

CURRENCY_CHOICES = [(code, code) for code in SYMBOLS]
SELECT = {"class": "form-select form-select-sm"}
DATE = {"type": "date", "class": "form-control form-control-sm"}


class PlacementFilterForm(forms.Form):
    """The list's filters: a period (a preset, or placed between two dates),
    a client, and for administrators a recruiter."""

    PERIODS = [
        ("", _("Any time")),
        ("month", _("This month")),
        ("quarter", _("This quarter")),
        ("year", _("This year")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False, widget=forms.Select(attrs=SELECT))
    start = forms.DateField(label=_("Placed from"), required=False, widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(
        label=pgettext_lazy("a period's end", "to"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Any client"),
        widget=forms.Select(attrs=SELECT),
    )
    recruiter = forms.ModelChoiceField(
        label=_("Recruiter"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Any recruiter"),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list_for(user).filter(is_internal=False)
        if user.role == Role.ADMINISTRATOR:
            self.fields["recruiter"].queryset = User.objects.filter(
                role__in=(Role.RECRUITER, Role.ADMINISTRATOR)
            ).order_by("full_name")
        else:
            # A recruiter's list is their own placements: there is no one else to pick.
            del self.fields["recruiter"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def filters(self, today: date) -> dict[str, Any]:
        """The selector's arguments: a preset period wins over typed dates."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if data.get("period"):
            start, end = period_bounds(data["period"], today)
        return {"start": start, "end": end, "client": data.get("client"), "recruiter": data.get("recruiter")}


class PlacementForm(forms.Form):
    """A placement's terms, in the edit side panel."""

    fee_type = forms.ChoiceField(label=_("Fee type"), choices=Placement.FeeType.choices)
    rate = forms.DecimalField(
        label=_("Rate or amount"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("The percentage of the first-year base, or the flat fee's amount."),
    )
    first_year_base = forms.DecimalField(
        label=_("First-year base salary"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    invoice_date = forms.DateField(
        label=_("Invoice date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    guarantee_days = forms.IntegerField(label=_("Guarantee period (days)"), min_value=0, max_value=3650)
    note = forms.CharField(**long_text(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})))

    @classmethod
    def for_placement(cls, placement: Placement, data=None) -> PlacementForm:
        initial = {
            "fee_type": placement.fee_type,
            "rate": placement.rate,
            "first_year_base": placement.first_year_base or None,
            "currency": placement.currency,
            "invoice_date": placement.invoice_date,
            "guarantee_days": placement.guarantee_days,
            "note": placement.note,
        }
        return cls(data, initial=initial)


class FallThroughForm(forms.Form):
    OWED = [("", _("As the guarantee says")), ("yes", _("Yes")), ("no", _("No"))]

    fell_through_on = forms.DateField(label=_("Fell through on"), widget=forms.DateInput(attrs={"type": "date"}))
    replacement_owed = forms.ChoiceField(
        label=_("Replacement owed"),
        choices=OWED,
        required=False,
        help_text=_("Inside the guarantee a replacement is owed unless you say otherwise."),
    )

    def owed(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("replacement_owed") or "")
