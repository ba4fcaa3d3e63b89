"""The intake inbox (messages a mailbox could not turn into a candidate by
itself) and the mailboxes' settings pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from candidates.models import Candidate
from candidates.selectors import candidate_find_by_email, candidate_list_for, get_candidate_for_user
from core.http import GET_OR_POST, done, done_after, is_htmx, respond, save_form
from intake import selectors, services
from intake.forms import IntakeAttachForm, IntakeCandidateForm, MailboxForm
from intake.models import IntakeMessage

INBOX = "intake/inbox.html"
MESSAGE = "intake/message_detail.html"
MAILBOXES = "intake/mailbox_list.html"
MAILBOX_FORM = "intake/mailbox_form.html"
# The newest waiting messages shown; the inbox is a work queue, not an archive.
INBOX_SHOWN = 200
# Candidates offered for "Attach to candidate".
MATCHES_SHOWN = 10


@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    waiting = list(selectors.intake_inbox_for(request.user)[:INBOX_SHOWN])
    context = {"waiting": waiting, "may_handle": selectors.can_handle_intake(request.user)}
    return respond(request, INBOX, "waiting", context)


@require_safe
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The navigation's count of waiting messages, loaded after each page (so pages keep their query counts)."""
    count = selectors.intake_waiting_count() if selectors.can_read_intake(request.user) else 0
    return render(request, "intake/_fragments/inbox_count.html", {"count": count})


def _matches(request: HttpRequest, message: IntakeMessage) -> tuple[str, list[Candidate]]:
    query = request.GET.get("q", "").strip()[:100]
    visible = candidate_list_for(request.user)
    if query:
        if "@" in query:
            found = visible.filter(pk__in=candidate_find_by_email(query).values("pk"))
        else:
            found = visible.filter(full_name__icontains=query)
    elif message.sender_index:
        found = visible.filter(email_index=message.sender_index)
    else:
        found = visible.none()
    return query, list(found.only("public_id", "full_name", "headline")[:MATCHES_SHOWN])


def _message_context(request: HttpRequest, message: IntakeMessage, **forms: Any) -> dict[str, Any]:
    query, matches = _matches(request, message)
    initial = {"full_name": message.sender_name, "email": message.sender_address or ""}
    return {
        "message": message,
        "attachments": selectors.intake_attachments(message),
        "may_handle": selectors.can_handle_intake(request.user) and selectors.is_waiting(message),
        "create_form": forms.get("create_form")
        or IntakeCandidateForm(initial=initial, user=request.user, message=message),
        "attach_form": forms.get("attach_form") or IntakeAttachForm(message=message),
        "query": query,
        "matches": matches,
    }


@require_safe
def message_detail(request: HttpRequest, public_id) -> HttpResponse:
    message = selectors.get_intake_message_for_user(request.user, public_id)
    return respond(request, MESSAGE, "matches", _message_context(request, message))


@require_POST
def message_candidate_create(request: HttpRequest, public_id) -> HttpResponse:
    message = selectors.get_intake_message_for_user(request.user, public_id, for_change=True)
    form = IntakeCandidateForm(request.POST, user=request.user, message=message)
    if form.is_valid():
        values = form.cleaned_data
        candidate = save_form(
            form,
            lambda: services.intake_candidate_create(
                message=message,
                actor=request.user,
                full_name=values["full_name"],
                email=values["email"],
                attachment=values["attachment"],
                job=values["job"],
            ),
        )
        if candidate is not None:
            url = reverse("candidates:candidate-detail", args=[candidate.public_id])
            return done(request, url, _("%(name)s is a candidate now.") % {"name": candidate.full_name})
    return render(request, MESSAGE, _message_context(request, message, create_form=form), status=400)


