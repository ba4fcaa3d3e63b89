"""Forms of the scheduling pages: an interview's time, place and panel, a
cancellation, and a user's declared unavailable times."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduleForm(forms.Form):
    """Date and time are read in ``time_zone`` (the scheduler's); ``starts_at``
    and ``ends_at`` are in cleaned_data once the time fields are valid."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=12 * 60)
    panel = forms.ModelMultipleChoiceField(
        label=_("Panel"), queryset=None, to_field_name="public_id", widget=forms.CheckboxSelectMultiple
    )
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=200, required=False, assume_scheme="https")
    confirm = forms.BooleanField(label=_("Save anyway, despite the conflicts"), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, panel_candidates: QuerySet, time_zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = ZoneInfo(time_zone)
        self.fields["panel"].queryset = panel_candidates
        for name, field in self.fields.items():
            if name in ("panel", "confirm"):
                field.widget.attrs["class"] = "form-check-input"
            elif name != "next":
                field.widget.attrs["class"] = "form-control"

    def clean(self) -> dict:
        data = super().clean()
        if all(data.get(name) is not None for name in ("date", "time", "duration_minutes")):
            data["starts_at"] = datetime.combine(data["date"], data["time"], tzinfo=self.time_zone)
            data["ends_at"] = data["starts_at"] + timedelta(minutes=data["duration_minutes"])
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the candidate and the panel)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class UnavailabilityForm(forms.Form):
    """Times in the signed-in user's time zone (the one the request runs in)."""

    starts_at = forms.DateTimeField(
        label=pgettext_lazy("start of a time range", "From"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class UnavailabilityRemoveForm(forms.Form):
    unavailability = forms.IntegerField(widget=forms.HiddenInput)
