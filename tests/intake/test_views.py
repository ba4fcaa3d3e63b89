"""The intake inbox and the mailboxes pages: who may do what, and what each action does."""

from __future__ import annotations

import uuid
from datetime import timedelta
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from candidates.models import Candidate, Document, Note
from core.models import AuditEvent
from intake.models import IntakeMessage, Mailbox
from intake.services import intake_message_take, mailbox_create
from interviews.models import Application
from tests import factories
from tests.conftest import make_user
from tests.factories import files
from tests.interviews.test_board import htmx

pytestmark = pytest.mark.django_db

INBOX = reverse("intake:inbox")
MAILBOXES = reverse("intake:mailbox-list")
_uid = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mailbox(recruiter):
    return mailbox_create(
        actor=recruiter,
        name="Jobs inbox",
        host="localhost",
        port=143,
        security=Mailbox.Security.NONE,
        username="jobs",
        password="imap-secret",
        owner=recruiter,
    )


def take(mailbox, *, sender="Li Wei <li.wei@example.com>", subject="Resume", attachments=()) -> IntakeMessage:
    mail = MIMEMultipart()
    mail["From"] = sender
    mail["Subject"] = subject
    mail["Date"] = "Sun, 06 Dec 2026 10:00:00 +0800"
    mail.attach(MIMEText("Hello, my resume.", "plain"))
    for filename, content in attachments:
        part = MIMEApplication(content)
        part.add_header("Content-Disposition", "attachment", filename=filename)
        mail.attach(part)
    raw = mail.as_bytes()
    return intake_message_take(mailbox=mailbox, uidvalidity=1, uid=next(_uid), raw=raw, size=len(raw))


def waiting_with_a_usable_file(mailbox) -> IntakeMessage:
    # A resume from no usable address: the file is fine, the sender is not.
    return take(mailbox, sender="undisclosed-recipients:;", attachments=(("cv.pdf", files.pdf_en()),))


def url(name: str, message: IntakeMessage) -> str:
    return reverse(f"intake:{name}", args=[message.public_id])


# --- the inbox -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer"])
def test_the_team_sees_the_waiting_messages_with_their_reason(client, personas, persona, mailbox):
    take(mailbox, subject="Hello there")
    client.force_login(personas[persona])
    response = client.get(INBOX)
    assert response.status_code == 200
    assert "Hello there" in response.text and "no attachment" in response.text


@pytest.mark.parametrize("persona", ["interviewer", "hiring_manager"])
def test_the_inbox_and_a_message_are_refused_to_interviewers_and_hiring_managers(client, personas, persona, mailbox):
    message = take(mailbox)
    client.force_login(personas[persona])
    assert client.get(INBOX).status_code == 403
    assert client.get(url("message-detail", message)).status_code == 403
    assert client.post(url("message-dismiss", message)).status_code == 403
    assert client.get(reverse("intake:inbox-count")).text.strip() == ""


def test_the_inbox_answers_htmx_with_its_rows_and_pins_its_queries(
    client, recruiter, mailbox, django_assert_num_queries
):
    for n in range(3):
        take(mailbox, subject=f"Message {n}")
    client.force_login(recruiter)
    client.get(INBOX)  # warm the session and the user
    with django_assert_num_queries(3):  # session, user, the waiting messages with their mailbox
        response = client.get(INBOX, **htmx())
    assert response.text.count('data-testid="intake-row"') == 3
    assert "<html" not in response.text
    for n in range(3, 10):
        take(mailbox, subject=f"Message {n}")
    with django_assert_num_queries(3):
        assert client.get(INBOX, **htmx()).text.count('data-testid="intake-row"') == 10


def test_the_inbox_is_linked_from_the_navigation_with_its_count(client, recruiter, mailbox):
    take(mailbox)
    client.force_login(recruiter)
    assert INBOX in client.get(reverse("candidates:candidate-list")).text
    assert 'data-testid="intake-count">1' in client.get(reverse("intake:inbox-count")).text


def test_the_inbox_refuses_a_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(INBOX).status_code == 405


