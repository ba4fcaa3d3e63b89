"""Reads of accounts: the Users page for administrators and the invitation link.

Who may administer users is decided here from the role's rules
(``admin_site``): for anyone else every page of it is a 404, as if it did not
exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import SecurityPolicy, User, normalize_email
from accounts.roles import rules_for
from accounts.sessions import session_ref
from core.access import get_or_404
from core.models import AccessToken, AuditEvent
from core.services import TokenInvalid, access_token_resolve
from core.services import _hash as token_hash

INVITATION = AccessToken.Purpose.INVITATION
# The Users page lists this many at most; a search narrows it down.
USER_LIST_LIMIT = 200
# The audit actions that sent someone an invitation: their actor is whom the invitee asks.
INVITING_ACTIONS = ("accounts.user.invite", "accounts.user.invitation_resend")


class UserState:
    """Where an account stands, as the Users page shows it."""

    ACTIVE = "active"
    INVITED = "invited"
    INVITATION_EXPIRED = "invitation_expired"
    NO_PASSWORD = "no_password"
    DEACTIVATED = "deactivated"


def can_manage_users(user) -> bool:
    """Users and roles are administered by the roles with ``admin_site``."""
    return bool(user.is_authenticated and user.is_active and rules_for(user.role).admin_site)


def require_manage_users(user) -> None:
    """404 for anyone who may not administer users: the pages do not exist for them."""
    if not can_manage_users(user):
        raise Http404


def _with_invitation(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``invitation_expires_at``: the expiry of the user's latest open
    (unused, not withdrawn) invitation link, None without one. The content
    type is matched by name in the subquery, so no separate lookup is made."""
    open_links = AccessToken.objects.filter(
        purpose=INVITATION,
        target_type__app_label=User._meta.app_label,
        target_type__model=User._meta.model_name,
        target_id=OuterRef("pk"),
        used_at__isnull=True,
        revoked_at__isnull=True,
    ).order_by("-expires_at")
    return users.annotate(invitation_expires_at=Subquery(open_links.values("expires_at")[:1]))


def user_state(user: User, now: datetime | None = None) -> str:
    """``user``'s UserState; reads ``invitation_expires_at`` from _with_invitation."""
    if not user.is_active:
        return UserState.DEACTIVATED
    if user.has_usable_password():
        return UserState.ACTIVE
    expires_at = getattr(user, "invitation_expires_at", None)
    if expires_at is None:
        return UserState.NO_PASSWORD
    return UserState.INVITED if expires_at > (now or timezone.now()) else UserState.INVITATION_EXPIRED


def user_list_for(actor: User, *, query: str = "", limit: int = USER_LIST_LIMIT) -> list[User]:
    """The users whose name or email contains ``query`` (all without one), by
    name, at most ``limit`` + 1 (so the page can say there are more); each
    with ``state`` (UserState) and ``invitation_expires_at``. One query;
    404 for an actor who may not administer users."""
    require_manage_users(actor)
    users = _with_invitation(User.objects.all())
    query = query.strip()
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=normalize_email(query)))
    rows = list(users.order_by("full_name", "email", "pk")[: limit + 1])
    now = timezone.now()
    for row in rows:
        row.state = user_state(row, now)
    return rows


def get_user_for_admin(actor: User, public_id) -> User:
    """The user with ``public_id``, with ``state``; 404 when unknown or when
    ``actor`` may not administer users."""
    require_manage_users(actor)
    user = get_or_404(_with_invitation(User.objects.all()), public_id=public_id)
    user.state = user_state(user)
    return user


def user_with_email(actor: User, email: str) -> User | None:
    """The account with ``email`` (normalised), for "already invited: resend?"."""
    require_manage_users(actor)
    return User.objects.filter(email=normalize_email(email)).first()


# --- The invitation link --------------------------------------------------------------


@dataclass(frozen=True)
class InvitationLink:
    """What an invitation link opens: the invitee, or why it cannot be used
    (``problem``) and whom to ask (``inviter``, when known and still active)."""

    user: User | None
    problem: TokenInvalid | None
    inviter: User | None


