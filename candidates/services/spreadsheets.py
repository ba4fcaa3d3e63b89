"""Spreadsheet import and export of candidates.

Import is three steps on an ImportJob: ``import_job_create`` stores the upload
encrypted and runs the dry run (every row validated the way candidate_create
validates, duplicates found by ID, blind-indexed email and phone, against the
database and within the file); ``import_job_preview`` re-runs it with another
column mapping or duplicate policy; ``import_job_start`` queues
``import_job_run_task``, which calls ``import_job_run``: chunk by chunk, each chunk
committed with the job's counters, so the page shows progress and a re-delivered
task resumes where the last commit left off. A bad row is reported by its line
and never written; new candidates are written in batches by
``candidate_create_many`` (the same rows candidate_create writes), and a batch
that the database refuses is retried row by row, each in its own savepoint.

Export writes the candidates of the user's filtered list, with only the columns
their role may see, and records one ``candidates.candidate.export`` AuditEvent.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User, known_time_zones
from accounts.roles import CANDIDATE_OWNER_ROLES, rules_for
from candidates import search
from candidates.models import Candidate, Consent, ImportJob, Source, Tag
from candidates.selectors import CandidateFilters, candidate_list_for, candidate_search
from candidates.services import (
    ENCRYPTED_FIELDS,
    _apply,
    _clean_contact,
    _created_records,
    activity_record_many,
    candidate_create,
    candidate_update,
    source_get_or_create,
    time_zone_guess,
)
from candidates.spreadsheets import (
    COLUMNS_BY_FIELD,
    CSV,
    XLSX,
    SpreadsheetError,
    detect_mapping,
    read_sheet,
    write_csv,
    write_xlsx,
)
from core import crypto, uploads
from core.files import file_read, file_store
from core.services import audit_record, audit_record_many
from jobs.models import Client

logger = logging.getLogger(__name__)

# An upload larger than this is refused while it arrives (candidates.uploads).
IMPORT_MAX_BYTES = 20 * 1024 * 1024
IMPORT_MAX_ROWS = 50_000
EXPORT_MAX_ROWS = 50_000
# Rows written (and committed, with the job's counters) together.
CHUNK_SIZE = 500
# A running job whose counters have not moved for this long lost its worker;
# a re-delivered task may take it over.
STALE_AFTER = timedelta(minutes=10)
# Users who may own candidates (the Owner column names one by email).
MAX_LENGTHS = {
    name: Candidate._meta.get_field(name).max_length for name in ("full_name", "headline", "company", "location")
}
TAG_SEPARATORS = str.maketrans({"，": ",", ";": ",", "；": ",", "、": ","})


# --- Rows --------------------------------------------------------------------------


@dataclass
class ParsedRow:
    """One data row, cleaned as candidate_create would clean it."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)  # candidate_create's keyword arguments
    tags: list[str] = field(default_factory=list)
    source_name: str = ""
    public_id: UUID | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def indexes(self) -> tuple[bytes | None, bytes | None]:
        """The row's email and phone blind indexes (computed once: they are asked for often)."""
        return crypto.email_index(self.values.get("email")), crypto.phone_index(self.values.get("phone"))

    @property
    def keys(self) -> list[bytes]:
        """The row's dedupe keys: its email and phone blind indexes."""
        return [key for key in self.indexes if key]


def _languages() -> dict[str, str]:
    names = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh_cn": "zh-hans", "chinese": "zh-hans", "中文": "zh-hans"}
    names |= {"简体中文": "zh-hans", "english": "en", "英文": "en", "英语": "en", "en-us": "en", "en-gb": "en"}
    for code, label in settings.LANGUAGES:
        names[code.lower()] = code
        names[str(label).lower()] = code
    return names


