"""Messages on the candidate profile: resend a failed email, cancel a queued
one. They belong to the profile: finding the candidate an email is about needs
the applications and interviews it was sent for."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from candidates.models import Candidate
from candidates.selectors import can_write_candidates, get_candidate_for_user
from core.http import done_in_place
from interviews.selectors.messages import candidate_message_list_for, get_message_candidate_for_user
from messaging.models import OutboundEmail
from messaging.services import outbound_email_cancel, outbound_email_resend

FRAGMENT = "candidates/_fragments/messages.html"


def _message_for_change(user: User, public_id: UUID) -> tuple[OutboundEmail, Candidate]:
    """The email and its candidate: 404 unless ``user`` sees what it is about,
    403 unless they may also change candidates."""
    email, candidate = get_message_candidate_for_user(user, public_id)
    return email, get_candidate_for_user(user, candidate.public_id, for_change=True)


def _act(
    request: HttpRequest, public_id: UUID, action: Callable[..., bool], succeeded: str, refused: str
) -> HttpResponse:
    """Run ``action`` on the email; htmx gets the messages region again with the
    outcome inside, a plain POST goes back to the profile with it as a message."""
    email, candidate = _message_for_change(request.user, public_id)
    ok = action(email=email, actor=request.user)

    def redraw(notice: str, error: str) -> HttpResponse:
        context = {
            "candidate": candidate,
            "can_write": can_write_candidates(request.user),
            "outbound_emails": candidate_message_list_for(request.user, candidate),
            "notice": notice or error,
        }
        return render(request, FRAGMENT, context)

    url = reverse("candidates:candidate-detail", args=[candidate.public_id])
    return done_in_place(request, url, redraw, notice=succeeded if ok else "", error="" if ok else refused)


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


urlpatterns = [
    path("emails/<uuid:public_id>/resend/", message_resend, name="message-resend"),
    path("emails/<uuid:public_id>/cancel/", message_cancel, name="message-cancel"),
]
