from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import USER_UPDATE_FIELDS, address_unlock, user_create, user_set_role, user_update
from core.admin import ReadOnlyModelAdmin, ServiceAdminMixin


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "language", "time_zone")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "password", "role", "language", "time_zone", "is_active")


@admin.register(User)
class UserAdmin(ServiceAdminMixin, DjangoUserAdmin):
    """Users and their one role. Creation, role changes and every other
    change go through accounts.services (user_create, user_set_role,
    user_update) so group membership and the audit log stay in step; staff
    and superuser flags follow from the role and are not edited here. A
    service's refusal (the last administrator kept) lands on the form."""

    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "role", "language", "time_zone", "is_active", "last_login")
    list_filter = ("role", "is_active", "language")
    list_select_related = ()
    search_fields = ("email", "full_name")
    ordering = ("full_name",)
    readonly_fields = ("public_id", "last_login", "created_at", "updated_at")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        (_("Role and preferences"), {"fields": ("role", "language", "time_zone", "is_active")}),
        (_("History"), {"fields": ("public_id", "last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "language", "time_zone", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        if not change:
            created = user_create(
                email=obj.email,
                full_name=obj.full_name,
                role=obj.role,
                password=form.cleaned_data.get("password1") or None,
                language=obj.language,
                time_zone=obj.time_zone,
                actor=request.user,
            )
            obj.pk, obj.public_id, obj.password = created.pk, created.public_id, created.password
            obj._state.adding = False
            return
        # ``obj`` already holds the form's values: the services change the
        # stored row, so they compare with it and audit what differs.
        user = User.objects.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in USER_UPDATE_FIELDS}
        if changes:
            user_update(user=user, actor=request.user, **changes)
        if "role" in form.changed_data:
            user_set_role(user=user, role=form.cleaned_data["role"], actor=request.user)

    def save_related(self, request, form, formsets, change):
        # Group membership is derived from the role; nothing else to save.
        pass

    def has_delete_permission(self, request, obj=None):
        # Users are deactivated, never deleted: audit rows keep pointing at them.
        return False


# Sign-in records kept by django-allauth. Its admin pages that do not fit are
# removed: an account's address lives on the user, single sign-on providers come
# from the environment (SSO_PROVIDERS), and provider tokens are not stored.
admin.site.unregister(EmailAddress)
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)
admin.site.unregister(SocialAccount)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyModelAdmin):
    """Second factors, read-only: added and removed by their owner (allauth's
    pages) or reset by an administrator in Settings → Users. Their secrets are
    never shown."""

    fields = ("user", "type", "created_at", "last_used_at")
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyModelAdmin):
    """Signed-in sessions, read-only: ended by their owner or in Settings → Users."""

    fields = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    list_display = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    list_select_related = ("user",)
    search_fields = ("user__email", "ip")
    raw_id_fields = ("user",)


@admin.register(SocialAccount)
class SocialAccountAdmin(ReadOnlyModelAdmin):
    """Accounts at a single sign-on provider linked to a user, read-only: linked
    at sign-in by a verified email address."""

    fields = ("user", "provider", "uid", "last_login", "date_joined")
    list_display = ("user", "provider", "uid", "last_login")
    list_filter = ("provider",)
    list_select_related = ("user",)
    search_fields = ("user__email", "uid")
    raw_id_fields = ("user",)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyModelAdmin):
    """Failed sign-ins counted by django-axes, one row per account, address and
    browser. Read-only: an administrator lifts a locked address with the
    "Unlock" action (accounts.services.address_unlock, audited), a locked
    account from its page under Settings → Users."""

    list_display = ("attempt_time", "ip_address", "username", "failures_since_start", "path_info")
    list_select_related = ()
    list_filter = ("attempt_time",)
    search_fields = ("ip_address", "username")
    ordering = ("-attempt_time",)
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    actions = ["unlock_addresses"]

    @admin.action(description=_("Unlock the selected addresses"))
    def unlock_addresses(self, request, queryset):
        addresses = [address for address in queryset.values_list("ip_address", flat=True).distinct() if address]
        address_unlock(ip_addresses=addresses, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d address can sign in again.", "%(count)d addresses can sign in again.", len(addresses))
            % {"count": len(addresses)},
        )
