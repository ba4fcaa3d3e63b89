"""The public application form of one posting: contact details, the resume,
the posting's questions and the consents, behind core.antispam's traps.
Everything posted is hostile: every field is bounded and checked, and an
unknown field is ignored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from candidates.models import Consent
from candidates.uploads import document_check
from careers.models import Posting, Question
from careers.services.applications import SourceParams, Upload, source_detail_clean
from core import crypto
from core.antispam import TrapForm
from core.validators import clean_phone

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
YES, NO = "yes", "no"


def _localised(obj: Any, name: str) -> str:
    """``obj.<name>`` in the page's language: the ``_zh_hans`` column in Chinese when it is filled."""
    if (get_language() or "").startswith("zh"):
        return getattr(obj, f"{name}_zh_hans", "") or getattr(obj, name, "")
    return getattr(obj, name, "")


def question_field_name(question: Question) -> str:
    return f"q_{question.public_id.hex}"


def _choices(question: Question) -> list[tuple[str, str]]:
    zh = (get_language() or "").startswith("zh")
    rows = []
    for item in question.choices or []:
        if not isinstance(item, dict) or not item.get("value"):
            continue
        label = (item.get("label_zh_hans") if zh else "") or item.get("label") or item["value"]
        rows.append((str(item["value"]), str(label)))
    return rows


class SourceField(forms.CharField):
    """Where a visitor came from, carried in a hidden field: never an error
    (people cannot see it to fix it): cleaned and cut instead."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)
        self.validators = []

    def to_python(self, value) -> str:
        return source_detail_clean(str(value or "")[:1000])


class ResumeField(forms.FileField):
    """A PDF or DOCX judged from its bytes and inspected (candidates.uploads)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sniffed_type = document_check(upload)
        return upload


def _question_field(question: Question) -> forms.Field:
    common = {"label": _localised(question, "label"), "help_text": _localised(question, "help_text")}
    required = question.required
    kind = question.kind
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(
            required=required, max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(required=required, choices=_choices(question), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            required=required, choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            required=required,
            choices=[(YES, pgettext_lazy("an answer", "Yes")), (NO, pgettext_lazy("an answer", "No"))],
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Kind.FILE:
        return ResumeField(required=required, **common)
    return forms.CharField(required=required, max_length=SHORT_TEXT_MAX, **common)


class ApplyForm(TrapForm):
    """Built per posting and in the page's language (call it inside
    translation.override). The consents' labels name the client of an
    agency job as the site shows it."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, help_text=_("With the country code if outside China."))
    resume = ResumeField(label=pgettext_lazy("a document", "Resume"), help_text=_("PDF or Word (.docx), up to 10 MB."))
    consent_processing = forms.BooleanField(
        label=_("I agree that my details are processed for this application."),
        error_messages={"required": _("We can only take your application with this consent.")},
    )
    consent_talent_pool = forms.BooleanField(
        label=_("Keep my profile in the talent pool and contact me about future roles (optional)."), required=False
    )
    # Where the visitor came from: carried from the job page's link and back through an error.
    source = SourceField()
    utm_source = SourceField()
    ref = SourceField()

    def __init__(
        self, *args, posting: Posting, questions: list[Question], agency_client_name: str = "", **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.questions = questions
        for question in questions:
            self.fields[question_field_name(question)] = _question_field(question)
        if agency_client_name:
            self.fields["consent_share"] = forms.BooleanField(
                label=_("Share my profile with %(client)s, the employer of this job (optional).")
                % {"client": agency_client_name},
                required=False,
            )

    # Bound fields for the template, in the order the page shows them.
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question_field_name(question)] for question in self.questions]

    def consent_fields(self) -> list[forms.BoundField]:
        names = ["consent_processing", "consent_talent_pool"]
        if "consent_share" in self.fields:
            names.append("consent_share")
        return [self[name] for name in names]

    def has_files(self) -> bool:
        return True

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError(_("Enter your name."), code="required")
        return name

    def clean_email(self) -> str:
        return crypto.normalize_email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"], field=None) or ""

    # --- What the service takes -------------------------------------------------------

    @staticmethod
    def upload(file) -> Upload:
        return Upload(filename=file.name[:255], content=file.read(), content_type=file.sniffed_type)

    def answers(self) -> list[tuple[Question, Any, Upload | None]]:
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(question_field_name(question))
            if value in (None, "", []):
                continue
            if question.kind == Question.Kind.FILE:
                rows.append((question, "", self.upload(value)))
            else:
                rows.append((question, value, None))
        return rows

    def consents(self) -> set[str]:
        given = {Consent.Purpose.PROCESSING}
        if self.cleaned_data.get("consent_talent_pool"):
            given.add(Consent.Purpose.TALENT_POOL)
        if self.cleaned_data.get("consent_share"):
            given.add(Consent.Purpose.SHARE_WITH_CLIENT)
        return given

    def source_params(self) -> SourceParams:
        return SourceParams(
            source=self.cleaned_data.get("source") or "",
            utm_source=self.cleaned_data.get("utm_source") or "",
            ref=self.cleaned_data.get("ref") or "",
        )
