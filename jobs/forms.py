"""Forms of the client, contact and job pages. They parse input only: the
services validate the domain rules and write."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core.limits import long_text
from core.templatetags.money import SYMBOLS
from jobs.models import Client, Job, JobMember
from jobs.selectors import client_list_for

# Account roles that may hold some role on a job's team (jobs.services.TEAM_ROLES).
TEAM_ACCOUNT_ROLES = (Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR, Role.HIRING_MANAGER)


def _recruiters() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=(Role.RECRUITER, Role.ADMINISTRATOR)).order_by("full_name")


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    is_internal = forms.BooleanField(
        label=_("In-house team"), required=False, help_text=_("The agency's or company's own hiring.")
    )
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")
    notes = forms.CharField(**long_text(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})))
    sender_name = forms.CharField(
        label=_("Sender name"),
        max_length=120,
        required=False,
        help_text=_("Who candidate emails about this client's jobs come from; a job may set its own."),
    )
    sender_email = forms.EmailField(label=_("Sender email"), required=False)
    reply_to = forms.EmailField(label=_("Reply-to address"), required=False)

    FIELDS = ("name", "is_internal", "website", "notes", "sender_name", "sender_email", "reply_to")

    @classmethod
    def for_client(cls, client: Client, data=None) -> ClientForm:
        initial = {name: getattr(client, name) for name in cls.FIELDS}
        return cls(data, initial=initial)


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class JobForm(forms.Form):
    """A new job: its client among those the user sees, and the plan whose stages it copies."""

    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none(), to_field_name="public_id")
    title = forms.CharField(label=_("Title"), max_length=200)
    plan = forms.ModelChoiceField(
        label=_("Interview plan"),
        queryset=None,
        required=False,
        help_text=_("Its stages are copied into the job, then edited freely."),
    )
    recruiter = forms.ModelChoiceField(label=_("Recruiter"), queryset=User.objects.none(), to_field_name="public_id")
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Job.Status.DRAFT, Job.Status.DRAFT.label), (Job.Status.OPEN, Job.Status.OPEN.label)],
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    headcount = forms.IntegerField(label=_("Openings"), min_value=1, initial=1)
    description = forms.CharField(
        **long_text(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    )

    def __init__(self, *args, user: User, plans: QuerySet, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("recruiter", user.public_id)
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list_for(user)
        self.fields["plan"].queryset = plans
        self.fields["recruiter"].queryset = _recruiters()


class JobEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    recruiter = forms.ModelChoiceField(label=_("Recruiter"), queryset=User.objects.none(), to_field_name="public_id")
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    headcount = forms.IntegerField(label=_("Openings"), min_value=1)
    reschedule_cutoff_hours = forms.IntegerField(
        label=_("Reschedule cut-off (hours)"),
        min_value=0,
        help_text=_("Candidates may move their own interview up to this many hours before it."),
    )
    future_interviews_on_close = forms.ChoiceField(
        label=_("Interviews still ahead when an application is rejected or withdrawn"),
        choices=Job.FutureInterviewsOnClose.choices,
        help_text=_("Cancel them (the candidate and the panel are told), or ask each time."),
    )
    description = forms.CharField(
        **long_text(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    )
    sender_name = forms.CharField(
        label=_("Sender name"),
        max_length=120,
        required=False,
        help_text=_("Who candidate emails about this job come from; empty uses the client's."),
    )
    sender_email = forms.EmailField(label=_("Sender email"), required=False)
    reply_to = forms.EmailField(label=_("Reply-to address"), required=False)

    FIELDS = (
        "title",
        "recruiter",
        "location",
        "headcount",
        "reschedule_cutoff_hours",
        "future_interviews_on_close",
        "description",
        "sender_name",
        "sender_email",
        "reply_to",
    )

    def __init__(self, *args, job: Job, **kwargs) -> None:
        kwargs["initial"] = {name: getattr(job, name) for name in self.FIELDS} | {"recruiter": job.recruiter.public_id}
        super().__init__(*args, **kwargs)
        self.fields["recruiter"].queryset = _recruiters()


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Job.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Any client"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list_for(user)


class JobStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Job.Status.choices)


class JobMemberAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True, role__in=TEAM_ACCOUNT_ROLES).order_by("full_name"),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    job_role = forms.ChoiceField(
        label=_("Role on the job"),
        choices=JobMember.JobRole.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class JobMemberRemoveForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.all(), to_field_name="public_id")


class ClientFeeTermsForm(forms.Form):
    """The fee agreement with a client, which each placement starts from."""

    fee_type = forms.ChoiceField(label=_("Fee type"), choices=Client.FeeType.choices)
    fee_rate = forms.DecimalField(
        label=_("Rate or amount"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("The percentage of the first-year base, or the flat fee's amount."),
    )
    fee_currency = forms.ChoiceField(label=_("Currency"), choices=[(code, code) for code in SYMBOLS])
    guarantee_days = forms.IntegerField(label=_("Guarantee period (days)"), min_value=0, max_value=3650)

    FIELDS = ("fee_type", "fee_rate", "fee_currency", "guarantee_days")

    @classmethod
    def for_client(cls, client: Client, data=None) -> ClientFeeTermsForm:
        return cls(data, initial={name: getattr(client, name) for name in cls.FIELDS})