class RowParser:
    """Turns a sheet's cells into ParsedRows under a column mapping. Owners are
    looked up once per import (one query), by email."""

    def __init__(self, *, headers: Sequence[str], mapping: dict[str, str]) -> None:
        self.headers = list(headers)
        self.mapping = {int(position): name for position, name in mapping.items()}
        self.languages = _languages()
        self._owners: dict[str, User] | None = None

    def owners(self) -> dict[str, User]:
        if self._owners is None:
            users = User.objects.filter(is_active=True, role__in=CANDIDATE_OWNER_ROLES)
            self._owners = {user.email.lower(): user for user in users}
        return self._owners

    def column(self, name: str) -> str:
        for position, mapped in self.mapping.items():
            if mapped == name:
                header = self.headers[position] if position < len(self.headers) else ""
                return header or str(COLUMNS_BY_FIELD[name].label)
        return str(COLUMNS_BY_FIELD[name].label)

    def parse(self, line: int, cells: Sequence[str]) -> ParsedRow:
        row = ParsedRow(line=line)
        raw = {name: (cells[position] if position < len(cells) else "") for position, name in self.mapping.items()}
        raw = {name: value.strip() for name, value in raw.items()}

        def error(name: str, message: str) -> None:
            row.errors.append({"line": line, "column": self.column(name), "message": str(message)})

        if not raw.get("full_name"):
            error("full_name", _("A name is required."))
        for name, limit in MAX_LENGTHS.items():
            if len(raw.get(name, "")) > limit:
                error(name, _("Longer than %(limit)d characters.") % {"limit": limit})
            elif raw.get(name):
                row.values[name] = raw[name]
        contact = {name: raw[name] for name in ENCRYPTED_FIELDS if raw.get(name)}
        try:
            row.values |= _clean_contact(contact)
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                for message in messages:
                    error(name, message)
        if value := raw.get("id"):
            try:
                row.public_id = UUID(value)
            except ValueError:
                error("id", _("Not a candidate ID from an export; leave the column empty for new candidates."))
        if value := raw.get("owner"):
            owner = self.owners().get(value.lower())
            if owner is None:
                error("owner", _("No active recruiter, coordinator or administrator has this email."))
            else:
                row.values["owner"] = owner
        if value := raw.get("language"):
            code = self.languages.get(value.lower())
            if code is None:
                error("language", _("Unknown language; use “en” or “zh-hans”."))
            else:
                row.values["language"] = code
        if value := raw.get("time_zone"):
            if value not in known_time_zones():
                error("time_zone", _("%(value)s is not a known time zone.") % {"value": value})
            else:
                row.values["time_zone"] = value
        if value := raw.get("skills"):
            row.values["skills"] = value
        if value := raw.get("tags"):
            row.tags = [tag.strip()[:50] for tag in value.translate(TAG_SEPARATORS).split(",") if tag.strip()]
        if value := raw.get("source"):
            if len(value) > Source._meta.get_field("name").max_length:
                error("source", _("Longer than %(limit)d characters.") % {"limit": 100})
            else:
                row.source_name = value
        if row.errors:
            row.values = {}
        return row


def _parsed_rows(job: ImportJob, content: bytes | None = None) -> tuple[RowParser, Iterator[ParsedRow]]:
    sheet = read_sheet(content if content is not None else file_read(job))
    parser = RowParser(headers=job.headers, mapping=job.mapping)
    return parser, (parser.parse(line, cells) for line, cells in sheet.rows)


