"""Writes of the offer letter: its templates, sending an approved offer to the
candidate, the candidate's answer through the link, and the expiry sweep.

Lock order, everywhere: the offer row first, then its link's row. The answer
and the expiry sweep both take the offer's row first, so an accept racing a
decline or the sweep ends with exactly one outcome and no deadlock.
"""

from __future__ import annotations

import importlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from core.links import absolute_url
from core.models import AccessToken
from core.services import TokenInvalid, access_token_issue, access_token_revoke_for, audit_record
from interviews.models import Application
from messaging.messages import MESSAGES
from messaging.senders import sender_headers
from messaging.services import email_queue, notification_create
from offers import letters
from offers import messages as msg
from offers.letter_selectors import default_letter_template, offer_token_row
from offers.models import Offer, OfferLetterTemplate
from offers.services.offers import offer_email_key_prefix
from placements.services import application_hire_record

OFFER = AccessToken.Purpose.OFFER
# The link keeps opening this long after the offer expires, so the candidate
# reads that it expired and whom to contact instead of "not valid".
LINK_GRACE = timedelta(days=30)
ANSWERED = (Offer.Status.ACCEPTED, Offer.Status.DECLINED)


# --- Letter templates ---------------------------------------------------------------


@transaction.atomic
def letter_template_save(
    *,
    actor: User | None,
    name: str,
    language: str,
    subject: str,
    body: str,
    template: OfferLetterTemplate | None = None,
    request: HttpRequest | None = None,
) -> OfferLetterTemplate:
    """Create a letter template, or change ``template``; audited as
    ``offers.offerlettertemplate.create``/``update``. Raises ValidationError
    naming unknown merge fields, compensation in the subject (the subject is
    kept in the outbox as written), or a live template of that name and language."""
    unknown = letters.unknown_fields(f"{subject} {body}")
    errors = {}
    if unknown:
        errors["body"] = _("Unknown merge fields: %(fields)s. Use only the fields listed beside the form.") % {
            "fields": ", ".join(unknown)
        }
    if money := letters.subject_compensation_fields(subject):
        errors["subject"] = _("The subject cannot hold the terms (%(fields)s): put them in the letter.") % {
            "fields": ", ".join(money)
        }
    if errors:
        raise ValidationError(errors)
    adding = template is None
    template = template or OfferLetterTemplate()
    template.name, template.language, template.subject, template.body = name.strip(), language, subject, body
    taken = OfferLetterTemplate.objects.filter(name=template.name, language=language, archived_at__isnull=True)
    if taken.exclude(pk=template.pk).exists():
        raise ValidationError({"name": _("A letter template with this name already exists in this language.")})
    template.full_clean()
    template.save()
    verb = "create" if adding else "update"
    audit_record(action=f"offers.offerlettertemplate.{verb}", actor=actor, target=template, request=request)
    return template


@transaction.atomic
def letter_template_archive(
    *, actor: User | None, template: OfferLetterTemplate, request: HttpRequest | None = None
) -> OfferLetterTemplate:
    """Archive a letter template: it stays on the offers sent with it and is
    offered no more. Audited as ``offers.offerlettertemplate.archive``.
    Archiving an archived template changes nothing."""
    template = OfferLetterTemplate.objects.select_for_update().get(pk=template.pk)
    if template.archived_at is None:
        template.archived_at = timezone.now()
        template.save(update_fields=["archived_at", "updated_at"])
        audit_record(action="offers.offerlettertemplate.archive", actor=actor, target=template, request=request)
    return template


# --- Sending --------------------------------------------------------------------------


def offer_expiry_time(offer: Offer) -> datetime:
    """The end of the offer's expiry date in the candidate's time zone."""
    candidate = offer.application.candidate
    day = offer.current_version.expires_on + timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(candidate.time_zone))


