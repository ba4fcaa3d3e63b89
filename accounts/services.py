from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import SecurityPolicy, User, normalize_email
from accounts.roles import Role
from accounts.selectors import SECURITY_POLICY_CACHE_KEY
from core.crypto import email_index
from core.links import absolute_url
from core.models import AccessToken
from core.services import (
    TokenInvalid,
    access_token_issue,
    access_token_resolve,
    access_token_revoke_for,
    audit_record,
    rate_count,
)

INVITATION = AccessToken.Purpose.INVITATION
# Long enough to get through a holiday week; a lapsed link is resent from the Users page.
INVITATION_VALID_FOR = timedelta(days=7)


def _apply_role(user: User, role: str) -> None:
    user.role = Role(role)
    user.is_staff = user.role == Role.ADMINISTRATOR
    user.is_superuser = user.role == Role.ADMINISTRATOR


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    role: str = Role.INTERVIEWER,
    password: str | None = None,
    language: str | None = None,
    time_zone: str | None = None,
    actor: User | None = None,
) -> User:
    """Create a user with one role and put them in that role's Group.

    Writes the User row, its group membership and an ``accounts.user.create``
    AuditEvent. Raises ValidationError for a malformed or taken email, an
    unknown language or time zone.
    """
    user = User(email=normalize_email(email), full_name=full_name.strip())
    if language:
        user.language = language
    if time_zone:
        user.time_zone = time_zone
    _apply_role(user, role)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get_or_create(name=user.role)[0]])
    audit_record(action="accounts.user.create", actor=actor, target=user, data={"role": user.role})
    return user


def _keep_an_administrator(*, user: User, actor: User | None, role: str, is_active: bool) -> None:
    """Refuse a change that takes ``user`` (an active administrator now) out
    of the administrator role or deactivates them when ``user`` is the actor,
    or is the last active administrator: someone must still be able to
    administer. Locks the active administrators' rows, so two administrators
    demoting each other at once cannot both succeed."""
    if user.pk is None or (role == Role.ADMINISTRATOR and is_active):
        return
    administrators = list(
        User.objects.select_for_update()
        .filter(role=Role.ADMINISTRATOR, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if user.pk not in administrators:
        return
    if actor is not None and actor.pk == user.pk:
        if not is_active:
            raise ValidationError(_("You cannot deactivate your own account."), code="self")
        raise ValidationError(_("You cannot take the administrator role from yourself."), code="self")
    if administrators == [user.pk]:
        raise ValidationError(
            _("%(name)s is the last active administrator: make someone else an administrator first.")
            % {"name": user.full_name or user.email},
            code="last_administrator",
        )


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None = None) -> User:
    """Give ``user`` exactly one role: flags, Group membership and an audit row.

    Raises ValidationError for an unknown role, for an administrator taking
    the role from themselves and for taking it from the last active
    administrator; nothing is written then.
    """
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _keep_an_administrator(user=user, actor=actor, role=role, is_active=user.is_active)
    previous = user.role
    _apply_role(user, role)
    user.save(update_fields=["role", "is_staff", "is_superuser", "updated_at"])
    user.groups.set([Group.objects.get_or_create(name=user.role)[0]])
    audit_record(
        action="accounts.user.role_change",
        actor=actor,
        target=user,
        data={"from": previous, "to": user.role},
    )
    return user


# What user_update may change: the role has user_set_role (flags and Group),
# the password Django's own forms.
USER_UPDATE_FIELDS = ("email", "full_name", "language", "time_zone", "is_active")


@transaction.atomic
def user_update(*, user: User, actor: User | None, **changes: Any) -> User:
    """Change a user's email, name, language, time zone or ``is_active``
    (False deactivates: they can no longer sign in, and their rows stay).

    Only the fields given are set; one that is not in USER_UPDATE_FIELDS
    raises TypeError. The user is validated as a whole: a ValidationError for
    a malformed or taken email, a blank name, an unknown language or time
    zone, and then nothing is written. Rows written, when a value differs from
    the stored one: the User (those fields) and an AuditEvent
    ``accounts.user.update`` naming the changed fields, never their values.
    Deactivating withdraws the user's open invitation link and signs them out
    everywhere (``user_sessions_end``, audited there). An administrator
    cannot deactivate themselves, nor anyone the last active administrator
    (ValidationError). Queues nothing.
    """
    unknown = set(changes) - set(USER_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"user_update cannot change {', '.join(sorted(unknown))}")
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"])
    if "full_name" in changes:
        changes["full_name"] = changes["full_name"].strip()
    changed = [name for name in USER_UPDATE_FIELDS if name in changes and getattr(user, name) != changes[name]]
    if not changed:
        return user
    if "is_active" in changed:
        _keep_an_administrator(user=user, actor=actor, role=user.role, is_active=changes["is_active"])
    for name in changed:
        setattr(user, name, changes[name])
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*changed, "updated_at"])
    if "is_active" in changed and not user.is_active:
        access_token_revoke_for(target=user, purpose=INVITATION)
    audit_record(action="accounts.user.update", actor=actor, target=user, data={"fields": changed})
    if "is_active" in changed and not user.is_active:
        user_sessions_end(user=user, actor=actor)
    return user