def _batched(rows: Iterable[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Matcher:
    """Finds the candidate a row is a duplicate of: by the ID column first, then
    email, then phone, among the candidates ``actor`` may see (merged ones left out)."""

    def __init__(self, actor: User | None) -> None:
        self.visible = candidate_list_for(actor) if actor is not None else Candidate.objects.none()
        self.by_id: dict[UUID, int] = {}
        self.by_key: dict[bytes, int] = {}

    def load(self, rows: Sequence[ParsedRow]) -> None:
        """Look the rows' IDs and keys up in two queries (on the unique public_id and the blind indexes)."""
        ids = [row.public_id for row in rows if row.public_id]
        emails = {row.indexes[0] for row in rows if row.indexes[0]}
        phones = {row.indexes[1] for row in rows if row.indexes[1]}
        self.by_id = dict(self.visible.filter(public_id__in=ids).values_list("public_id", "pk")) if ids else {}
        self.by_key = {}
        if emails or phones:
            # An email's index never equals a phone's (blind_index prefixes the kind).
            found = self.visible.filter(Q(email_index__in=emails) | Q(phone_index__in=phones))
            for pk, email_key, phone_key in found.order_by("created_at", "id").values_list(
                "pk", "email_index", "phone_index"
            ):
                for key in (email_key, phone_key):
                    if key is not None:
                        self.by_key.setdefault(bytes(key), pk)

    def match(self, row: ParsedRow) -> tuple[int, str] | None:
        if row.public_id and row.public_id in self.by_id:
            return self.by_id[row.public_id], "id"
        email, phone = row.indexes
        if email and email in self.by_key:
            return self.by_key[email], "email"
        if phone and phone in self.by_key:
            return self.by_key[phone], "phone"
        return None


# --- The dry run -------------------------------------------------------------------


@dataclass
class DryRun:
    total: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    duplicate_rows: list[dict[str, Any]] = field(default_factory=list)


def _dry_run(job: ImportJob, content: bytes | None = None) -> DryRun:
    """Validate every row and find its duplicates; writes nothing. Raises SpreadsheetError."""
    result = DryRun()
    _parser, rows = _parsed_rows(job, content)
    matcher = Matcher(job.created_by)
    seen: dict[bytes, int] = {}  # dedupe key → the line that first had it
    for chunk in _batched(rows, 1000):
        result.total += len(chunk)
        if result.total > IMPORT_MAX_ROWS:
            raise SpreadsheetError(
                _("The file has more than %(limit)d rows; split it into smaller files.") % {"limit": IMPORT_MAX_ROWS}
            )
        matcher.load([row for row in chunk if not row.errors])
        matched = {*matcher.by_id.values(), *matcher.by_key.values()}
        public_ids = dict(Candidate.objects.filter(pk__in=matched).values_list("pk", "public_id")) if matched else {}
        for row in chunk:
            if row.errors:
                result.failed += 1
                result.errors.extend(row.errors)
                continue
            found = matcher.match(row)
            if found is not None:
                pk, reason = found
                result.duplicate_rows.append({"line": row.line, "reason": reason, "candidate": str(public_ids[pk])})
            else:
                first = next((seen[key] for key in row.keys if key in seen), None)
                if first is not None:
                    result.duplicate_rows.append({"line": row.line, "reason": "file", "first_line": first})
            for key in row.keys:
                seen.setdefault(key, row.line)
    return result


def _save_dry_run(job: ImportJob, result: DryRun) -> None:
    job.status = ImportJob.Status.PREVIEWED
    job.total, job.failed, job.errors = result.total, result.failed, result.errors
    job.duplicates, job.duplicate_rows = len(result.duplicate_rows), result.duplicate_rows
    job.save()


def _spreadsheet_error(error: SpreadsheetError) -> ValidationError:
    return ValidationError({"file": str(error.args[0]) if error.args else _("The file cannot be read.")})


@transaction.atomic
def import_job_create(
    *,
    actor: User,
    filename: str,
    content: bytes,
    duplicate_policy: str = ImportJob.DuplicatePolicy.UPDATE,
    request: HttpRequest | None = None,
) -> ImportJob:
    """Store an uploaded CSV or XLSX encrypted and dry-run it with the detected mapping.

    Writes one ImportJob (status ``previewed``, with the rows' errors and
    duplicates) and a ``candidates.import.upload`` AuditEvent; no candidates.
    Raises ValidationError (on ``file``) for an unreadable, empty, too large or
    too long file, and for one the upload inspection refuses (core.uploads:
    a workbook with macros or external links, a zip bomb...); nothing is kept then.
    """
    if len(content) > IMPORT_MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB, the most we accept.") % {"size": IMPORT_MAX_BYTES >> 20}}
        )
    try:
        uploads.upload_inspect(content, expected=uploads.XLSX if content.startswith(uploads.ZIP_MAGIC) else uploads.CSV)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    try:
        sheet = read_sheet(content)
    except SpreadsheetError as error:
        raise _spreadsheet_error(error) from None
    job = ImportJob(
        created_by=actor,
        filename=filename[:255],
        file_format=sheet.format,
        size=len(content),
        headers=sheet.headers,
        mapping=detect_mapping(sheet.headers),
        duplicate_policy=duplicate_policy,
    )
    job.full_clean(exclude=["storage_name", "file_key_version"])
    try:
        result = _dry_run(job, content)
    except SpreadsheetError as error:
        raise _spreadsheet_error(error) from None
    if result.total == 0:
        raise ValidationError({"file": _("The file has a header row but no rows of candidates.")})
    file_store(job, content, folder="imports")
    _save_dry_run(job, result)
    audit_record(
        action="candidates.import.upload",
        actor=actor,
        target=job,
        request=request,
        data={"rows": job.total, "format": job.file_format},
    )
    return job


def import_mapping_errors(mapping: dict[str, str]) -> list[str]:
    """Why a mapping cannot be imported: no Name column, or a field taken twice."""
    errors = []
    if "full_name" not in mapping.values():
        errors.append(_("Choose the column that holds the candidates' names."))
    taken = [name for name in mapping.values() if name]
    for name in sorted({name for name in taken if taken.count(name) > 1}):
        errors.append(_("“%(field)s” is chosen for more than one column.") % {"field": COLUMNS_BY_FIELD[name].label})
    return errors


@transaction.atomic
def import_job_preview(*, job: ImportJob, mapping: dict[str, str], duplicate_policy: str) -> ImportJob:
    """Dry-run the job again with another column mapping and duplicate policy.

    Rewrites the job's mapping, counters, errors and duplicates; no candidates.
    Raises ValidationError if the job has started or the mapping is unusable.
    """
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED):
        raise ValidationError(_("This import has started; its mapping can no longer change."))
    mapping = {str(position): name for position, name in mapping.items() if name}
    if unknown := [
        name for position, name in mapping.items() if name not in COLUMNS_BY_FIELD or int(position) >= len(job.headers)
    ]:
        raise ValidationError(_("Unknown column choice: %(names)s") % {"names": ", ".join(unknown)})
    if errors := import_mapping_errors(mapping):
        raise ValidationError(errors)
    if duplicate_policy not in ImportJob.DuplicatePolicy.values:
        raise ValidationError(_("Choose what to do with duplicates."))
    job.mapping, job.duplicate_policy = mapping, duplicate_policy
    try:
        _save_dry_run(job, _dry_run(job))
    except SpreadsheetError as error:
        raise _spreadsheet_error(error) from None
    return job


