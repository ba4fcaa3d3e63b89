"""An application sent through a posting's public form: the candidate found
or created (candidate_arrive), the resume and file answers kept, the
application, its answers and consents written, and the confirmation email
queued, all in one transaction; nothing leaves before it commits."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_for_referral_code
from candidates.models import Candidate, Consent, Document, PrivacyNotice, ProposedUpdate, Source
from candidates.services import document_upload
from candidates.services.arrivals import candidate_arrive, resume_arrive
from careers.models import Answer, Posting, Question
from careers.services.knockout import KNOCK_OUT
from core.services import audit_record
from interviews.models import Application
from interviews.services.applications import application_create, application_reject
from messaging.senders import sender_for
from messaging.services import email_queue

CONFIRMATION_TEMPLATE = "application_received"
CAREERS_SITE_SOURCE = "Careers site"
REFERRAL_SOURCE = "Referral"
SOURCE_DETAIL_MAX = 100
USER_AGENT_MAX = 300


@dataclass(frozen=True)
class Upload:
    """A file that passed the content checks (candidates.uploads.document_check)."""

    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Evidence:
    """Where and under what the consents were given."""

    notice: PrivacyNotice
    ip_address: str | None
    user_agent: str


@dataclass(frozen=True)
class SourceParams:
    """What the visitor's link said: ``?source=``, ``utm_source``, ``?ref=``."""

    source: str = ""
    utm_source: str = ""
    ref: str = ""


@dataclass
class Submission:
    """What application_submit did. ``created`` is False when the person
    already had an active application for the job (it is ``application``)."""

    application: Application
    candidate: Candidate
    created: bool
    candidate_created: bool
    knocked_out: bool = False
    proposals: list[ProposedUpdate] = field(default_factory=list)


def source_detail_clean(value: str) -> str:
    """A link's source value fit to keep: control characters removed, spaces
    collapsed, at most SOURCE_DETAIL_MAX characters."""
    kept = "".join(char for char in str(value or "") if unicodedata.category(char)[0] != "C")
    return " ".join(kept.split())[:SOURCE_DETAIL_MAX]


def _source_resolve(params: SourceParams) -> tuple[Source, str, User | None]:
    """``(source, detail, referred_by)``: a referral code names a team member
    (source "Referral"); else ``?source=``/``utm_source`` names an active
    source (any case) or is kept as the detail of "Careers site"."""
    referrer = user_for_referral_code(params.ref) if params.ref else None
    if referrer is not None:
        source, _created = Source.objects.get_or_create(name=REFERRAL_SOURCE, defaults={"kind": Source.Kind.REFERRAL})
        return source, "", referrer
    detail = source_detail_clean(params.source or params.utm_source)
    if detail:
        known = Source.objects.filter(is_active=True).annotate(lower=Lower("name")).filter(lower=detail.lower()).first()
        if known is not None:
            return known, "", None
    source, _created = Source.objects.get_or_create(
        name=CAREERS_SITE_SOURCE, defaults={"kind": Source.Kind.CAREER_SITE}
    )
    return source, detail, None


def _answer_value(question: Question, value: Any) -> tuple[str, bool]:
    """The answer as JSON text, and whether it is a knock-out answer."""
    knockouts = {str(item) for item in (question.knockout_answers or [])}
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False), bool(knockouts & {str(item) for item in value})
    return json.dumps(value, ensure_ascii=False), str(value) in knockouts


def _consents_record(
    *, candidate: Candidate, posting: Posting, purposes: set[str], evidence: Evidence, moment: datetime
) -> list[Consent]:
    text = f"Application form for {posting.title} ({posting.public_id})"
    rows = []
    for purpose in (Consent.Purpose.PROCESSING, Consent.Purpose.TALENT_POOL, Consent.Purpose.SHARE_WITH_CLIENT):
        if purpose not in purposes:
            continue
        rows.append(
            Consent(
                candidate=candidate,
                purpose=purpose,
                client=posting.job.client if purpose == Consent.Purpose.SHARE_WITH_CLIENT else None,
                notice_version=evidence.notice.version,
                evidence=text,
                given_at=moment,
                ip_address=evidence.ip_address or None,
                user_agent=(evidence.user_agent or "")[:USER_AGENT_MAX],
            )
        )
    return Consent.objects.bulk_create(rows)


