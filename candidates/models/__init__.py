import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import default_language, default_time_zone, validate_time_zone
from core.fields import EncryptedTextField
from core.models import TimeStampedModel
from messaging.messages import MESSAGES


class Source(TimeStampedModel):
    """Where candidates come from: a job board, a referral, a sourcing campaign…"""

    class Kind(models.TextChoices):
        JOB_BOARD = "job_board", _("job board")
        REFERRAL = "referral", _("referral")
        SOURCED = "sourced", _("sourced by a recruiter")
        CAREER_SITE = "career_site", _("career site")
        AGENCY = "agency", _("agency")
        EVENT = "event", _("event")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(TimeStampedModel):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Candidate(TimeStampedModel):
    """A person, kept once. Contact details, identity and compensation are
    encrypted (core.fields); email and phone also have blind indexes for exact
    lookup and dedupe. Written only by candidates.services."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    headline = models.CharField(_("title"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_candidates",
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="candidates")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=default_language)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    # Set when this record was merged into another; the survivor holds the data.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    email = EncryptedTextField(_("email"))
    phone = EncryptedTextField(_("phone"))
    address = EncryptedTextField(_("address"))
    im_handle = EncryptedTextField(_("IM handle"))
    id_number = EncryptedTextField(_("ID number"))
    birth_date = EncryptedTextField(_("birth date"))
    current_compensation = EncryptedTextField(_("current compensation"))
    expected_compensation = EncryptedTextField(_("expected compensation"))
    # Set when the candidate asked not to be contacted (a talent-pool check-in
    # answered "not interested"): check-ins, surveys, reminders and rejection
    # emails must all skip them from then on.
    contact_opt_out_at = models.DateTimeField(_("opted out of contact"), null=True, blank=True)
    # Why contact stopped, as the recruiter recorded it or the candidate said it.
    contact_opt_out_reason = models.CharField(
        _("why contact stopped"), max_length=300, blank=True, default="", db_default=""
    )
    # A legal hold keeps the candidate whole: the retention sweep and deletion
    # requests do not anonymise them while it is set (privacy).
    legal_hold_at = models.DateTimeField(_("legal hold since"), null=True, blank=True)
    legal_hold_reason = models.CharField(_("legal hold reason"), max_length=300, blank=True, default="", db_default="")
    # Set when the person's data was destroyed (privacy.services.anonymise): the
    # row stays, anonymous, so applications and reports keep their counts.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Profile fields whose value a resume parse wrote and no person has
    # confirmed yet: the profile marks them "from resume" (candidates.services.resume).
    # A JSON list of field names (not an array column: the import's bulk
    # insert passes each column as one array).
    from_resume = models.JSONField(_("fields from resume"), default=list, blank=True)
    email_index = models.BinaryField(_("email blind index"), max_length=32, null=True, editable=False)
    phone_index = models.BinaryField(_("phone blind index"), max_length=32, null=True, editable=False)
    # Maintained by candidates.search.refresh, called from the services.
    search_vector = SearchVectorField(null=True, editable=False)
    search_names = models.TextField(blank=True, editable=False)

    CONTACT_FIELDS = ("email", "phone", "address", "im_handle", "id_number", "birth_date")
    COMPENSATION_FIELDS = ("current_compensation", "expected_compensation")

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Exact lookup and dedupe by email or phone, through the blind index.
            models.Index(fields=["email_index"], name="candidate_email_bidx"),
            models.Index(fields=["phone_index"], name="candidate_phone_bidx"),
            # "My candidates", newest first.
            models.Index(fields=["owner", "-created_at"], name="candidate_owner_created_idx"),
            # The default list order, with the id as tie-breaker for keyset paging.
            models.Index(fields=["-created_at", "-id"], name="candidate_created_idx"),
            # The search box: full-text matches over the weighted document.
            GinIndex(fields=["search_vector"], name="candidate_search_idx"),
            # Typos in names and companies: trigram word similarity.
            GinIndex(fields=["search_names"], opclasses=["gin_trgm_ops"], name="candidate_names_trgm_idx"),
            # Sorting by name with keyset paging.
            models.Index(fields=["full_name", "id"], name="candidate_name_idx"),
            models.Index(fields=["-updated_at", "-id"], name="candidate_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Document(TimeStampedModel):
    """A resume or attachment. The file's bytes and its extracted text are
    encrypted; the stored file name is the public_id, never the upload's name."""

    # core.files: the stored file is ciphertext bound to (table, "file", public_id).
    ENCRYPTED_FILE_COLUMN = "file"

    class Kind(models.TextChoices):
        RESUME = "resume", _("resume")
        ATTACHMENT = "attachment", _("attachment")

    class TextIssue(models.TextChoices):
        UNREADABLE = "unreadable", _("the text could not be read")
        SHORTENED = "shortened", _("the text was too long to keep whole")

    # Extracted text longer than this is kept as its distinct words (the search
    # document only counts each word once anyway), cut at this length.
    TEXT_MAX_CHARS = 1_000_000

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESUME)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False)
    # The key version of the stored file's ciphertext, so rotate_field_keys can
    # find files still under an old key without reading them.
    file_key_version = models.PositiveSmallIntegerField(_("file key version"), editable=False)
    text = EncryptedTextField(_("extracted text"))
    # Why the extracted text is missing or incomplete, shown on the profile;
    # the detail is the reader's own explanation of an unreadable file.
    text_issue = models.CharField(_("text issue"), max_length=20, choices=TextIssue.choices, blank=True)
    text_issue_detail = models.CharField(_("text issue detail"), max_length=300, blank=True)
    # The length of the text as extracted, before any shortening.
    text_length = models.PositiveIntegerField(_("extracted text length"), null=True, blank=True)
    # Set by candidates.search.refresh when only this many of the text's
    # distinct words fit in the candidate's search document.
    searchable_words = models.PositiveIntegerField(_("searchable words"), null=True, blank=True)
    # A resume from outside (application form, mailbox, bulk upload): once its
    # text is extracted, the parser fills the profile from it
    # (candidates.services.resume.resume_apply), and ``parsed_at`` says it has.
    parse_requested = models.BooleanField(_("fill the profile from it"), default=False)
    parsed_at = models.DateTimeField(_("parsed"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [
            # A candidate's documents, newest first, on the profile.
            models.Index(fields=["candidate", "-created_at"], name="document_candidate_idx"),
        ]

    def __str__(self) -> str:
        return self.filename


class Note(TimeStampedModel):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["candidate", "-created_at"], name="note_candidate_idx")]  # the profile

    def __str__(self) -> str:
        return self.body[:60]


