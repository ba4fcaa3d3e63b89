"""The anonymiser (privacy.services.anonymise): erasure leaves nothing of the
person anywhere we keep data, and every report keeps its figures."""

from __future__ import annotations

import dataclasses
import os
import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from analytics.reports import funnel, timing
from analytics.reports.base import Filters
from analytics.services import rollup_refresh
from candidates.models import Candidate, Consent, Document, Note
from candidates.services import document_create, note_create
from candidates.services.consents import consent_record
from core import crypto
from core.fields import EncryptedTextField
from core.models import AccessToken, AuditEvent
from core.services import access_token_issue
from interviews.models import Application, Interview, Rating, Scorecard, StageTransition
from interviews.services import application_move, application_reject
from interviews.services.scoring import scorecard_criteria, scorecard_submit
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbound_email_send
from messaging.services import outbox as outbox_module
from privacy.services.anonymise import candidate_anonymise
from talentpool.services import checkin_answer_record, checkin_send_now, pool_create, pool_member_add
from tests import factories
from tests.realparts import smtp_mailer, smtp_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

NAME = "Zorblax Quintavius"
EMAIL = "zorblax.canary@example.test"
PHONE = "+86 139 1234 5678"
PHONE_DIGITS = "13912345678"
RESUME_WORD = "Quuxifrangible"
NOTE_WORD = "Velvetmossery"
CANARIES = [NAME, "Zorblax", "Quintavius", EMAIL, PHONE_DIGITS, "139 1234 5678", RESUME_WORD, NOTE_WORD]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def no_broker(monkeypatch):
    """Emails stay in the outbox until this test sends them itself."""
    monkeypatch.setattr(outbox_module, "email_hand_off", lambda *, email_ids: len(email_ids))


@dataclasses.dataclass
class World:
    candidate: Candidate
    applications: list[Application]
    interview: Interview
    admin: object


def build_world(django_capture_on_commit_callbacks) -> World:
    admin = factories.user(Role.ADMINISTRATOR)
    interviewer = factories.user(Role.INTERVIEWER)
    candidate = factories.candidate(
        full_name=NAME,
        email=EMAIL,
        phone=PHONE,
        headline=f"Principal {RESUME_WORD} engineer",
        company="Zorblax Widgets",
        location="Hangzhou",
        skills=f"python, {RESUME_WORD}",
        address="1 Canary Lane",
        expected_compensation="900000",
    )
    resume = f"{NAME}\n{EMAIL}\n{PHONE}\nExpert in {RESUME_WORD} systems.\n"
    document_create(
        candidate=candidate,
        actor=admin,
        filename=f"{NAME} resume.txt",
        content=resume.encode(),
        content_type="text/plain",
        text=resume,
    )
    note_create(candidate=candidate, author=admin, body=f"Called {NAME}: loves {NOTE_WORD}, phone {PHONE}")
    consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.STAFF,
        method=Consent.Method.PHONE,
        evidence=f"{NAME} said yes on {PHONE}",
        actor=admin,
        ip_address="203.0.113.9",
        user_agent=f"Browser of {NAME}",
    )

    first = factories.application(candidate_=candidate)
    second = factories.application(candidate_=candidate)
    stages = list(first.job.stages.order_by("order"))
    application_move(application=first, to_stage=stages[1], actor=first.job.recruiter, override_reason=f"{NAME} ok")
    interview = factories.interview(application_=first, panel=[interviewer])
    Interview.objects.filter(pk=interview.pk).update(location=f"Room of {NAME}")
    criteria = scorecard_criteria(interview=interview)
    scorecard_submit(
        interview=interview,
        interviewer=interviewer,
        ratings={criterion.pk: (3, f"{NAME} reasoned well") for criterion in criteria},
        recommendation="yes",
        summary=f"{NAME} was strong on {RESUME_WORD}",
    )
    application_reject(application=second, actor=second.job.recruiter, reason="skills")
    # A talent pool check-in they answered in their own words.
    pool = pool_create(actor=admin, name="Canary pool")
    membership = pool_member_add(pool=pool, candidate=candidate, actor=admin, reason=f"Met {NAME} at a meetup")
    checkin_send_now(pool=pool, actor=admin, membership=membership)
    checkin_url = OutboundEmail.objects.get(related_type="talentpool.checkin").context["checkin_url"]
    checkin_answer_record(
        token=urlsplit(checkin_url).path.rstrip("/").rsplit("/", 1)[1],
        answer="interested",
        location=f"near {NOTE_WORD} park",
        roles=f"{RESUME_WORD} lead",
        availability=f"after {NAME}'s notice period",
    )
    access_token_issue(purpose=AccessToken.Purpose.FEEDBACK_SURVEY, target=first, valid_for=timedelta(days=7))
    cache.set("canary:profile", {"name": NAME, "email": EMAIL})
    # A recruiter's email to them (sent below), a reminder to the panel naming
    # them, and a follow-up still queued for next week.
    email_queue(
        to=EMAIL,
        idempotency_key="test:hello",
        language="en",
        subject=f"Hello {NAME}",
        body_text=f"Dear {NAME}, about {RESUME_WORD}.",
        related=first,
        candidate_ref=candidate.public_id,
    )
    email_queue(
        to=interviewer.email,
        idempotency_key="test:panel",
        language="en",
        subject=f"Interview with {NAME}",
        body_text=f"{NAME} ({PHONE}) at 10:00.",
        related=interview,
    )
    email_queue(
        to=EMAIL,
        idempotency_key="test:later",
        language="en",
        subject=f"Still interested, {NAME}?",
        body_text=f"Dear {NAME}",
        due_at=timezone.now() + timedelta(days=7),
        candidate_ref=candidate.public_id,
    )
    return World(candidate=candidate, applications=[first, second], interview=interview, admin=admin)


