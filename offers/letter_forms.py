"""Forms of the offer letter pages. They parse input only: merge fields are
checked by offers.services.letters.letter_template_save, which names the unknown ones."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.limits import long_text
from offers.letter_selectors import letter_templates_live
from offers.models import Offer, OfferLetterTemplate


class LetterTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Each language of a letter is saved under the same name.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    subject = forms.CharField(
        label=_("Email subject"),
        max_length=200,
        help_text=_("The email links to the letter; the subject may not hold the terms."),
    )
    body = forms.CharField(
        **long_text(label=_("Letter"), widget=forms.Textarea(attrs={"rows": 16})),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )

    FIELDS = ("name", "language", "subject", "body")

    @classmethod
    def for_template(cls, template: OfferLetterTemplate, data=None) -> LetterTemplateForm:
        return cls(data, initial={name: getattr(template, name) for name in cls.FIELDS})


class LetterChoiceForm(forms.Form):
    """Which letter template a preview, a PDF or a send uses."""

    template = forms.ModelChoiceField(
        label=_("Letter template"),
        queryset=OfferLetterTemplate.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = letter_templates_live()


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("The main reason"), choices=Offer.DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        **long_text(max_length=2000, label=_("Anything you would like to add (optional)"), required=False),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