def _run_hand_off(job_id: int) -> None:
    # After commit, with no retries in the request: a broker outage must not fail
    # the request. The job stays ``queued`` and can be started again.
    from candidates.tasks import import_job_run_task

    try:
        import_job_run_task.apply_async(args=[job_id], retry=False)
    except Exception as exc:
        logger.warning("broker unavailable, import job %s not started: %s", job_id, exc)


@transaction.atomic
def import_job_start(*, job: ImportJob, actor: User, request: HttpRequest | None = None) -> ImportJob:
    """Queue a previewed (or stuck ``queued``) job for ``import_job_run_task``, after commit.

    Writes the job's status and a ``candidates.import.start`` AuditEvent.
    Raises ValidationError if the mapping has no Name column or the job has run.
    """
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportJob.Status.PREVIEWED, ImportJob.Status.QUEUED):
        raise ValidationError(_("This import has already run."))
    if errors := import_mapping_errors(job.mapping):
        raise ValidationError(errors)
    job.status = ImportJob.Status.QUEUED
    job.processed = job.created = job.updated = job.skipped = job.failed = 0
    job.errors = []
    job.save()
    audit_record(
        action="candidates.import.start",
        actor=actor,
        target=job,
        request=request,
        data={"rows": job.total, "duplicate_policy": job.duplicate_policy},
    )
    job_id = job.pk
    transaction.on_commit(lambda: _run_hand_off(job_id))
    return job


# --- Writing candidates in batches --------------------------------------------------


def _tags_by_name(names: Iterable[str]) -> dict[str, Tag]:
    names = {name.strip()[:50] for name in names if name and name.strip()}
    if not names:
        return {}
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    return {tag.name: tag for tag in Tag.objects.filter(name__in=names)}


