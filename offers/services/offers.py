"""Writes to offers: drafted for an active application, changed (a new
version once anyone has decided on the current one), submitted to the job's
approval chain, decided by each approver in turn, withdrawn. Every change is
made under the offer's row lock, audited and put on the candidate's
timeline; emails go through the outbox and notifications are in-app rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from core.models import AccessToken
from core.services import access_token_revoke_for, audit_record
from interviews.models import Application
from messaging.links import absolute_url
from messaging.messages import MESSAGES
from messaging.services import email_cancel, email_queue
from messaging.services.notifications import notification_create
from offers import messages
from offers.models import Offer, OfferApproval, OfferApprover, OfferVersion
from offers.selectors import current_approval
from offers.terms import terms_changed, terms_clean, version_terms

APPROVAL_REQUEST_TEMPLATE = "offer_approval_request"
APPROVED_TEMPLATE = "offer_approved"
APPROVAL_REJECTED_TEMPLATE = "offer_approval_rejected"


def offer_email_key_prefix(offer: Offer) -> str:
    """The idempotency-key prefix of every email about ``offer`` (approval
    requests and outcomes here, the letter in the letter's part): withdrawing
    the offer cancels those still queued."""
    return f"offer:{offer.pk}:"


def offer_path(offer: Offer) -> str:
    return reverse("offers:offer-detail", args=[offer.public_id])


def _locked(offer: Offer) -> Offer:
    """Re-read the offer under a row lock (a query without joins, as
    interviews' _locked explains), with what the services read."""
    Offer.objects.select_for_update().filter(pk=offer.pk).values_list("pk", flat=True).get()
    return Offer.objects.select_related(
        "application__candidate", "application__job__recruiter", "current_version", "created_by"
    ).get(pk=offer.pk)


def _job_title(offer: Offer) -> str:
    return offer.application.job.title


def _timeline(offer: Offer, actor: User | None, message_id: str, **params: Any) -> None:
    activity_record(
        candidate=offer.application.candidate,
        kind=Activity.Kind.APPLICATION,
        actor=actor,
        message=MESSAGES.message(message_id, job=_job_title(offer), **params),
        target=offer.application,
    )


def _new_version(offer: Offer, terms: dict[str, Any], actor: User | None) -> OfferVersion:
    number = (offer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = OfferVersion.objects.create(offer=offer, number=number, created_by=actor, **terms)
    offer.current_version = version
    return version


@transaction.atomic
def offer_create(*, application: Application, actor: User | None, **terms: Any) -> Offer:
    """Draft an offer for an active application: the Offer (draft) and its
    version 1 with ``terms`` (offers.terms.TERM_FIELDS, checked by
    terms_clean). Writes an Activity and an AuditEvent (no amounts).
    Raises ValidationError for a closed application, one that already has an
    open offer, or terms that do not pass."""
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk", flat=True).get()
    application = Application.objects.select_related("candidate", "job").get(pk=application.pk)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(_("Only an active application can get an offer."))
    if Offer.objects.filter(application=application, status__in=Offer.OPEN_STATUSES).exists():
        raise ValidationError(_("This application already has an open offer: change that one."))
    cleaned = terms_clean(terms)
    offer = Offer.objects.create(application=application, created_by=actor)
    _new_version(offer, cleaned, actor)
    offer.save(update_fields=["current_version", "updated_at"])
    _timeline(offer, actor, messages.OFFER_DRAFTED)
    audit_record(action="offers.offer.create", actor=actor, target=offer)
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, actor: User | None, **terms: Any) -> Offer:
    """Change an unsent offer's terms.

    A current version nobody has decided on is changed in place (its pending
    approvals, if submitted, stay: the first approver has not looked yet).
    Once any approver has decided, a change makes the next OfferVersion; an
    offer that was awaiting approval or approved then asks the chain again
    from the first approver (offer_submit's rows, notification and email),
    a draft stays a draft. Nothing changed: nothing written. Writes an
    Activity and an AuditEvent naming the changed fields (never values).
    Raises ValidationError for a sent or closed offer, or terms that do not
    pass."""
    offer = _locked(offer)
    if offer.status not in (Offer.Status.DRAFT, Offer.Status.AWAITING_APPROVAL, Offer.Status.APPROVED):
        raise ValidationError(_("A %(status)s offer cannot be changed.") % {"status": offer.get_status_display()})
    cleaned = terms_clean(terms)
    version = offer.current_version
    changed = terms_changed(version_terms(version), cleaned)
    if not changed:
        return offer
    # An approved offer was decided on, even by an empty chain: its terms change only as a new version.
    decided = (
        offer.status == Offer.Status.APPROVED
        or version.approvals.exclude(decision=OfferApproval.Decision.PENDING).exists()
    )
    if not decided:
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.save()
        offer.save(update_fields=["updated_at"])
        audit_record(action="offers.offer.update", actor=actor, target=offer, data={"fields": changed})
        _timeline(offer, actor, messages.OFFER_CHANGED, version=version.number)
        return offer
    was_submitted = offer.status != Offer.Status.DRAFT
    version = _new_version(offer, cleaned, actor)
    audit_record(
        action="offers.offer.revise",
        actor=actor,
        target=offer,
        data={"fields": changed, "version": version.number},
    )
    _timeline(offer, actor, messages.OFFER_CHANGED, version=version.number)
    if was_submitted:
        _ask_chain(offer, actor)
    else:
        offer.save(update_fields=["current_version", "updated_at"])
    return offer


def _chain(offer: Offer) -> list[User]:
    return [
        step.user
        for step in OfferApprover.objects.filter(job_id=offer.application.job_id, user__is_active=True)
        .select_related("user")
        .order_by("order")
    ]


def _ask_chain(offer: Offer, actor: User | None) -> bool:
    """Ask the job's chain to approve the current version: its OfferApproval
    rows in chain order, the first approver notified. True when there was a
    chain; with none the offer is approved at once."""
    approvers = _chain(offer)
    version = offer.current_version
    if not approvers:
        offer.status = Offer.Status.APPROVED
        offer.save(update_fields=["status", "current_version", "updated_at"])
        audit_record(action="offers.offer.approve", actor=actor, target=offer, data={"chain": "empty"})
        _timeline(offer, actor, messages.OFFER_APPROVED)
        return False
    OfferApproval.objects.bulk_create(
        OfferApproval(version=version, approver=user, order=order) for order, user in enumerate(approvers, 1)
    )
    offer.status = Offer.Status.AWAITING_APPROVAL
    offer.save(update_fields=["status", "current_version", "updated_at"])
    _ask(offer, version, approvers[0], order=1)
    return True


def _ask(offer: Offer, version: OfferVersion, approver: User, *, order: int) -> None:
    """Tell ``approver`` it is their turn: in the app and by email, without terms."""
    candidate = offer.application.candidate.full_name
    path = offer_path(offer)
    notification_create(
        recipient=approver,
        kind=messages.APPROVAL_KIND,
        message=MESSAGES.message(messages.APPROVAL_REQUESTED, candidate=candidate, job=_job_title(offer)),
        url=path,
    )
    email_queue(
        to=approver.email,
        idempotency_key=f"{offer_email_key_prefix(offer)}v{version.number}:approval:{order}",
        language=approver.language,
        template=APPROVAL_REQUEST_TEMPLATE,
        context={
            "recipient_name": approver.full_name,
            "candidate_name": candidate,
            "job_title": _job_title(offer),
            "version": version.number,
            "offer_url": absolute_url(path),
        },
        related=offer,
    )


@transaction.atomic
def offer_submit(*, offer: Offer, actor: User | None) -> Offer:
    """Send a draft offer to the job's approval chain (OfferApprover, in
    order): OfferApproval rows for the current version, the first approver
    notified in the app and by email. A version already decided on (sent
    back by a rejection) is copied to the next version first, so its
    approvals start again. With no chain the offer is approved at once
    (``offers.offer.approve`` audited with ``chain: empty``). Raises
    ValidationError unless the offer is a draft, or when its dates have
    passed since it was drafted."""
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise ValidationError(_("Only a draft offer can be sent for approval."))
    version = offer.current_version
    terms = terms_clean(version_terms(version))
    if version.approvals.exists():
        _new_version(offer, terms, actor)
    audit_record(
        action="offers.offer.submit", actor=actor, target=offer, data={"version": offer.current_version.number}
    )
    if _ask_chain(offer, actor):
        _timeline(offer, actor, messages.OFFER_SUBMITTED)
    return offer


@transaction.atomic
def offer_approval_decide(*, offer: Offer, actor: User, approve: bool, comment: str = "") -> OfferApproval:
    """The current approver's decision on the offer's current version.

    Locks the offer, so two decisions (or a decision and a change) run one
    after the other. Approving asks the next approver (notification and
    email); the last approval makes the offer APPROVED and tells its creator
    and the job's recruiter (in the app and by email). Rejecting (a comment
    required) sends the offer back to draft and tells them, with the
    comment. Writes the decision, an Activity and an AuditEvent. Raises
    PermissionDenied when it is not ``actor``'s turn, ValidationError when
    the offer is not awaiting approval or a rejection has no comment."""
    offer = _locked(offer)
    comment = comment.strip()
    if offer.status != Offer.Status.AWAITING_APPROVAL:
        raise ValidationError(_("This offer is not waiting for approval any more."))
    approval = current_approval(offer)
    if approval is None or approval.approver_id != actor.pk:
        raise PermissionDenied(_("It is not your turn to decide on this offer."))
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why you reject the offer: the recruiter reads it.")})
    approval.decision = OfferApproval.Decision.APPROVED if approve else OfferApproval.Decision.REJECTED
    approval.comment = comment
    approval.decided_at = timezone.now()
    approval.save(update_fields=["decision", "comment", "decided_at"])
    version = offer.current_version
    if not approve:
        offer.status = Offer.Status.DRAFT
        offer.save(update_fields=["status", "updated_at"])
        audit_record(action="offers.offerapproval.rejected", actor=actor, target=offer, data={"order": approval.order})
        _timeline(offer, actor, messages.OFFER_APPROVAL_REFUSED, name=actor.full_name, comment=comment)
        _tell_owners(offer, version, actor, approved=False, comment=comment)
        return approval
    audit_record(action="offers.offerapproval.approve", actor=actor, target=offer, data={"order": approval.order})
    _timeline(offer, actor, messages.OFFER_APPROVAL_GIVEN, name=actor.full_name)
    following = (
        OfferApproval.objects.filter(version=version, order__gt=approval.order).select_related("approver").first()
    )
    if following is not None:
        offer.save(update_fields=["updated_at"])
        _ask(offer, version, following.approver, order=following.order)
        return approval
    offer.status = Offer.Status.APPROVED
    offer.save(update_fields=["status", "updated_at"])
    audit_record(action="offers.offer.approve", actor=actor, target=offer, data={"version": version.number})
    _timeline(offer, actor, messages.OFFER_APPROVED)
    _tell_owners(offer, version, actor, approved=True)
    return approval


def _owners(offer: Offer) -> list[User]:
    """Who drafted the offer and the job's recruiter, each once."""
    people = [offer.created_by, offer.application.job.recruiter]
    seen: dict[int, User] = {}
    for person in people:
        if person is not None and person.is_active:
            seen.setdefault(person.pk, person)
    return list(seen.values())


def _tell_owners(offer: Offer, version: OfferVersion, actor: User, *, approved: bool, comment: str = "") -> None:
    candidate = offer.application.candidate.full_name
    path = offer_path(offer)
    for person in _owners(offer):
        if approved:
            message = MESSAGES.message(messages.OFFER_READY, candidate=candidate, job=_job_title(offer))
            kind, template, key = messages.APPROVED_KIND, APPROVED_TEMPLATE, "approved"
        else:
            message = MESSAGES.message(
                messages.OFFER_SENT_BACK,
                name=actor.full_name,
                candidate=candidate,
                job=_job_title(offer),
                comment=comment,
            )
            kind, template, key = messages.REJECTED_KIND, APPROVAL_REJECTED_TEMPLATE, "rejected"
        notification_create(recipient=person, kind=kind, message=message, url=path)
        email_queue(
            to=person.email,
            idempotency_key=f"{offer_email_key_prefix(offer)}v{version.number}:{key}:{person.pk}",
            language=person.language,
            template=template,
            context={
                "recipient_name": person.full_name,
                "approver_name": actor.full_name,
                "candidate_name": candidate,
                "job_title": _job_title(offer),
                "comment": comment,
                "offer_url": absolute_url(path),
            },
            related=offer,
        )


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: User | None, note: str = "") -> Offer:
    """Withdraw an open or sent offer: WITHDRAWN with the time and ``note``;
    the candidate's link revoked; every still-queued email about the offer
    (approval requests, the letter) cancelled. Writes an Activity and an
    AuditEvent. Raises ValidationError for an offer already answered,
    expired or withdrawn."""
    offer = _locked(offer)
    if offer.status not in Offer.OPEN_STATUSES:
        raise ValidationError(_("A %(status)s offer cannot be withdrawn.") % {"status": offer.get_status_display()})
    offer.status = Offer.Status.WITHDRAWN
    offer.withdrawn_at = timezone.now()
    offer.withdrawn_note = note.strip()[:300]
    offer.save(update_fields=["status", "withdrawn_at", "withdrawn_note", "updated_at"])
    access_token_revoke_for(target=offer, purpose=AccessToken.Purpose.OFFER)
    cancelled = email_cancel(key_prefix=offer_email_key_prefix(offer))
    audit_record(action="offers.offer.withdrawn", actor=actor, target=offer, data={"emails_cancelled": cancelled})
    _timeline(offer, actor, messages.OFFER_WITHDRAWN)
    return offer


# A rejection can be undone for a minute (interviews.services.REJECT_UNDO_WINDOW):
# the sweep leaves a just-closed application's offer alone a little longer.
CLOSED_GRACE = timedelta(minutes=2)


def offers_of_closed_applications_withdraw(*, application: Application | None = None, limit: int = 500) -> int:
    """Withdraw the open offers (draft to sent) whose application is no
    longer active: rejected, withdrawn or hired without the offer. Closing
    an application is interviews' business, which cannot see offers, so
    offers looks for them: the closing views call this for the application
    just closed, and the offers sweep for every application closed more
    than CLOSED_GRACE ago (a rejection may still be undone). Each offer is
    withdrawn by offer_withdraw in its own transaction (its link revoked,
    its queued emails cancelled); one answered meanwhile is skipped.
    Returns how many were withdrawn."""
    orphans = Offer.objects.filter(status__in=Offer.OPEN_STATUSES).exclude(
        application__status=Application.Status.ACTIVE
    )
    if application is not None:
        orphans = orphans.filter(application=application)
    else:
        orphans = orphans.filter(application__closed_at__lt=timezone.now() - CLOSED_GRACE)
    withdrawn = 0
    for offer in orphans.order_by("pk")[:limit]:
        try:
            with transaction.atomic():
                offer_withdraw(offer=offer, actor=None, note=_("The application was closed."))
        except ValidationError:
            continue
        withdrawn += 1
    return withdrawn


def offer_terms_read_record(*, user: User, offer: Offer, request: HttpRequest | None = None) -> None:
    """Audit one read of an offer's compensation terms, as every read of
    personal data and compensation is (DESIGN decision 2)."""
    audit_record(action="offers.offer.view", actor=user, target=offer, request=request)
