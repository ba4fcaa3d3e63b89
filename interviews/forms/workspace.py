"""The scorecard form of the interview page: a score 1–4 and a note per
criterion, a recommendation, an overall note, and a reason when a submitted
scorecard is changed. Scores are optional here; the services decide what a
draft, a submission and a revision need."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import Criterion, Scorecard

SCORES = [(str(n), str(n)) for n in range(1, 5)]


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *Scorecard.Recommendation.choices], required=False
    )
    summary = forms.CharField(label=_("Overall note"), required=False, max_length=10000)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    def __init__(self, *args, criteria: list[Criterion], require_reason: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name, choices=SCORES, required=False
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(required=False, max_length=10000)
        self.fields["reason"].required = require_reason

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        """Criterion id → (score or None, note), from cleaned data."""
        data = self.cleaned_data
        return {
            c.pk: (int(data[f"score_{c.pk}"]) if data[f"score_{c.pk}"] else None, data[f"note_{c.pk}"].strip())
            for c in self.criteria
        }

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
