from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User, normalize_email
from accounts.roles import Role
from core.services import audit_record


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


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None = None) -> User:
    """Give ``user`` exactly one role: flags, Group membership and an audit row."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
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
    Queues nothing.
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
    for name in changed:
        setattr(user, name, changes[name])
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*changed, "updated_at"])
    audit_record(action="accounts.user.update", actor=actor, target=user, data={"fields": changed})
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's interface language; no audit (a preference, not data)."""
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "updated_at"])
    return user
