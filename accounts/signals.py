"""Django's authentication signals and django-axes' lockout, recorded in the audit log.

These are Django's hooks into its login view, not domain flow: the handlers do
nothing but write an AuditEvent.
"""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.lockout import lockout_lifts_at
from accounts.models import User, normalize_email
from accounts.services import sso_login_record
from accounts.sso import sso_provider_of_login
from core.http import client_address
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


@receiver(user_locked_out, dispatch_uid="accounts.audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    # django-axes sends this for the failure that reaches the limit, and again for
    # every attempt refused while locked; only the first is a lockout. Like a
    # failed sign-in, the event names the account when one matches, never the
    # typed email, and the client's address.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    user = User.objects.filter(email=username).first() if username else None
    account_until = lockout_lifts_at(username=username) if username else None
    address_until = lockout_lifts_at(ip_address=ip_address) if ip_address else None
    until = max((time for time in (account_until, address_until) if time is not None), default=None)
    audit_record(
        action="accounts.user.locked_out",
        actor=None,
        target=user,
        request=request,
        data={
            "known_account": user is not None,
            "account_locked": account_until is not None,
            "address_locked": address_until is not None,
            "until": until.isoformat() if until else None,
        },
    )


@receiver(user_logged_in, dispatch_uid="accounts.forget_own_failures")
def forget_own_failures(sender, request, user, **kwargs):
    # Someone who mistyped their password and then got it right starts afresh,
    # from where they are; failures at other accounts from here still count.
    if request is not None:
        AccessAttempt.objects.filter(username=normalize_email(user.email), ip_address=client_address(request)).delete()
