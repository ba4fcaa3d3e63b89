"""Admin for clients, their contacts and jobs.

Creation goes through jobs.services (clients, contacts, team members) and
interviews.services.job_create (a job copies its plan's stages); other changes
are audited reference saves. Guardian's permission tables are not registered:
grants on a client are managed from the client's page (client_grant /
client_revoke), a job's access from its team.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core import crypto
from core.admin import PersonalDataAdminMixin, ServiceModelAdmin, adopt
from core.services import reference_save
from core.validators import clean_phone
from interviews.models import InterviewPlanTemplate, Stage
from interviews.services import job_create
from jobs.models import Client, ClientUserObjectPermission, Contact, Job, JobMember
from jobs.services import client_create, client_grant, client_revoke, contact_create, job_member_add, job_member_remove

# --- Contacts ------------------------------------------------------------------------


class ContactForm(forms.ModelForm):
    """Normalises email and phone as contact_create does, so a change saved
    with reference_save keeps the same spelling (and a bad phone is a form error)."""

    class Meta:
        model = Contact
        fields = ("client", "full_name", "title", "email", "phone", "user")

    def clean_email(self) -> str | None:
        email = self.cleaned_data.get("email")
        if not email:
            return None
        email = crypto.normalize_email(email)
        validate_email(email)
        return email

    def clean_phone(self) -> str | None:
        return clean_phone(self.cleaned_data.get("phone"))


def contact_save(request, contact: Contact, *, adding: bool) -> Contact:
    """contact_create for a new contact, an audited reference save for a change."""
    if not adding:
        return reference_save(instance=contact, actor=request.user, request=request)
    return contact_create(
        client=contact.client,
        actor=request.user,
        full_name=contact.full_name,
        title=contact.title,
        email=contact.email,
        phone=contact.phone,
        user=contact.user,
    )


class ContactInline(PersonalDataAdminMixin, admin.StackedInline):
    model = Contact
    form = ContactForm
    extra = 0
    fields = (("full_name", "title"), ("email", "phone"), "user")
    autocomplete_fields = ("user",)
    show_change_link = True


@admin.register(Contact)
class ContactAdmin(ServiceModelAdmin):
    """People at clients: added with contact_create, changed and deleted as
    audited reference rows. Email and phone are shown to administrators only."""

    form = ContactForm
    list_display = ("full_name", "title", "client", "user", "created_at")
    list_select_related = ("client", "user")
    search_fields = ("full_name", "title", "client__name")
    autocomplete_fields = ("client", "user")
    readonly_fields = ("public_id", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("client", "full_name", "title", "user")}),
        (_("Contact details"), {"fields": ("email", "phone")}),
        (_("History"), {"fields": ("public_id", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        adopt(obj, contact_save(request, obj, adding=not change))


# --- Clients -------------------------------------------------------------------------


def client_granted_user_ids(client: Client) -> set[int]:
    if client.pk is None:
        return set()
    return set(
        ClientUserObjectPermission.objects.filter(
            content_object=client, permission__codename="view_client"
        ).values_list("user_id", flat=True)
    )


class ClientForm(forms.ModelForm):
    granted_users = forms.ModelMultipleChoiceField(
        label=_("people on this client"),
        queryset=User.objects.filter(role__in=(Role.RECRUITER, Role.COORDINATOR), is_active=True),
        required=False,
        widget=FilteredSelectMultiple(_("people"), is_stacked=False),
        help_text=_("Recruiters and coordinators on a client see all of its jobs."),
    )

    class Meta:
        model = Client
        fields = ("name", "is_internal", "website", "owner", "notes", "sender_name", "sender_email", "reply_to")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["granted_users"].initial = sorted(client_granted_user_ids(self.instance))


@admin.register(Client)
class ClientAdmin(ServiceModelAdmin):
    """Clients: created with client_create, changed as audited reference rows,
    never deleted (jobs and consents hang on them). Who is on a client is
    granted and withdrawn with client_grant / client_revoke."""

    form = ClientForm
    inlines = (ContactInline,)
    list_display = ("name", "is_internal", "owner", "website", "created_at")
    list_filter = ("is_internal",)
    list_select_related = ("owner",)
    search_fields = ("name",)
    autocomplete_fields = ("owner",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "is_internal", "website", "owner", "notes")}),
        (_("Candidate mail sender"), {"fields": ("sender_name", "sender_email", "reply_to")}),
        (_("Access"), {"fields": ("granted_users",)}),
        (_("History"), {"fields": ("public_id", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        if change:
            reference_save(instance=obj, actor=request.user, request=request)
            return
        saved = client_create(
            actor=request.user,
            name=obj.name,
            is_internal=obj.is_internal,
            website=obj.website,
            notes=obj.notes,
            owner=obj.owner,
        )
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "granted_users" not in form.changed_data:
            return
        before = client_granted_user_ids(form.instance)
        after = {user.pk: user for user in form.cleaned_data["granted_users"]}
        for user in form.cleaned_data["granted_users"]:
            if user.pk not in before:
                client_grant(client=form.instance, user=user, actor=request.user)
        for user in User.objects.filter(pk__in=before - set(after)):
            client_revoke(client=form.instance, user=user, actor=request.user)

    def save_inline(self, request, obj, changed_fields):
        contact_save(request, obj, adding=changed_fields is None)

    def has_delete_permission(self, request, obj=None):
        return False


# --- Jobs ----------------------------------------------------------------------------


class JobMemberInline(admin.TabularInline):
    model = JobMember
    extra = 0
    fields = ("user", "job_role", "added_at")
    readonly_fields = ("added_at",)
    autocomplete_fields = ("user",)


class StageInline(admin.TabularInline):
    """A job's own stages (copies of its plan's); the goal is edited on the stage's page."""

    model = Stage
    extra = 0
    fields = (
        "order",
        "name",
        "kind",
        "duration_minutes",
        "interviewers_needed",
        "sla_days",
        "kit",
        "scorecard_template",
        "archived_at",
    )
    ordering = ("order",)
    show_change_link = True