def offer_send_refusal(offer: Offer) -> str:
    """Why ``offer`` cannot be sent now, or "" when it can."""
    candidate = offer.application.candidate
    if offer.status != Offer.Status.APPROVED:
        if offer.status in (Offer.Status.DRAFT, Offer.Status.AWAITING_APPROVAL):
            return _("The offer can be sent once every approver has approved it.")
        return _("This offer is %(status)s and cannot be sent again.") % {"status": offer.get_status_display()}
    if offer.current_version is None or offer.current_version.expires_on is None:
        return _("Give the offer an expiry date before sending it.")
    if offer.current_version.expires_on < timezone.now().astimezone(ZoneInfo(candidate.time_zone)).date():
        return _("The offer's expiry date has passed: change it before sending.")
    if not candidate.email:
        return _("The candidate has no email address.")
    if candidate.contact_opt_out_at is not None:
        return _("The candidate asked not to be contacted.")
    if offer.application.status != Application.Status.ACTIVE:
        return _("The application is closed.")
    return ""


def _locked(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__job__client", "application__job__recruiter")
        .select_related("application__stage", "current_version")
        .get(pk=offer.pk)
    )


@transaction.atomic
def offer_send(
    *,
    offer: Offer,
    actor: User | None,
    template: OfferLetterTemplate | None = None,
    request: HttpRequest | None = None,
) -> tuple[Offer, str]:
    """Send an approved offer to the candidate; returns ``(offer, token)``.

    Under the offer's row lock: issues the ``offer`` link (valid until the
    expiry plus LINK_GRACE, so a late visit reads "expired"), queues the
    email in the candidate's language through the outbox (one per offer
    version: the key is the version's), sets status SENT, sent_at,
    expires_at (the end of the expiry date in the candidate's time zone),
    language and letter template. Writes an ``email`` Activity and an
    ``offers.offer.send`` AuditEvent. Raises ValidationError when the offer
    is not approved, has no future expiry date, or the candidate cannot be
    written to; nothing is written then.

    Not a sensitive action (accounts.sessions): it exports nothing to the
    user who sends it; the terms go to the candidate they were approved for,
    behind a link only the candidate receives, and the send is audited."""
    offer = _locked(offer)
    if refusal := offer_send_refusal(offer):
        raise ValidationError(refusal, code="not_sendable")
    template = template or default_letter_template(offer)
    if template is None or template.archived_at is not None:
        raise ValidationError(_("Choose a letter template."), code="no_template")
    application, candidate = offer.application, offer.application.candidate
    now = timezone.now()
    expires_at = offer_expiry_time(offer)
    access_token_revoke_for(target=offer, purpose=OFFER)
    token, _row = access_token_issue(purpose=OFFER, target=offer, valid_for=expires_at - now + LINK_GRACE)
    letter = letters.letter_text(template, offer)
    recruiter = application.job.recruiter
    email_queue(
        to=candidate.email,
        idempotency_key=f"{offer_email_key_prefix(offer)}v{offer.current_version.number}:letter",
        language=candidate.language,
        template="offer_letter",
        context={
            # Names and dates only: the terms stay encrypted, in the letter behind the link.
            "subject": letter["subject"],
            "candidate_name": candidate.full_name,
            "job_title": application.job.title,
            "client_name": application.job.client.name,
            "link": absolute_url(reverse("offers:candidate-offer", args=[token]), request),
            "expires": letters.letter_values(offer, candidate.language)["expiry_date"],
            "recruiter_name": recruiter.full_name if recruiter else "",
            "recruiter_email": recruiter.email if recruiter else "",
        },
        related=offer,
        candidate_ref=candidate.public_id,
        **sender_headers(job=application.job, reply_to=recruiter.email if recruiter else ""),
    )
    offer.status = Offer.Status.SENT
    offer.sent_at = now
    offer.expires_at = expires_at
    offer.language = candidate.language
    offer.letter_template = template
    offer.save(update_fields=["status", "sent_at", "expires_at", "language", "letter_template", "updated_at"])
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.EMAIL,
        actor=actor,
        message=MESSAGES.message(msg.OFFER_SENT, job=application.job.title),
        target=offer,
    )
    audit_record(action="offers.offer.send", actor=actor, target=offer, request=request)
    return offer, token