@require_POST
def message_candidate_attach(request: HttpRequest, public_id) -> HttpResponse:
    message = selectors.get_intake_message_for_user(request.user, public_id, for_change=True)
    form = IntakeAttachForm(request.POST, message=message)
    if form.is_valid():
        candidate = get_candidate_for_user(request.user, form.cleaned_data["candidate"], for_change=True)
        attached = save_form(
            form,
            lambda: services.intake_candidate_attach(
                message=message, actor=request.user, candidate=candidate, attachment=form.cleaned_data["attachment"]
            ),
        )
        if attached is not None:
            url = reverse("candidates:candidate-detail", args=[candidate.public_id])
            return done(request, url, _("The message is attached to %(name)s.") % {"name": candidate.full_name})
    return render(request, MESSAGE, _message_context(request, message, attach_form=form), status=400)


@require_POST
def message_dismiss(request: HttpRequest, public_id) -> HttpResponse:
    message = selectors.get_intake_message_for_user(request.user, public_id, for_change=True)
    return done_after(
        request,
        reverse("intake:inbox"),
        lambda: services.intake_message_dismiss(message=message, actor=request.user),
        _("Message dismissed."),
    )


@require_safe
def mailbox_list(request: HttpRequest) -> HttpResponse:
    mailboxes = list(selectors.mailbox_list_for(request.user))
    return respond(request, MAILBOXES, "mailboxes", {"mailboxes": mailboxes})


def _mailbox_values(form: MailboxForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name != "password"}


@GET_OR_POST
def mailbox_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_mailboxes(request.user)
    form = MailboxForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        values = _mailbox_values(form)
        mailbox = save_form(
            form, lambda: services.mailbox_create(actor=request.user, password=password, is_active=True, **values)
        )
        if mailbox is not None:
            return done(request, reverse("intake:mailbox-list"), _("Mailbox “%(name)s” connected.") % values)
    status = 400 if request.method == "POST" and not is_htmx(request) else 200
    return respond(request, MAILBOX_FORM, "form", {"form": form}, status=status)


@GET_OR_POST
def mailbox_edit(request: HttpRequest, public_id) -> HttpResponse:
    mailbox = selectors.get_mailbox_for_user(request.user, public_id)
    initial = {
        "name": mailbox.name,
        "host": mailbox.host,
        "port": mailbox.port,
        "security": mailbox.security,
        "username": mailbox.username,
        "folder": mailbox.folder,
        "default_job": mailbox.default_job.public_id if mailbox.default_job else None,
        "owner": mailbox.owner.public_id,
    }
    form = MailboxForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        values = _mailbox_values(form)
        changed = save_form(
            form, lambda: services.mailbox_update(mailbox=mailbox, actor=request.user, password=password, **values)
        )
        if changed is not None:
            return done(request, reverse("intake:mailbox-list"), _("Mailbox “%(name)s” saved.") % values)
    status = 400 if request.method == "POST" and not is_htmx(request) else 200
    context = {"form": form, "mailbox": mailbox}
    return respond(request, MAILBOX_FORM, "form", context, status=status)


@require_POST
def mailbox_test(request: HttpRequest, public_id) -> HttpResponse:
    mailbox = selectors.get_mailbox_for_user(request.user, public_id)
    error = services.mailbox_connection_test(mailbox=mailbox, actor=request.user)
    url = reverse("intake:mailbox-list")
    if error:
        failed = _("“%(name)s” could not connect: %(error)s") % {"name": mailbox.name, "error": error}
        return done(request, url, error=failed)
    return done(request, url, _("“%(name)s” connected: the folder can be read.") % {"name": mailbox.name})


@require_POST
def mailbox_deactivate(request: HttpRequest, public_id) -> HttpResponse:
    mailbox = selectors.get_mailbox_for_user(request.user, public_id)
    if not mailbox.is_active:
        return done(request, reverse("intake:mailbox-list"))
    return done_after(
        request,
        reverse("intake:mailbox-list"),
        lambda: services.mailbox_deactivate(mailbox=mailbox, actor=request.user),
        _("“%(name)s” is no longer swept; its messages stay.") % {"name": mailbox.name},
    )
