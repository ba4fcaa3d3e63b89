"""Helpers every app's selectors share to enforce the access rules of accounts.roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
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


def granted_ids(user_permissions, group_permissions, user, codename: str) -> RawSQL:
    """The keys of the objects ``user`` holds ``codename`` on, directly or
    through a group: ``granted`` as a one-column select for ``pk IN (…)``,
    which PostgreSQL plans faster than correlated EXISTS when a query embeds
    it several times (jobs.selectors compiles it once per user)."""
    groups = user._meta.model.groups.through.objects.filter(user=user).values("group_id")
    return union_ids(
        user_permissions.objects.filter(user=user, permission__codename=codename).values("content_object_id"),
        group_permissions.objects.filter(group_id__in=groups, permission__codename=codename).values(
            "content_object_id"
        ),
    )


def union_ids(*parts: QuerySet | RawSQL) -> RawSQL:
    """One-column selects (querysets or other unions) as ``SELECT id FROM (… UNION ALL …)``."""
    sqls, params = [], []
    for part in parts:
        sql, part_params = (
            (part.sql, part.params) if isinstance(part, RawSQL) else part.order_by().query.sql_with_params()
        )
        sqls.append(f"({sql})")
        params.extend(part_params)
    return RawSQL(f"SELECT u.id FROM ({' UNION ALL '.join(sqls)}) u(id)", params)
