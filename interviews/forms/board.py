"""Forms of the pipeline board: its filters, a move, a rejection, a bulk action."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Source, Tag
from core.limits import long_text
from interviews.models import ClosingReason, Stage
from interviews.selectors.closing import closing_reason_choices


class BoardFilterForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none(), required=False)
    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.none(), required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, to_field_name="public_id"
    )

    def __init__(self, *args, job, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("name")
        self.fields["tag"].queryset = Tag.objects.order_by("name")
        self.fields["owner"].queryset = (
            User.objects.filter(owned_candidates__applications__job=job).distinct().order_by("full_name")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> dict:
        """The valid filters; an unknown value is ignored rather than refused."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}


class MoveForm(forms.Form):
    # Any stage: application_move refuses another job's or an archived stage with its own message.
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.all())


def _email_template_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Email to the candidate"), required=False, choices=[])


def _offer_templates(form: forms.Form, names: list[str]) -> None:
    form.fields["email_template"].choices = [("", _("No email")), *((name, name) for name in names)]


def _future_interviews_field() -> forms.ChoiceField:
    # Empty follows the job's setting; services.applications.interviews_to_cancel decides.
    return forms.ChoiceField(
        label=_("Interviews still ahead"),
        required=False,
        choices=[("cancel", _("Cancel them")), ("keep", _("Keep them"))],
        widget=forms.RadioSelect,
    )


def rejection_reasons() -> list[tuple[str, str]]:
    """The active rejection reasons, read when a form is made (administrators edit the list)."""
    return closing_reason_choices(ClosingReason.Kind.REJECTION)


def withdrawal_reasons() -> list[tuple[str, str]]:
    return closing_reason_choices(ClosingReason.Kind.WITHDRAWAL)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[])
    note = forms.CharField(**long_text(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})))
    email_template = _email_template_field()
    future_interviews = _future_interviews_field()

    def __init__(self, *args, email_templates: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _offer_templates(self, email_templates)
        # Read once: a callable's choices are read again each time they are listed.
        self.fields["reason"].choices = rejection_reasons()


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why they withdrew"),
        choices=withdrawal_reasons,
        error_messages={
            "required": _("Choose why the candidate withdrew."),
            "invalid_choice": _("Choose why the candidate withdrew."),
        },
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    future_interviews = _future_interviews_field()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it"),
        max_length=300,
        error_messages={"required": _("Say why the application is reopened.")},
    )


class UUIDListField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose applications from the board.")}

    def to_python(self, value) -> list[uuid.UUID]:
        try:
            return [uuid.UUID(str(item)) for item in value or []]
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(_("Select at least one application."), code="required")


class BulkMoveForm(forms.Form):
    """The ticked applications and the stage to move them to."""

    applications = UUIDListField()
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=Stage.objects.none(),
        error_messages={"required": _("Choose the stage to move them to.")},
    )

    def __init__(self, *args, job, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = job.stages.filter(archived_at__isnull=True).order_by("order")


class BulkRejectForm(forms.Form):
    """The ticked applications and one rejection for all of them."""

    applications = UUIDListField()
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[],
        error_messages={"required": _("Choose a rejection reason.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    email_template = _email_template_field()

    def __init__(self, *args, email_templates: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _offer_templates(self, email_templates)
        self.fields["reason"].choices = [("", "---------"), *rejection_reasons()]


class AddCandidateForm(forms.Form):
    candidate = forms.UUIDField(widget=forms.HiddenInput)
