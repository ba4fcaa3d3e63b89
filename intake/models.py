"""Candidates arriving by mail: connected IMAP mailboxes and the intake inbox."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.languages import for_reader
from core.models import TimeStampedModel


class Mailbox(TimeStampedModel):
    """An IMAP mailbox a recruiter connected: swept by UID (intake.services.mailbox_sweep)."""

    class Security(models.TextChoices):
        SSL = "ssl", _("SSL/TLS")
        STARTTLS = "starttls", _("STARTTLS")
        # Only for a server on this machine (a test server, a local relay): a
        # password is never sent in the clear over a network.
        NONE = "none", _("none (this machine only)")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(_("security"), max_length=10, choices=Security.choices, default=Security.SSL)
    username = models.CharField(_("user name"), max_length=255)
    password = EncryptedTextField(_("password"))
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    default_job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("default job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(_("last seen UID"), default=0, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class IntakeMessage(TimeStampedModel):
    """One message taken from a mailbox, once: the row is inserted before the
    message is handled, and (mailbox, uidvalidity, uid) is unique, so of two
    overlapping sweeps only the one whose insert won handles it."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("being handled")
        CONVERTED = "converted", _("converted")
        WAITING = "waiting", _("waiting")
        DISMISSED = "dismissed", _("dismissed")

    class Reason(models.TextChoices):
        NO_ATTACHMENT = "no_attachment", _("no attachment")
        REFUSED = "refused", _("attachment refused")
        NOT_RESUME = "not_resume", _("no resume among the attachments")
        TOO_LARGE = "too_large", _("message too large")
        NO_SENDER = "no_sender", _("no usable sender address")
        FAILED = "failed", _("could not be handled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mailbox = models.ForeignKey(Mailbox, verbose_name=_("mailbox"), on_delete=models.CASCADE, related_name="messages")
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"))
    uid = models.BigIntegerField(_("UID"))
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sender_name = models.CharField(_("sender name"), max_length=255, blank=True)
    sender_address = EncryptedTextField(_("sender address"))
    sender_index = models.BinaryField(_("sender blind index"), max_length=32, null=True, editable=False)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = EncryptedTextField(_("body"))
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROCESSING)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    # The reason in words, in each language (core.languages): the sweep writes
    # it, a reader in either language reads it.
    reason_texts = models.JSONField(_("reason in words"), default=dict, blank=True)
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
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

    class Meta:
        verbose_name = _("intake message")
        verbose_name_plural = _("intake messages")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "uidvalidity", "uid"], name="intake_message_once"),
        ]
        indexes = [
            # The intake inbox: waiting messages, newest first.
            models.Index(fields=["status", "-received_at"], name="intake_message_status_idx"),
            # A changed UIDVALIDITY: was this Message-ID already taken from the mailbox?
            models.Index(fields=["mailbox", "message_id"], name="intake_message_msgid_idx"),
        ]

    def __str__(self) -> str:
        return self.subject or str(self.public_id)

    @property
    def reason_text(self) -> str:
        """Why the message waits, in the reader's language."""
        return for_reader(self.reason_texts)

    reason_text.fget.short_description = _("reason in words")


class IntakeAttachment(TimeStampedModel):
    """An attachment of a waiting message, kept encrypted (core.files) so a
    person can turn it into a candidate's document later."""

    # core.files: the stored file is ciphertext bound to (table, "file", public_id).
    ENCRYPTED_FILE_COLUMN = "file"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(
        IntakeMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    # Why this file cannot become a resume as it is, in each language
    # (core.languages); empty when it can.
    refusal_texts = models.JSONField(_("refused because"), default=dict, blank=True)
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False, blank=True)
    file_key_version = models.PositiveSmallIntegerField(_("file key version"), editable=False, null=True)

    class Meta:
        verbose_name = _("intake attachment")
        verbose_name_plural = _("intake attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def refused(self) -> str:
        """Why the file cannot become a resume, in the reader's language ("" when it can)."""
        return for_reader(self.refusal_texts)

    refused.fget.short_description = _("refused because")