def invitation_inviter(user: User) -> User | None:
    """The active user who last sent ``user`` an invitation (the audit log says who)."""
    event = (
        AuditEvent.objects.filter(
            action__in=INVITING_ACTIONS, target_type=User._meta.label_lower, target_id=str(user.public_id)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    inviter = event.actor if event is not None else None
    return inviter if inviter is not None and inviter.is_active else None


def invitation_link(token: str) -> InvitationLink:
    """Read an invitation link without changing anything (a GET may ask).

    A live link gives its user; an expired, used or withdrawn one its user
    too (the page speaks their language and names whom to ask) with the
    reason in ``problem``; an unknown one neither. A deactivated account's
    link is a problem too.
    """
    row = AccessToken.objects.filter(token_hash=token_hash(token), purpose=INVITATION).first()
    if row is None:
        return InvitationLink(user=None, problem=TokenInvalid("", code="unknown"), inviter=None)
    user = User.objects.filter(pk=row.target_id).first()
    problem = None
    try:
        access_token_resolve(token=token, purpose=INVITATION)
    except TokenInvalid as error:
        problem = error
    if problem is None and (user is None or not user.is_active):
        problem = TokenInvalid("", code="deactivated")
    inviter = invitation_inviter(user) if user is not None and problem is not None else None
    return InvitationLink(user=user, problem=problem, inviter=inviter)


# --- Single sign-on ----------------------------------------------------------------


def user_for_sso(email: str) -> User | None:
    """The account with ``email`` (normalised), active or not, for deciding
    what a provider's verified address signs in (accounts/sso.py)."""
    return User.objects.filter(email=normalize_email(email)).first()


# --- Second factor ------------------------------------------------------------------

# The required roles, cached so that a signed-in page costs no query for them;
# security_policy_update forgets the entry when they change.
SECURITY_POLICY_CACHE_KEY = "accounts.security_policy.second_factor_roles"


def security_policy() -> SecurityPolicy:
    """The deployment's sign-in rules: the saved row, or the defaults (unsaved)
    until an administrator first saves Settings → Security."""
    return SecurityPolicy.objects.filter(pk=SecurityPolicy.ONE).first() or SecurityPolicy()


def second_factor_roles() -> frozenset[str]:
    """The roles that must use two-factor sign-in (from the cache when it answers)."""
    roles = cache.get(SECURITY_POLICY_CACHE_KEY)
    if roles is None:
        roles = list(security_policy().second_factor_roles)
        cache.set(SECURITY_POLICY_CACHE_KEY, roles, timeout=None)
    return frozenset(roles)


def second_factor_required(user) -> bool:
    """Whether ``user``'s role must sign in with a second factor."""
    return bool(user.is_authenticated and user.role in second_factor_roles())


def has_second_factor(user) -> bool:
    """Whether ``user`` has an authenticator app or a security key (recovery
    codes alone do not count: they come with one of those)."""
    return Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def second_factor_missing(user) -> bool:
    """Whether ``user`` must set up a second factor before anything else."""
    return second_factor_required(user) and not has_second_factor(user)


def user_authenticators_for_admin(actor: User, user: User) -> list[str]:
    """The kinds of second factor ``user`` has set up (Authenticator.Type
    values, recovery codes included), for their page on Settings → Users;
    404 for an actor who may not administer users."""
    require_manage_users(actor)
    return list(Authenticator.objects.filter(user_id=user.pk).order_by("type").values_list("type", flat=True))


# --- Sessions ---------------------------------------------------------------------


def get_own_session(user: User, ref: str) -> UserSession:
    """``user``'s own session with reference ``ref`` (accounts.sessions.session_ref);
    404 for anyone else's or an unknown one."""
    for session in UserSession.objects.filter(user_id=user.pk):
        if session_ref(session.session_key) == ref:
            return session
    raise Http404


def user_session_list(user: User) -> list[UserSession]:
    """``user``'s sessions that can still sign in (their stored session is live),
    most recently seen first, for an administrator's view of the user; one query."""
    live = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=timezone.now())
    return list(UserSession.objects.filter(user_id=user.pk).filter(Exists(live)).order_by("-last_seen_at"))


def user_for_referral_code(code: str) -> User | None:
    """The active team member whose referral link carries ``code``."""
    code = (code or "").strip()[:16]
    if not code:
        return None
    return User.objects.filter(referral_code=code, is_active=True).first()
