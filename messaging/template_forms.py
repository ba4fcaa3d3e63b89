"""Forms of the email template pages. They parse input only: merge fields are
checked by messaging.services.email_template_save, which names the unknown ones."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.limits import long_text
from messaging.models import EmailTemplate


class EmailTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Each language of an email is saved under the same name.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=EmailTemplate.Purpose.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body_text = forms.CharField(**long_text(label=_("Text part"), widget=forms.Textarea(attrs={"rows": 10})))
    body_html = forms.CharField(
        **long_text(label=_("HTML part"), required=False),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Optional. Merge field values are escaped in it."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    FIELDS = ("name", "language", "purpose", "subject", "body_text", "body_html", "is_active")

    @classmethod
    def for_template(cls, template: EmailTemplate, data=None) -> EmailTemplateForm:
        """An existing version: its name and language are what it is, so they are not edited."""
        form = cls(data, initial={name: getattr(template, name) for name in cls.FIELDS})
        for name in ("name", "language"):
            form.fields[name].widget = forms.HiddenInput()
        return form

    @classmethod
    def copy_of(cls, template: EmailTemplate, *, language: str) -> EmailTemplateForm:
        """A new version of ``template`` in ``language``, starting from its wording."""
        initial = {name: getattr(template, name) for name in cls.FIELDS} | {"language": language}
        return cls(initial=initial)


class PreviewForm(forms.Form):
    """What the preview renders: the parts as typed, in a language (sample data in it)."""

    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
    subject = forms.CharField(required=False, max_length=200)
    body_text = forms.CharField(**long_text(required=False))
    body_html = forms.CharField(**long_text(required=False))
