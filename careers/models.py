"""The careers site: one per brand (the in-house company, or a client that
opts in), each job's public posting, and the questions its application form
asks. Everything here is shown to anyone: no personal data but the answers."""

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits, e.g. #0b5fff."))


class Brand(TimeStampedModel):
    """One careers site, under ``/careers/<slug>/``: the in-house company or a
    client that opts in. An agency may show a client anonymously: then
    ``display_name`` describes it ("a listed fintech company in Shanghai")
    and the client's own name appears nowhere on the site."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(
        "jobs.Client", verbose_name=_("client"), on_delete=models.CASCADE, related_name="brand"
    )
    slug = models.SlugField(
        _("address"), max_length=60, unique=True, help_text=_("The site's address: /careers/<address>/.")
    )
    display_name = models.CharField(_("name shown"), max_length=200)
    display_name_zh_hans = models.CharField(_("name shown (Chinese)"), max_length=200, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Never show the client's own name or website.")
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    tagline_zh_hans = models.CharField(_("tagline (Chinese)"), max_length=200, blank=True)
    culture = models.TextField(_("culture"), blank=True, help_text=_("Markdown."))
    culture_zh_hans = models.TextField(_("culture (Chinese)"), blank=True, help_text=_("Markdown."))
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#0b5fff", validators=[colour_validator])
    logo = models.ForeignKey(
        "careers.BrandImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    # The site /careers/ itself shows; at most one.
    is_primary = models.BooleanField(_("main site"), default=False)

    class Meta:
        verbose_name = _("careers site")
        verbose_name_plural = _("careers sites")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_primary"], condition=models.Q(is_primary=True), name="brand_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class BrandImage(TimeStampedModel):
    """A logo or photo of a careers site. Public, so kept in the database in
    the clear (no personal data) and served with long cache headers; checked
    like every upload before it is kept."""

    class Kind(models.TextChoices):
        LOGO = "logo", _("logo")
        PHOTO = "photo", _("photo")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    brand = models.ForeignKey(Brand, verbose_name=_("careers site"), on_delete=models.CASCADE, related_name="images")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    content = models.BinaryField(_("image"))
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_zh_hans = models.CharField(_("caption (Chinese)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("careers site image")
        verbose_name_plural = _("careers site images")
        ordering = ["brand", "order", "created_at"]

    def __str__(self) -> str:
        return self.caption or str(self.public_id)


class EmployeeStory(TimeStampedModel):
    """An employee's own words on a careers site."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    brand = models.ForeignKey(Brand, verbose_name=_("careers site"), on_delete=models.CASCADE, related_name="stories")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=200, blank=True)
    body = models.TextField(_("story"), help_text=_("Markdown."))
    body_zh_hans = models.TextField(_("story (Chinese)"), blank=True, help_text=_("Markdown."))
    photo = models.ForeignKey(
        BrandImage, verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("employee story")
        verbose_name_plural = _("employee stories")
        ordering = ["brand", "order", "created_at"]

    def __str__(self) -> str:
        return self.name


class Posting(TimeStampedModel):
    """A job's public face. The job's own ``description`` stays internal; the
    posting's text is what candidates read. Listed on its brand's site while
    published and the job is open (careers.selectors)."""

    class Workplace(models.TextChoices):
        ONSITE = "onsite", _("on site")
        HYBRID = "hybrid", _("hybrid")
        REMOTE = "remote", _("remote")

    # schema.org JobPosting employmentType values.
    class EmploymentType(models.TextChoices):
        FULL_TIME = "FULL_TIME", _("full time")
        PART_TIME = "PART_TIME", _("part time")
        CONTRACTOR = "CONTRACTOR", _("contract")
        TEMPORARY = "TEMPORARY", _("temporary")
        INTERN = "INTERN", _("internship")

    class SalaryPeriod(models.TextChoices):
        YEAR = "YEAR", _("per year")
        MONTH = "MONTH", _("per month")
        HOUR = "HOUR", _("per hour")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    job = models.OneToOneField("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="posting")
    # The job's client's brand, kept here so the site's list is one indexed query.
    brand = models.ForeignKey(Brand, verbose_name=_("careers site"), on_delete=models.CASCADE, related_name="postings")
    title = models.CharField(_("public title"), max_length=200)
    title_zh_hans = models.CharField(_("public title (Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("public description"), help_text=_("Markdown."))
    description_zh_hans = models.TextField(_("public description (Chinese)"), blank=True, help_text=_("Markdown."))
    location = models.CharField(_("location"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    workplace = models.CharField(_("workplace"), max_length=10, choices=Workplace.choices, default=Workplace.ONSITE)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    salary_min = models.DecimalField(_("salary from"), max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(_("salary up to"), max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(_("salary currency"), max_length=3, default="CNY")
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH
    )
    # Listed while set (and the job is open); cleared when unpublished.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    valid_through = models.DateTimeField(_("apply until"), null=True, blank=True)

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="posting_salary_range",
            ),
        ]
        indexes = [
            # A site's list of published postings, newest first.
            models.Index(
                fields=["brand", "-published_at"],
                condition=models.Q(published_at__isnull=False),
                name="posting_brand_published_idx",
            ),
            # The site's version: the newest change among a brand's postings (careers.selectors.site_version).
            models.Index(fields=["brand", "updated_at"], name="posting_brand_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    """A question a job's application form asks. An answer among
    ``knockout_answers`` rejects the application (through the rejection
    trigger's timing, careers.services)."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        SINGLE_CHOICE = "single_choice", _("single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
        YES_NO = "yes_no", _("yes or no")
        FILE = "file", _("file")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    posting = models.ForeignKey(Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHORT_TEXT)
    label = models.CharField(_("question"), max_length=300)
    label_zh_hans = models.CharField(_("question (Chinese)"), max_length=300, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    help_text_zh_hans = models.CharField(_("help text (Chinese)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # For choice questions: [{"value": "a", "label": "…", "label_zh_hans": "…"}, …].
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Choice values (or "yes"/"no") whose answer rejects the application.
    knockout_answers = models.JSONField(_("knock-out answers"), default=list, blank=True)
    # A question that has answers is retired rather than deleted.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["posting", "order", "id"]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """An applicant's answer to one question. Encrypted: applicants write
    personal things in free text. A file answer is a Document of the
    candidate, named here."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "interviews.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    # JSON text: a string, a list of choice values, or true/false.
    value = EncryptedTextField(_("answer"))
    document = models.ForeignKey(
        "candidates.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_knockout = models.BooleanField(_("knock-out"), default=False)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_application_question_uniq"),
        ]

    def __str__(self) -> str:
        return str(self.question)
