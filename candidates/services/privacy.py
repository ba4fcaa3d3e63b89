"""The privacy notice's versions, as the team publishes them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import PrivacyNotice
from core.services import reference_delete, reference_save

# What applicants consented to: never changed once the version is in force.
FIXED_IN_FORCE = ("version", "title", "body", "body_zh_hans", "in_force_from")


def privacy_notice_in_force_since(notice: PrivacyNotice) -> bool:
    """Whether the stored row of ``notice`` has come into force already."""
    return (
        notice.pk is not None and PrivacyNotice.objects.filter(pk=notice.pk, in_force_from__lte=timezone.now()).exists()
    )


@transaction.atomic
def privacy_notice_save(
    *, notice: PrivacyNotice, actor: User | None, request: HttpRequest | None = None
) -> PrivacyNotice:
    """Add a version of the privacy notice, or change one not yet in force
    (reference_save: validated, audited). Consents name the version they were
    given under, so a version in force is never edited in place: changing its
    text, title, version or date raises ValidationError (add a new version)."""
    if notice.pk is not None:
        stored = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        changed = [name for name in FIXED_IN_FORCE if getattr(stored, name) != getattr(notice, name)]
        if changed and stored.in_force_from <= timezone.now():
            raise ValidationError(
                _(
                    "Version %(version)s is in force already and applicants have consented under it: "
                    "add a new version instead."
                )
                % {"version": stored.version},
                code="in_force",
            )
    return reference_save(instance=notice, actor=actor, request=request)


@transaction.atomic
def privacy_notice_delete(*, notice: PrivacyNotice, actor: User | None, request: HttpRequest | None = None) -> None:
    """Delete a version not yet in force; one in force raises ValidationError."""
    if privacy_notice_in_force_since(notice):
        raise ValidationError(_("A version in force is kept: consents name it."), code="in_force")
    reference_delete(instance=notice, actor=actor, request=request)