def reports(admin) -> list:
    today = timezone.localdate()
    filters = Filters(start=today - timedelta(days=30), end=today + timedelta(days=1))
    now = timezone.now()
    rollup_refresh(day=today, now=now)
    figures = []
    for module in (funnel, timing):
        report = module.report(admin, filters, now=now)
        figures.append([(table.key, table.rows) for table in report.tables])
        figures.append(report.headline)
    return figures


# --- The scanners ---------------------------------------------------------------


def _needles() -> list[str]:
    return [canary.lower() for canary in CANARIES]


def database_hits() -> list[str]:
    """Every text, JSON, tsvector and bytea column of every table in the
    database, as stored (bytea: the plaintext's bytes in the raw value)."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'tsvector', 'ARRAY', 'USER-DEFINED')"
        )
        columns = cursor.fetchall()
        assert len(columns) > 200, "the scan must cover the whole schema"
        for table, column, data_type in columns:
            for needle in _needles():
                if data_type == "bytea":
                    sql = f'SELECT count(*) FROM "{table}" WHERE position(%s::bytea in "{column}") > 0'
                    param = needle.encode()
                    cursor.execute(sql, [param])
                    count = cursor.fetchone()[0]
                    cursor.execute(sql, [needle.title().encode()])
                    count += cursor.fetchone()[0]
                else:
                    # A tsvector holds lexemes (lower-cased, stemmed): a prefix of the word finds them.
                    probe = needle[:6] if data_type == "tsvector" else needle
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" WHERE lower("{column}"::text) LIKE %s', [f"%{probe}%"]
                    )
                    count = cursor.fetchone()[0]
                if count:
                    hits.append(f"{table}.{column}: {needle} ×{count}")
    return hits


def decrypted_hits() -> list[str]:
    """Every EncryptedTextField of every model, decrypted."""
    hits = []
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if not fields:
            continue
        for row in model._default_manager.all().only("pk", "public_id", *(field.name for field in fields)):
            for field in fields:
                value = (getattr(row, field.attname) or "").lower()
                hits += [f"{model._meta.label}.{field.name}: {n}" for n in _needles() if n in value]
    return hits


ENCRYPTED_FOLDERS = {
    "documents": "candidates_document",
    "intake": "intake_intakeattachment",
    "bulk": "candidates_bulkuploaditem",
    "imports": "candidates_importjob",
}


def media_hits(root, public_ids: list[uuid.UUID]) -> list[str]:
    """Every file under the media root, raw and, where it is ciphertext of a
    known row, decrypted."""
    hits = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = handle.read()
            texts = [content]
            for public_id in public_ids:
                for table in ENCRYPTED_FOLDERS.values():
                    try:
                        texts.append(crypto.decrypt_bytes(content, crypto.associated_data(table, "file", public_id)))
                    except Exception:  # not this row's file
                        continue
            for text in texts:
                lowered = text.lower()
                hits += [f"{path}: {n}" for n in _needles() if n.encode() in lowered]
    return hits


def redis_hits() -> list[str]:
    client = cache._cache.get_client(None, write=False)
    hits = []
    for key in client.scan_iter(count=500):
        blobs = [key]
        if client.type(key) == b"string":
            blobs.append(client.get(key) or b"")
        for blob in blobs:
            hits += [f"redis {key!r}: {n}" for n in _needles() if n.encode() in blob.lower()]
    return hits


# --- The tests --------------------------------------------------------------------


def test_erasure_leaves_nothing_and_the_reports_keep_their_figures(
    smtp_mailer,  # noqa: F811
    no_broker,
    media_root,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(django_capture_on_commit_callbacks)
    candidate = world.candidate
    # Emails to and about the person go out through the real outbox and SMTP.
    queued = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED, due_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )
    )
    assert queued, "the world sends the candidate emails"
    for email_id in queued:
        assert outbound_email_send(email_id=email_id) == "sent"
    assert any(EMAIL in str(message["To"]) for message in smtp_mailer.messages)
    document_ids = list(Document.objects.filter(candidate=candidate).values_list("public_id", flat=True))

    # The canaries are there to be found: the scanners see them before.
    assert database_hits() and decrypted_hits() and redis_hits()
    assert media_hits(media_root, document_ids)
    before = reports(world.admin)
    counts_before = (
        Application.objects.filter(candidate=candidate).count(),
        StageTransition.objects.filter(application__candidate=candidate).count(),
        Rating.objects.filter(scorecard__interview__application__candidate=candidate).count(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        candidate_anonymise(candidate=candidate, actor=world.admin, reason="deletion request")

    assert database_hits() == []
    assert decrypted_hits() == []
    assert media_hits(media_root, document_ids) == []
    assert redis_hits() == []
    assert not [email for email in OutboundEmail.objects.all() if email.to_address == EMAIL]
    assert reports(world.admin) == before
    assert counts_before == (
        Application.objects.filter(candidate=candidate).count(),
        StageTransition.objects.filter(application__candidate=candidate).count(),
        Rating.objects.filter(scorecard__interview__application__candidate=candidate).count(),
    )
    scorecard = Scorecard.objects.get(interview=world.interview)
    assert scorecard.recommendation == "yes" and scorecard.summary == ""
    assert set(Rating.objects.filter(scorecard=scorecard).values_list("score", flat=True)) == {3}
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert re.fullmatch(r"Anonymised candidate [0-9a-f]{8}", candidate.full_name)
    assert not Document.objects.filter(candidate=candidate).exists()
    assert Note.objects.filter(candidate=candidate, body="").count() == 1
    assert not AccessToken.objects.filter(target_id=world.applications[0].pk, purpose="feedback_survey").exists()
    event = AuditEvent.objects.get(action="candidates.candidate.anonymise", target_id=str(candidate.public_id))
    assert event.data["reason"] == "deletion request" and event.actor_id == world.admin.pk


def test_anonymising_twice_changes_nothing_more(django_capture_on_commit_callbacks):
    candidate = factories.candidate(full_name=NAME, email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        first = candidate_anonymise(candidate=candidate, actor=None, reason="retention")
        second = candidate_anonymise(candidate=candidate, actor=None, reason="retention")
    assert second.anonymised_at == first.anonymised_at
    assert AuditEvent.objects.filter(action="candidates.candidate.anonymise").count() == 1


def test_a_candidate_under_legal_hold_is_refused():
    candidate = factories.candidate(full_name=NAME, email=EMAIL)
    Candidate.objects.filter(pk=candidate.pk).update(legal_hold_at=timezone.now(), legal_hold_reason="litigation")
    with pytest.raises(ValidationError) as refused:
        candidate_anonymise(candidate=candidate, actor=None, reason="retention")
    assert refused.value.code == "legal_hold"
    candidate.refresh_from_db()
    assert candidate.full_name == NAME and candidate.email == EMAIL and candidate.anonymised_at is None


def test_records_merged_into_the_candidate_are_anonymised_too(django_capture_on_commit_callbacks):
    survivor = factories.candidate(full_name="Someone Else", email="else@example.test")
    merged = factories.candidate(full_name=NAME, email=EMAIL)
    Candidate.objects.filter(pk=merged.pk).update(merged_into=survivor)
    with django_capture_on_commit_callbacks(execute=True):
        candidate_anonymise(candidate=survivor, actor=None, reason="deletion request")
    merged.refresh_from_db()
    assert merged.anonymised_at is not None and merged.email is None and NAME not in merged.full_name
