import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class FeeType(models.TextChoices):
    """How an agency's fee for a placement is reckoned (the client's terms, and
    each placement's own copy of them in placements)."""

    PERCENTAGE = "percentage", _("percentage of first-year base")
    FLAT = "flat", _("flat fee")


class Client(TimeStampedModel):
    """A company the agency recruits for; an in-house team is its own client.

    A guardian grant on a Client covers all its Jobs (jobs.selectors).
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    is_internal = models.BooleanField(
        _("in-house team"), default=False, help_text=_("The agency's or company's own hiring.")
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who candidate mail about this client's jobs comes from (messaging.senders.sender_for);
    # empty means the job's own, else the site's DEFAULT_FROM_EMAIL.
    sender_name = models.CharField(_("sender name"), max_length=120, blank=True)
    sender_email = models.EmailField(_("sender email"), blank=True)
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    # The fee agreement with this client: each placement starts from these terms
    # (placements.services.application_hire_record) and may then be changed.
    # Fee information: only administrators and recruiters see it.
    fee_type = models.CharField(_("fee type"), max_length=20, choices=FeeType.choices, default=FeeType.PERCENTAGE)
    fee_rate = models.DecimalField(
        _("fee rate"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(0)],
        help_text=_("The percentage of the first-year base, or the amount of a flat fee."),
    )
    fee_currency = models.CharField(_("fee currency"), max_length=3, default="CNY")
    guarantee_days = models.PositiveSmallIntegerField(
        _("guarantee period (days)"), default=90, validators=[MaxValueValidator(3650)]
    )

    FeeType = FeeType

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    """A person at a client. One may have a login (``user``) as hiring manager."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = EncryptedTextField(_("email"))
    phone = EncryptedTextField(_("phone"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["client", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Job(TimeStampedModel):
    """An opening at a client. Its stages are copied from an interview plan
    template at creation (interviews.services.job_create) and edited freely."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        ON_HOLD = "on_hold", _("on hold")
        FILLED = "filled", _("filled")
        CLOSED = "closed", _("closed")

    class SurveyTiming(models.TextChoices):
        NEVER = "never", _("never")
        AFTER_STAGE = "after_stage", _("after each interview stage")
        AT_END = "at_end", _("at the end of the process")

    class FutureInterviewsOnClose(models.TextChoices):
        CANCEL = "cancel", _("cancel them")
        ASK = "ask", _("ask first")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    headcount = models.PositiveSmallIntegerField(_("openings"), default=1)
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recruiter"), on_delete=models.PROTECT, related_name="recruited_jobs"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="JobMember", verbose_name=_("team"), related_name="team_jobs"
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Candidates may move their own interview up to this many hours before it.
    reschedule_cutoff_hours = models.PositiveSmallIntegerField(_("reschedule cut-off (hours)"), default=24)
    # What rejecting or withdrawing an application does to its interviews still ahead.
    future_interviews_on_close = models.CharField(
        _("interviews still ahead when an application closes"),
        max_length=10,
        choices=FutureInterviewsOnClose.choices,
        default=FutureInterviewsOnClose.CANCEL,
    )
    survey_timing = models.CharField(
        _("candidate feedback survey"), max_length=20, choices=SurveyTiming.choices, default=SurveyTiming.AT_END
    )
    # Overrides the client's sender identity for this job's candidate mail when set.
    sender_name = models.CharField(_("sender name"), max_length=120, blank=True)
    sender_email = models.EmailField(_("sender email"), blank=True)
    reply_to = models.EmailField(_("reply-to address"), blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True)
                | models.Q(opened_at__isnull=False, closed_at__gte=models.F("opened_at")),
                name="job_closed_after_opened",
            ),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="job_headcount_positive"),
        ]
        indexes = [
            # Job lists filtered by status within a client.
            models.Index(fields=["client", "status"], name="job_client_status_idx"),
            # "My jobs" for a recruiter.
            models.Index(fields=["recruiter", "status"], name="job_recruiter_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.client}"


class JobMember(models.Model):
    """A user on a job's team; membership grants access to the job."""

    class JobRole(models.TextChoices):
        RECRUITER = "recruiter", _("recruiter")
        COORDINATOR = "coordinator", _("coordinator")
        HIRING_MANAGER = "hiring_manager", _("hiring manager")

    job = models.ForeignKey(Job, verbose_name=_("job"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="job_memberships"
    )
    job_role = models.CharField(_("role on the job"), max_length=20, choices=JobRole.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("job team member")
        verbose_name_plural = _("job team members")
        constraints = [models.UniqueConstraint(fields=["job", "user"], name="jobmember_job_user_uniq")]
        indexes = [
            # "Which jobs is this user on" for access checks.
            models.Index(fields=["user", "job"], name="jobmember_user_job_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_job_role_display()}"


# Guardian's direct-foreign-key permission tables: object grants are joined on a
# real foreign key instead of a generic (content type, text id) pair.
class ClientUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)


class ClientGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)


class JobUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Job, on_delete=models.CASCADE)


class JobGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Job, on_delete=models.CASCADE)
