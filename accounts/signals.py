"""Django's own authentication signals, recorded in the audit log.

These are Django's hooks into its login view, not domain flow: the handlers do
nothing but write an AuditEvent.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import User, normalize_email
from accounts.services import sso_login_record
from accounts.sso import sso_provider_of_login
from core.services import audit_record


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs):
    provider = sso_provider_of_login(request, user) if request is not None else None
    if provider is not None:
        sso_login_record(user=user, provider=provider, request=request)
    else:
        audit_record(action="accounts.user.login", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="accounts.user.logout", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted address itself is personal data and is not stored: the
    # event names the account when one matches, and the client's address.
    attempted = credentials.get("username") or credentials.get("email") or ""
    user = User.objects.filter(email=normalize_email(attempted)).first() if attempted else None
    audit_record(
        action="accounts.user.login_failed",
        actor=None,
        target=user,
        request=request,
        data={"known_account": user is not None},
    )
