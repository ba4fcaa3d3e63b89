"""Forms of the talent-pool pages and of the candidate's check-in page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.limits import long_text
from talentpool.models import CheckIn

TEXT_MAX = 200


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class PoolCreateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        **long_text(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    )
    cadence_days = forms.IntegerField(
        label=_("Check in every (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Empty: no check-ins."),
    )


class PoolSettingsForm(StyledForm):
    cadence_days = forms.IntegerField(
        label=_("Check in every (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Empty: no check-ins."),
    )
    check_in_template = forms.ModelChoiceField(
        label=_("Check-in email"), queryset=None, required=False, empty_label=_("The standard check-in email")
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["check_in_template"].queryset = templates


class MemberAddForm(StyledForm):
    # The public id of a candidate picked from the member search (an email address is accepted too).
    candidate = forms.CharField(
        label=_("Candidate"),
        max_length=254,
        widget=forms.HiddenInput,
        error_messages={"required": _("Search for the candidate and pick them from the list.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class MemberRemoveForm(StyledForm):
    reason = forms.CharField(label=_("Reason for removal"), max_length=300)


class PoolFillForm(StyledForm):
    saved_search = forms.ModelChoiceField(label=_("Saved search"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, saved_searches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["saved_search"].queryset = saved_searches


class ProposalAddForm(StyledForm):
    pool = forms.ModelChoiceField(label=_("Pool"), queryset=None, to_field_name="public_id", empty_label=None)

    def __init__(self, *args: Any, pools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools


class CheckInAnswerForm(StyledForm):
    answer = forms.ChoiceField(
        label=_("Are you open to new roles?"), choices=CheckIn.Answer.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(label=_("Where are you based?"), max_length=TEXT_MAX, required=False)
    roles = forms.CharField(label=_("Roles you would like"), max_length=TEXT_MAX, required=False)
    salary_range = forms.CharField(
        label=_("Salary range you expect"),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("Only the recruiting team sees it; it is stored encrypted."),
    )
    availability = forms.CharField(label=_("When could you start?"), max_length=TEXT_MAX, required=False)
    opt_out = forms.BooleanField(label=_("Please do not contact me again"), required=False)
