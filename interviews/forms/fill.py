"""The form that fills a job: the reason its remaining applications are
rejected with and the email, if any, each candidate gets in their language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.forms.board import rejection_reasons
from interviews.services import FILL_REASON
from interviews.services.applications import CANCEL_AHEAD, KEEP_AHEAD

SELECT = {"class": "form-select"}


class JobFillForm(forms.Form):
    # The reasons as the rejection form offers them; filling picks position filled.
    reason = forms.ChoiceField(label=_("Rejection reason"), choices=[], widget=forms.Select(attrs=SELECT))
    email_template = forms.ChoiceField(
        label=_("Email to each candidate"), required=False, widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    future_interviews = forms.ChoiceField(
        label=_("Interviews still ahead"),
        choices=[(CANCEL_AHEAD, _("Cancel them")), (KEEP_AHEAD, _("Keep them"))],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, email_templates: list[str], **kwargs) -> None:
        kwargs.setdefault("initial", {}).update({"reason": FILL_REASON, "future_interviews": CANCEL_AHEAD})
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = rejection_reasons()
        self.fields["email_template"].choices = [("", _("No email")), *((name, name) for name in email_templates)]