@transaction.atomic
def user_session_end(*, sessions: list[UserSession], actor: User, request: HttpRequest | None = None) -> int:
    """Sign out ``sessions``, all of one user's (a person ending their own from
    the sessions page, one or all the others): each session's data is deleted,
    so its browser is signed out on its next request, and its row leaves the
    list. Rows written: an AuditEvent ``accounts.user.session_end`` on the
    sessions' user with how many were ended; nothing when ``sessions`` is
    empty. Returns that number. Queues nothing."""
    if not sessions:
        return 0
    owners = {session.user_id for session in sessions}
    if len(owners) != 1:
        raise ValueError("user_session_end ends the sessions of one user at a time")
    for session in sessions:
        session.end()
    owner = User.objects.get(pk=owners.pop())
    audit_record(
        action="accounts.user.session_end", actor=actor, target=owner, request=request, data={"sessions": len(sessions)}
    )
    return len(sessions)


@transaction.atomic
def user_sessions_end(*, user: User, actor: User | None, request: HttpRequest | None = None) -> int:
    """Sign ``user`` out everywhere: every session in their sessions list
    (allauth's ``UserSession.end``: the session's data and its row), and any
    other stored Django session signed in as them (one from before the list
    existed). Rows written: an AuditEvent ``accounts.user.sessions_end`` with
    how many sessions were ended, also when none were. Returns that number.
    If ``request`` is one of those sessions, it is signed out too. Queues nothing."""
    listed = list(UserSession.objects.filter(user=user))
    for session in listed:
        session.end()
    # Sessions carry the user's id only inside their signed data: read the live ones.
    user_id = str(user.pk)
    unlisted = [
        row.session_key
        for row in Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data").iterator()
        if row.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(session_key__in=unlisted).delete()
    ended = len(listed) + len(unlisted)
    audit_record(
        action="accounts.user.sessions_end", actor=actor, target=user, request=request, data={"sessions": ended}
    )
    return ended


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's interface language; no audit (a preference, not data)."""
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "updated_at"])
    return user


# --- Invitations -----------------------------------------------------------------


def _invitation_send(*, user: User, actor: User | None, request: HttpRequest | None) -> str:
    """Issue an invitation link for ``user`` and queue its email in their
    language and time zone; returns the token.

    The email goes through Django's mail API, whose default mailer is the
    outbox (messaging.backends): accounts sits below messaging, as the
    password-reset email does. The row is written in the caller's
    transaction and handed to the worker after commit.
    """
    token, row = access_token_issue(purpose=INVITATION, target=user, valid_for=INVITATION_VALID_FOR)
    link = absolute_url(reverse("accounts:invitation-accept", args=[token]), request)
    zone = zoneinfo.ZoneInfo(user.time_zone)
    with translation.override(user.language), timezone.override(zone):
        context = {
            "user": user,
            "inviter": actor.full_name if actor is not None else "",
            "role": user.get_role_display(),
            "link": link,
            "expires": formats.date_format(timezone.localtime(row.expires_at), "DATETIME_FORMAT"),
        }
        subject = " ".join(render_to_string("emails/user_invitation/subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/user_invitation/body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            reply_to=[actor.email] if actor is not None else [],
        )
        message.attach_alternative(render_to_string("emails/user_invitation/body.html", context), "text/html")
        # Sent while the invitee's language is active: the outbox keeps it as the email's language.
        message.send()
    return token


@transaction.atomic
def user_invite(
    *,
    email: str,
    full_name: str,
    role: str,
    language: str,
    actor: User | None,
    request: HttpRequest | None = None,
) -> tuple[User, str]:
    """Create an account for a colleague and email them a link to choose
    their password; returns the user and the link's token (shown nowhere,
    for the caller's tests).

    The account has an unusable password until the link is used, so signing
    in with any password fails as for a wrong one, and the password-reset
    form ignores it. Writes the User (user_create, audited
    ``accounts.user.create``), an AccessToken (purpose ``invitation``, valid
    INVITATION_VALID_FOR, single use), the email in the invitee's language
    (through the outbox, handed over after commit) and an AuditEvent
    ``accounts.user.invite``. Raises ValidationError (on ``email``) for an
    address that already has an account, and user_create's errors; nothing
    is written then.
    """
    normalized = normalize_email(email)
    if User.objects.filter(email=normalized).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("There is already an account for %(email)s.") % {"email": normalized}, code="taken"
                )
            }
        )
    user = user_create(email=normalized, full_name=full_name, role=role, language=language, actor=actor)
    token = _invitation_send(user=user, actor=actor, request=request)
    audit_record(action="accounts.user.invite", actor=actor, target=user, request=request)
    return user, token