def test_a_message_shows_its_body_its_attachments_and_why_a_file_was_refused(client, reviewer, mailbox):
    message = take(mailbox, attachments=(("cv.pdf", b"<html>not a pdf</html>"),))
    client.force_login(reviewer)
    response = client.get(url("message-detail", message))
    assert response.status_code == 200
    assert "Hello, my resume." in response.text and "cv.pdf" in response.text
    assert 'data-testid="attachment-refused"' in response.text
    assert 'data-testid="intake-create"' not in response.text  # a reviewer reads only


def test_an_unknown_message_is_a_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("intake:message-detail", args=[uuid.uuid4()])).status_code == 404


# --- create candidate, attach, dismiss ---------------------------------------------------


def test_create_candidate_from_a_chosen_attachment_into_a_job(client, admin_user, mailbox):
    job = factories.job()
    message = waiting_with_a_usable_file(mailbox)
    assert message.reason == IntakeMessage.Reason.NO_SENDER
    attachment = message.attachments.get()
    client.force_login(admin_user)

    response = client.post(
        url("message-candidate-create", message),
        {
            "full_name": "Li Wei",
            "email": "li.wei@example.com",
            "attachment": attachment.public_id,
            "job": job.public_id,
        },
    )

    candidate = Candidate.objects.get(full_name="Li Wei")
    assert response.status_code == 302 and response.url == reverse(
        "candidates:candidate-detail", args=[candidate.public_id]
    )
    assert Document.objects.get(candidate=candidate).filename == "cv.pdf"
    assert Application.objects.get(candidate=candidate).job == job
    assert Note.objects.filter(candidate=candidate).exists()
    message.refresh_from_db()
    assert message.status == IntakeMessage.Status.CONVERTED and message.handled_by == admin_user
    assert AuditEvent.objects.filter(action="intake.intake_message.convert", actor=admin_user).exists()


def test_a_coordinator_creates_a_candidate_without_a_resume_or_a_job(client, coordinator, mailbox):
    message = take(mailbox)
    client.force_login(coordinator)
    response = client.post(url("message-candidate-create", message), {"full_name": "Li Wei", "email": ""})
    assert response.status_code == 302
    assert IntakeMessage.objects.get(pk=message.pk).candidate.full_name == "Li Wei"


def test_create_candidate_refuses_a_refused_attachment_and_shows_the_form_again(client, recruiter, mailbox):
    message = take(mailbox, attachments=(("cv.pdf", b"<html>not a pdf</html>"),))
    client.force_login(recruiter)
    response = client.post(
        url("message-candidate-create", message),
        {"full_name": "Li Wei", "attachment": message.attachments.get().public_id},
    )
    assert response.status_code == 400
    assert Candidate.objects.count() == 0


def test_create_candidate_with_htmx_follows_to_the_candidate(client, recruiter, mailbox):
    message = take(mailbox)
    client.force_login(recruiter)
    response = client.post(url("message-candidate-create", message), {"full_name": "Li Wei"}, **htmx())
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/candidates/")


def test_attach_to_a_known_candidate_found_by_the_sender_address(client, recruiter, mailbox):
    known = factories.candidate(full_name="Wei Li", email="li.wei@example.com")
    message = take(mailbox)
    client.force_login(recruiter)
    page = client.get(url("message-detail", message)).text
    assert 'data-testid="intake-match"' in page and "Wei Li" in page

    response = client.post(url("message-candidate-attach", message), {"candidate": known.public_id})

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.candidate == known and message.status == IntakeMessage.Status.CONVERTED
    assert Note.objects.filter(candidate=known).exists()
    assert AuditEvent.objects.filter(action="intake.intake_message.attach").exists()


def test_the_attach_search_answers_htmx_with_the_matches(client, recruiter, mailbox):
    factories.candidate(full_name="Zhang San", email="zhang@example.com")
    message = take(mailbox)
    client.force_login(recruiter)
    response = client.get(url("message-detail", message), {"q": "Zhang"}, **htmx())
    assert 'id="intake-matches"' in response.text and "Zhang San" in response.text
    assert "<html" not in response.text


