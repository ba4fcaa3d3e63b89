"""Handling candidates' requests: an access request's archive and its one
download, a correction recorded, a deletion asked for and confirmed by a
second person; the candidate is told by email when each is done.

Who may call what is decided by privacy.request_selectors (the views ask it);
these services keep the rules of the requests themselves.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from core.files import file_read, file_store
from core.services import audit_record
from messaging.services import email_queue
from privacy.models import AccessArchive, PrivacyRequest
from privacy.services import privacy_request_create
from privacy.services.access import archive_build
from privacy.services.anonymise import candidate_anonymise

DETAILS_MAX_CHARS = 5000
DELETION_REASON = "deletion request"


def _locked(request: PrivacyRequest) -> PrivacyRequest:
    """The request's row, locked for this transaction, with its candidate."""
    return PrivacyRequest.objects.select_for_update().select_related("candidate").get(pk=request.pk)


def _require_open(request: PrivacyRequest, kind: str | None = None) -> None:
    if request.is_closed:
        raise ValidationError(_("This request is already closed."))
    if kind and request.kind != kind:
        raise ValidationError(_("This is not that kind of request."))


def privacy_request_record(
    *, candidate: Candidate, kind: str, details: str, actor: User, now: datetime | None = None
) -> PrivacyRequest:
    """A request the candidate made by phone, email or in person, entered by
    ``actor`` (privacy_request_create with the staff channel). Raises
    ValidationError for an unknown kind, over-long details or an anonymised
    candidate."""
    if kind not in PrivacyRequest.Kind.values:
        raise ValidationError({"kind": _("Choose what the candidate asked for.")})
    details = details.strip()
    if len(details) > DETAILS_MAX_CHARS:
        raise ValidationError({"details": _("Keep the details under %(max)d characters.") % {"max": DETAILS_MAX_CHARS}})
    if candidate.anonymised_at:
        raise ValidationError(_("This person's data has already been deleted."))
    return privacy_request_create(
        candidate=candidate, kind=kind, channel=PrivacyRequest.Channel.STAFF, details=details, actor=actor, now=now
    )


def _tell_candidate(request: PrivacyRequest, *, to: str, language: str) -> None:
    """Queue the "your request is done" email (no personal data in it beyond
    the address). Nothing when there is no address to write to."""
    if not to:
        return
    email_queue(
        to=to,
        idempotency_key=f"privacy_request:{request.public_id}:done",
        language=language,
        template="privacy_request_done",
        context={"kind": request.kind},
        related=request,
        candidate_ref=request.candidate.public_id,
    )


def _finish(request: PrivacyRequest, *, actor: User, outcome: str, now: datetime) -> None:
    request.status = PrivacyRequest.Status.DONE
    request.done_at = now
    request.outcome = outcome
    request.handled_by = request.handled_by or actor


@transaction.atomic
def access_archive_build(*, request: PrivacyRequest, actor: User) -> AccessArchive:
    """Build the archive of everything about the request's candidate
    (privacy.services.access), store it encrypted and make ``actor`` its
    handler, the one who may download it. A rebuild before the download
    replaces the file. A ``privacy.privacy_request.build`` AuditEvent. Raises
    ValidationError for another kind, a closed request, an archive already
    downloaded, or documents too large."""
    request = _locked(request)
    _require_open(request, PrivacyRequest.Kind.ACCESS)
    if request.archive_downloaded_at:
        raise ValidationError(_("The archive was already downloaded."))
    content = archive_build(request.candidate)
    old = AccessArchive.objects.filter(request=request).first()
    if old is not None:
        old_name = old.storage_name
        old.delete()
        transaction.on_commit(lambda: default_storage.delete(old_name))
    archive = AccessArchive(request=request, size=len(content))
    file_store(archive, content, folder="privacy")
    archive.save()
    request.archive_built_at = timezone.now()
    request.handled_by = actor
    request.save(update_fields=["archive_built_at", "handled_by", "updated_at"])
    audit_record(action="privacy.privacy_request.build", actor=actor, target=request, data={"size": len(content)})
    return archive


@transaction.atomic
def access_archive_download(*, request: PrivacyRequest, actor: User) -> tuple[str, bytes]:
    """The archive's file name and bytes, once: the row goes now and the file
    after commit, so a second download finds nothing. Only the request's
    handler (who built it) may download it. A
    ``privacy.privacy_request.download`` AuditEvent. Raises ValidationError."""
    request = _locked(request)
    archive = AccessArchive.objects.filter(request=request).first()
    if archive is None:
        if request.archive_downloaded_at:
            raise ValidationError(_("The archive was already downloaded; it can be downloaded only once."))
        raise ValidationError(_("Build the archive first."))
    if request.handled_by_id != actor.pk:
        raise ValidationError(_("Only the person handling this request may download its archive."))
    content = file_read(archive)
    name = archive.storage_name
    archive.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
    request.archive_downloaded_at = timezone.now()
    request.archive_downloaded_by = actor
    request.save(update_fields=["archive_downloaded_at", "archive_downloaded_by", "updated_at"])
    audit_record(action="privacy.privacy_request.download", actor=actor, target=request)
    return f"personal-data-{request.public_id}.zip", content