class Consent(TimeStampedModel):
    """What the candidate agreed to, under which notice, with what evidence;
    withdrawn consents keep their row with ``withdrawn_at`` set."""

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("keep and process my details")
        TALENT_POOL = "talent_pool", _("contact me about future roles")
        SHARE_WITH_CLIENT = "share_with_client", _("share my profile with a client")
        TRANSFER_ABROAD = "transfer_abroad", _("transfer my details abroad")

    class Channel(models.TextChoices):
        APPLICATION_FORM = "application_form", _("application form")
        PREFERENCE_CENTRE = "preference_centre", _("preference centre")
        STAFF = "staff", _("recorded by the team")

    class Method(models.TextChoices):
        """How a consent recorded by the team was given."""

        PHONE = "phone", _("by phone")
        EMAIL = "email", _("by email")
        IN_PERSON = "in_person", _("in person")

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    client = models.ForeignKey(
        "jobs.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
        help_text=_("For sharing with one client only."),
    )
    notice_version = models.CharField(_("notice version"), max_length=50)
    evidence = models.TextField(_("evidence"), help_text=_("How and when consent was given."))
    given_at = models.DateTimeField(_("given"))
    # Where a consent was given online, the address and browser it came from.
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    channel = models.CharField(
        _("given through"),
        max_length=20,
        choices=Channel.choices,
        default=Channel.APPLICATION_FORM,
        db_default=Channel.APPLICATION_FORM,
    )
    method = models.CharField(_("how"), max_length=20, choices=Method.choices, blank=True, default="", db_default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_channel = models.CharField(
        _("withdrawn through"), max_length=20, choices=Channel.choices, blank=True, default="", db_default=""
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="share_with_client") | models.Q(client__isnull=False),
                name="consent_share_names_client",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "purpose"], name="consent_candidate_purpose_idx")]

    def __str__(self) -> str:
        return self.get_purpose_display()


# Timeline entries in which someone from our side dealt with the candidate: a
# note, an email, a move of one of their applications (rejection included: it
# is a stage change recorded under its own kind) or an interview scheduled.
# Not contact: the record being created, edited or merged, an application
# being opened on their behalf, a document, a scorecard or a talent pool entry.
CONTACT_KINDS = ("note", "email", "stage_change", "rejection", "interview")