def test_dismiss_takes_the_message_out_of_the_inbox_once(client, recruiter, mailbox):
    message = take(mailbox)
    client.force_login(recruiter)
    assert client.post(url("message-dismiss", message)).status_code == 302
    message.refresh_from_db()
    assert message.status == IntakeMessage.Status.DISMISSED
    assert 'data-testid="intake-row"' not in client.get(INBOX).text
    client.post(url("message-dismiss", message))
    assert AuditEvent.objects.filter(action="intake.intake_message.dismiss").count() == 1


def test_a_reviewer_may_not_handle_a_message(client, reviewer, mailbox):
    message = take(mailbox)
    client.force_login(reviewer)
    assert client.post(url("message-dismiss", message)).status_code == 403
    assert client.post(url("message-candidate-create", message), {"full_name": "X"}).status_code == 403
    assert client.post(url("message-candidate-attach", message), {}).status_code == 403


def test_the_actions_refuse_a_get(client, recruiter, mailbox):
    message = take(mailbox)
    client.force_login(recruiter)
    for name in ("message-dismiss", "message-candidate-create", "message-candidate-attach"):
        assert client.get(url(name, message)).status_code == 405


# --- mailboxes ---------------------------------------------------------------------------


def mailbox_data(**values) -> dict:
    return {
        "name": "Careers",
        "host": "imap.example.com",
        "port": 993,
        "security": "ssl",
        "username": "careers@example.com",
        "password": "app-password",
        "folder": "INBOX",
        **values,
    }


@pytest.mark.parametrize("persona", ["administrator", "recruiter"])
def test_admins_and_recruiters_connect_a_mailbox_whose_password_is_stored_encrypted(client, personas, persona):
    user = personas[persona]
    client.force_login(user)
    response = client.post(reverse("intake:mailbox-create"), mailbox_data(owner=user.public_id))
    assert response.status_code == 302
    mailbox = Mailbox.objects.get()
    assert mailbox.password == "app-password" and mailbox.owner == user
    assert b"app-password" not in bytes(Mailbox._meta.get_field("password").raw(mailbox))
    page = client.get(MAILBOXES).text
    assert "Careers" in page and "app-password" not in page
    assert "app-password" not in client.get(reverse("intake:mailbox-edit", args=[mailbox.public_id])).text
    assert AuditEvent.objects.filter(action="intake.mailbox.create").exists()


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "interviewer", "hiring_manager"])
def test_the_mailbox_pages_are_refused_to_other_roles(client, personas, persona, mailbox):
    client.force_login(personas[persona])
    assert client.get(MAILBOXES).status_code == 403
    assert client.get(reverse("intake:mailbox-create")).status_code == 403
    assert client.get(reverse("intake:mailbox-edit", args=[mailbox.public_id])).status_code == 403
    assert client.post(reverse("intake:mailbox-test", args=[mailbox.public_id])).status_code == 403
    assert client.post(reverse("intake:mailbox-deactivate", args=[mailbox.public_id])).status_code == 403


def test_an_unencrypted_connection_to_another_machine_is_refused(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("intake:mailbox-create"), mailbox_data(security="none", owner=recruiter.public_id))
    assert response.status_code == 400
    assert "only allowed to this machine" in response.text
    assert not Mailbox.objects.exists()


def test_the_mailbox_form_answers_htmx_with_its_errors_in_place(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("intake:mailbox-create"), {"name": ""}, **htmx())
    assert response.status_code == 200 and 'id="mailbox-form"' in response.text and "<html" not in response.text


def test_editing_with_a_blank_password_keeps_the_stored_one(client, recruiter, mailbox):
    client.force_login(recruiter)
    response = client.post(
        reverse("intake:mailbox-edit", args=[mailbox.public_id]),
        mailbox_data(
            name="Renamed", host="localhost", security="none", port=143, password="", owner=recruiter.public_id
        ),
    )
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.name == "Renamed" and mailbox.password == "imap-secret"


