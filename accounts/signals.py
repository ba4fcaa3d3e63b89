"""Django's own authentication signals, recorded in the audit log.

These are Django's hooks into its login view, not domain flow: the handlers do
nothing but write an AuditEvent, and stamp a new session with its sign-in
time (accounts.sessions).
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import sessions
from accounts.models import User, normalize_email
from core.http import client_address
from core.services import audit_record


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs):
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
    attempted = credentials.get("username") or credentials.get("email") or ""
    user = User.objects.filter(email=normalize_email(attempted)).first() if attempted else None
    audit_record(
        action="accounts.user.login_failed",
        actor=None,
        target=user,
        request=request,
        data={"known_account": user is not None},
    )
