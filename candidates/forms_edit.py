"""The form that creates and edits a candidate (candidates.views.edit).

Its fields are the arguments of candidates.services.candidate_create /
candidate_update; the services validate and normalise, and their errors are put
back on the fields here. Contact and compensation fields exist only for users
who may see them, so a user never sends (or overwrites) what they cannot see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User, default_language
from accounts.roles import CANDIDATE_OWNER_ROLES
from candidates.forms import split_tags
from candidates.models import Candidate, Source
from candidates.selectors import can_see_compensation, can_see_contact_details
from candidates.timezones import guess_time_zone, time_zone_choices
from candidates.uploads import document_check
from core import crypto
from core.limits import long_text
from core.validators import clean_phone

CONTACT_FIELDS = Candidate.CONTACT_FIELDS


class TimeZoneSelect(forms.Select):
    """The zones grouped by region, with a filter box above them (static/js/time_zone_filter.js)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<input type="search" class="form-control form-control-sm mb-1" data-tz-filter="{}" placeholder="{}"'
            ' aria-label="{}">{}<script src="{}" defer></script>',
            select_id,
            _("Filter time zones, e.g. Shanghai"),
            _("Filter time zones"),
            select,
            static("js/time_zone_filter.js"),
        )


COMPENSATION_FIELDS = Candidate.COMPENSATION_FIELDS
# What the duplicate warning compares.
DEDUPE_FIELDS = ("email", "phone", "full_name", "company")


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    headline = forms.CharField(label=_("Title"), max_length=200, required=False)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    skills = forms.CharField(**long_text(label=_("Skills"), required=False, widget=forms.Textarea(attrs={"rows": 3})))
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=time_zone_choices,
        widget=TimeZoneSelect,
        help_text=_("Left to guess, it is taken from the phone number's country or the city."),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False, widget=forms.EmailInput)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
        help_text=_("With the country code if it is not local, e.g. +86 138 0013 8000."),
    )
    address = forms.CharField(
        **long_text(max_length=1000, label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    )
    im_handle = forms.CharField(label=_("IM handle"), max_length=200, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=100, required=False)
    birth_date = forms.CharField(label=_("Birth date"), max_length=50, required=False, help_text=_("YYYY-MM-DD"))
    current_compensation = forms.CharField(label=_("Current compensation"), max_length=200, required=False)
    expected_compensation = forms.CharField(label=_("Expected compensation"), max_length=200, required=False)
    tags = forms.CharField(label=_("Tags"), max_length=1000, required=False, help_text=_("Separate tags with commas."))

    def __init__(self, *args: Any, user: User, candidate: Candidate | None = None, **kwargs: Any) -> None:
        if candidate is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(candidate)
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        sources = Q(is_active=True)
        if candidate is not None and candidate.source_id:
            sources |= Q(pk=candidate.source_id)
        self.fields["source"].queryset = Source.objects.filter(sources).order_by("name")
        owners = Q(is_active=True, role__in=CANDIDATE_OWNER_ROLES)
        if candidate is not None and candidate.owner_id:
            owners |= Q(pk=candidate.owner_id)
        self.fields["owner"].queryset = User.objects.filter(owners).order_by("full_name", "email")
        if candidate is None:
            self.fields["language"].initial = default_language()
            if user.role in CANDIDATE_OWNER_ROLES:
                self.fields["owner"].initial = user.pk
        if not can_see_contact_details(user):
            for name in CONTACT_FIELDS:
                del self.fields[name]
        if not can_see_compensation(user):
            for name in COMPENSATION_FIELDS:
                del self.fields[name]

    @staticmethod
    def initial_for(candidate: Candidate) -> dict[str, Any]:
        initial = {
            name: getattr(candidate, name)
            for name in ("full_name", "headline", "company", "location", "skills", "language", "time_zone")
        }
        initial |= {name: getattr(candidate, name) or "" for name in CONTACT_FIELDS + COMPENSATION_FIELDS}
        initial["source"] = candidate.source_id
        initial["owner"] = candidate.owner_id
        initial["tags"] = ", ".join(candidate.tags.values_list("name", flat=True))
        return initial

    def clean_email(self) -> str:
        # The service validates again and normalises; checking here too puts the
        # error on the field before the duplicate warning is worked out.
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(crypto.normalize_email(email))
            except ValidationError:
                raise ValidationError(_("Enter a valid email address."), code="invalid") from None
        return email

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        clean_phone(phone)  # the service stores the normalised form
        return phone

    def clean(self) -> dict[str, Any]:
        """A time zone left to guess comes from the phone's country or the
        city; when neither tells, the form asks for it rather than assuming one."""
        data = super().clean()
        if not data.get("time_zone") and "time_zone" not in self.errors:
            guess = guess_time_zone(phone=data.get("phone"), location=data.get("location"))
            if guess is None:
                self.add_error(
                    "time_zone",
                    _("Choose the candidate's time zone: it cannot be told from their phone number or city."),
                )
            else:
                data["time_zone"] = guess
        return data

    def clean_tags(self) -> tuple[str, ...]:
        return split_tags(self.cleaned_data["tags"])

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of candidate_create / candidate_update."""
        return dict(self.cleaned_data)

    def dedupe_changed(self) -> bool:
        """Whether what the duplicate warning compares differs from the stored candidate."""
        if self.candidate is None:
            return True
        data = self.cleaned_data
        if "email" in data and crypto.email_index(data["email"] or None) != _bytes(self.candidate.email_index):
            return True
        if "phone" in data and crypto.phone_index(data["phone"] or None) != _bytes(self.candidate.phone_index):
            return True
        return data["full_name"] != self.candidate.full_name or data["company"] != self.candidate.company

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (the rest on the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


def _bytes(value: bytes | memoryview | None) -> bytes | None:
    return bytes(value) if value is not None else None


class DuplicateConfirmForm(forms.Form):
    """The "create anyway" checkbox shown with the duplicate warning."""

    confirm_duplicate = forms.BooleanField(required=False)


class ResumeForm(forms.Form):
    """The new-candidate form's resume: a file to fill the form from (checked
    like every upload), or the token of one kept from an earlier fill."""

    resume = forms.FileField(
        label=pgettext_lazy("candidate document", "Resume"),
        required=False,
        help_text=_("PDF or Word (.docx). “Fill from resume” fills the empty fields; saving attaches it."),
    )
    resume_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20000)

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if upload:
            upload.sniffed_type = document_check(upload)
        return upload
