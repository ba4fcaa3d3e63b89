"""The emails about one candidate that a user may see (the messages on the
timeline), and the one email a timeline action is about."""

from __future__ import annotations

from uuid import UUID

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from accounts.models import User
from candidates.models import Candidate
from interviews.models import Application, SchedulingInvitation
from interviews.selectors import application_list_for, interview_list_for
from messaging.models import OutboundEmail
from messaging.selectors import outbound_email_list_about

MESSAGE_LIMIT = 50


def _as_text(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(key=Cast("public_id", CharField())).values("key")


def candidate_message_list_for(user: User, candidate: Candidate, *, limit: int = MESSAGE_LIMIT) -> list[OutboundEmail]:
    """The outbox rows about ``candidate``'s applications, interviews and
    self-scheduling invitations that ``user`` may see, newest first: one query.

    The recipient address is encrypted, so mail is found through its related
    object, not its address: an email queued with no related object (none is
    today) does not show here.
    """
    applications = application_list_for(user).filter(candidate=candidate)
    return outbound_email_list_about(
        targets={
            "interviews.application": _as_text(applications),
            "interviews.interview": _as_text(interview_list_for(user).filter(application__candidate=candidate)),
            "interviews.schedulinginvitation": _as_text(
                SchedulingInvitation.objects.filter(application__in=applications.values("pk"))
            ),
        },
        limit=limit,
    )


def get_message_candidate_for_user(user: User, public_id: UUID) -> tuple[OutboundEmail, Candidate]:
    """The email and the candidate it is about, or 404 if there is no such
    email, it is about no candidate's application, interview or invitation, or
    ``user`` may not see that object. Change rights are the caller's check."""
    email = OutboundEmail.objects.filter(public_id=public_id).first()
    if email is None or not email.related_id:
        raise Http404
    try:
        UUID(email.related_id)
    except ValueError:
        raise Http404 from None
    applications = application_list_for(user)
    about: QuerySet
    if email.related_type == "interviews.application":
        about = applications.filter(public_id=email.related_id)
    elif email.related_type == "interviews.interview":
        about = Application.objects.filter(
            pk__in=interview_list_for(user).filter(public_id=email.related_id).values("application_id")
        )
    elif email.related_type == "interviews.schedulinginvitation":
        about = applications.filter(
            pk__in=SchedulingInvitation.objects.filter(public_id=email.related_id).values("application_id")
        )
    else:
        raise Http404
    application = about.select_related("candidate").first()
    if application is None:
        raise Http404
    return email, application.candidate