# --- The candidate's answer ------------------------------------------------------------


def answered_message(offer: Offer) -> str:
    """What a second answer is told: the answer already given."""
    if offer.status == Offer.Status.ACCEPTED:
        return _("You have already accepted this offer.")
    if offer.status == Offer.Status.DECLINED:
        return _("You have already declined this offer.")
    if offer.status == Offer.Status.EXPIRED:
        return _("This offer has expired.")
    if offer.status == Offer.Status.WITHDRAWN:
        return _("This offer has been withdrawn.")
    return _("This link is not valid.")


def _answerable(token: str) -> Offer:
    """The offer a live link opens, locked (offer, then link); raises
    TokenInvalid or ValidationError (code ``answered``, ``expired``,
    ``withdrawn``) saying why it cannot be answered."""
    row = offer_token_row(token)
    if row is None or row.target_type.model_class() is not Offer:
        raise TokenInvalid(_("This link is not valid."), code="unknown")
    offer = _locked(Offer(pk=row.target_id))
    if offer.status != Offer.Status.SENT:
        code = {"accepted": "answered", "declined": "answered"}.get(offer.status, offer.status)
        raise ValidationError(answered_message(offer), code=code)
    if offer.expires_at is not None and offer.expires_at <= timezone.now():
        raise ValidationError(_("This offer has expired."), code="expired")
    # Raises for a revoked or used link; marks it used in this transaction.
    row = AccessToken.objects.select_for_update().get(pk=row.pk)
    if row.revoked_at is not None:
        raise ValidationError(_("This offer has been withdrawn."), code="withdrawn")
    if row.used_at is not None:
        raise ValidationError(answered_message(offer), code="answered")
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return offer


def _notify_recruiter(offer: Offer, message) -> None:
    recruiter = offer.application.job.recruiter
    url = reverse("candidates:candidate-detail", args=[offer.application.candidate.public_id])
    for user in {recruiter, offer.created_by} - {None}:
        notification_create(recipient=user, kind="offer_answer", message=message, url=url)


@transaction.atomic
def offer_accept(*, token: str, request: HttpRequest | None = None) -> Offer:
    """The candidate accepts through their link, in one transaction under the
    offer's and the link's row locks: the offer ACCEPTED with answered_at,
    the link used, the application hired through
    placements.services.application_hire_record (a placement for an agency
    job, its fee on the first-year base), the recruiters of the candidate's
    other active applications told to close them, the offer's recruiter
    told. Writes an ``application`` Activity and an ``offers.offer.accept``
    AuditEvent. Raises TokenInvalid or ValidationError (already answered,
    expired, withdrawn, the application closed); nothing is written then."""
    offer = _answerable(token)
    application, version = offer.application, offer.current_version
    offer.status = Offer.Status.ACCEPTED
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    application_hire_record(
        application=application,
        actor=None,
        first_year_base=letters.first_year_base(version),
        currency=version.currency,
    )
    candidate, job = application.candidate, application.job
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.APPLICATION,
        actor=None,
        message=MESSAGES.message(msg.OFFER_ACCEPTED, job=job.title),
        target=offer,
    )
    _notify_recruiter(offer, MESSAGES.message(msg.ACCEPTED_NOTICE, name=candidate.full_name, job=job.title))
    others = (
        Application.objects.filter(candidate=candidate, status=Application.Status.ACTIVE)
        .exclude(pk=application.pk)
        .select_related("job__recruiter")
    )
    url = reverse("candidates:candidate-detail", args=[candidate.public_id])
    for other in others:
        if other.job.recruiter is not None:
            notice = MESSAGES.message(
                msg.CLOSE_OTHERS_NOTICE, name=candidate.full_name, job=job.title, other=other.job.title
            )
            notification_create(recipient=other.job.recruiter, kind="offer_answer", message=notice, url=url)
    audit_record(action="offers.offer.accept", actor=None, target=offer, request=request)
    return offer


