from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.lockout import lift_context
from accounts.roles import Role
from accounts.services import password_reset_count
from core.http import client_address


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in by email, labelled as the rest of the product."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email")
        self.fields["login"].widget.attrs.update({"autofocus": True, "autocomplete": "email"})
        # The page links to the password reset under the form already.
        self.fields["password"].help_text = ""


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


class PasswordResetForm(allauth_forms.ResetPasswordForm):
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_email(self) -> str:
        # Counted before the account is looked up: a throttled request answers the
        # same, in the same time, whether or not the address has an account.
        lifts_at = password_reset_count(
            email=self.cleaned_data["email"], address=client_address(allauth_context.request)
        )
        if lifts_at is not None:
            raise forms.ValidationError(password_reset_throttled_message(lifts_at), code="throttled")
        email = super().clean_email()
        # An invited account has no password to reset until it uses its invitation.
        self.users = [user for user in self.users if user.has_usable_password()]
        return email


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), max_length=200, required=False)


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on every widget: selects and text inputs differ."""
    for field in form.fields.values():
        widget = field.widget
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class InviteForm(forms.Form):
    """Who to invite: the arguments of accounts.services.user_invite."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.RECRUITER)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation email and, after sign-in, every page are in this language."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    @classmethod
    def for_member(cls, member) -> RoleForm:
        """The form showing ``member``'s current role."""
        return cls(initial={"role": member.role})


class InvitationPasswordForm(SetPasswordForm):
    """Choose a password on an invitation link: Django's own checks (the
    password validators, both fields equal)."""

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Choose a password")
        self.fields["new_password2"].label = _("Type it again")


def password_reset_throttled_message(lifts_at) -> str:
    """ "Too many requests", with the time (in the reader's time zone) it lifts."""
    lift = lift_context(lifts_at)
    local = timezone.localtime(lifts_at)
    if lift["lifts_today"]:
        time = formats.time_format(local, "H:i")
    else:
        time = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return ngettext(
        "Too many reset links were asked for this address or from your network. You can ask again at %(time)s"
        " (%(zone)s), in %(minutes)d minute.",
        "Too many reset links were asked for this address or from your network. You can ask again at %(time)s"
        " (%(zone)s), in %(minutes)d minutes.",
        lift["lifts_in_minutes"],
    ) % {"time": time, "zone": lift["time_zone_name"], "minutes": lift["lifts_in_minutes"]}


class SecurityPolicyForm(forms.Form):
    """Settings → Security: the arguments of accounts.services.security_policy_update."""

    second_factor_roles = forms.MultipleChoiceField(
        label=_("Roles that must use two-factor sign-in"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People in these roles set up an authenticator app or a security key before they can use anything"
            " else, and sign in with it every time. Everyone else may set one up from their user menu."
        ),
    )