def _insert_searchable(candidates: list[Candidate], texts: list[list[str]]) -> None:
    """Insert new candidates in one statement, each with the search document of
    its weighted texts (search.VECTOR_SQL), and set their primary keys.

    What bulk_create does (pre_save: encryption, timestamps; get_db_prep_save),
    but the rows come from arrays (``INSERT … SELECT FROM unnest``: one plan
    whatever the batch size) and the vector is computed by the same statement,
    so each row is written once, searchable.
    """
    if not candidates:
        return
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: it is asked for per value
    fields = [
        column_field
        for column_field in Candidate._meta.concrete_fields
        if not column_field.primary_key and column_field.name != "search_vector"
    ]
    for candidate in candidates:
        candidate._prepare_related_fields_for_save(operation_name="bulk_create")
    arrays = [
        [
            column_field.get_db_prep_save(column_field.pre_save(candidate, add=True), database)
            for candidate in candidates
        ]
        for column_field in fields
    ]
    arrays += [list(column) for column in zip(*texts, strict=True)]
    columns = [database.ops.quote_name(column_field.column) for column_field in fields]
    casts = [f"%s::{column_field.db_type(database).split('(')[0]}[]" for column_field in fields] + ["%s::text[]"] * 4
    texts_sql = search.VECTOR_SQL % ("u.search_a", "u.search_b", "u.search_c", "u.search_d")
    with database.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Candidate._meta.db_table} ({', '.join(columns)}, search_vector)"
            f" SELECT {', '.join(f'u.{column}' for column in columns)}, {texts_sql}"
            f" FROM unnest({', '.join(casts)})"
            f" AS u({', '.join(columns)}, search_a, search_b, search_c, search_d) RETURNING id",
            arrays,
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    for candidate, pk in zip(candidates, ids, strict=True):
        candidate.pk = pk
        candidate._state.adding, candidate._state.db = False, database.alias
        candidate.__dict__.pop("search_vector", None)  # written by the database: loaded on use


@transaction.atomic
def candidate_create_many(*, actor: User | None, entries: Sequence[dict[str, Any]]) -> list[Candidate]:
    """Create many candidates at once: the rows candidate_create writes for each.

    Each entry holds candidate_create's keyword arguments (``full_name``,
    ``tags`` and the profile and contact fields). Per candidate: the Candidate
    with encrypted contact details and blind indexes (owner defaulting to
    ``actor``), its tags, its search document (what candidates.search.refresh
    would build, written with the row), a ``created`` Activity and a
    ``candidates.candidate.create`` AuditEvent naming the fields set. ``owner``
    and ``source`` must be saved rows. Raises ValidationError for any invalid
    entry; then nothing of the batch is written.

    A fixed number of queries whatever the batch's size (tags: two; candidates,
    tag links, activities, audit events: one each), so an import of 50,000 rows
    is visible and searchable as each chunk commits.
    """
    candidates, tag_names, created = [], [], []
    for entry in entries:
        values = dict(entry)
        tags = values.pop("tags", ()) or ()
        full_name = values.pop("full_name")
        candidate = Candidate(owner=values.pop("owner", actor))
        _apply(candidate, {"full_name": full_name, **values})
        time_zone_guess(candidate, values)
        # Three checks candidate_create makes by query or disk read are made
        # cheaper: public_id is a fresh uuid4 (no uniqueness query), owner and
        # source are rows the caller loaded (no existence query each), and the
        # time zone is checked against a cached list of the tz database.
        candidate.full_clean(exclude=["tags", "time_zone", "owner", "source"], validate_unique=False)
        if candidate.time_zone not in known_time_zones():
            raise ValidationError(
                {"time_zone": _("%(value)s is not a known time zone.") % {"value": candidate.time_zone}}
            )
        candidates.append(candidate)
        tag_names.append({name.strip()[:50] for name in tags if name and name.strip()})
        created.append(values)
    tags = _tags_by_name(name for names in tag_names for name in names)
    # Each row goes in with its search document, as search.refresh builds it (a
    # new candidate has no notes or resumes; its tags in the database's order).
    order = {name: position for position, name in enumerate(tags)}
    texts = []
    for candidate, names in zip(candidates, tag_names, strict=True):
        texts.append(
            search.weighted_texts(
                full_name=candidate.full_name,
                headline=candidate.headline,
                company=candidate.company,
                skills=candidate.skills,
                location=candidate.location,
                tags=sorted(names, key=order.__getitem__),
            )
        )
        candidate.search_names = search.names_text(candidate.full_name, candidate.company)
    _insert_searchable(candidates, texts)
    Candidate.tags.through.objects.bulk_create(
        [
            Candidate.tags.through(candidate_id=candidate.pk, tag_id=tags[name].pk)
            for candidate, names in zip(candidates, tag_names, strict=True)
            for name in names
        ]
    )
    # The timeline and audit rows candidate_create writes, built by the same
    # function, one INSERT each.
    records = [
        _created_records(candidate=candidate, actor=actor, values=values)
        for candidate, values in zip(candidates, created, strict=True)
    ]
    activity_record_many(entries=[activity for activity, _audit in records])
    audit_record_many(events=[audit for _activity, audit in records])
    return candidates