def test_a_connection_test_that_fails_is_reported_and_recorded(client, recruiter, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(port=1)
    client.force_login(recruiter)
    response = client.post(reverse("intake:mailbox-test", args=[mailbox.public_id]), follow=True)
    assert "could not connect" in response.text
    mailbox.refresh_from_db()
    assert mailbox.last_error
    assert 'data-testid="mailbox-error"' in client.get(MAILBOXES).text


def test_deactivate_stops_the_sweep_of_a_mailbox(client, recruiter, mailbox):
    client.force_login(recruiter)
    assert client.post(reverse("intake:mailbox-deactivate", args=[mailbox.public_id])).status_code == 302
    mailbox.refresh_from_db()
    assert not mailbox.is_active
    assert client.get(reverse("intake:mailbox-deactivate", args=[mailbox.public_id])).status_code == 405


def test_the_mailbox_list_pins_its_queries(client, recruiter, mailbox, django_assert_num_queries):
    client.force_login(recruiter)
    client.get(MAILBOXES)
    with django_assert_num_queries(3):  # session, user, the mailboxes with owner and job
        response = client.get(MAILBOXES, **htmx())
    assert response.text.count('data-testid="mailbox-row"') == 1


def test_an_unknown_mailbox_is_a_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("intake:mailbox-edit", args=[uuid.uuid4()])).status_code == 404


def test_a_sender_whose_whole_from_header_is_one_encoded_word_keeps_name_and_address(mailbox):
    # Python's own MIME classes (and some mailers) encode "王芳 <address>" as one encoded word.
    message = take(mailbox, sender="王芳 <wang.fang@example.com>")
    assert (message.sender_name, message.sender_address) == ("王芳", "wang.fang@example.com")


def test_why_a_message_waits_and_why_a_file_was_refused_are_read_in_the_readers_language(client, mailbox):
    # The sweep writes the reasons once (the mailbox's owner reads English); each reader reads them in theirs.
    message = take(mailbox, attachments=(("cv.pdf", b"<html>not a pdf</html>"),))
    assert message.reason == IntakeMessage.Reason.NOT_RESUME
    chinese = make_user("zh-reader@example.test", Role.RECRUITER, language="zh-hans")
    english = make_user("en-reader@example.test", Role.RECRUITER, language="en")
    pages = {}
    for reader in (chinese, english):
        client.force_login(reader)
        pages[reader.language] = (client.get(INBOX).text, client.get(url("message-detail", message)).text)

    for inbox, detail in (pages["zh-hans"],):
        assert "上传" in inbox and "Upload a PDF" not in inbox
        reason = detail.split('data-testid="intake-reason"', 1)[1].split("</div>", 1)[0]
        refused = detail.split('data-testid="attachment-refused"', 1)[1].split("</div>", 1)[0]
        assert "cv.pdf" in reason and "上传" in reason and "Upload" not in reason
        assert "上传" in refused and "Upload" not in refused
    for inbox, detail in (pages["en"],):
        assert "Upload a PDF" in inbox and "上传" not in inbox
        assert "Upload a PDF" in detail and "上传" not in detail


def test_reasons_kept_in_one_language_before_the_other_was_added_still_show(mailbox):
    message = take(mailbox)
    message.reason_texts = {"en": "No attachment."}
    with translation.override("zh-hans"):
        assert message.reason_text == "No attachment."
    message.reason_texts = {}
    assert message.reason_text == ""


def test_a_message_left_half_handled_by_a_sweep_that_died_comes_to_the_inbox(client, recruiter, mailbox):
    message = take(mailbox)
    IntakeMessage.objects.filter(pk=message.pk).update(status=IntakeMessage.Status.PROCESSING)
    client.force_login(recruiter)
    assert 'data-testid="intake-row"' not in client.get(INBOX).text  # a sweep may still be at it

    IntakeMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=16))

    assert 'data-testid="intake-row"' in client.get(INBOX).text
    assert client.post(url("message-dismiss", message)).status_code == 302
    assert IntakeMessage.objects.get(pk=message.pk).status == IntakeMessage.Status.DISMISSED
