"""Form widgets of our own."""

from __future__ import annotations

from django import forms


class InlineSelect(forms.Select):
    """A select whose options are written in its own template's loop.

    Django's Select includes one template per option; for a select of
    hundreds of jobs that include was most of a candidate list page's time
    (bench/run, 500 jobs: cProfile showed ~1,000 template includes per
    page). The markup is the same, without per-option attributes (Select
    sets none but ``selected``)."""

    template_name = "core/widgets/inline_select.html"