def _confirmation_queue(*, application: Application, posting: Posting, candidate: Candidate, language: str) -> None:
    job = posting.job
    from_address, reply_to = sender_for(job=job)
    with translation.override(language):
        title = (posting.title_zh_hans if language == "zh-hans" else "") or posting.title
        employer = (posting.brand.display_name_zh_hans if language == "zh-hans" else "") or posting.brand.display_name
    email_queue(
        to=candidate.email,
        idempotency_key=f"careers.application_received:{application.public_id}",
        language=language,
        template=CONFIRMATION_TEMPLATE,
        context={"candidate_name": candidate.full_name, "job_title": title, "employer": employer},
        related=application,
        from_address=from_address,
        reply_to=reply_to,
        candidate_ref=candidate.public_id,
        consent_purpose=Consent.Purpose.PROCESSING,
    )


@transaction.atomic
def application_submit(
    *,
    posting: Posting,
    data: dict[str, str],
    resume: Upload,
    answers: list[tuple[Question, Any, Upload | None]],
    consents: set[str],
    evidence: Evidence,
    source: SourceParams,
) -> Submission:
    """Take one application from the posting's public form.

    ``data`` holds ``full_name``, ``email``, ``phone`` and ``language`` (the
    page's). The candidate is found by email or phone, or created
    (candidate_arrive: origin APPLICATION, owner the job's recruiter; values
    that differ from a known profile wait as ProposedUpdates). Writes the
    resume (resume_arrive: parsed once its text is out), each file answer as
    an attachment Document, the Application (application_create, with the
    source resolved from ``source``), an Answer per question answered, a
    Consent per purpose in ``consents`` with ``evidence``, an
    ``careers.application.submit`` AuditEvent, and the confirmation email's
    outbox row. A knock-out answer rejects the application
    (application_reject, reason ``knock_out``): its email goes when the
    rejection trigger says. Text extraction and email delivery are queued
    after commit.

    The candidate's active application for this job, if any, is kept: the
    new resume is added to the profile, no answers are added (the first
    ones stand), and ``created`` is False. Raises ValidationError when the
    job has closed meanwhile or a contact value is malformed; nothing is
    written then.
    """
    job = posting.job
    language = data.get("language") or "en"
    resolved, detail, referrer = _source_resolve(source)
    arrival = candidate_arrive(
        full_name=data["full_name"],
        email=data["email"],
        phone=data.get("phone", ""),
        origin=ProposedUpdate.Origin.APPLICATION,
        origin_detail=posting.title[:200],
        owner=job.recruiter,
        language=language,
        source=resolved,
    )
    candidate = arrival.candidate
    resume_arrive(
        candidate=candidate, filename=resume.filename, content=resume.content, content_type=resume.content_type
    )
    now = timezone.now()
    _consents_record(candidate=candidate, posting=posting, purposes=consents, evidence=evidence, moment=now)
    existing = (
        Application.objects.select_for_update()
        .filter(candidate=candidate, job=job, status=Application.Status.ACTIVE)
        .first()
    )
    if existing is not None:
        audit_record(action="careers.application.repeat", target=existing, data={"posting": str(posting.public_id)})
        return Submission(
            application=existing,
            candidate=candidate,
            created=False,
            candidate_created=arrival.created,
            proposals=arrival.proposals,
        )
    application = application_create(
        candidate=candidate, job=job, actor=None, source=resolved, source_detail=detail, referred_by=referrer
    )
    knocked_out = False
    rows = []
    for question, value, upload in answers:
        document = None
        if upload is not None:
            document = document_upload(
                candidate=candidate,
                actor=None,
                filename=upload.filename,
                content=upload.content,
                content_type=upload.content_type,
                kind=Document.Kind.ATTACHMENT,
            )
            value = upload.filename
        text, is_knockout = _answer_value(question, value)
        knocked_out = knocked_out or is_knockout
        rows.append(
            Answer(application=application, question=question, value=text, document=document, is_knockout=is_knockout)
        )
    Answer.objects.bulk_create(rows)
    audit_record(
        action="careers.application.submit",
        target=application,
        data={"posting": str(posting.public_id), "candidate_created": arrival.created},
    )
    if candidate.email:
        _confirmation_queue(application=application, posting=posting, candidate=candidate, language=language)
    if knocked_out:
        application = application_reject(
            application=application,
            actor=None,
            reason=KNOCK_OUT,
            note=_("An answer on the application form did not meet a requirement."),
        )
    return Submission(
        application=application,
        candidate=candidate,
        created=True,
        candidate_created=arrival.created,
        knocked_out=knocked_out,
        proposals=arrival.proposals,
    )