# --- The run -------------------------------------------------------------------------


@dataclass
class ChunkOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


class ChunkRunner:
    """Applies one chunk of rows under the job's duplicate policy."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.actor = job.created_by
        self.policy = job.duplicate_policy
        self.matcher = Matcher(self.actor)
        self.sources: dict[str, Source] = {}

    def _entry(self, row: ParsedRow) -> dict[str, Any]:
        entry = dict(row.values)
        if row.source_name:
            if row.source_name not in self.sources:
                self.sources[row.source_name] = source_get_or_create(name=row.source_name)
            entry["source"] = self.sources[row.source_name]
        return entry

    def _load_sources(self, rows: Sequence[ParsedRow]) -> None:
        """The chunk's new source names, found or created (as source_get_or_create
        does) in two queries, however many there are."""
        names = {row.source_name for row in rows if row.source_name and not row.errors} - self.sources.keys()
        if names:
            Source.objects.bulk_create([Source(name=name) for name in names], ignore_conflicts=True)
            self.sources |= {source.name: source for source in Source.objects.filter(name__in=names)}

    def run(self, rows: Sequence[ParsedRow]) -> ChunkOutcome:
        outcome = ChunkOutcome()
        self.matcher.load([row for row in rows if not row.errors])
        self._load_sources(rows)
        pending: list[ParsedRow] = []
        pending_keys: set[bytes] = set()
        for row in rows:
            if row.errors:
                outcome.failed += 1
                outcome.errors.extend(row.errors)
                continue
            found = self.matcher.match(row)
            if (
                found is None
                and pending_keys.intersection(row.keys)
                and self.policy != ImportJob.DuplicatePolicy.CREATE
            ):
                # A duplicate of a row of this chunk not written yet: write those first.
                self._flush(pending, outcome)
                pending, pending_keys = [], set()
                found = self.matcher.match(row)
            if found is None or self.policy == ImportJob.DuplicatePolicy.CREATE:
                pending.append(row)
                pending_keys.update(row.keys)
            elif self.policy == ImportJob.DuplicatePolicy.SKIP:
                outcome.skipped += 1
            else:
                self._update(found[0], row, outcome)
        self._flush(pending, outcome)
        return outcome

    def _remember(self, row: ParsedRow, candidate: Candidate) -> None:
        for key in row.keys:
            self.matcher.by_key.setdefault(key, candidate.pk)

    def _row_failed(self, row: ParsedRow, outcome: ChunkOutcome, error: Exception) -> None:
        outcome.failed += 1
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                column = (
                    RowParser(headers=self.job.headers, mapping=self.job.mapping).column(name)
                    if name in COLUMNS_BY_FIELD
                    else name
                )
                outcome.errors.extend({"line": row.line, "column": column, "message": message} for message in messages)
        elif isinstance(error, ValidationError):
            outcome.errors.extend({"line": row.line, "column": "", "message": message} for message in error.messages)
        else:
            logger.warning("import job %s line %s not saved: %s", self.job.pk, row.line, type(error).__name__)
            outcome.errors.append({"line": row.line, "column": "", "message": _("The row could not be saved.")})

    def _flush(self, rows: list[ParsedRow], outcome: ChunkOutcome) -> None:
        if not rows:
            return
        entries = [{**self._entry(row), "tags": row.tags} for row in rows]
        try:
            with transaction.atomic():
                created = candidate_create_many(actor=self.actor, entries=entries)
        except (ValidationError, DatabaseError):
            # Find the rows at fault: each on its own, in its own savepoint.
            for row, entry in zip(rows, entries, strict=True):
                try:
                    with transaction.atomic():
                        candidate = candidate_create(actor=self.actor, **entry)
                except (ValidationError, DatabaseError) as error:
                    self._row_failed(row, outcome, error)
                else:
                    outcome.created += 1
                    self._remember(row, candidate)
            return
        outcome.created += len(created)
        for row, candidate in zip(rows, created, strict=True):
            self._remember(row, candidate)

    def _update(self, pk: int, row: ParsedRow, outcome: ChunkOutcome) -> None:
        entry = self._entry(row)
        try:
            with transaction.atomic():
                candidate = Candidate.objects.get(pk=pk)
                tags = None
                if row.tags:
                    current = list(candidate.tags.values_list("name", flat=True))
                    tags = [*current, *row.tags]
                candidate_update(candidate=candidate, actor=self.actor, tags=tags, **entry)
        except (ValidationError, DatabaseError) as error:
            self._row_failed(row, outcome, error)
        else:
            outcome.updated += 1


def import_job_claim(*, job_id: int) -> ImportJob | None:
    """Mark a queued job (or one whose worker was lost) running; None if it is
    gone, finished, or running elsewhere. One conditional UPDATE."""
    now = timezone.now()
    claimable = Q(status=ImportJob.Status.QUEUED) | Q(status=ImportJob.Status.RUNNING, updated_at__lt=now - STALE_AFTER)
    claimed = ImportJob.objects.filter(claimable, pk=job_id).update(
        status=ImportJob.Status.RUNNING, started_at=models.functions.Coalesce(F("started_at"), now), updated_at=now
    )
    return ImportJob.objects.select_related("created_by").get(pk=job_id) if claimed else None


def import_job_run(*, job: ImportJob) -> ImportJob:
    """Import a claimed (``running``) job's rows, chunk by chunk.

    Each chunk's candidates (created, updated or skipped per the duplicate
    policy), row errors and the job's counters commit together, so progress is
    visible and a re-run resumes after the last committed chunk. Ends the job
    ``done`` (with a ``candidates.import.finish`` AuditEvent) or ``failed`` if
    the file can no longer be read.
    """
    language = job.created_by.language if job.created_by else settings.LANGUAGE_CODE
    with translation.override(language):
        runner = ChunkRunner(job)
        try:
            _parser, rows = _parsed_rows(job)
            rows = itertools.islice(rows, job.processed, None)
            for chunk in _batched(rows, CHUNK_SIZE):
                with transaction.atomic():
                    outcome = runner.run(chunk)
                    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                    ImportJob.objects.filter(pk=job.pk).update(
                        processed=F("processed") + len(chunk),
                        created=F("created") + outcome.created,
                        updated=F("updated") + outcome.updated,
                        skipped=F("skipped") + outcome.skipped,
                        failed=F("failed") + outcome.failed,
                        errors=[*locked.errors, *outcome.errors],
                        updated_at=timezone.now(),
                    )
        except (SpreadsheetError, OSError, crypto.DecryptionError) as error:
            # The stored file is gone or unreadable: end the job rather than retry forever.
            logger.warning("import job %s: file unreadable: %s", job.pk, type(error).__name__)
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                readable = isinstance(error, SpreadsheetError) and error.args
                message = str(error.args[0]) if readable else _("The file cannot be read.")
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.FAILED,
                    errors=[*locked.errors, {"line": 0, "column": "", "message": message}],
                    finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )
            return ImportJob.objects.get(pk=job.pk)
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.DONE, finished_at=timezone.now(), updated_at=timezone.now()
            )
            job = ImportJob.objects.get(pk=job.pk)
            audit_record(
                action="candidates.import.finish",
                actor=job.created_by,
                target=job,
                data={
                    name: getattr(job, name)
                    for name in ("total", "processed", "created", "updated", "skipped", "failed")
                },
            )
    return job


def import_error_report(*, job: ImportJob) -> bytes:
    """The job's row errors as CSV (line, column, reason): no cell values."""
    headers = [_("Line"), _("Column"), _("Reason")]
    return write_csv(headers, ([error["line"], error["column"], error["message"]] for error in job.errors))


