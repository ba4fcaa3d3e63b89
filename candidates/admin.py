"""Admin for candidates and their records. Candidates, documents and notes are
written by candidates.services; the timeline and consents are read-only here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from candidates.models import (
    Activity,
    BulkUpload,
    BulkUploadItem,
    Candidate,
    Consent,
    Document,
    Education,
    Experience,
    ImportJob,
    Note,
    PrivacyNotice,
    ProposedUpdate,
    SkillTerm,
    Source,
    Tag,
)
from candidates.selectors import candidate_find_by_email
from candidates.services import (
    ENCRYPTED_FIELDS,
    PROFILE_FIELDS,
    candidate_create,
    candidate_update,
    document_create,
    history,
    note_create,
)
from candidates.services.privacy import privacy_notice_delete, privacy_notice_in_force_since, privacy_notice_save
from candidates.uploads import document_check
from core.admin import (
    PersonalDataAdminMixin,
    ReadOnlyInlineMixin,
    ReadOnlyModelAdmin,
    ServiceAdminMixin,
    ServiceModelAdmin,
    adopt,
    fieldsets_without,
)
from privacy.services.retention import candidate_legal_hold_lift, candidate_legal_hold_place

HISTORY = (_("History"), {"fields": ("public_id", "created_at", "updated_at")})


@admin.register(Source)
class SourceAdmin(ServiceModelAdmin):
    list_display = ("name", "kind", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    list_select_related = ()
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(ServiceModelAdmin):
    list_display = ("name", "created_at")
    list_select_related = ()
    search_fields = ("name",)


@admin.register(Candidate)
class CandidateAdmin(PersonalDataAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Candidates, created with candidate_create and changed with
    candidate_update (encryption, blind indexes, timeline and audit). Never
    deleted here: erasure and merges have their own services."""

    list_display = ("full_name", "headline", "company", "owner", "source", "language", "created_at")
    list_filter = ("language", ("merged_into", admin.EmptyFieldListFilter), "source")
    list_select_related = ("owner", "source")
    # Encrypted columns cannot be searched; an email is looked up by its blind
    # index in get_search_results.
    search_fields = ("full_name", "company", "headline")
    autocomplete_fields = ("owner", "source", "tags")
    raw_id_fields = ("merged_into",)
    readonly_fields = ("public_id", "merged_into", "created_at", "updated_at", "legal_hold_at", "anonymised_at")
    show_full_result_count = False  # up to 1M rows: no second COUNT(*)
    fieldsets = (
        (None, {"fields": ("full_name", "headline", "company", "location", "skills", "tags")}),
        (_("Ownership and preferences"), {"fields": ("owner", "source", "language", "time_zone")}),
        (_("Contact details"), {"fields": Candidate.CONTACT_FIELDS}),
        (_("Compensation"), {"fields": Candidate.COMPENSATION_FIELDS}),
        (
            _("Legal hold"),
            {
                "fields": ("legal_hold_reason", "legal_hold_at"),
                "description": _(
                    "A reason puts the candidate under legal hold: retention and deletion requests leave them "
                    "whole. Clear the reason to lift the hold."
                ),
            },
        ),
        (_("History"), {"fields": ("public_id", "merged_into", "created_at", "updated_at", "anonymised_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A new candidate has no history and is under no hold yet.
        return fieldsets if obj is not None else fieldsets[:-2]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        emails = [term for term in search_term.split() if "@" in term]
        for email in emails:
            results = results | queryset.filter(pk__in=candidate_find_by_email(email).values("pk"))
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        editable = set(PROFILE_FIELDS) | set(ENCRYPTED_FIELDS)
        names = form.changed_data if change else [name for name in form.cleaned_data if name in editable]
        values = {name: form.cleaned_data[name] for name in names if name in editable}
        tags = [tag.name for tag in form.cleaned_data["tags"]] if "tags" in form.changed_data else None
        if change:
            saved = candidate_update(candidate=obj, actor=request.user, request=request, tags=tags, **values)
            if "legal_hold_reason" in form.changed_data:
                reason = form.cleaned_data["legal_hold_reason"]
                if reason.strip():
                    saved = candidate_legal_hold_place(candidate=saved, actor=request.user, reason=reason)
                else:
                    saved = candidate_legal_hold_lift(candidate=saved, actor=request.user)
        else:
            if values.get("owner") is None:
                values.pop("owner", None)  # the service makes the creator the owner
            saved = candidate_create(actor=request.user, request=request, tags=tags or (), **values)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        # Tags were set by the service; form.save_m2m() would bypass it.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentAddForm(forms.ModelForm):
    upload = forms.FileField(label=_("file"))
    text = forms.CharField(
        label=_("extracted text"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Optional; stored encrypted."),
    )

    class Meta:
        model = Document
        fields = ("candidate", "kind")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        upload.sniffed_type = document_check(upload)
        return upload


@admin.register(Document)
class DocumentAdmin(PersonalDataAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Resumes and attachments, uploaded with document_create (the file is
    encrypted in storage). There is no service to rename or delete one, so a
    stored document is view-only here."""

    add_form = DocumentAddForm
    list_display = ("filename", "candidate", "kind", "content_type", "size", "uploaded_by", "created_at")
    list_filter = ("kind",)
    list_select_related = ("candidate", "uploaded_by")
    search_fields = ("filename", "candidate__full_name")
    autocomplete_fields = ("candidate",)
    readonly_fields = ("public_id", "filename", "content_type", "size", "uploaded_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("candidate", "kind", "filename", "content_type", "size", "uploaded_by")}),
        (
            _("Extracted text"),
            {"fields": ("text", "text_issue", "text_issue_detail", "text_length", "searchable_words")},
        ),
        HISTORY,
    )
    add_fieldsets = ((None, {"fields": ("candidate", "kind", "upload")}), (_("Extracted text"), {"fields": ("text",)}))

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The add form's "text" is a declared form field; drop it for the same users.
            return fieldsets_without(self.add_fieldsets, self.hidden_fields(request))
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["upload"]
        saved = document_create(
            candidate=form.cleaned_data["candidate"],
            actor=request.user,
            filename=upload.name,
            content=upload.read(),
            content_type=upload.sniffed_type,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data.get("text") or "",
        )
        adopt(obj, saved)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Notes, added with note_create (which also writes the timeline entry).
    There is no service to edit or delete a note, so a note is view-only here."""

    list_display = ("created_at", "candidate", "author", "__str__")
    list_select_related = ("candidate", "author")
    search_fields = ("body", "candidate__full_name")
    autocomplete_fields = ("candidate",)
    fields = ("candidate", "body", "author", "public_id", "created_at")
    readonly_fields = ("author", "public_id", "created_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_fields(self, request, obj=None):
        return ("candidate", "body") if obj is None else super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        saved = note_create(candidate=form.cleaned_data["candidate"], author=request.user, body=obj.body)
        adopt(obj, saved)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyModelAdmin):
    """Consent records, read-only: no consent service exists yet, and consents
    are evidence that must not be edited around one."""

    list_display = ("candidate", "purpose", "client", "notice_version", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
    list_select_related = ("candidate", "client")
    search_fields = ("candidate__full_name", "notice_version")
    raw_id_fields = ("candidate", "client")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyModelAdmin):
    """Candidates' timelines, append-only: written by the services."""

    list_display = ("occurred_at", "candidate", "kind", "actor", "text")
    list_filter = ("kind",)
    list_select_related = ("candidate", "actor")
    search_fields = ("candidate__full_name", "message_id")
    raw_id_fields = ("candidate", "actor")
    show_full_result_count = False

    @admin.display(description=_("summary"))
    def text(self, activity: Activity) -> str:
        return activity.summary


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyModelAdmin):
    """Spreadsheet imports: uploaded, checked and run by candidates.services.spreadsheets."""

    list_display = ("created_at", "created_by", "filename", "status", "total", "created", "updated", "failed")
    list_filter = ("status", "file_format")
    list_select_related = ("created_by",)
    search_fields = ("filename", "created_by__email")
    raw_id_fields = ("created_by",)
    # Not the stored file's name: the file is ciphertext, read through the import pages only.
    fields = (
        "public_id",
        "created_by",
        "created_at",
        "filename",
        "file_format",
        "size",
        "status",
        "duplicate_policy",
        "headers",
        "mapping",
        ("total", "processed", "created", "updated", "skipped", "failed", "duplicates"),
        "errors",
        "duplicate_rows",
        ("started_at", "finished_at"),
    )


@admin.register(ProposedUpdate)
class ProposedUpdateAdmin(ReadOnlyModelAdmin):
    """Values from outside waiting for, or decided by, a person. Read-only:
    they are accepted or dismissed on the candidate's profile."""

    list_display = ("created_at", "candidate", "field", "origin", "origin_detail", "status", "decided_by")
    list_filter = ("status", "origin")
    list_select_related = ("candidate", "decided_by")
    search_fields = ("candidate__full_name", "field", "origin_detail")
    raw_id_fields = ("candidate", "decided_by")
    show_full_result_count = False


class _HistoryEntryAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Work history and education entries, written with candidates.services.history
    (timeline and audit); the "from resume" mark goes when a person saves."""

    list_select_related = ("candidate",)
    autocomplete_fields = ("candidate",)
    readonly_fields = ("from_resume", "created_at", "updated_at")
    service_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "candidate") if obj else self.readonly_fields

    def _values(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in self.service_fields if name in form.cleaned_data}


@admin.register(Experience)
class ExperienceAdmin(_HistoryEntryAdmin):
    list_display = ("candidate", "title", "company", "start", "end", "is_current", "from_resume")
    list_filter = ("from_resume", "is_current")
    search_fields = ("candidate__full_name", "company", "title")
    fields = ("candidate", "title", "company", "start", "end", "is_current", "from_resume", "created_at", "updated_at")
    service_fields = history.EXPERIENCE_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            saved = history.experience_update(experience=obj, actor=request.user, **self._values(form))
        else:
            saved = history.experience_create(
                candidate=form.cleaned_data["candidate"], actor=request.user, **self._values(form)
            )
        adopt(obj, saved)

    def delete_model(self, request, obj):
        history.experience_delete(experience=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("candidate"):
            self.delete_model(request, obj)


@admin.register(Education)
class EducationAdmin(_HistoryEntryAdmin):
    list_display = ("candidate", "school", "degree", "major", "start", "end", "from_resume")
    list_filter = ("from_resume",)
    search_fields = ("candidate__full_name", "school", "major")
    fields = ("candidate", "school", "degree", "major", "start", "end", "from_resume", "created_at", "updated_at")
    service_fields = history.EDUCATION_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            saved = history.education_update(education=obj, actor=request.user, **self._values(form))
        else:
            saved = history.education_create(
                candidate=form.cleaned_data["candidate"], actor=request.user, **self._values(form)
            )
        adopt(obj, saved)

    def delete_model(self, request, obj):
        history.education_delete(education=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("candidate"):
            self.delete_model(request, obj)


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ServiceModelAdmin):
    """The privacy notice's versions. The team publishes a new version here;
    a version in force is shown read-only (applicants consented under it),
    and candidates.services.privacy refuses to change it in place."""

    list_display = ("version", "title", "in_force_from", "created_at")
    list_select_related = ()
    search_fields = ("version", "title")
    fields = ("version", "title", "body", "body_zh_hans", "in_force_from")
    actions = ("ask_to_consent_again",)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None and privacy_notice_in_force_since(obj) else ()

    @admin.action(description=_("Ask candidates to consent again under this version"))
    def ask_to_consent_again(self, request, queryset) -> None:
        # The preference centre and the asking belong to privacy, above candidates.
        from privacy.services.reconsent import notice_reconsent_ask

        emails: list[int] = []
        self.run_service_action(
            request,
            queryset,
            lambda notice: emails.append(notice_reconsent_ask(notice=notice, actor=request.user)),
            lambda count: (
                ngettext(
                    "%(count)d candidate asked to consent again.",
                    "%(count)d candidates asked to consent again.",
                    sum(emails),
                )
                % {"count": sum(emails)}
            ),
        )

    def save_model(self, request, obj, form, change):
        privacy_notice_save(notice=obj, actor=request.user, request=request)

    def delete_model(self, request, obj):
        privacy_notice_delete(notice=obj, actor=request.user, request=request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and privacy_notice_in_force_since(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(SkillTerm)
class SkillTermAdmin(ServiceModelAdmin):
    """The skills the resume parser recognises, with their other spellings."""

    list_display = ("name", "aliases", "updated_at")
    list_select_related = ()
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        from candidates.services import skills

        if change:
            term = skills.skill_term_update(term=obj, name=obj.name, aliases=obj.aliases, actor=request.user)
        else:
            term = skills.skill_term_create(name=obj.name, aliases=obj.aliases, actor=request.user)
        obj.pk = term.pk

    def delete_model(self, request, obj):
        from candidates.services import skills

        skills.skill_term_delete(term=obj, actor=request.user)


class BulkUploadItemInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = BulkUploadItem
    fields = ("filename", "size", "status", "reason", "candidate", "processed_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(BulkUpload)
class BulkUploadAdmin(ReadOnlyModelAdmin):
    """Bulk resume uploads: made on the upload page, moved by the item tasks (candidates.services.bulk)."""

    list_display = ("created_at", "created_by", "status", "total", "created", "attached", "refused", "finished_at")
    list_filter = ("status",)
    list_select_related = ("created_by",)
    search_fields = ("=public_id", "created_by__email")
    raw_id_fields = ("created_by",)
    fields = (
        "public_id",
        "created_by",
        "created_at",
        "status",
        ("total", "created", "attached", "refused"),
        "finished_at",
    )
    inlines = [BulkUploadItemInline]


@admin.register(BulkUploadItem)
class BulkUploadItemAdmin(ReadOnlyModelAdmin):
    """One file of a bulk upload. Its stored bytes are ciphertext, deleted once processed: never shown here."""

    list_display = ("filename", "upload", "status", "reason_code", "candidate", "processed_at")
    list_filter = ("status", "reason_code")
    list_select_related = ("upload", "candidate")
    search_fields = ("filename", "=upload__public_id")
    raw_id_fields = ("upload", "candidate", "document")
    fields = (
        "public_id",
        "upload",
        "filename",
        "size",
        "content_type",
        "status",
        ("reason_code", "reason"),
        "candidate",
        "document",
        ("claimed_at", "processed_at"),
    )