class JobAddForm(forms.ModelForm):
    plan = forms.ModelChoiceField(
        label=_("interview plan"),
        queryset=InterviewPlanTemplate.objects.filter(is_active=True),
        required=False,
        help_text=_("Its stages are copied into the job."),
    )

    class Meta:
        model = Job
        fields = ("client", "title", "location", "description", "status", "headcount", "recruiter")


@admin.register(Job)
class JobAdmin(ServiceModelAdmin):
    """Jobs: created with interviews.services.job_create (stages copied from
    the chosen plan, the recruiter put on the team), changed as audited
    reference rows; team members added and removed with job_member_add /
    job_member_remove. Never deleted: applications hang on them."""

    add_form = JobAddForm
    list_display = ("title", "client", "status", "recruiter", "headcount", "opened_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("client", "recruiter")
    search_fields = ("title", "client__name")
    autocomplete_fields = ("client", "recruiter")
    readonly_fields = ("public_id", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("client", "title", "location", "description", "headcount", "recruiter")}),
        (_("Status"), {"fields": ("status", "opened_at", "closed_at", "reschedule_cutoff_hours")}),
        (_("Candidate mail"), {"fields": ("survey_timing", "sender_name", "sender_email", "reply_to")}),
        (_("History"), {"fields": ("public_id", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"fields": ("client", "title", "location", "description", "headcount", "recruiter")}),
        (_("Pipeline"), {"fields": ("status", "plan")}),
    )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    def get_inlines(self, request, obj):
        # Stages come from the plan on creation; edit them once the job exists.
        return (JobMemberInline,) if obj is None else (JobMemberInline, StageInline)

    def save_model(self, request, obj, form, change):
        if change:
            reference_save(instance=obj, actor=request.user, request=request)
            if "recruiter" in form.changed_data:
                job_member_add(job=obj, user=obj.recruiter, job_role=JobMember.JobRole.RECRUITER, actor=request.user)
            return
        saved = job_create(
            actor=request.user,
            client=obj.client,
            title=obj.title,
            recruiter=obj.recruiter,
            plan=form.cleaned_data.get("plan"),
            status=obj.status,
            location=obj.location,
            description=obj.description,
            headcount=obj.headcount,
        )
        adopt(obj, saved)

    def save_inline(self, request, obj, changed_fields):
        if not isinstance(obj, JobMember):
            super().save_inline(request, obj, changed_fields)
            return
        if changed_fields is not None and "user" in changed_fields:
            previous = JobMember.objects.select_related("user").get(pk=obj.pk)
            job_member_remove(job=obj.job, user=previous.user, actor=request.user)
        job_member_add(job=obj.job, user=obj.user, job_role=obj.job_role, actor=request.user)

    def delete_inline(self, request, obj):
        if isinstance(obj, JobMember):
            job_member_remove(job=obj.job, user=obj.user, actor=request.user)
        else:
            super().delete_inline(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
