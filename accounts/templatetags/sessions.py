"""Sessions on a page: a device's readable name, a session's reference in
URLs, and an administrator's list of a user's sessions."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django import template

from accounts import selectors
from accounts.models import User
from accounts.sessions import device_name, session_ref

register = template.Library()


@register.filter
def device(session: UserSession) -> str:
    return device_name(session.user_agent)


@register.filter
def ref(session: UserSession) -> str:
    return session_ref(session.session_key)


@register.simple_tag
def sessions_of(member: User) -> list[UserSession]:
    """The sessions of a user whose page the view has already let the viewer see."""
    return selectors.user_session_list(member)
