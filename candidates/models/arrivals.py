"""What arrives about candidates from outside: the privacy notice they agree
to, values proposed for a known profile, the work history and education a
resume lists, and the skills vocabulary the resume parser recognises."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class PrivacyNotice(TimeStampedModel):
    """One version of the privacy notice that applicants read and consent
    under. The one in force is the latest whose ``in_force_from`` has passed
    (candidates.selectors.privacy_notice_in_force); each Consent names its
    version."""

    version = models.CharField(_("version"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (English)"), help_text=_("Markdown."))
    body_zh_hans = models.TextField(_("text (Chinese)"), blank=True, help_text=_("Markdown."))
    in_force_from = models.DateTimeField(_("in force from"))

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-in_force_from"]
        indexes = [
            # The notice in force: the newest already in force.
            models.Index(fields=["-in_force_from"], name="privacynotice_in_force_idx"),
        ]

    def __str__(self) -> str:
        return self.version


class ProposedUpdate(TimeStampedModel):
    """A value that arrived from outside for a field of a known candidate and
    differs from what the profile holds. It never overwrites the field: a
    person accepts it (the profile changes, with the origin in its history)
    or dismisses it (candidates.services.proposals)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")
        SUPERSEDED = "superseded", _("replaced by a newer value")

    class Origin(models.TextChoices):
        APPLICATION = "application", _("application form")
        MAILBOX = "mailbox", _("email")
        BULK_UPLOAD = "bulk_upload", _("bulk upload")
        RESUME = "resume", _("resume")
        PREFERENCE_CENTRE = "preference_centre", _("preference centre")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="proposed_updates",
    )
    field = models.CharField(_("field"), max_length=50)
    # Encrypted whatever the field: an email or phone must not sit here in plain text.
    value = EncryptedTextField(_("proposed value"))
    origin = models.CharField(_("from"), max_length=20, choices=Origin.choices)
    # What the origin was, without personal data: a job's title, a mailbox's name.
    origin_detail = models.CharField(_("details"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposed update")
        verbose_name_plural = _("proposed updates")
        ordering = ["field", "-created_at"]
        constraints = [
            # One value waits per field: a newer one supersedes it.
            models.UniqueConstraint(
                fields=["candidate", "field"],
                condition=models.Q(status="pending"),
                name="proposedupdate_one_pending_per_field",
            ),
        ]

    def __str__(self) -> str:
        return self.field


class Experience(TimeStampedModel):
    """One entry of a candidate's work history."""

    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="experiences"
    )
    company = models.CharField(_("company"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Month precision: the first of the month.
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Written by the resume parser and not yet confirmed by a person.
    from_resume = models.BooleanField(_("from resume"), default=False)

    class Meta:
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history")
        ordering = ["candidate", "order", "-start"]
        indexes = [models.Index(fields=["candidate", "order"], name="experience_candidate_idx")]

    def __str__(self) -> str:
        return f"{self.title} · {self.company}"


class Education(TimeStampedModel):
    """One entry of a candidate's education."""

    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="educations"
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    degree = models.CharField(_("degree"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=200, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    from_resume = models.BooleanField(_("from resume"), default=False)

    class Meta:
        verbose_name = _("education entry")
        verbose_name_plural = _("education")
        ordering = ["candidate", "order", "-start"]
        indexes = [models.Index(fields=["candidate", "order"], name="education_candidate_idx")]

    def __str__(self) -> str:
        return f"{self.school} · {self.degree}"


class SkillTerm(TimeStampedModel):
    """A skill the resume parser recognises, with the other ways it is
    written (``aliases``: "JS" for JavaScript, "机器学习" for Machine learning).
    The team extends the vocabulary in Settings."""

    name = models.CharField(_("skill"), max_length=100)
    aliases = ArrayField(models.CharField(max_length=100), verbose_name=_("also written as"), default=list, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills vocabulary")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skillterm_name_ci_uniq")]

    def __str__(self) -> str:
        return self.name
