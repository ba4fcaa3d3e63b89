"""Staff forms for careers sites and postings; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.models import Brand, BrandImage, EmployeeStory, Posting
from careers.services.site import RESERVED_SLUGS
from jobs.models import Client


class BrandCreateForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    slug = forms.SlugField(label=_("Address"), max_length=60, help_text=_("The site's address: /careers/<address>/."))
    display_name = forms.CharField(
        label=_("Name shown"), max_length=200, required=False, help_text=_("The client's name when left empty.")
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, help_text=_("Never show the client's own name or website.")
    )

    def __init__(self, *args, clients=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if clients is not None:
            self.fields["client"].queryset = clients

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous") and not data.get("display_name"):
            self.add_error(
                "display_name", _("Describe an anonymous client, e.g. “a listed fintech company in Shanghai”.")
            )
        return data


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = [
            "display_name",
            "display_name_zh_hans",
            "is_anonymous",
            "tagline",
            "tagline_zh_hans",
            "culture",
            "culture_zh_hans",
            "accent_colour",
        ]
        widgets = {
            "culture": forms.Textarea(attrs={"rows": 8}),
            "culture_zh_hans": forms.Textarea(attrs={"rows": 8}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"), help_text=_("PNG, JPEG or WebP; at most 5 MB and 4000 × 4000 pixels."))
    kind = forms.ChoiceField(label=_("Use as"), choices=BrandImage.Kind.choices, initial=BrandImage.Kind.PHOTO)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class StoryForm(forms.ModelForm):
    class Meta:
        model = EmployeeStory
        fields = ["name", "role", "body", "body_zh_hans"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "body_zh_hans": forms.Textarea(attrs={"rows": 4})}


class PostingForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = [
            "title",
            "title_zh_hans",
            "description",
            "description_zh_hans",
            "location",
            "department",
            "workplace",
            "employment_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "valid_through",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 10}),
            "valid_through": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