# --- Export ----------------------------------------------------------------------------

PROFILE_COLUMNS = ("headline", "company", "location", "skills", "tags", "source", "owner", "language", "time_zone")


def export_fields_for(user: User) -> list[str]:
    """The columns ``user``'s role may see, in export order."""
    rules = rules_for(user.role)
    fields = ["id", "full_name"]
    if rules.contact_details:
        fields += Candidate.CONTACT_FIELDS
    fields += PROFILE_COLUMNS
    if rules.compensation:
        fields += Candidate.COMPENSATION_FIELDS
    return fields


def _export_value(candidate: Candidate, name: str) -> str:
    if name == "id":
        return str(candidate.public_id)
    if name == "tags":
        return ", ".join(sorted(tag.name for tag in candidate.tags.all()))
    if name == "source":
        return candidate.source.name if candidate.source else ""
    if name == "owner":
        return candidate.owner.email if candidate.owner else ""
    value = getattr(candidate, name)
    return "" if value is None else str(value)


def export_client_scope(filters: CandidateFilters) -> Q | None:
    """An export limited to one client of the agency (its client filter, or
    one of its jobs) leaves for that client: the condition on Consent rows
    naming that client. None for an export not limited to a client, or
    limited to an in-house team (``Client.is_internal``: its own hiring, no
    one to share with)."""
    if filters.client:
        clients = Client.objects.filter(public_id=filters.client)
    elif filters.job:
        clients = Client.objects.filter(jobs__public_id=filters.job)
    else:
        return None
    client = clients.filter(is_internal=False).only("pk").first()
    return Q(client=client) if client is not None else None


