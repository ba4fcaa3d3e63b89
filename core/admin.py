"""Admin for core's own tables, and the base classes every app's admin builds on.

The admin writes through services like any view. The bases here:

- ``ServiceAdminMixin``: a ValidationError raised by a service while saving
  rolls the whole request back and is shown on the form, as a form error would be;
- ``PersonalDataAdminMixin``: encrypted fields (core.fields) appear decrypted in
  forms for administrators only, and are dropped for anyone else;
- ``ServiceModelAdmin``: simple reference rows saved and deleted with
  ``reference_save`` / ``reference_delete``, inlines included;
- ``ReadOnlyModelAdmin`` / ``ReadOnlyInlineMixin``: history and audit rows.

core imports no other app, so roles are compared by their stored value here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BinaryField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit_labels import audit_action_label
from core.fields import encrypted_fields
from core.http import form_errors
from core.models import AccessToken, AuditEvent
from core.services import access_token_revoke_for, reference_delete, reference_save

# accounts.roles.Role.ADMINISTRATOR; core may not import accounts.
ADMINISTRATOR_ROLE = "administrator"


def sees_personal_data(request: HttpRequest) -> bool:
    """Only administrators see decrypted personal data in the admin."""
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) == ADMINISTRATOR_ROLE)


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved ``obj`` the row a service saved, so the admin's
    log entry, redirect and inlines point at it."""
    obj.__dict__.update(saved.__dict__)


def fieldsets_without(fieldsets: Sequence, hidden: set[str]) -> list:
    """``fieldsets`` without the ``hidden`` field names, and without fieldsets left empty."""
    result = []
    for name, options in fieldsets:
        fields = []
        for entry in options.get("fields", ()):
            if isinstance(entry, list | tuple):
                entry = tuple(f for f in entry if f not in hidden)
                if entry:
                    fields.append(entry)
            elif entry not in hidden:
                fields.append(entry)
        if fields:
            result.append((name, {**options, "fields": fields}))
    return result


class PersonalDataAdminMixin:
    """Drops the model's encrypted fields from forms, fieldsets and read-only
    fields for anyone who is not an administrator. Works for ModelAdmin and
    InlineModelAdmin alike (both build their forms from these hooks)."""

    def hidden_fields(self, request: HttpRequest) -> set[str]:
        if sees_personal_data(request):
            return set()
        return {field.name for field in encrypted_fields(self.model)}

    def get_exclude(self, request, obj=None):
        hidden = self.hidden_fields(request)
        exclude = super().get_exclude(request, obj)
        if not hidden:
            return exclude
        exclude = list(exclude or ())
        return exclude + sorted(hidden - set(exclude))

    def get_fieldsets(self, request, obj=None):
        return fieldsets_without(super().get_fieldsets(request, obj), self.hidden_fields(request))

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]


class ServiceAdminMixin:
    """Shows a service's ValidationError on the form instead of a server error.

    Saving happens after the form validated, inside the admin's transaction. If a
    service refuses (raises ValidationError), everything in that request is
    rolled back, and the page is built again from the same POST with the
    service's errors added to the form, so nothing is saved and nothing typed is lost.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST" or hasattr(request, "_service_error"):
                raise
            request._service_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "_service_error", None)
        if error is None:
            return form_class

        class ServiceErrorForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                form_errors(self, error)
                return cleaned_data

        ServiceErrorForm.__name__ = form_class.__name__
        return ServiceErrorForm

    def run_service_action(self, request: HttpRequest, queryset, service, done_message) -> None:
        """Call ``service(obj)`` for each selected row; a refusal is reported and
        leaves that row alone, the others go ahead."""
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)


class ServiceModelAdmin(PersonalDataAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Reference rows with no domain rules: saved with ``reference_save`` and
    deleted with ``reference_delete`` (each audited), from the form, its inlines
    and the bulk delete action alike. Subclasses with their own services
    override ``save_model`` / ``save_inline`` / ``delete_inline``."""

    def save_model(self, request, obj, form, change):
        reference_save(instance=obj, actor=request.user, request=request)

    def delete_model(self, request, obj):
        reference_delete(instance=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        # Deletions first: they may free a unique position a new row takes.
        for obj in formset.deleted_objects:
            self.delete_inline(request, obj)
        for obj, changed_fields in formset.changed_objects:
            self.save_inline(request, obj, changed_fields)
        for obj in formset.new_objects:
            self.save_inline(request, obj, None)
        formset.save_m2m()

    def save_inline(self, request: HttpRequest, obj: models.Model, changed_fields: list[str] | None) -> None:
        """Save one inline row; ``changed_fields`` is None for a new row."""
        reference_save(instance=obj, actor=request.user, request=request)

    def delete_inline(self, request: HttpRequest, obj: models.Model) -> None:
        reference_delete(instance=obj, actor=request.user, request=request)


class ReadOnlyPermissionsMixin:
    """No add, change or delete: the rows are written by services only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(ReadOnlyPermissionsMixin, PersonalDataAdminMixin, admin.ModelAdmin):
    """History and audit models: viewable, never written from the admin.

    Unless ``fields`` says otherwise, the page shows every column, times and
    other non-editable ones included, except raw binary columns (hashes,
    blind indexes)."""

    def get_fields(self, request, obj=None):
        if self.fields:
            return self.fields
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if not field.primary_key and (type(field) is not BinaryField)
        ]

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [name for name in self.get_fields(request, obj) if name not in hidden]


class ReadOnlyInlineMixin(ReadOnlyPermissionsMixin):
    """An inline that only shows rows (history, ratings, a panel)."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    """The audit log, read-only: rows are written by core.services.audit_record."""

    list_display = ("created_at", "action_label", "actor", "target_type", "target_id", "ip_address")
    list_filter = ("action",)
    list_select_related = ("actor",)
    search_fields = ("action", "target_id")
    raw_id_fields = ("actor",)
    date_hierarchy = "created_at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return audit_action_label(event.action)


@admin.register(AccessToken)
class AccessTokenAdmin(ReadOnlyModelAdmin):
    """Tokenized links, read-only: issued by core.services.access_token_issue.
    Only the token's hash is stored, and it is never shown."""

    list_display = ("created_at", "purpose", "target_type", "target_id", "expires_at", "used_at", "revoked_at")
    list_filter = ("purpose",)
    list_select_related = ("target_type",)
    search_fields = ("target_id__exact",)
    fields = ("purpose", "target_type", "target_id", "created_at", "expires_at", "used_at", "revoked_at")
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ("revoke_for_target",)

    @admin.action(description=_("Withdraw every open link to the same objects"))
    def revoke_for_target(self, request: HttpRequest, queryset) -> None:
        targets = {(row.target_type_id, row.target_id) for row in queryset}
        withdrawn = 0
        for type_id, target_id in sorted(targets):
            model = ContentType.objects.get_for_id(type_id).model_class()
            target = model._default_manager.filter(pk=target_id).first() if model is not None else None
            if target is not None:
                withdrawn += access_token_revoke_for(target=target)
        self.message_user(
            request,
            ngettext("%(count)d link withdrawn.", "%(count)d links withdrawn.", withdrawn) % {"count": withdrawn},
            messages.SUCCESS,
        )
