"""Forms of the home page. They parse input only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.selectors import NO_CONTACT_DAYS, NO_CONTACT_DAYS_MAX, NO_CONTACT_DAYS_MIN


class NoContactForm(forms.Form):
    """``?days=`` of the "no contact" panel: 1 to 365, 14 when absent or invalid."""

    days = forms.IntegerField(
        label=_("No contact for (days)"),
        min_value=NO_CONTACT_DAYS_MIN,
        max_value=NO_CONTACT_DAYS_MAX,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )

    @classmethod
    def from_query(cls, query) -> NoContactForm:
        # Unbound without the parameter, so a plain visit shows no error.
        return cls(query if "days" in query else None, initial={"days": NO_CONTACT_DAYS})

    def days_or_default(self) -> int:
        return self.cleaned_data["days"] if self.is_valid() else NO_CONTACT_DAYS
