"""The offer's forms: terms (checked again by offers.terms in the service),
an approver's decision, a withdrawal, the job's approval chain."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from offers.models import OfferVersion
from offers.terms import PERIODS_PER_YEAR, currency_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OfferForm(forms.Form):
    """An offer's terms, in sections: compensation, the job, the offer itself."""

    COMPENSATION = ("base_salary", "currency", "pay_period", "periods_per_year", "bonus", "equity", "other_terms")
    ROLE = ("start_date", "work_location")
    OFFER = ("expires_on", "note")

    base_salary = forms.DecimalField(
        label=_("Base salary"),
        max_digits=12,
        decimal_places=2,
        help_text=_("For one pay period, before tax."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="CNY")
    pay_period = forms.ChoiceField(label=_("Pay period"), choices=OfferVersion.PayPeriod.choices)
    periods_per_year = forms.TypedChoiceField(
        label=_("Pay periods a year"),
        coerce=int,
        choices=[(n, n) for n in PERIODS_PER_YEAR],
        initial=1,
        help_text=_("For a monthly salary, e.g. 13 or 14 months with a year-end bonus."),
    )
    bonus = forms.CharField(label=_("Bonus"), required=False, max_length=500, help_text=_("E.g. 15% target bonus."))
    equity = forms.CharField(label=_("Equity"), required=False, max_length=500)
    other_terms = forms.CharField(
        label=_("Other terms"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    work_location = forms.CharField(label=_("Work location"), required=False, max_length=200)
    expires_on = forms.DateField(
        label=_("Offer expires on"),
        widget=DateInput(),
        help_text=_("The candidate can answer until the end of this day."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the hiring team; the candidate never sees it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_base_salary(self):
        # Said here as well as by the service, so it shows with the form's other errors.
        salary = self.cleaned_data["base_salary"]
        if salary is not None and salary <= 0:
            raise forms.ValidationError(_("The base salary must be above zero."))
        return salary

    def add_error(self, field, error) -> None:
        # Every error, the form's own or a service's, marks its field for the
        # page's styles and for app.js, which focuses the first one.
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def sections(self) -> list[tuple[str, list]]:
        return [
            (_("Compensation"), [self[name] for name in self.COMPENSATION]),
            (_("The role"), [self[name] for name in self.ROLE]),
            (_("The offer"), [self[name] for name in self.OFFER]),
        ]


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("Why do you reject it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Why is the offer withdrawn?"), required=False, max_length=300)


class ApproverForm(forms.Form):
    """One person, by public id, among those who may approve the job's offers."""

    user = forms.ModelChoiceField(
        label=_("Approver"), queryset=User.objects.none(), to_field_name="public_id", empty_label=_("Choose a person")
    )

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(pk__in=[user.pk for user in candidates]).order_by(
            "full_name", "pk"
        )
        self.fields["user"].widget.attrs["class"] = "form-select"


class ApproverMoveForm(ApproverForm):
    position = forms.IntegerField(min_value=1, max_value=50)