@transaction.atomic
def user_invitation_resend(*, user: User, actor: User | None, request: HttpRequest | None = None) -> str:
    """Send ``user`` a new invitation link; the previous one stops working.
    Returns the new token.

    For an active account without a password yet (invited, or made without
    one). Writes the withdrawal of the open invitation links, a new
    AccessToken, the email (as user_invite) and an AuditEvent
    ``accounts.user.invitation_resend`` with how many links were withdrawn.
    Raises ValidationError for a deactivated account or one whose password
    is set (that person signs in, or resets it from the sign-in page).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("%(name)s is deactivated: reactivate the account first.") % {"name": user.full_name})
    if user.has_usable_password():
        raise ValidationError(
            _("%(name)s has already set a password; they can reset it from the sign-in page.")
            % {"name": user.full_name}
        )
    withdrawn = access_token_revoke_for(target=user, purpose=INVITATION)
    token = _invitation_send(user=user, actor=actor, request=request)
    audit_record(
        action="accounts.user.invitation_resend",
        actor=actor,
        target=user,
        request=request,
        data={"withdrawn": withdrawn},
    )
    return token


@transaction.atomic
def user_invitation_accept(*, token: str, password: str, request: HttpRequest | None = None) -> User:
    """Set the password of the account an invitation link opens, and use the link up.

    Writes the User's password, the AccessToken's ``used_at`` and an
    AuditEvent ``accounts.user.invitation_accept`` (the invitee as actor).
    Raises TokenInvalid for an unknown, expired, used or withdrawn link or a
    deactivated account, and ValidationError for a password the validators
    (AUTH_PASSWORD_VALIDATORS) refuse; the link stays usable then.
    """
    row = access_token_resolve(token=token, purpose=INVITATION, for_update=True)
    user = User.objects.select_for_update().filter(pk=row.target_id).first()
    if user is None or not user.is_active:
        raise TokenInvalid(_("This account has been deactivated."), code="deactivated")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    audit_record(action="accounts.user.invitation_accept", actor=user, target=user, request=request)
    return user


# --- Single sign-on ----------------------------------------------------------------


@transaction.atomic
def sso_user_create(*, email: str, full_name: str, role: str, language: str | None, provider: str) -> User:
    """Create the account of someone an SSO provider vouches for, on their first
    sign-in (only when SSO_CREATE_USERS is on; accounts/sso.py decides).

    Writes what user_create writes (the User without a password, its role
    group, an ``accounts.user.create`` AuditEvent) and an
    ``accounts.user.sso_create`` AuditEvent naming the provider. Raises
    ValidationError as user_create does.
    """
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = None
    user = user_create(email=email, full_name=full_name, role=role, language=language)
    audit_record(action="accounts.user.sso_create", actor=user, target=user, data={"provider": provider})
    return user


def sso_refusal_record(*, provider: str, reason: str, user: User | None, request: HttpRequest | None) -> None:
    """Record that an SSO provider's answer did not sign anyone in.

    Writes an ``accounts.user.sso_refused`` AuditEvent: the provider and the
    reason; the account the address belongs to as target when there is one
    (the address itself is personal data and is not stored).
    """
    audit_record(
        action="accounts.user.sso_refused",
        actor=None,
        target=user,
        request=request,
        data={"provider": provider, "reason": str(reason)},
    )


def sso_login_record(*, user: User, provider: str, request: HttpRequest | None) -> None:
    """Record a sign-in through an SSO provider: an ``accounts.user.sso_login``
    AuditEvent with the provider."""
    audit_record(
        action="accounts.user.sso_login", actor=user, target=user, request=request, data={"provider": provider}
    )


# --- Sign-in lockout ------------------------------------------------------------------


@transaction.atomic
def user_unlock(*, user: User, actor: User, request: HttpRequest | None = None) -> int:
    """Lift a sign-in lockout of ``user``'s account: forget the failed sign-ins
    counted against it (django-axes' AccessAttempt rows for its email), from
    every address. A lock on an address they sign in from is lifted separately
    (address_unlock). Writes an ``accounts.user.unlock`` AuditEvent with how
    many rows were forgotten; returns that number."""
    forgotten, _per_model = AccessAttempt.objects.filter(username=user.email).delete()
    audit_record(action="accounts.user.unlock", actor=actor, target=user, request=request, data={"attempts": forgotten})
    return forgotten


@transaction.atomic
def address_unlock(*, ip_addresses: list[str], actor: User, request: HttpRequest | None = None) -> int:
    """Lift the sign-in lockout of each client address in ``ip_addresses``:
    forget every failed sign-in counted from it, for any account. Writes one
    ``accounts.address.unlock`` AuditEvent per address; returns how many
    attempt rows were forgotten."""
    forgotten = 0
    for ip_address in sorted(set(ip_addresses)):
        count, _per_model = AccessAttempt.objects.filter(ip_address=ip_address).delete()
        forgotten += count
        audit_record(
            action="accounts.address.unlock",
            actor=actor,
            request=request,
            data={"address": ip_address, "attempts": count},
        )
    return forgotten


def password_reset_count(*, email: str, address: str | None) -> datetime | None:
    """Count a password reset request for the typed ``email`` and from the
    client ``address`` (core.services.rate_count, in PostgreSQL). Returns None
    while both are within PASSWORD_RESET_LIMIT_PER_ACCOUNT / _PER_ADDRESS per
    PASSWORD_RESET_LIMIT_WINDOW, else when the later limit lifts. Both counts are
    made either way, and the email is counted whether or not it has an account
    (by its blind index, never in the clear), so a throttled request does the
    same work for both."""
    window = settings.PASSWORD_RESET_LIMIT_WINDOW
    times = [
        rate_count(
            key=f"password_reset:email:{email_index(email).hex()}",
            limit=settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
            window=window,
        ),
        rate_count(
            key=f"password_reset:address:{address or ''}",
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window=window,
        ),
    ]
    times = [time for time in times if time is not None]
    return max(times) if times else None


# --- Second factor -------------------------------------------------------------------


@transaction.atomic
def security_policy_update(
    *, second_factor_roles: list[str], actor: User | None, request: HttpRequest | None = None
) -> SecurityPolicy:
    """Choose the roles that must use two-factor sign-in.

    Writes the one SecurityPolicy row (created on first save) and, when the
    roles differ, an AuditEvent ``accounts.securitypolicy.update`` with the
    roles before and after; the cached roles are forgotten so the next
    request reads them. Raises ValidationError for an unknown role.
    """
    unknown = set(second_factor_roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role."))
    policy, created = SecurityPolicy.objects.select_for_update().get_or_create(pk=SecurityPolicy.ONE)
    roles = [role for role in Role.values if role in second_factor_roles]
    previous = list(policy.second_factor_roles)
    if roles == previous and not created:
        return policy
    policy.second_factor_roles = roles
    policy.save()
    audit_record(
        action="accounts.securitypolicy.update",
        actor=actor,
        target=policy,
        request=request,
        data={"second_factor_roles": {"from": previous, "to": roles}},
    )
    cache.delete(SECURITY_POLICY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SECURITY_POLICY_CACHE_KEY))
    return policy


@transaction.atomic
def user_mfa_reset(*, user: User, actor: User | None, request: HttpRequest | None = None) -> int:
    """Take away ``user``'s second factor (authenticator app, security keys
    and recovery codes), for someone who lost their phone or key: they sign
    in with their password alone, and set a new one up (at once, when their
    role requires it). Returns how many authenticators were removed.

    Writes the deletion, an AuditEvent ``accounts.user.mfa_reset`` with the
    kinds removed, and an email telling them (in their language, through the
    outbox, handed over after commit). Raises ValidationError when they have
    no second factor; nothing is written then.
    """
    authenticators = Authenticator.objects.select_for_update().filter(user_id=user.pk)
    kinds = sorted({authenticator.type for authenticator in authenticators})
    if not kinds:
        raise ValidationError(_("%(name)s has no two-factor sign-in to reset.") % {"name": user.full_name}, code="none")
    removed, _counts = authenticators.delete()
    audit_record(action="accounts.user.mfa_reset", actor=actor, target=user, request=request, data={"types": kinds})
    link = absolute_url(reverse("mfa_index"), request)
    with translation.override(user.language):
        context = {"user": user, "actor": actor.full_name if actor is not None else "", "link": link}
        subject = " ".join(render_to_string("emails/mfa_reset/subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/mfa_reset/body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(render_to_string("emails/mfa_reset/body.html", context), "text/html")
        message.send()
    return removed


# Letters and digits a person can read out without confusion (no 0/O, 1/l/I).
REFERRAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REFERRAL_CODE_LENGTH = 10


def referral_code_ensure(*, user: User) -> str:
    """The code of ``user``'s referral link (``?ref=<code>`` on the careers
    site), made on first use: random, unique, never changed afterwards. A
    conditional UPDATE claims it, so two first uses at once agree on one code."""
    if user.referral_code:
        return user.referral_code
    for _attempt in range(5):
        code = "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))
        if User.objects.filter(referral_code=code).exists():
            continue
        User.objects.filter(pk=user.pk, referral_code__isnull=True).update(referral_code=code)
        break
    user.referral_code = User.objects.filter(pk=user.pk).values_list("referral_code", flat=True).get()
    return user.referral_code
