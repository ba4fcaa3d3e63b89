"""Template helpers of the spreadsheet import/export links."""

from __future__ import annotations

from django import template

from accounts.roles import rules_for

register = template.Library()


@register.filter
def can_import_export(user) -> bool:
    """Whether ``user``'s role may import and export candidates (the views check it too)."""
    return bool(getattr(user, "is_authenticated", False)) and rules_for(user.role).import_export
