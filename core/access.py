"""Helpers every app's selectors share to enforce "Who sees what"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404


def get_or_404(queryset: QuerySet, **lookup) -> Model:
    """The one row of a user-scoped ``queryset`` matching ``lookup``, or 404.

    Unlike ``get_object_or_404``, a malformed key (a non-UUID public_id, a
    non-numeric pk) is a 404 too, never a 500.
    """
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def granted(user_permissions, group_permissions, user, *, outer: str = "pk", codename: str | None = None) -> Q:
    """Rows for which ``user`` holds a django-guardian grant, directly or through
    a group, read from the model's direct-foreign-key permission tables.
    ``outer`` names the column holding the guarded object's key."""
    scope = {"permission__codename": codename} if codename else {}
    by_user = user_permissions.objects.filter(content_object=OuterRef(outer), user=user, **scope)
    by_group = group_permissions.objects.filter(content_object=OuterRef(outer), group__user=user, **scope)
    return Q(Exists(by_user)) | Q(Exists(by_group))