@transaction.atomic
def offer_decline(*, token: str, reason: str, note: str = "", request: HttpRequest | None = None) -> Offer:
    """The candidate declines through their link, under the offer's and the
    link's row locks: DECLINED with ``reason`` (Offer.DeclineReason) and
    ``note``, answered_at, the link used, the recruiter told. Writes an
    ``application`` Activity and an ``offers.offer.decline`` AuditEvent. The
    application stays as it is: the recruiter decides what comes next.
    Raises TokenInvalid or ValidationError as offer_accept, or for an unknown reason."""
    if reason not in Offer.DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    offer = _answerable(token)
    offer.status = Offer.Status.DECLINED
    offer.answered_at = timezone.now()
    offer.decline_reason, offer.decline_note = reason, note.strip()
    offer.save(update_fields=["status", "answered_at", "decline_reason", "decline_note", "updated_at"])
    candidate, job = offer.application.candidate, offer.application.job
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.APPLICATION,
        actor=None,
        message=MESSAGES.message(msg.OFFER_DECLINED, job=job.title, reason=reason),
        target=offer,
    )
    _notify_recruiter(
        offer, MESSAGES.message(msg.DECLINED_NOTICE, name=candidate.full_name, job=job.title, reason=reason)
    )
    audit_record(action="offers.offer.decline", actor=None, target=offer, request=request)
    return offer


# --- Expiry ---------------------------------------------------------------------------------


def offer_expiry_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Expire the sent offers whose expiry has passed; returns how many.

    Selects by the partial index on expires_at (status SENT), then claims
    each in its own transaction with a conditional UPDATE (still SENT): an
    answer that took the offer's row first wins and the sweep skips it, and
    overlapping sweeps expire each offer once. A claimed offer's link is
    revoked (it then opens the "expired" page), the recruiter told, an
    ``application`` Activity and an ``offers.offer.expire`` AuditEvent written."""
    now = now or timezone.now()
    due = list(
        Offer.objects.filter(status=Offer.Status.SENT, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            claimed = Offer.objects.filter(pk=pk, status=Offer.Status.SENT, expires_at__lte=now).update(
                status=Offer.Status.EXPIRED, updated_at=timezone.now()
            )
            if not claimed:
                continue
            offer = Offer.objects.select_related(
                "application__candidate", "application__job__recruiter", "created_by"
            ).get(pk=pk)
            access_token_revoke_for(target=offer, purpose=OFFER)
            candidate, job = offer.application.candidate, offer.application.job
            activity_record(
                candidate=candidate,
                kind=Activity.Kind.APPLICATION,
                actor=None,
                message=MESSAGES.message(msg.OFFER_EXPIRED, job=job.title),
                target=offer,
            )
            _notify_recruiter(offer, MESSAGES.message(msg.EXPIRED_NOTICE, name=candidate.full_name, job=job.title))
            audit_record(action="offers.offer.expire", actor=None, target=offer)
            expired += 1
    return expired


def default_letters_ensure(*, apps=None, using: str = "default", **_signal) -> None:
    """Give each language with no letter template at all (archived ones
    count) the default letter of the migration that introduced letters; a
    language whose letters administrators made or archived is left alone.
    Connected to ``post_migrate``, like the closing reasons: a flushed
    database gets its default letters back, so an offer can always be sent."""
    defaults = importlib.import_module("offers.migrations.0002_seed_default_offer_letters")
    try:
        model = apps.get_model("offers", "OfferLetterTemplate") if apps is not None else OfferLetterTemplate
    except LookupError:
        return
    for language, name in defaults.NAME.items():
        if model.objects.using(using).filter(language=language).exists():
            continue
        model.objects.using(using).create(
            name=name, language=language, subject=defaults.SUBJECT[language], body=defaults.BODY[language]
        )