class Activity(models.Model):
    """One entry of a candidate's timeline: notes, stage changes, interviews,
    scorecards, emails, documents, merges. Append-only.

    The line shown is stored as ``message_id`` and ``params`` (see
    messaging.messages) and rendered in the reader's language by ``summary``;
    the parameters hold no contact details."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("timeline entry", "created")
        UPDATED = "updated", pgettext_lazy("timeline entry", "updated")
        NOTE = "note", pgettext_lazy("timeline entry", "note")
        APPLICATION = "application", pgettext_lazy("timeline entry", "application")
        STAGE_CHANGE = "stage_change", pgettext_lazy("timeline entry", "stage change")
        REJECTION = "rejection", pgettext_lazy("timeline entry", "rejection")
        INTERVIEW = "interview", pgettext_lazy("timeline entry", "interview")
        SCORECARD = "scorecard", pgettext_lazy("timeline entry", "scorecard")
        EMAIL = "email", pgettext_lazy("timeline entry", "email")
        DOCUMENT = "document", pgettext_lazy("timeline entry", "document")
        MERGE = "merge", pgettext_lazy("timeline entry", "merge")
        POOL = "pool", pgettext_lazy("timeline entry", "talent pool")

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"), db_index=False)
    message_id = models.CharField(_("message"), max_length=100)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The profile timeline: one candidate's entries, newest first, in one scan.
            models.Index(fields=["candidate", "-occurred_at", "-id"], name="activity_timeline_idx"),
            # "No contact for N days" on the home page: a candidate's latest contact,
            # without walking past their other entries.
            models.Index(
                fields=["candidate", "-occurred_at", "-id"],
                condition=models.Q(kind__in=CONTACT_KINDS),
                name="activity_contact_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        """The entry's line in the active language."""
        return MESSAGES.render(self.message_id, self.params)


class SavedSearch(TimeStampedModel):
    """A user's named search: the query, filters and sort of the candidate list."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search text"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    sort = models.CharField(_("sort"), max_length=20, default="relevance")

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="savedsearch_owner_name_uniq")]

    def __str__(self) -> str:
        return self.name


class ImportJob(TimeStampedModel):
    """One spreadsheet import of candidates: the uploaded file (encrypted, like a
    Document's), its column mapping, the dry-run's findings and the run's progress.

    ``errors`` lists ``{"line", "column", "message"}`` per bad row and never holds
    a cell's value. Visible to its creator and to administrators only.
    Written only by candidates.services.spreadsheets.
    """

    # core.files: the stored file is ciphertext bound to (table, "file", public_id).
    ENCRYPTED_FILE_COLUMN = "file"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PREVIEWED = "previewed", _("previewed")
        QUEUED = "queued", pgettext_lazy("import status", "queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    class DuplicatePolicy(models.TextChoices):
        UPDATE = "update", _("update the existing candidate")
        SKIP = "skip", _("skip the row")
        CREATE = "create", _("create another candidate")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)  # "csv" or "xlsx"
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False)
    file_key_version = models.PositiveSmallIntegerField(_("file key version"), editable=False)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    # Column position (as text) → candidate field; columns left out are ignored.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    duplicate_policy = models.CharField(
        _("duplicates"), max_length=10, choices=DuplicatePolicy.choices, default=DuplicatePolicy.UPDATE
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(pgettext_lazy("rows of an import", "created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates found"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The dry run's duplicates: {"line", "reason" (id, email, phone, file), and
    # "candidate" (a public_id) or "first_line"}.
    duplicate_rows = models.JSONField(_("duplicate rows"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [
            # A user's own imports, newest first.
            models.Index(fields=["created_by", "-created_at"], name="importjob_creator_idx"),
            # The task's claim and a sweep for abandoned runs: jobs by status.
            models.Index(fields=["status", "updated_at"], name="importjob_status_idx"),
        ]

    def __str__(self) -> str:
        return self.filename


# The models of candidates arriving from outside (application form, mailbox,
# bulk upload): kept in their own module, registered with the app here.
from candidates.models.arrivals import (  # noqa: E402
    Education,
    Experience,
    PrivacyNotice,
    ProposedUpdate,
    SkillTerm,
)
from candidates.models.bulk import BulkUpload, BulkUploadItem  # noqa: E402

__all__ = [
    "CONTACT_KINDS",
    "Activity",
    "BulkUpload",
    "BulkUploadItem",
    "Candidate",
    "Consent",
    "Document",
    "Education",
    "Experience",
    "ImportJob",
    "Note",
    "PrivacyNotice",
    "ProposedUpdate",
    "SavedSearch",
    "SkillTerm",
    "Source",
    "Tag",
]
