"""Forms of candidate self-scheduling: the recruiter's offer and free-time
search, and the candidate's pick and request for other times."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from interviews.models import Stage
from interviews.selectors.selfschedule import MAX_SUGGESTIONS, panel_choices_for_stage


class MultipleValueInput(forms.TextInput):
    """Reads every value posted under the field's name (repeated inputs and checkboxes)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])


class DateTimeListField(forms.Field):
    """Start times: ``datetime-local`` values in the user's time zone, or ISO
    values with an offset (the suggestions); blank entries are ignored."""

    widget = MultipleValueInput

    def to_python(self, value) -> list[datetime]:
        values = [v for v in (value or []) if isinstance(v, str) and v.strip()]
        single = forms.DateTimeField()
        return sorted({single.clean(v.strip()) for v in values[: MAX_SUGGESTIONS + 10]})


def _panel_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Panel"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one interviewer.")},
    )


class OfferForm(forms.Form):
    panel = _panel_field()
    start = DateTimeListField(label=_("Start times"), required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=8 * 60)
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=200, required=False, assume_scheme="https")
    message = forms.CharField(
        label=_("Message to the candidate"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_for_days = forms.IntegerField(label=_("Link valid for (days)"), min_value=1, max_value=60, initial=7)

    def __init__(self, *args, stage: Stage, **kwargs) -> None:
        kwargs.setdefault("auto_id", "offer-%s")  # the suggestion form on the same page has a panel too
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panel_choices_for_stage(stage)
        self.fields["duration_minutes"].initial = stage.duration_minutes

    def clean(self) -> dict:
        data = super().clean()
        if "start" in data and not data["start"]:
            self.add_error("start", _("Offer at least one time."))
        return data

    def times(self) -> list[tuple[datetime, datetime]]:
        length = timedelta(minutes=self.cleaned_data["duration_minutes"])
        return [(start, start + length) for start in self.cleaned_data["start"]]


class SuggestForm(forms.Form):
    """Where to look for times the whole panel is free."""

    panel = _panel_field()
    window_start = forms.DateField(
        label=pgettext_lazy("start of a time range", "From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    window_end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=8 * 60)

    def __init__(self, *args, stage: Stage, **kwargs) -> None:
        kwargs.setdefault("auto_id", "suggest-%s")
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panel_choices_for_stage(stage)
        self.fields["duration_minutes"].initial = stage.duration_minutes
        today = timezone.localdate()
        self.fields["window_start"].initial = today + timedelta(days=1)
        self.fields["window_end"].initial = today + timedelta(days=7)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            raise ValidationError(_("The end of the window must not come before its start."))
        if start and end and (end - start).days > 31:
            raise ValidationError(_("Look at most a month ahead at a time."))
        return data

    def window(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.cleaned_data["window_start"], time.min, tzinfo=zone)
        end = datetime.combine(self.cleaned_data["window_end"] + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


class SlotPickForm(forms.Form):
    slot = forms.UUIDField()


class OtherTimesForm(forms.Form):
    message = forms.CharField(
        label=_("Which times would suit you?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
