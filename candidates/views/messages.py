"""Messages on the candidate profile (issue 7): resend a failed email, cancel a
queued one. Routed as ``messaging:message-resend`` and ``messaging:message-cancel``
(messaging/urls.py); the views live here because finding the candidate an email
is about needs candidates and interviews, which messaging may not import."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import rules_for
from candidates.models import Candidate
from candidates.selectors import get_candidate_for_user
from core.htmx import is_htmx
from interviews.selectors.messages import candidate_message_list_for, get_message_candidate_for_user
from messaging.models import OutboundEmail
from messaging.services import outbound_email_cancel, outbound_email_resend

FRAGMENT = "candidates/_fragments/messages.html"


def _message_for_change(user: User, public_id: UUID) -> tuple[OutboundEmail, Candidate]:
    """The email and its candidate: 404 unless ``user`` sees what it is about,
    403 unless they may also change candidates."""
    email, candidate = get_message_candidate_for_user(user, public_id)
    return email, get_candidate_for_user(user, candidate.public_id, for_change=True)


def _respond(request: HttpRequest, candidate: Candidate, notice: str) -> HttpResponse:
    """HTMX: the messages region again; otherwise back to the profile."""
    if not is_htmx(request):
        messages.info(request, notice)
        return HttpResponseRedirect(reverse("candidates:candidate-detail", args=[candidate.public_id]))
    context = {
        "candidate": candidate,
        "can_write": rules_for(request.user.role).candidates_write,
        "outbound_emails": candidate_message_list_for(request.user, candidate),
        "notice": notice,
    }
    return render(request, FRAGMENT, context)


def _act(request: HttpRequest, public_id: UUID, action: Callable[..., bool], done: str, refused: str) -> HttpResponse:
    email, candidate = _message_for_change(request.user, public_id)
    return _respond(request, candidate, done if action(email=email, actor=request.user) else refused)


@require_POST
def message_resend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Put a failed email back in the outbox, due now."""
    return _act(
        request,
        public_id,
        outbound_email_resend,
        _("The email is queued again."),
        _("Only a failed email can be resent."),
    )


@require_POST
def message_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Cancel an email that has not gone out yet."""
    return _act(
        request,
        public_id,
        outbound_email_cancel,
        _("The email is cancelled."),
        _("Only a queued email can be cancelled; this one is already on its way or done."),
    )
