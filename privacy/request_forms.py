"""Forms of the requests' pages: recording a request, closing one, asking for a deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.limits import long_text
from privacy.models import PrivacyRequest
from privacy.services.requests import DETAILS_MAX_CHARS


class _StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class RequestRecordForm(_StyledForm):
    """A request the candidate made by phone, email or in person."""

    kind = forms.ChoiceField(label=_("What they asked for"), choices=PrivacyRequest.Kind.choices)
    details = forms.CharField(
        **long_text(
            max_length=DETAILS_MAX_CHARS,
            label=_("Details"),
            required=False,
            help_text=_("How it arrived (phone, email, in person), and what to correct."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )


class RequestQueueRecordForm(RequestRecordForm):
    """The queue's form also names the candidate: their email address or profile ID."""

    candidate = forms.CharField(
        label=_("Candidate"),
        max_length=254,
        help_text=_("Their email address, or the ID at the end of their profile's address."),
    )

    field_order = ["candidate", "kind", "details"]


class RequestCompleteForm(_StyledForm):
    outcome = forms.CharField(
        **long_text(
            max_length=DETAILS_MAX_CHARS,
            label=_("What was done"),
            required=False,
            help_text=_("For a correction: which fields were corrected."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )


class DeletionAskForm(_StyledForm):
    outcome = forms.CharField(
        **long_text(
            max_length=DETAILS_MAX_CHARS,
            label=_("Note for the second person"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    )
