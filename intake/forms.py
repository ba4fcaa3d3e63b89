"""Forms of the intake pages: a mailbox's settings and what a person does
with a waiting message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from candidates.selectors import owner_choices
from intake.models import IntakeAttachment, IntakeMessage, Mailbox
from interviews.services.jobs import OPEN_JOB_STATUSES
from jobs.models import Job
from jobs.selectors import job_list_for


def _open_jobs(user: User):
    return job_list_for(user).filter(status__in=OPEN_JOB_STATUSES).select_related("client").order_by("title", "id")


class JobChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, job: Job) -> str:
        return f"{job.title} · {job.client.name}"


class MailboxForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("How the team calls it, e.g. “Jobs inbox”."))
    host = forms.CharField(label=_("IMAP server"), max_length=255)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(label=_("Security"), choices=Mailbox.Security.choices, initial=Mailbox.Security.SSL)
    username = forms.CharField(label=_("User name"), max_length=255)
    password = forms.CharField(
        label=_("Password"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label=_("Folder"), max_length=255, initial="INBOX")
    default_job = JobChoiceField(
        label=_("Default job"),
        queryset=Job.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_("Candidates from this mailbox are put in this job's pipeline."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        help_text=_("The recruiter new candidates belong to."),
    )

    def __init__(self, *args, user: User, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_job"].queryset = _open_jobs(user)
        self.fields["owner"].queryset = owner_choices()
        self.fields["owner"].initial = user.public_id
        if editing:
            self.fields["password"].help_text = _("Leave blank to keep the stored password.")
        else:
            self.fields["password"].required = True


class IntakeCandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    attachment = forms.ModelChoiceField(
        label=pgettext_lazy("intake", "Resume"),
        queryset=IntakeAttachment.objects.none(),
        required=False,
        empty_label=_("No resume"),
        to_field_name="public_id",
    )
    job = JobChoiceField(
        label=_("Job"), queryset=Job.objects.none(), required=False, empty_label=_("No job"), to_field_name="public_id"
    )

    def __init__(self, *args, user: User, message: IntakeMessage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = usable_attachments(message)
        self.fields["job"].queryset = _open_jobs(user)


class IntakeAttachForm(forms.Form):
    candidate = forms.UUIDField(label=_("Candidate"), widget=forms.HiddenInput)
    attachment = forms.ModelChoiceField(
        label=pgettext_lazy("intake", "Resume"),
        queryset=IntakeAttachment.objects.none(),
        required=False,
        empty_label=_("No resume"),
        to_field_name="public_id",
    )

    def __init__(self, *args, message: IntakeMessage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = usable_attachments(message)


def usable_attachments(message: IntakeMessage):
    return message.attachments.filter(refusal_texts={}).exclude(storage_name="").order_by("id")