@transaction.atomic
def privacy_request_complete(
    *, request: PrivacyRequest, actor: User, outcome: str, now: datetime | None = None
) -> PrivacyRequest:
    """Mark an access request (after its archive was downloaded) or a
    correction (``outcome`` says what was corrected) done and tell the
    candidate by email. A ``privacy.privacy_request.finish`` AuditEvent.
    Raises ValidationError. A deletion is done by its confirmation instead."""
    request = _locked(request)
    _require_open(request)
    outcome = outcome.strip()
    if request.kind == PrivacyRequest.Kind.DELETION:
        raise ValidationError(_("A deletion is done when a second person confirms it."))
    if request.kind == PrivacyRequest.Kind.ACCESS and not request.archive_downloaded_at:
        raise ValidationError(_("Download the archive before closing the request."))
    if request.kind == PrivacyRequest.Kind.CORRECTION and not outcome:
        raise ValidationError({"outcome": _("Say what was corrected.")})
    if len(outcome) > DETAILS_MAX_CHARS:
        raise ValidationError({"outcome": _("Keep the details under %(max)d characters.") % {"max": DETAILS_MAX_CHARS}})
    _finish(request, actor=actor, outcome=outcome, now=now or timezone.now())
    request.save(update_fields=["status", "done_at", "outcome", "handled_by", "updated_at"])
    candidate = request.candidate
    _tell_candidate(request, to=candidate.email or "", language=candidate.language)
    audit_record(action="privacy.privacy_request.finish", actor=actor, target=request, data={"kind": request.kind})
    return request


@transaction.atomic
def deletion_ask(*, request: PrivacyRequest, actor: User, outcome: str = "") -> PrivacyRequest:
    """The handler asks for the deletion: the request waits for a second
    person (deletion_confirm). A ``privacy.privacy_request.deletion_ask``
    AuditEvent. Raises ValidationError for another kind or state, or a
    candidate under legal hold."""
    request = _locked(request)
    _require_open(request, PrivacyRequest.Kind.DELETION)
    if request.status != PrivacyRequest.Status.OPEN:
        raise ValidationError(_("The deletion is already waiting for a second person."))
    _refuse_legal_hold(request.candidate)
    request.status = PrivacyRequest.Status.AWAITING_CONFIRMATION
    request.handled_by = actor
    request.outcome = outcome.strip()[:DETAILS_MAX_CHARS]
    request.save(update_fields=["status", "handled_by", "outcome", "updated_at"])
    audit_record(action="privacy.privacy_request.deletion_ask", actor=actor, target=request)
    return request


def _refuse_legal_hold(candidate: Candidate) -> None:
    if candidate.legal_hold_at:
        raise ValidationError(
            _("This person is under a legal hold and cannot be deleted: %(reason)s")
            % {"reason": candidate.legal_hold_reason or _("no reason recorded")}
        )


@transaction.atomic
def deletion_confirm(*, request: PrivacyRequest, actor: User, now: datetime | None = None) -> PrivacyRequest:
    """The second person confirms: the candidate is anonymised
    (privacy.services.anonymise.candidate_anonymise), the request is done and
    the candidate is told at the address captured before anonymising. A
    ``privacy.privacy_request.confirm`` AuditEvent. Raises ValidationError
    when the request is not waiting, ``actor`` asked for it themselves, or the
    candidate is under legal hold."""
    request = _locked(request)
    _require_open(request, PrivacyRequest.Kind.DELETION)
    if request.status != PrivacyRequest.Status.AWAITING_CONFIRMATION:
        raise ValidationError(_("Ask for the deletion first; then a second person confirms it."))
    if request.handled_by_id == actor.pk:
        raise ValidationError(_("A second person must confirm a deletion you asked for."))
    candidate = Candidate.objects.select_for_update().get(pk=request.candidate_id)
    _refuse_legal_hold(candidate)
    to, language = candidate.email or "", candidate.language
    candidate_anonymise(candidate=candidate, actor=actor, reason=DELETION_REASON)
    request.status = PrivacyRequest.Status.DONE
    request.done_at = now or timezone.now()
    request.confirmed_by = actor
    request.details = ""
    request.save(update_fields=["status", "done_at", "confirmed_by", "details", "updated_at"])
    _tell_candidate(request, to=to, language=language)
    audit_record(action="privacy.privacy_request.confirm", actor=actor, target=request)
    return request
