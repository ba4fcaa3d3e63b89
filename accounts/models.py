from __future__ import annotations

import functools
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.crypto import normalize_email
from core.models import TimeStampedModel

__all__ = ["SecurityPolicy", "User", "normalize_email"]


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The tz database's zone names; read from disk once (available_timezones() reads it on every call)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def default_language() -> str:
    return settings.LANGUAGE_CODE


def default_time_zone() -> str:
    return settings.TIME_ZONE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email=normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        from accounts.services import user_create

        return user_create(email=email, password=password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        from accounts.services import user_create

        fields.pop("is_staff", None)
        fields.pop("is_superuser", None)
        return user_create(email=email, password=password, role=Role.ADMINISTRATOR, **fields)


class User(AbstractBaseUser, PermissionsMixin, TimeStampedModel):
    """A staff member who signs in with an email address.

    ``role`` is the user's one role (accounts.roles: what it may see and do); ``is_staff`` and
    ``is_superuser`` follow from it (administrators only) and the role's Group
    membership is kept in step by ``accounts.services.user_set_role``.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=default_language)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    # The code of the member's referral link to the careers site (?ref=<code>),
    # made on first use by accounts.services.referral_code_ensure.
    referral_code = models.CharField(_("referral code"), max_length=16, unique=True, null=True, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        constraints = [
            # Emails are stored normalised (normalize_email), so the plain unique
            # index is case-insensitive in effect; this guard catches rows
            # written around the services.
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="user_email_lowercase"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def default_second_factor_roles() -> list[str]:
    """The roles that see the most: every setting and the whole audit log."""
    return [Role.ADMINISTRATOR, Role.REVIEWER]


class SecurityPolicy(TimeStampedModel):
    """The deployment's sign-in rules an administrator sets on Settings →
    Security: one row (``pk`` 1), written by accounts.services.security_policy_update.
    Until it is first saved the defaults apply (accounts.selectors.security_policy)."""

    ONE = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONE)
    second_factor_roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices),
        verbose_name=_("roles that must use two-factor sign-in"),
        default=default_second_factor_roles,
        blank=True,
    )

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="securitypolicy_single_row")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
