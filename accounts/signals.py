"""Django's authentication signals and django-axes' lockout, recorded in the audit log.

These are Django's and allauth's hooks into their sign-in and second-factor
views, not domain flow: the handlers do nothing but write an AuditEvent, and
stamp a new session with its sign-in time (accounts.sessions).
"""

import time

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import sessions
from accounts.lockout import attempted_email, lockout_lifts_at
from accounts.middleware import SECOND_FACTOR_SEEN_KEY
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


@receiver(user_logged_in, dispatch_uid="accounts.session_signed_in")
def session_signed_in(sender, request, user, **kwargs):
    # Signing in is the first check of who this is. The session's row in the
    # list is written now for a browser's request (the test client's
    # force_login has no client to describe: its first visit after
    # ACTIVITY_INTERVAL writes it).
    request.session[sessions.SIGNED_IN_AT] = time.time()
    if getattr(request, "user", None) is user and client_address(request):
        sessions.session_touch(request)
    else:
        request.session[sessions.SEEN_AT] = time.time()


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="accounts.user.logout", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted address itself is personal data and is not stored: the
    # event names the account when one matches, and the client's address.
    attempted = attempted_email(request, credentials)
    user = User.objects.filter(email=attempted).first() if attempted else None
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


# allauth.mfa's signals: its own views make every change to a second factor, and
# these handlers only write the AuditEvent (the authenticator's kind, never a secret).


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.audit_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        action="accounts.user.mfa_add", actor=user, target=user, request=request, data={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.audit_mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs):
    # The middleware asks again whether a second factor is left.
    request.session.pop(SECOND_FACTOR_SEEN_KEY, None)
    audit_record(
        action="accounts.user.mfa_remove", actor=user, target=user, request=request, data={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.audit_mfa_reset_by_user")
def audit_recovery_codes_regenerated(sender, request, user, authenticator, **kwargs):
    audit_record(
        action="accounts.user.recovery_codes_regenerate",
        actor=user,
        target=user,
        request=request,
        data={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts.audit_mfa_used")
def audit_mfa_used(sender, request, user, authenticator, reauthenticated=False, passwordless=False, **kwargs):
    data = {"type": authenticator.type, "reauthenticated": reauthenticated, "passwordless": passwordless}
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        audit_record(action="accounts.user.recovery_code_use", actor=user, target=user, request=request, data=data)
    else:
        audit_record(action="accounts.user.mfa_use", actor=user, target=user, request=request, data=data)


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.audit_mfa_failed")
def audit_mfa_failed(sender, request, user, authenticator, **kwargs):
    audit_record(
        action="accounts.user.mfa_failed", actor=None, target=user, request=request, data={"type": authenticator.type}
    )
