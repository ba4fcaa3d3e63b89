"""Forms of the debrief: moving on from it (rejecting uses the board's RejectForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AdvanceForm(forms.Form):
    override = forms.BooleanField(required=False, widget=forms.HiddenInput)
    override_reason = forms.CharField(label=_("Reason for moving on"), required=False, max_length=300)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", _("Give a reason for moving on without the missing scorecards."))
        return data
