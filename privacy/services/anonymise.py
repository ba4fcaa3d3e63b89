"""The anonymiser: a person's data destroyed, their anonymous rows kept.

What goes: every personal value of the candidate and of every row about them
(profile fields, encrypted contact details and their blind indexes, documents
and their files, work history, notes' text, proposed updates, consents'
evidence, mail received from them, application answers, offers' and
interviews' free text, feedback, check-in answers, outbox rows, open links,
timeline parameters, admin log lines, cached values). What stays: the
Candidate row (named "Anonymised candidate …"), applications, stage
transitions, interviews with their times, scorecards' ratings and
recommendations, so every report keeps its counts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import search
from candidates.models import (
    Activity,
    BulkUploadItem,
    Candidate,
    Consent,
    Document,
    Education,
    Experience,
    Note,
    ProposedUpdate,
)
from careers.models import Answer
from core.models import AccessToken
from core.services import audit_record
from intake.models import IntakeAttachment, IntakeMessage
from interviews.models import (
    Application,
    CandidateFeedback,
    Interview,
    InterviewSlot,
    Rating,
    SchedulingInvitation,
    Scorecard,
    StageTransition,
)
from messaging.models import Notification, OutboundEmail
from offers.models import Offer, OfferApproval, OfferVersion
from placements.models import Placement
from privacy.models import PrivacyRequest
from talentpool.models import CheckIn, PoolMembership

logger = logging.getLogger(__name__)

# The name an anonymised candidate keeps: neutral, plus a short reference so two
# of them can be told apart in a list.
ANONYMOUS_NAME = "Anonymised candidate {ref}"

# Timeline parameters that name only our own things (a job, a stage, a pool, a
# client, a recommendation code): kept so the timeline still reads; every other
# parameter (a note's text, a file name, a reason someone typed, a check-in
# answer) goes. A scorecard's line also keeps the interviewer's name.
_SAFE_PARAMS = frozenset({"job", "stage", "from", "to", "pool", "client", "recommendation"})
_SAFE_PARAMS_BY_KIND = {Activity.Kind.SCORECARD: frozenset({"name"})}


def anonymous_name(candidate: Candidate) -> str:
    return ANONYMOUS_NAME.format(ref=candidate.public_id.hex[:8])


def _ids(queryset: models.QuerySet) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _files_delete_on_commit(names: Iterable[str]) -> None:
    """Stored files go once the rows no longer point at them: after commit, so
    a rolled-back anonymisation never leaves rows whose files are gone."""
    names = [name for name in names if name]

    def delete() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:  # already gone, or the storage refused: logged, the rows are clear
                logger.warning("anonymise: could not delete a stored file", exc_info=True)

    if names:
        transaction.on_commit(delete)


def _cache_purge_on_commit(needles: list[str]) -> None:
    """Remove every cached value that mentions the person (their name, email,
    phone or public id): cached pages and reports are rebuilt on the next read."""
    needles_b = [needle.encode() for needle in needles if needle and len(needle) >= 2]

    def purge() -> None:
        try:
            client = cache._cache.get_client(None, write=True)
            for key in client.scan_iter(match=f"{cache.key_prefix}*", count=500):
                try:
                    value = client.get(key)
                except Exception:  # a key of another type (a rate-limit counter is a string; lists are not ours)
                    continue
                if value and any(needle in value for needle in needles_b):
                    client.delete(key)
        except Exception:  # a Redis outage: the cache entries expire on their own
            logger.warning("anonymise: could not purge the cache", exc_info=True)

    transaction.on_commit(purge)


def _tokens_delete(targets: dict[type[models.Model], list[int]]) -> int:
    query = Q()
    for model, ids in targets.items():
        if ids:
            query |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=ids)
    if not query:
        return 0
    deleted, _per_model = AccessToken.objects.filter(query).delete()
    return deleted


def _outbox_clear(*, candidate: Candidate, email: str, related: dict[type[models.Model], list]) -> int:
    """Clear the outbox rows to or about the person: marked with them
    (candidate_ref), about one of their rows (related_type/related_id), or
    whose text names their address or public id. Queued ones are cancelled."""
    query = Q(candidate_ref=candidate.public_id)
    for model, refs in related.items():
        if refs:
            query |= Q(related_type=model._meta.label_lower, related_id__in=[str(ref) for ref in refs])
    public_id = str(candidate.public_id)
    for needle in (public_id, email):
        if needle:
            query |= Q(subject__icontains=needle) | Q(body_text__icontains=needle) | Q(body_html__icontains=needle)
    emails = OutboundEmail.objects.filter(query)
    emails.filter(status__in=(OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED)).update(
        status=OutboundEmail.Status.CANCELLED
    )
    return emails.update(
        to_address=None,
        subject="",
        body_text="",
        body_html="",
        context={},
        attachments=[],
        last_error="",
    )


def _one_anonymise(candidate: Candidate, *, now) -> dict[str, int]:
    """Everything about one candidate row, in the caller's transaction; the
    counts of rows touched (no values) for the audit entry."""
    counts: dict[str, int] = {}
    email, phone, old_name = candidate.email or "", candidate.phone or "", candidate.full_name

    applications = _ids(Application.objects.filter(candidate=candidate))
    interviews = _ids(Interview.objects.filter(application_id__in=applications))
    offers = _ids(Offer.objects.filter(application_id__in=applications))
    versions = _ids(OfferVersion.objects.filter(offer_id__in=offers))
    invitations = _ids(SchedulingInvitation.objects.filter(application_id__in=applications))
    memberships = _ids(PoolMembership.objects.filter(candidate=candidate))
    check_ins = _ids(CheckIn.objects.filter(membership_id__in=memberships))
    feedback = _ids(CandidateFeedback.objects.filter(application_id__in=applications))
    scorecards = _ids(Scorecard.objects.filter(interview_id__in=interviews))
    requests = _ids(PrivacyRequest.objects.filter(candidate=candidate))
    placements = _ids(Placement.objects.filter(application_id__in=applications))
    documents = list(Document.objects.filter(candidate=candidate).values_list("pk", "storage_name"))
    notes = _ids(Note.objects.filter(candidate=candidate))

    # Files first (after commit), then the rows that pointed at them.
    messages = _ids(IntakeMessage.objects.filter(candidate=candidate))
    attachments = list(IntakeAttachment.objects.filter(message_id__in=messages).values_list("pk", "storage_name"))
    bulk_items = list(BulkUploadItem.objects.filter(candidate=candidate).values_list("pk", "storage_name"))
    _files_delete_on_commit(
        [name for _pk, name in documents] + [name for _pk, name in attachments] + [name for _pk, name in bulk_items]
    )
    IntakeAttachment.objects.filter(message_id__in=messages).update(filename="", refusal_texts={}, storage_name="")
    counts["intake_messages"] = IntakeMessage.objects.filter(pk__in=messages).update(
        sender_name="", sender_address=None, sender_index=None, subject="", body=None, reason="", reason_texts={}
    )
    BulkUploadItem.objects.filter(candidate=candidate).update(filename="", storage_name="", reason="", document=None)
    Answer.objects.filter(document_id__in=[pk for pk, _name in documents]).update(document=None)
    counts["answers"] = Answer.objects.filter(application_id__in=applications).update(value=None)
    counts["documents"] = len(documents)
    Document.objects.filter(candidate=candidate).delete()

    counts["experience"] = Experience.objects.filter(candidate=candidate).delete()[0]
    counts["education"] = Education.objects.filter(candidate=candidate).delete()[0]
    counts["proposed_updates"] = ProposedUpdate.objects.filter(candidate=candidate).delete()[0]
    counts["notes"] = Note.objects.filter(pk__in=notes).update(body="")
    counts["consents"] = Consent.objects.filter(candidate=candidate).update(evidence="", ip_address=None, user_agent="")

    Application.objects.filter(pk__in=applications).update(rejection_note="", withdrawal_note="", source_detail="")
    StageTransition.objects.filter(application_id__in=applications).update(note="", override_reason="")
    Interview.objects.filter(pk__in=interviews).update(location="", video_url="")
    InterviewSlot.objects.filter(interview_id__in=interviews).update(location="", video_url="")
    SchedulingInvitation.objects.filter(pk__in=invitations).update(message="", candidate_message="")
    Scorecard.objects.filter(pk__in=scorecards).update(summary="")
    Rating.objects.filter(scorecard_id__in=scorecards).update(note="")
    CandidateFeedback.objects.filter(pk__in=feedback).update(went_well="", to_improve="", comment="")
    Offer.objects.filter(pk__in=offers).update(decline_note="", withdrawn_note="")
    OfferVersion.objects.filter(pk__in=versions).update(other_terms=None, note="")
    OfferApproval.objects.filter(version_id__in=versions).update(comment="")
    Placement.objects.filter(pk__in=placements).update(note="")
    PoolMembership.objects.filter(pk__in=memberships).update(reason="", removed_reason="")
    CheckIn.objects.filter(pk__in=check_ins).update(comment="", location="", roles_wanted="", availability="")
    PrivacyRequest.objects.filter(pk__in=requests).update(details="")

    counts["tokens"] = _tokens_delete(
        {
            Candidate: [candidate.pk],
            Application: applications,
            Interview: interviews,
            Offer: offers,
            SchedulingInvitation: invitations,
            PoolMembership: memberships,
            CheckIn: check_ins,
            CandidateFeedback: feedback,
            PrivacyRequest: requests,
        }
    )
    counts["emails"] = _outbox_clear(
        candidate=candidate,
        email=email,
        related={
            Candidate: [candidate.public_id, candidate.pk],
            Application: applications,
            Interview: _refs(Interview, interviews),
            Offer: _refs(Offer, offers),
            SchedulingInvitation: _refs(SchedulingInvitation, invitations),
            CheckIn: check_ins,
            CandidateFeedback: feedback,
            PrivacyRequest: _refs(PrivacyRequest, requests),
        },
    )
    # In-app notifications that point at the person (their profile's address).
    Notification.objects.filter(url__contains=str(candidate.public_id)).delete()

    # The timeline keeps its entries (kinds and times) without what they said.
    activities = list(Activity.objects.filter(candidate=candidate).only("pk", "kind", "params", "data"))
    for activity in activities:
        safe = _SAFE_PARAMS | _SAFE_PARAMS_BY_KIND.get(activity.kind, frozenset())
        activity.params = {
            key: value
            for key, value in (activity.params or {}).items()
            if key in safe and isinstance(value, str | int | float)
        }
        activity.data = {}
    Activity.objects.bulk_update(activities, ["params", "data"], batch_size=500)

    name = anonymous_name(candidate)
    candidate.full_name = name
    candidate.headline = candidate.company = candidate.location = candidate.skills = ""
    for field in Candidate.CONTACT_FIELDS + Candidate.COMPENSATION_FIELDS:
        setattr(candidate, field, None)
    candidate.email_index = candidate.phone_index = None
    candidate.contact_opt_out_reason = ""
    candidate.from_resume = []
    candidate.anonymised_at = now
    if candidate.contact_opt_out_at is None:
        candidate.contact_opt_out_at = now  # nobody writes to an anonymous person
    candidate.save()
    candidate.tags.clear()
    search.refresh(candidate.pk)

    # Django admin's change log names objects by their str(): the person's name, a note's text.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk)
    ).update(object_repr=name, change_message="")
    logged = (
        (Note, notes),
        (Document, [pk for pk, _name in documents]),
        (Application, applications),
        (Interview, interviews),
        (Offer, offers),
        (Scorecard, scorecards),
        (PoolMembership, memberships),
        (CheckIn, check_ins),
        (PrivacyRequest, requests),
        (Placement, placements),
        (Consent, _ids(Consent.objects.filter(candidate=candidate))),
    )
    for model, ids in logged:
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids]
            ).update(object_repr="", change_message="")

    _cache_purge_on_commit([old_name, email, phone, str(candidate.public_id)])
    return counts


def _refs(model: type[models.Model], ids: list[int]) -> list:
    """The references the outbox uses for ``model`` rows (public_id when it has one)."""
    if not ids:
        return []
    if any(field.name == "public_id" for field in model._meta.fields):
        return [*model.objects.filter(pk__in=ids).values_list("public_id", flat=True), *ids]
    return ids


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, actor: User | None, reason: str) -> Candidate:
    """Destroy ``candidate``'s personal data (fields, documents, notes' text,
    outbox bodies, tokens, search document), keep applications, transitions and
    ratings as anonymous rows; sets ``Candidate.anonymised_at``. Refuses
    (ValidationError) a candidate under legal hold. ``reason``: "retention",
    "deletion request" and the like, audited.

    Records merged into this one are anonymised too (their rows may still hold
    old values). Idempotent: an anonymised candidate is returned unchanged and
    nothing is audited again. Stored files and cached values are removed after
    commit. One ``candidates.candidate.anonymise`` AuditEvent with the reason and
    the counts of rows cleared (never a value).
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at is not None:
        return candidate
    if candidate.legal_hold_at is not None:
        raise ValidationError(
            _("This candidate is under a legal hold: their data cannot be erased."), code="legal_hold"
        )
    now = timezone.now()
    counts = _one_anonymise(candidate, now=now)
    for merged in Candidate.objects.select_for_update().filter(merged_into=candidate, anonymised_at__isnull=True):
        _one_anonymise(merged, now=now)
    audit_record(
        action="candidates.candidate.anonymise", actor=actor, target=candidate, data={"reason": reason, **counts}
    )
    return candidate
