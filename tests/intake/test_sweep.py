"""The mailbox sweep against a real IMAP server (dovecot, tests/intake/imap_server.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.roles import Role
from candidates.models import Candidate, Document, Note, ProposedUpdate
from core.files import file_read
from intake.models import IntakeMessage, Mailbox
from intake.services import mailbox_create, mailbox_sweep, mailboxes_sweep
from intake.tasks import mailbox_sweep_task
from interviews.models import Application
from tests import factories
from tests.factories import files
from tests.intake.imap_server import message

pytestmark = pytest.mark.django_db


def connect(server, *, owner=None, password=None, job=None) -> Mailbox:
    owner = owner or factories.user(Role.RECRUITER)
    return mailbox_create(
        actor=owner,
        name="Jobs inbox",
        host=server.host,
        port=server.port,
        security=Mailbox.Security.NONE,
        username=server.user,
        password=password or server.password,
        folder="INBOX",
        owner=owner,
        default_job=job,
    )


def resume(n: int = 0) -> tuple[str, bytes, str]:
    return (f"resume-{n}.pdf", files.pdf(f"Applicant {n}", "Backend engineer, 5 years"), "application/pdf")


def test_a_message_with_a_resume_becomes_a_candidate_with_the_resume_the_note_and_an_application(imap_server):
    job = factories.job()
    mailbox = connect(imap_server, job=job)
    imap_server.deliver(
        message(
            sender="Li Wei <li.wei@example.com>",
            subject="Backend role",
            body="I would love to join.",
            attachments=(resume(),),
        )
    )

    assert mailbox_sweep(mailbox_id=mailbox.pk) == 1

    intake = IntakeMessage.objects.get()
    assert intake.status == IntakeMessage.Status.CONVERTED
    candidate = intake.candidate
    assert candidate.full_name == "Li Wei"
    assert candidate.email == "li.wei@example.com"
    assert candidate.source.name == "Email"
    assert candidate.owner == mailbox.owner
    document = Document.objects.get(candidate=candidate)
    assert document.parse_requested and document.filename == "resume-0.pdf"
    assert file_read(document).startswith(b"%PDF-")
    assert "I would love to join." in Note.objects.get(candidate=candidate).body
    application = Application.objects.get(candidate=candidate)
    assert application.job == job and application.source.name == "Email"
    mailbox.refresh_from_db()
    assert mailbox.last_uid == intake.uid and mailbox.uidvalidity == intake.uidvalidity
    assert mailbox.last_error == "" and mailbox.last_polled_at is not None


def test_a_second_sweep_takes_nothing_again_and_leaves_the_mail_on_the_server(imap_server):
    mailbox = connect(imap_server)
    imap_server.deliver(message(attachments=(resume(),)), message(sender="x@example.com", body="hello"))

    assert mailbox_sweep(mailbox_id=mailbox.pk) == 2
    assert mailbox_sweep(mailbox_id=mailbox.pk) == 0

    assert IntakeMessage.objects.count() == 2
    box = imap_server.connect()
    assert len(box.uids()) == 2
    assert box.uids("UNSEEN") == box.uids()  # read with BODY.PEEK: nothing marked on the server
    box.logout()


def test_a_message_from_a_known_candidate_attaches_a_new_document_and_proposes_the_differing_name(imap_server):
    known = factories.candidate(full_name="Wei Li", email="li.wei@example.com")
    mailbox = connect(imap_server)
    imap_server.deliver(message(sender="Li Wei <LI.WEI@example.com>", attachments=(resume(),)))

    mailbox_sweep(mailbox_id=mailbox.pk)

    assert Candidate.objects.count() == 1
    assert IntakeMessage.objects.get().candidate == known
    assert Document.objects.filter(candidate=known).count() == 1
    known.refresh_from_db()
    assert known.full_name == "Wei Li"  # never overwritten silently
    proposal = ProposedUpdate.objects.get(candidate=known)
    assert proposal.field == "full_name" and proposal.origin == ProposedUpdate.Origin.MAILBOX


def test_an_existing_application_to_the_default_job_is_not_an_error(imap_server):
    job = factories.job()
    known = factories.candidate(email="li.wei@example.com")
    factories.application(job_=job, candidate_=known)
    mailbox = connect(imap_server, job=job)
    imap_server.deliver(message(attachments=(resume(),)))

    mailbox_sweep(mailbox_id=mailbox.pk)

    assert IntakeMessage.objects.get().status == IntakeMessage.Status.CONVERTED
    assert Application.objects.filter(candidate=known, job=job).count() == 1


@pytest.mark.parametrize(
    ("attachment", "reason", "words"),
    [
        (("resume.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"), "not_resume", "PDF"),
        (("resume.docx", files.docx_zip_bomb(), "application/octet-stream"), "refused", "zip bomb"),
        (("resume.pdf", files.pdf_open_action_javascript(), "application/pdf"), "refused", "resume.pdf"),
    ],
    ids=["html-renamed-pdf", "zip-bomb-docx", "pdf-with-javascript"],
)
def test_a_message_whose_attachment_is_refused_waits_in_the_inbox_with_the_reason(
    imap_server, attachment, reason, words
):
    mailbox = connect(imap_server)
    imap_server.deliver(message(attachments=(attachment,)))

    mailbox_sweep(mailbox_id=mailbox.pk)

    intake = IntakeMessage.objects.get()
    assert intake.status == IntakeMessage.Status.WAITING
    assert intake.reason == reason
    assert words in intake.reason_text
    # Kept in each language, each in its own words, for whoever opens the inbox.
    assert set(intake.reason_texts) == {"en", "zh-hans"}
    assert intake.reason_texts["en"] != intake.reason_texts["zh-hans"]
    assert Candidate.objects.count() == 0
    kept = intake.attachments.get()
    assert kept.refused and file_read(kept) == attachment[1]  # kept encrypted, for a person to look at
    assert set(kept.refusal_texts) == {"en", "zh-hans"}


def test_a_message_without_an_attachment_waits_with_its_body(imap_server):
    mailbox = connect(imap_server)
    imap_server.deliver(message(sender="王芳 <wang.fang@example.com>", subject="求职", body="您好，我想应聘。"))

    mailbox_sweep(mailbox_id=mailbox.pk)

    intake = IntakeMessage.objects.get()
    assert (intake.status, intake.reason) == (IntakeMessage.Status.WAITING, IntakeMessage.Reason.NO_ATTACHMENT)
    assert intake.sender_name == "王芳" and intake.subject == "求职"
    assert intake.sender_address == "wang.fang@example.com" and intake.body == "您好，我想应聘。"


def test_a_huge_message_waits_with_a_reason_and_its_body_is_not_fetched(imap_server, settings):
    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    mailbox = connect(imap_server)
    imap_server.deliver(message(attachments=(("big.pdf", b"%PDF-1.4\n" + bytes(300 * 1024), "application/pdf"),)))

    mailbox_sweep(mailbox_id=mailbox.pk)

    intake = IntakeMessage.objects.get()
    assert (intake.status, intake.reason) == (IntakeMessage.Status.WAITING, IntakeMessage.Reason.TOO_LARGE)
    assert "MB" in intake.reason_text and intake.size > 300 * 1024
    assert intake.attachments.count() == 0


def test_a_wrong_password_is_recorded_as_the_mailbox_error_not_raised(imap_server):
    mailbox = connect(imap_server, password="wrong")
    imap_server.deliver(message(attachments=(resume(),)))

    assert mailbox_sweep_task() == 0

    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in mailbox.last_error or "Authentication failed" in mailbox.last_error
    assert mailbox.last_polled_at is not None
    assert IntakeMessage.objects.count() == 0


def test_an_unreachable_server_is_recorded_and_the_other_mailboxes_are_still_swept(imap_server):
    good = connect(imap_server)
    mailbox_create(
        actor=good.owner,
        name="Gone",
        host="127.0.0.1",
        port=1,
        security=Mailbox.Security.NONE,
        username="x",
        password="y",
        owner=good.owner,
    )
    imap_server.deliver(message(attachments=(resume(),)))

    assert mailboxes_sweep() == 1

    assert Mailbox.objects.get(name="Gone").last_error
    assert IntakeMessage.objects.get().mailbox == good


def test_a_changed_uidvalidity_restarts_from_the_first_uid_without_taking_a_message_twice(imap_server):
    mailbox = connect(imap_server)
    imap_server.deliver(message(attachments=(resume(1),), message_id="<one@example.com>"))
    mailbox_sweep(mailbox_id=mailbox.pk)
    before = Mailbox.objects.get().uidvalidity

    imap_server.uidvalidity_change()
    imap_server.deliver(message(sender="new@example.com", attachments=(resume(2),), message_id="<two@example.com>"))
    assert mailbox_sweep(mailbox_id=mailbox.pk) == 1

    mailbox.refresh_from_db()
    assert mailbox.uidvalidity != before
    taken = sorted(IntakeMessage.objects.values_list("message_id", flat=True))
    assert taken == ["<one@example.com>", "<two@example.com>"]
    assert Candidate.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_fifty_messages_swept_by_two_overlapping_sweeps_are_taken_exactly_once(imap_server, report):
    mailbox = connect(imap_server)
    imap_server.deliver(
        *[
            message(sender=f"Applicant {n} <applicant{n}@example.com>", attachments=(resume(n),), message_id=f"<{n}@x>")
            for n in range(50)
        ]
    )
    start = threading.Barrier(2)
    taken: list[int] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            start.wait()
            taken.append(mailbox_sweep(mailbox_id=mailbox.pk))
        except BaseException as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert sum(taken) == 50
    assert IntakeMessage.objects.count() == 50
    assert IntakeMessage.objects.filter(status=IntakeMessage.Status.CONVERTED).count() == 50
    assert Candidate.objects.count() == 50
    assert Document.objects.count() == 50
    assert Note.objects.count() == 50
    assert Mailbox.objects.get().last_uid == 50
    report(f"intake: two overlapping sweeps took {sorted(taken)} of 50 messages; 50 intakes, 0 duplicates")


def test_the_sweep_is_on_the_beat_schedule():
    from recruitcrm.celery import app

    assert {entry["task"] for entry in app.conf.beat_schedule.values()} >= {"intake.mailbox_sweep"}
    assert "intake.mailbox_sweep" in app.tasks
