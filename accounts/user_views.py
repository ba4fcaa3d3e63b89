"""The Users page: administrators invite colleagues, change their role,
deactivate and reactivate them, resend invitations and reset a lost second
factor, without Django admin; and Settings → Security.

Every view asks accounts.selectors who may administer users (404 for anyone
else) and writes through accounts.services, which audit each change and
refuse what would leave nobody able to administer. Each action is its own
POST endpoint answered with ``done``: a redirect to the user's page with the
outcome as a message (htmx follows it as a full navigation).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts import selectors, services
from accounts.forms import InviteForm, RoleForm, SecurityPolicyForm, UserSearchForm
from accounts.models import User
from core.http import GET_OR_POST, done, done_after, respond, save_form


def _user_url(user: User) -> str:
    return reverse("settings:user-detail", args=[user.public_id])


@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    """Every user with role, language, last sign-in and state; the search box
    swaps the ``rows`` region (htmx) or reloads the page (plain GET)."""
    search = UserSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    users = selectors.user_list_for(request.user, query=query)
    limit = selectors.USER_LIST_LIMIT
    context = {"search": search, "query": query, "users": users[:limit], "more": len(users) > limit}
    return respond(request, "accounts/user_list.html", "rows", context)


@GET_OR_POST
def user_invite(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_users(request.user)
    form = InviteForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    existing = None
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        invited = save_form(form, lambda: services.user_invite(actor=request.user, request=request, **values))
        if invited is not None:
            user, _token = invited
            message = _("Invitation sent to %(email)s.") % {"email": user.email}
            return done(request, _user_url(user), message)
        if form.has_error("email", "taken"):
            existing = selectors.user_with_email(request.user, values["email"])
    return respond(request, "accounts/user_invite.html", "form", {"form": form, "existing": existing})


@require_safe
def user_detail(request: HttpRequest, public_id) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    context = {"member": user, "role_form": RoleForm.for_member(user), "states": selectors.UserState}
    context["authenticator_types"] = selectors.user_authenticators_for_admin(request.user, user)
    return render(request, "accounts/user_detail.html", context)


@require_POST
def user_role_set(request: HttpRequest, public_id) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return done(request, _user_url(user), error=_("Choose one of the roles."))
    return done_after(
        request,
        _user_url(user),
        lambda: services.user_set_role(user=user, role=form.cleaned_data["role"], actor=request.user),
        lambda _result: _("%(name)s is now %(role)s.") % {"name": user.full_name, "role": user.get_role_display()},
    )


def _set_active(request: HttpRequest, public_id, *, active: bool) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    if active:
        message = _("%(name)s is active again and can sign in.") % {"name": user.full_name}
    else:
        message = _("%(name)s is deactivated: they can no longer sign in, and their work stays.") % {
            "name": user.full_name
        }
    return done_after(
        request, _user_url(user), lambda: services.user_update(user=user, actor=request.user, is_active=active), message
    )


@require_POST
def user_deactivate(request: HttpRequest, public_id) -> HttpResponse:
    return _set_active(request, public_id, active=False)


@require_POST
def user_reactivate(request: HttpRequest, public_id) -> HttpResponse:
    return _set_active(request, public_id, active=True)


@require_POST
def user_invitation_resend(request: HttpRequest, public_id) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    message = _("A new invitation is on its way to %(email)s; the previous link no longer works.") % {
        "email": user.email
    }
    return done_after(
        request,
        _user_url(user),
        lambda: services.user_invitation_resend(user=user, actor=request.user, request=request),
        message,
    )


@require_POST
def user_unlock(request: HttpRequest, public_id) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    services.user_unlock(user=user, actor=request.user, request=request)
    message = _("%(name)s can sign in again: their failed attempts are forgotten.") % {"name": user.full_name}
    return done(request, _user_url(user), message)


@GET_OR_POST
def security_settings(request: HttpRequest) -> HttpResponse:
    """Settings → Security: which roles must use two-factor sign-in."""
    selectors.require_manage_users(request.user)
    policy = selectors.security_policy()
    form = SecurityPolicyForm(request.POST or None, initial={"second_factor_roles": policy.second_factor_roles})
    if request.method == "POST" and form.is_valid():
        roles = form.cleaned_data["second_factor_roles"]
        saved = save_form(
            form,
            lambda: services.security_policy_update(second_factor_roles=roles, actor=request.user, request=request),
        )
        if saved is not None:
            return done(request, reverse("settings:security"), _("Security settings saved."))
    return respond(request, "accounts/security_settings.html", "form", {"form": form})


@require_POST
def user_mfa_reset(request: HttpRequest, public_id) -> HttpResponse:
    user = selectors.get_user_for_admin(request.user, public_id)
    message = _(
        "%(name)s's two-factor sign-in is reset: they sign in with their password and set up a new second factor."
    ) % {"name": user.full_name}
    return done_after(
        request,
        _user_url(user),
        lambda: services.user_mfa_reset(user=user, actor=request.user, request=request),
        message,
    )


@require_POST
def user_sessions_end(request: HttpRequest, public_id) -> HttpResponse:
    """ "Sign out everywhere": every session of the user ends."""
    user = selectors.get_user_for_admin(request.user, public_id)
    ended = services.user_sessions_end(user=user, actor=request.user, request=request)
    message = ngettext(
        "%(name)s is signed out of %(count)d session.", "%(name)s is signed out of %(count)d sessions.", ended
    ) % {"name": user.full_name, "count": ended}
    return done(request, _user_url(user), message)
