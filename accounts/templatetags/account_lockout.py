"""The sign-in lockout on a user's page (templates/accounts/_fragments/user_lockout.html)."""

from __future__ import annotations

from django import template

from accounts.lockout import lift_context, lockout_lifts_at
from accounts.models import User

register = template.Library()


@register.simple_tag
def account_lockout(member: User) -> dict:
    """lift_context for ``member``'s account: ``lifts_at`` is None unless it is locked."""
    return lift_context(lockout_lifts_at(username=member.email))
