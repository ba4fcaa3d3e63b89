"""Forms of the candidate pages.

The choices a user may pick (jobs, clients, stages, pools) are querysets the
view passes in, already scoped by the selectors: candidates sits below
interviews and talentpool and does not import them (tests/core/test_layering.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import CANDIDATE_OWNER_ROLES
from candidates.models import Source
from candidates.selectors import CandidateFilters
from core.widgets import InlineSelect, ValuesModelChoiceField

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("updated", _("Recently updated")),
    ("name", pgettext_lazy("a person's name", "Name")),
]

# The GET parameters that are filters (saved with a saved search; carried by "Next page").
FILTER_FIELDS = (
    "job",
    "stage",
    "client",
    "status",
    "source",
    "tags",
    "owner",
    "location",
    "created_from",
    "created_to",
    "updated_from",
    "updated_to",
    "proposed",
)
# The roles that own candidates.


def split_tags(value: str) -> tuple[str, ...]:
    """Tags typed as "a, b，c" (ASCII or full-width commas), blanks and repeats dropped."""
    parts = (part.strip() for part in value.replace("，", ",").split(","))
    return tuple(dict.fromkeys(part[:50] for part in parts if part))


def _start_of(day: date | None, *, plus_days: int = 0) -> datetime | None:
    """Midnight at the start of ``day`` (+ ``plus_days``) in the active time zone."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=plus_days), time.min))


class CandidateSearchForm(forms.Form):
    """The search box, filters and sort of the candidate list: a GET form."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False, strip=True)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=InlineSelect)
    job = ValuesModelChoiceField(
        label=_("Job"),
        label_fields=("title", "client__name"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Any job"),
        widget=InlineSelect,
    )
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=None,
        required=False,
        empty_label=_("Any stage"),
        help_text=_("Pick a job to choose one of its stages."),
        widget=InlineSelect,
    )
    client = ValuesModelChoiceField(
        label=_("Client"),
        label_fields=("name",),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Any client"),
        widget=InlineSelect,
    )
    status = forms.ChoiceField(label=_("Application status"), required=False, widget=InlineSelect)
    source = ValuesModelChoiceField(
        label=_("Source"),
        label_fields=("name",),
        queryset=None,
        required=False,
        empty_label=_("Any source"),
        widget=InlineSelect,
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=200, required=False, help_text=_("Separate tags with commas; all must match.")
    )
    owner = ValuesModelChoiceField(
        label=_("Owner"),
        label_fields=("full_name",),
        queryset=None,
        required=False,
        empty_label=_("Anyone"),
        widget=InlineSelect,
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    created_from = forms.DateField(
        label=_("Created from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    created_to = forms.DateField(
        label=_("Created to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    updated_from = forms.DateField(
        label=_("Updated from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    updated_to = forms.DateField(
        label=_("Updated to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    proposed = forms.ChoiceField(
        label=_("Proposed updates"),
        choices=[("", _("Any")), ("waiting", _("Waiting for a decision"))],
        required=False,
        widget=InlineSelect,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        jobs: QuerySet,
        stages: QuerySet,
        clients: QuerySet,
        statuses: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["stage"].queryset = stages
        self.fields["client"].queryset = clients
        self.fields["status"].choices = [("", _("Any status")), *statuses]
        self.fields["source"].queryset = Source.objects.filter(is_active=True).order_by("name")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True, role__in=CANDIDATE_OWNER_ROLES).order_by("full_name")
        )
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"id_search_{name}")
        self.fields["q"].widget.attrs.update({"type": "search", "class": "form-control"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for start, end in (("created_from", "created_to"), ("updated_from", "updated_to")):
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, _("The end date is before the start date."))
        return cleaned

    def search_args(self) -> dict[str, Any]:
        """The keyword arguments of candidates.selectors.candidate_search (valid forms only)."""
        data = self.cleaned_data
        filters = CandidateFilters(
            job=data["job"].public_id if data.get("job") else None,
            stage=data["stage"].pk if data.get("stage") else None,
            client=data["client"].public_id if data.get("client") else None,
            status=data.get("status") or None,
            source=data["source"].pk if data.get("source") else None,
            tags=split_tags(data.get("tags") or ""),
            owner=data["owner"].pk if data.get("owner") else None,
            location=data.get("location") or "",
            created_from=_start_of(data.get("created_from")),
            created_to=_start_of(data.get("created_to"), plus_days=1),
            updated_from=_start_of(data.get("updated_from")),
            updated_to=_start_of(data.get("updated_to"), plus_days=1),
            proposed=data.get("proposed") == "waiting",
        )
        query = data.get("q") or ""
        sort = data.get("sort") or ("relevance" if query else "newest")
        return {"query": query, "filters": filters, "sort": sort}


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    q = forms.CharField(max_length=200, required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)


class BulkTagForm(forms.Form):
    """Tags to add to the candidates ticked in the results."""

    tags = forms.CharField(label=_("Tags"), max_length=200, required=False)

    def clean_tags(self) -> list[str]:
        tags = split_tags(self.cleaned_data["tags"])
        if not tags:
            raise forms.ValidationError(_("Type at least one tag."))
        return tags


class BulkJobForm(forms.Form):
    """The job whose pipeline the ticked candidates join; looked up by the view
    through the selectors (an outsider's id is a 404)."""

    job = forms.UUIDField(label=_("Job"), error_messages={"required": _("Pick a job.")})


class BulkPoolForm(forms.Form):
    """The talent pool the ticked candidates join; looked up by the view
    through the selectors (an outsider's id is a 404)."""

    pool = forms.UUIDField(label=_("Talent pool"), error_messages={"required": _("Pick a talent pool.")})