@dataclass
class ExportCounts:
    rows: int = 0
    # Candidates left out of an export limited to a client: no consent to share with that client.
    withheld: int = 0


def _export_rows(
    user: User, search_args: dict[str, Any], fields: list[str], counts: ExportCounts
) -> Iterator[list[str]]:
    scope = export_client_scope(search_args["filters"])
    after = None
    while counts.rows < EXPORT_MAX_ROWS:
        page = candidate_search(user, **search_args, after=after, limit=min(1000, EXPORT_MAX_ROWS - counts.rows))
        results = page.results
        if scope is not None:
            # consent_given(candidate, share_with_client, client=…) for the whole page in one query.
            shared = set(
                Consent.objects.filter(
                    scope,
                    purpose=Consent.Purpose.SHARE_WITH_CLIENT,
                    withdrawn_at__isnull=True,
                    candidate__in=[candidate.pk for candidate in results],
                    candidate__anonymised_at__isnull=True,
                ).values_list("candidate_id", flat=True)
            )
            counts.withheld += sum(candidate.pk not in shared for candidate in results)
            results = [candidate for candidate in results if candidate.pk in shared]
        prefetch_related_objects(results, "tags")
        for candidate in results:
            counts.rows += 1
            yield [_export_value(candidate, name) for name in fields]
        if not page.next_cursor:
            return
        after = page.next_cursor


@dataclass(frozen=True)
class Export:
    content: bytes
    rows: int
    withheld: int


@transaction.atomic
def candidate_export(
    *,
    user: User,
    fmt: str,
    query: str = "",
    filters: CandidateFilters | None = None,
    sort: str = "newest",
    params: dict[str, str] | None = None,
    request: HttpRequest | None = None,
) -> Export:
    """The candidates of ``user``'s filtered list (candidate_search) as CSV or
    XLSX, with only the columns their role may see (export_fields_for), at most
    EXPORT_MAX_ROWS. An export limited to one client (the client filter or one
    of its jobs) leaves for that client: only the candidates with a consent in
    force to share their profile with that client are in it; the others are
    counted as ``withheld``. Records a ``candidates.candidate.export`` AuditEvent with
    the format, the count, the columns and the filters (the search text only as
    "a search was made": it may be someone's email). Raises PermissionDenied
    for a role without import/export.
    """
    if not rules_for(user.role).import_export:
        raise PermissionDenied
    if fmt not in (CSV, XLSX):
        raise ValueError(f"unknown export format {fmt!r}")
    fields = export_fields_for(user)
    headers = [COLUMNS_BY_FIELD[name].header for name in fields]
    counts = ExportCounts()
    rows = _export_rows(user, {"query": query, "filters": filters or CandidateFilters(), "sort": sort}, fields, counts)
    content = write_csv(headers, rows) if fmt == CSV else write_xlsx(headers, rows)
    audit_record(
        action="candidates.candidate.export",
        actor=user,
        request=request,
        data={
            "format": fmt,
            "count": counts.rows,
            "truncated": counts.rows >= EXPORT_MAX_ROWS,
            "withheld_without_consent": counts.withheld,
            "columns": fields,
            "filters": {key: value for key, value in (params or {}).items() if key != "q"},
            "search": bool(query),
        },
    )
    return Export(content=content, rows=counts.rows, withheld=counts.withheld)
