"""The report filters: the dashboards' GET form. They parse input only.

Every choice is limited to what the user may see, so an id from elsewhere
(another recruiter's client, a job out of scope, a made-up value) is the
same "select a valid choice" error as a typo: the page says so and shows no
figures, and never tells whether the object exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from analytics.reports.base import Filters
from candidates.models import Source
from core.widgets import InlineSelect, ValuesModelChoiceField
from interviews.models import Panelist
from jobs.models import Client, Job
from jobs.selectors import client_list_for, job_list_for

# A wider period is a different question (and a slow one): three years at most.
MAX_SPAN_DAYS = 3 * 365 + 1
DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> sends, in every language


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"type": "date", "class": "form-control form-control-sm"}),
    )


def _select() -> forms.Select:
    return InlineSelect(attrs={"class": "form-select form-select-sm"})


class ReportFiltersForm(forms.Form):
    """``?start=&end=&client=&job=&recruiter=&source=`` (and ``interviewer=``
    on the interviewer report for those who see every interviewer).

    Without a period the last 90 days apply. Clients, jobs and recruiters go
    by ``public_id``; sources have none and go by their key."""

    # Not the bare "From"/"To": those are an email's sender and recipient in the catalogue.
    start = _date_field(pgettext_lazy("start of a period", "From"))
    end = _date_field(pgettext_lazy("end of a period", "To"))
    # Options read with values_list (core.widgets): a select of 500 jobs built
    # a Job and its Client per option, 7 ms of a cached report page at S=1.
    client = ValuesModelChoiceField(
        label=_("Client"),
        label_fields=("name",),
        queryset=Client.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=_select(),
    )
    job = ValuesModelChoiceField(
        label=_("Job"),
        label_fields=("title", "client__name"),
        queryset=Job.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=_select(),
    )
    recruiter = ValuesModelChoiceField(
        label=_("Recruiter"),
        label_fields=("full_name",),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=_select(),
    )
    source = ValuesModelChoiceField(
        label=_("Source"), label_fields=("name",), queryset=Source.objects.none(), required=False, widget=_select()
    )
    interviewer = forms.ModelChoiceField(
        label=_("Interviewer"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("All interviewers"),
        widget=_select(),
    )

    def __init__(self, user: User, query, *, pipeline: bool, interviewer_select: bool, today: date | None = None):
        """``pipeline``: the user sees jobs, so client, job and recruiter apply;
        ``interviewer_select``: the interviewer report's select of everyone on a panel."""
        defaults = Filters.default(today=today)
        data = query.copy()
        for name, value in (("start", defaults.start), ("end", defaults.end)):
            if not data.get(name):
                data[name] = value.strftime(DATE_FORMAT)
        super().__init__(data)
        if pipeline:
            jobs = job_list_for(user)
            self.fields["client"].queryset = client_list_for(user).order_by("name")
            self.fields["job"].queryset = jobs.order_by("client__name", "title", "pk")
            self.fields["recruiter"].queryset = User.objects.filter(pk__in=jobs.values("recruiter")).order_by(
                "full_name"
            )
        else:
            for name in ("client", "job", "recruiter"):
                del self.fields[name]
        self.fields["source"].queryset = Source.objects.order_by("name")
        if interviewer_select:
            self.fields["interviewer"].queryset = panel_members()
        else:
            del self.fields["interviewer"]
        for name in ("client", "job", "recruiter", "source"):
            if name in self.fields:
                self.fields[name].empty_label = _("All")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period must not be before its start."))
            elif end - start > timedelta(days=MAX_SPAN_DAYS):
                self.add_error("end", _("The period may be at most three years long."))
        return cleaned

    def filters(self) -> Filters:
        """The Filters of a valid form."""
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            client=data.get("client"),
            job=data.get("job"),
            recruiter=data.get("recruiter"),
            source=data.get("source"),
        )


def panel_members() -> QuerySet[User]:
    """Everyone who has sat on an interview panel."""
    return User.objects.filter(Exists(Panelist.objects.filter(user=OuterRef("pk")))).order_by("full_name")
