"""Bulk resume upload: many resumes (or zips of them) dropped on the
candidates page at once, each file an item processed by its own task."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel


class BulkUpload(TimeStampedModel):
    """One drop of resumes. The counters are moved by the item tasks with
    conditional updates (candidates.services.bulk); the upload is finished when
    every item is created, attached or refused. Visible to its creator and to
    administrators only."""

    class Status(models.TextChoices):
        PROCESSING = "processing", pgettext_lazy("bulk upload status", "processing")
        DONE = "done", pgettext_lazy("bulk upload status", "done")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROCESSING)
    total = models.PositiveIntegerField(_("files"), default=0)
    created = models.PositiveIntegerField(pgettext_lazy("files of a bulk upload", "created"), default=0)
    attached = models.PositiveIntegerField(pgettext_lazy("files of a bulk upload", "attached"), default=0)
    refused = models.PositiveIntegerField(pgettext_lazy("files of a bulk upload", "refused"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk upload")
        verbose_name_plural = _("bulk uploads")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A user's recent uploads, newest first, on the upload page.
            models.Index(fields=["created_by", "-created_at"], name="bulkupload_creator_idx"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def waiting(self) -> int:
        return max(0, self.total - self.created - self.attached - self.refused)


class BulkUploadItem(TimeStampedModel):
    """One file of a bulk upload (a zip's members are items of their own).
    The file's bytes are kept encrypted (core.files) until the item is
    processed, then deleted: the resume lives on as the candidate's Document."""

    # core.files: the stored file is ciphertext bound to (table, "file", public_id).
    ENCRYPTED_FILE_COLUMN = "file"

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("bulk upload file", "waiting")
        CREATED = "created", pgettext_lazy("bulk upload file", "new candidate")
        ATTACHED = "attached", pgettext_lazy("bulk upload file", "attached to a candidate")
        REFUSED = "refused", pgettext_lazy("bulk upload file", "refused")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    upload = models.ForeignKey(
        BulkUpload, verbose_name=_("bulk upload"), on_delete=models.CASCADE, related_name="items"
    )
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    # Why a file was refused: a code (a key of core.uploads.REASONS or of
    # candidates.services.bulk.REASONS) and the reason as the uploader read it.
    reason_code = models.CharField(_("reason code"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "candidates.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty once processed (the stored file is deleted then).
    storage_name = models.CharField(_("stored as"), max_length=255, blank=True, editable=False)
    file_key_version = models.PositiveSmallIntegerField(_("file key version"), null=True, editable=False)
    # Set by the task that claims the item; a claim older than the lease was
    # lost with its worker, and the sweep hands the item out again.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk upload file")
        verbose_name_plural = _("bulk upload files")
        ordering = ["id"]
        indexes = [
            # The progress table: an upload's files in the order they came.
            models.Index(fields=["upload", "id"], name="bulkuploaditem_upload_idx"),
            # The sweep: files still waiting, oldest first.
            models.Index(
                fields=["created_at"], condition=models.Q(status="waiting"), name="bulkuploaditem_waiting_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.filename
