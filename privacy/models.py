"""Candidates' rights: their requests (access, correction, deletion).

Consent itself, and the question "may we do X with this candidate?", live in
candidates (low enough for every service that sends or shares to ask); this
app, near the top, holds what acts on whole people: the preference centre,
retention and the requests.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class PrivacyRequest(TimeStampedModel):
    """A candidate's request about their data, from the preference centre or
    entered by the team; ``due_at`` is the legal clock's deadline."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("a copy of their data")
        CORRECTION = "correction", _("a correction")
        DELETION = "deletion", _("deletion")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting a second person")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    class Channel(models.TextChoices):
        PREFERENCE_CENTRE = "preference_centre", _("preference centre")
        STAFF = "staff", _("entered by the team")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="privacy_requests",
    )
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.OPEN)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    # What the candidate wrote (a correction's details); personal: cleared on anonymisation.
    details = models.TextField(_("details"), blank=True)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("due"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A deletion runs only after a second person confirms it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # An access request's archive: when it was built, and when (and by whom)
    # it was downloaded, its one download (the file is gone after it).
    archive_built_at = models.DateTimeField(_("archive built"), null=True, blank=True)
    archive_downloaded_at = models.DateTimeField(_("archive downloaded"), null=True, blank=True)
    archive_downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archive downloaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["due_at", "id"]
        indexes = [
            # The queue: open requests by due date.
            models.Index(fields=["status", "due_at"], name="privacy_request_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED)


class AccessArchive(models.Model):
    """The zip of everything about a person, built for an access request and
    stored encrypted (core.files) until its one download deletes the row and
    the file."""

    # core.files: the stored file is ciphertext bound to (table, "archive", public_id).
    ENCRYPTED_FILE_COLUMN = "archive"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        PrivacyRequest, verbose_name=_("privacy request"), on_delete=models.CASCADE, related_name="archive"
    )
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False)
    file_key_version = models.PositiveSmallIntegerField(_("file key version"), editable=False)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("access archive")
        verbose_name_plural = _("access archives")

    def __str__(self) -> str:
        return str(self.public_id)


class RetentionPolicy(TimeStampedModel):
    """How long we keep a kind of candidate. The daily sweep
    (privacy.services.retention) asks such a candidate to renew their consent
    ``renewal_days`` before their date, then anonymises them on it.
    Administrators edit policies in Django admin."""

    class Rule(models.TextChoices):
        REJECTED_WITHOUT_POOL_CONSENT = (
            "rejected_without_pool_consent",
            _("no open application and no talent-pool consent: months after their last application closed"),
        )
        POOL_CONSENT_WITHDRAWN = (
            "pool_consent_withdrawn",
            _("talent-pool consent withdrawn and not given again: months after the withdrawal"),
        )
        NO_APPLICATION = (
            "no_application",
            _("never applied and no talent-pool consent: months after the profile was created"),
        )

    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=40, choices=Rule.choices)
    months = models.PositiveSmallIntegerField(_("months kept"))
    renewal_days = models.PositiveSmallIntegerField(
        _("ask to renew consent this many days before"),
        default=30,
        help_text=_("0: do not ask, anonymise on the date."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["rule", "months", "id"]

    def __str__(self) -> str:
        return self.name


class RetentionRenewal(models.Model):
    """A renewal request sent to a candidate for one date of one policy: the
    unique row is the sweep's claim, so the email goes once however often or
    concurrently the sweep runs."""

    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="retention_renewals",
    )
    policy = models.ForeignKey(
        RetentionPolicy, verbose_name=_("retention policy"), on_delete=models.CASCADE, related_name="renewals"
    )
    deadline = models.DateTimeField(_("anonymised on"))
    asked_at = models.DateTimeField(_("asked"))

    class Meta:
        verbose_name = _("retention renewal request")
        verbose_name_plural = _("retention renewal requests")
        ordering = ["-asked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "policy", "deadline"], name="retention_renewal_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} ({self.deadline:%Y-%m-%d})"
