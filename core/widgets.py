"""Form widgets and fields of our own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe


class InlineSelect(forms.Select):
    """A select whose options are written in one pass in Python.

    Django's Select includes one template per option and builds a dict of
    attributes for each; for a select of hundreds of jobs that was most of a
    candidate list page's time (bench/run, 500 jobs: cProfile showed ~1,000
    template includes per page, then ~40 ms in ``optgroups``). The markup is
    the same, without per-option attributes (Select sets none but
    ``selected``); option groups are not supported."""

    template_name = "core/widgets/inline_select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = {str(v) for v in self.format_value(value)}
        context["widget"]["options"] = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        return context


class ValuesChoiceIterator(ModelChoiceIterator):
    """A ModelChoiceIterator that reads (value, label) pairs with one
    ``values_list`` instead of building a model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        names = [field.to_field_name or "pk", *field.label_fields]
        for value, *parts in self.queryset.values_list(*names):
            yield (value, field.label_separator.join(str(part) for part in parts if part not in (None, "")))


class ValuesModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are labelled by ``label_fields``
    (joined by ``label_separator``) read with ``values_list``: for selects of
    hundreds of rows. Validation still looks the chosen row up as usual."""

    iterator = ValuesChoiceIterator

    def __init__(self, *args: Any, label_fields: tuple[str, ...], label_separator: str = " · ", **kwargs: Any) -> None:
        self.label_fields = label_fields
        self.label_separator = label_separator
        super().__init__(*args, **kwargs)
