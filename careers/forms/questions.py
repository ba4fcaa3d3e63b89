"""The staff form for one application question: choices written as lines
``value | English label | 中文标签`` and knock-out answers as values."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from careers.models import Question

MAX_CHOICES = 50


def choices_from_lines(text: str) -> list[dict[str, str]]:
    """``value | English | 中文`` per line (the labels optional) as the JSON the form reads."""
    rows = []
    for line in (text or "").splitlines():
        parts = [part.strip() for part in line.split("|")]
        if not parts[0]:
            continue
        value = parts[0][:50]
        label = parts[1] if len(parts) > 1 and parts[1] else value
        rows.append({"value": value, "label": label[:200], "label_zh_hans": (parts[2] if len(parts) > 2 else "")[:200]})
    return rows


def choices_as_lines(choices: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join([choice.get("value", ""), choice.get("label", ""), choice.get("label_zh_hans", "")]).rstrip(" |")
        for choice in choices or []
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    label_zh_hans = forms.CharField(label=_("Question (Chinese)"), max_length=300, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    help_text_zh_hans = forms.CharField(label=_("Help text (Chinese)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice questions: one per line, as value | English label | 中文标签."),
    )
    knockout_answers = forms.CharField(
        label=_("Knock-out answers"),
        required=False,
        max_length=500,
        help_text=_(
            "Answers that reject the application, separated by commas: choice values, or yes / no. "
            "The rejection email follows the rejection trigger's timing."
        ),
    )

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            **{name: getattr(question, name) for name in ("kind", "label", "label_zh_hans", "help_text")},
            "help_text_zh_hans": question.help_text_zh_hans,
            "required": question.required,
            "choices": choices_as_lines(question.choices),
            "knockout_answers": ", ".join(question.knockout_answers),
        }

    def clean_choices(self) -> list[dict[str, str]]:
        rows = choices_from_lines(self.cleaned_data["choices"])
        if len(rows) > MAX_CHOICES:
            raise ValidationError(_("At most %(count)d choices.") % {"count": MAX_CHOICES})
        return rows

    def clean_knockout_answers(self) -> list[str]:
        values = [value.strip() for value in self.cleaned_data["knockout_answers"].split(",")]
        return list(dict.fromkeys(value for value in values if value))
