"""Offers: the terms a candidate is offered for one application, versioned;
the job's approval chain and each version's approvals; the letter templates
the candidate reads. Terms follow the compensation rule of accounts.roles:
roles without ``compensation`` never see them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class Offer(TimeStampedModel):
    """An offer for one application. Its terms are its versions
    (OfferVersion); ``current_version`` is the one being approved, sent or
    answered. Changed only by offers.services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
        APPROVED = "approved", _("approved")
        # With a context: the bare "sent" is also the "sent" date column's label ("发送时间").
        SENT = "sent", pgettext_lazy("offer status", "sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        COMPENSATION = "compensation", _("compensation")
        OTHER_OFFER = "other_offer", _("accepted another offer")
        ROLE = "role", _("the role or the team")
        LOCATION = "location", _("location or remote work")
        START_DATE = "start_date", _("start date")
        PERSONAL = "personal", _("personal reasons")
        OTHER = "other", _("other")

    # An application has at most one offer in these states at a time.
    OPEN_STATUSES = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.SENT)

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "interviews.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="offers"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "OfferVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The letter's template and the language it was sent in (the candidate's).
    letter_template = models.ForeignKey(
        "OfferLetterTemplate",
        verbose_name=_("letter template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The end of the expiry date in the candidate's time zone, set when sent;
    # the expiry sweep selects on it.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(_("decline reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(_("decline note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status__in=["draft", "awaiting_approval", "approved", "sent"]),
                name="offer_one_open_per_application_uniq",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="offer_decline_has_reason",
            ),
        ]
        indexes = [
            # The expiry sweep: sent offers by their expiry time.
            models.Index(fields=["expires_at"], condition=models.Q(status="sent"), name="offer_expiry_idx"),
            # Reports: offers by status over time.
            models.Index(fields=["status", "sent_at"], name="offer_status_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Offer')} · {self.application}"


class OfferVersion(models.Model):
    """One version of an offer's terms. A version with any approval decision
    is never edited: changing a term makes the next version, whose approvals
    start again. Money and other terms are encrypted (DESIGN decision 2)."""

    class PayPeriod(models.TextChoices):
        YEAR = "year", _("per year")
        MONTH = "month", _("per month")
        DAY = "day", _("per day")
        HOUR = "hour", _("per hour")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    # A decimal amount as text, e.g. "450000.00".
    base_salary = EncryptedTextField(_("base salary"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    pay_period = models.CharField(_("pay period"), max_length=10, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    # How many pay periods a year (e.g. 13 or 14 months in China); first-year base = base × this.
    periods_per_year = models.PositiveSmallIntegerField(_("pay periods a year"), default=1)
    bonus = EncryptedTextField(_("bonus"))
    equity = EncryptedTextField(_("equity"))
    other_terms = EncryptedTextField(_("other terms"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    work_location = models.CharField(_("work location"), max_length=200, blank=True)
    expires_on = models.DateField(_("offer expires on"), null=True, blank=True)
    # For the team, never shown to the candidate.
    note = models.TextField(_("internal note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    COMPENSATION_FIELDS = ("base_salary", "bonus", "equity", "other_terms")

    class Meta:
        verbose_name = _("offer version")
        verbose_name_plural = _("offer versions")
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="offerversion_offer_number_uniq")]

    def __str__(self) -> str:
        return f"{self.offer} v{self.number}"


class OfferApprover(models.Model):
    """One step of a job's offer approval chain: a team member or an
    administrator, in order."""

    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="offer_approvers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("offer approver")
        verbose_name_plural = _("offer approvers")
        ordering = ["job", "order"]
        constraints = [
            # Deferred so a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["job", "order"], name="offerapprover_job_order_uniq", deferrable=models.Deferrable.DEFERRED
            ),
            models.UniqueConstraint(fields=["job", "user"], name="offerapprover_job_user_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.order}: {self.user}"


class OfferApproval(models.Model):
    """One approver's decision on one offer version, asked in chain order."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    version = models.ForeignKey(
        OfferVersion, verbose_name=_("offer version"), on_delete=models.CASCADE, related_name="approvals"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.CASCADE, related_name="offer_approvals"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer approval")
        verbose_name_plural = _("offer approvals")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="offerapproval_version_order_uniq"),
            models.UniqueConstraint(fields=["version", "approver"], name="offerapproval_version_approver_uniq"),
            models.CheckConstraint(
                condition=models.Q(decision="pending", decided_at__isnull=True)
                | (~models.Q(decision="pending") & models.Q(decided_at__isnull=False)),
                name="offerapproval_decided_iff_not_pending",
            ),
        ]
        indexes = [
            # "Waiting for my approval": an approver's pending decisions.
            models.Index(fields=["approver", "decision"], name="offerapproval_approver_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.order}: {self.get_decision_display()}"


class OfferLetterTemplate(TimeStampedModel):
    """The letter an offer is sent with, in one language: text with merge
    fields (messaging.merge_fields plus the offer's terms). Archived, never
    deleted, once an offer used it."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("email subject"), max_length=200)
    body = models.TextField(_("letter"))
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer letter template")
        verbose_name_plural = _("offer letter templates")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language"],
                condition=models.Q(archived_at__isnull=True),
                name="offerlettertemplate_name_language_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
