"""Forms of the preference centre (public: every value is hostile)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.limits import long_text
from core.validators import clean_phone

DETAILS_MAX = 2000


class _StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class DetailsForm(_StyledForm):
    """The candidate's corrections of their contact details; a blank field
    means "no change"."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    location = forms.CharField(label=_("Where you are based"), max_length=200, required=False)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        return crypto.normalize_email(email) if email else ""

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return (clean_phone(phone, field=None) or "") if phone else ""

    def clean_location(self) -> str:
        return self.cleaned_data["location"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            raise ValidationError(_("Fill in at least one detail to correct."), code="empty")
        return cleaned


class RequestForm(_StyledForm):
    """A request for a copy or the deletion of the candidate's data."""

    details = forms.CharField(
        **long_text(
            max_length=DETAILS_MAX,
            label=_("Anything we should know (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )
