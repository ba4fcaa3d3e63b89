"""Forms of the closing-reasons settings page (interviews.views.closing_reasons)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ClosingReasonForm(forms.Form):
    """A reason's labels; a new reason also gets its code, fixed from then on."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_("Lower-case letters, digits, - and _; kept on past applications and reports, never changed."),
    )
    label_en = forms.CharField(label=_("Label in English"), max_length=100)
    label_zh_hans = forms.CharField(
        label=_("Label in Simplified Chinese"),
        max_length=100,
        required=False,
        help_text=_("Empty: Chinese readers see the English label."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
