"""The form of the skills vocabulary page (candidates.views.skills)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.services.skills import SPELLING_MAX, aliases_split


class SkillTermForm(forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=SPELLING_MAX)
    aliases = forms.CharField(
        label=_("Also written as"),
        max_length=3000,
        required=False,
        widget=forms.TextInput,
        help_text=_("Other spellings and the Chinese name, separated by commas: JS, 前端脚本."),
    )

    def clean_aliases(self) -> list[str]:
        return aliases_split(self.cleaned_data.get("aliases", ""))
