"""core.widgets: the one-pass select and the values-based model choice field."""

from __future__ import annotations

import re

import pytest
from django import forms

from candidates.models import Source
from core.widgets import InlineSelect, ValuesModelChoiceField


def _normal(html: str) -> str:
    """Markup without the whitespace between tags and the spelling of ``selected``."""
    return re.sub(r">\s+<", "><", html).replace(' selected=""', " selected")


def test_the_inline_select_escapes_labels_and_marks_the_chosen_option():
    widget = InlineSelect(choices=[("", "Any"), ("a&b", "<b>A & B</b>"), ("c", "C")])
    html = widget.render("pick", "a&b", attrs={"id": "id_pick"})
    assert html == (
        '<select name="pick" id="id_pick"><option value="">Any</option>'
        '<option value="a&amp;b" selected>&lt;b&gt;A &amp; B&lt;/b&gt;</option>'
        '<option value="c">C</option></select>'
    )


def test_the_inline_select_renders_what_djangos_select_renders_for_a_model_choice_field(db):
    for name in ("Referral", "Job board", "Agency <x>"):
        Source.objects.create(name=name)

    class Ours(forms.Form):
        source = ValuesModelChoiceField(
            queryset=Source.objects.order_by("name"), label_fields=("name",), widget=InlineSelect
        )

    class Djangos(forms.Form):
        source = forms.ModelChoiceField(queryset=Source.objects.order_by("name"))

    chosen = Source.objects.get(name="Referral")
    ours, theirs = Ours({"source": chosen.pk}), Djangos({"source": chosen.pk})
    assert _normal(str(ours["source"])) == _normal(str(theirs["source"]))
    assert f'<option value="{chosen.pk}" selected>Referral</option>' in str(ours["source"])
    assert ours.is_valid() and ours.cleaned_data["source"] == chosen


@pytest.mark.django_db
def test_a_values_model_choice_field_refuses_a_row_outside_its_queryset():
    kept, other = Source.objects.create(name="Kept"), Source.objects.create(name="Other")

    class Form(forms.Form):
        source = ValuesModelChoiceField(queryset=Source.objects.filter(pk=kept.pk), label_fields=("name",))

    assert list(Form().fields["source"].choices)[1:] == [(kept.pk, "Kept")]
    assert not Form({"source": other.pk}).is_valid()
