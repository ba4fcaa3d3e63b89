from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import crypto

INVALID_PHONE = _("Enter a valid phone number, with the country code if it is not local.")


def clean_phone(value: str | None, *, field: str | None = None) -> str | None:
    """The E.164 form of ``value`` (None when blank), or a ValidationError —
    on ``field`` when given, so services can raise it as a field error."""
    if not value or not value.strip():
        return None
    normalized = crypto.normalize_phone(value)
    if normalized is None:
        error = ValidationError(INVALID_PHONE, code="invalid_phone")
        raise ValidationError({field: error}) if field else error
    return normalized
