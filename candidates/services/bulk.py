"""Bulk resume upload: up to BULK_UPLOAD_MAX_FILES resumes, or zips of them,
each kept as a BulkUploadItem and processed by its own task.

``bulk_upload_create`` runs in the request: it opens the zips (in memory,
never on disk), refuses what can be judged at once (a file too large, not a
PDF or Word document by its bytes, a nested zip, a zip bomb, a member name
that escapes the zip) and stores every other file encrypted; after commit one
``bulk_upload_item_process_task`` per waiting file is handed to Celery. The
content inspection proper (core.uploads, the PDF's whole object graph) runs
in that task, so a request of 500 files is not 500 inspections long.

``bulk_upload_item_process`` (the task's work) reads the file's text, finds
an email, a phone number and a name in it (or a name in the file name), and
calls ``candidate_arrive`` (dedupe by blind index; a known candidate keeps
their profile, differing values wait as proposed updates) and
``resume_arrive``: a new person is "created", a known one "attached", a file
with nothing to match or name a candidate by is "refused" with the reason.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Protocol

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import CANDIDATE_OWNER_ROLES
from candidates.models import BulkUpload, BulkUploadItem, ProposedUpdate
from candidates.spreadsheets import write_csv
from candidates.uploads import document_check, document_type
from core.files import file_read, file_store
from core.services import audit_record
from core.uploads import MEMBER_ESCAPES, MEMBER_RATIO_FLOOR_BYTES, ZIP_MAGIC

logger = logging.getLogger(__name__)

# A claimed item whose task has not finished after this long lost its worker:
# the sweep hands it out again (the task's own time limit is far shorter).
CLAIM_LEASE = timedelta(minutes=5)
# A waiting item not claimed this long after it was stored lost its task (a
# broker that was down or wiped): the sweep hands it out again.
SWEEP_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500
FOLDER = "bulk-uploads"
# Words that name the kind of file rather than the person ("简历.pdf", "CV_2026.docx").
GENERIC_WORDS = {
    "resume",
    "résumé",
    "cv",
    "curriculum",
    "vitae",
    "简历",
    "个人简历",
    "求职简历",
    "履历",
    "中文",
    "英文",
    "english",
    "chinese",
    "final",
    "new",
    "copy",
    "副本",
    "最新",
}
# Headings a resume opens with that read like two words of a name.
HEADING_WORDS = {
    "experience",
    "education",
    "skills",
    "work",
    "summary",
    "profile",
    "contact",
    "objective",
    "personal",
    "information",
    "details",
    "employment",
    "history",
    "professional",
    "projects",
}
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){1,3}$")
NAME_LABEL = re.compile(r"^(?:姓\s*名|name)\s*[:：]\s*", re.IGNORECASE)


def reasons() -> dict[str, str]:
    """What each refusal code of this module says, in the active language."""
    size = f"{settings.DOCUMENT_MAX_BYTES / 2**20:.2g}"
    return {
        "too_large": _("This file is larger than %(size)s MB, the most we accept for one resume.") % {"size": size},
        "empty": _("This file is empty."),
        "not_a_resume": _("This is not a PDF or a Word (.docx) file."),
        "zip_nested": _("This is a zip inside a zip, which we do not open: put all the resumes in one zip."),
        "zip_damaged": _("This zip is damaged and cannot be opened."),
        "zip_encrypted": _("This zip is protected by a password, so it was not opened."),
        "zip_member_name": _("This zip holds a file whose name points outside the zip, so it was not opened."),
        "zip_bomb": _(
            "This zip is compressed far more tightly than real documents (it looks like a zip bomb), "
            "so it was not opened."
        ),
        "zip_too_large": _("This zip unpacks to more than %(size)d MB, the most we accept, so it was not opened.")
        % {"size": settings.BULK_UPLOAD_UNPACKED_MAX_BYTES // 2**20},
        "no_contact": _("No email, phone number or name was found in this file, so it was not added."),
        "unusable_contact": _("The email or phone number in this file could not be used: %(reason)s"),
        "gone": _("The stored file is missing, so it could not be processed."),
    }


def reason_text(code: str, stored: str) -> str:
    """A refusal's reason in the reader's language: rendered again from its
    code where the code says it all, else the text as the uploader read it
    (a reason with details, such as a malformed email, keeps its words)."""
    from core.uploads import REASONS as INSPECTION_REASONS

    if code and code != "unusable_contact" and code in (ours := reasons()):
        return ours[code]
    if code in INSPECTION_REASONS and "%(" not in str(INSPECTION_REASONS[code]):
        return str(INSPECTION_REASONS[code])
    return stored


def too_many_files_error() -> ValidationError:
    return ValidationError(
        _("You sent more than %(count)d files (zips count by the files inside them): send them in smaller batches.")
        % {"count": settings.BULK_UPLOAD_MAX_FILES},
        code="too_many_files",
    )


class Upload(Protocol):
    name: str
    size: int

    def read(self) -> bytes: ...


@dataclass
class Entry:
    """One file to become an item: its bytes, or the refusal that keeps them out."""

    filename: str
    size: int
    content: bytes | None = None
    content_type: str = ""
    code: str = ""
    reason: str = ""


def _member_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows name their members in GBK without saying so;
    # Python then reads the bytes as CP437.
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return PurePosixPath(name).name[:255] or "file"


def _ignored_member(info: zipfile.ZipInfo) -> bool:
    # Folders, and what macOS and Windows add beside the files (resource forks, thumbnails).
    path = PurePosixPath(info.filename)
    return info.is_dir() or path.parts[:1] == ("__MACOSX",) or path.name.startswith(".") or path.name == "Thumbs.db"


def _is_zip(content: bytes) -> bool:
    return content.startswith(ZIP_MAGIC) and document_type(io.BytesIO(content)) is None


def _judged(filename: str, content: bytes, texts: dict[str, str]) -> Entry:
    """A single file (or zip member) judged by its bytes, cheaply: the deep
    inspection runs in the item's task."""
    entry = Entry(filename=filename, size=len(content))
    if not content:
        entry.code = "empty"
    elif content.startswith(ZIP_MAGIC) and _is_zip(content):
        entry.code = "zip_nested"
    elif (content_type := document_type(io.BytesIO(content))) is None:
        entry.code = "not_a_resume"
    else:
        entry.content, entry.content_type = content, content_type
    if entry.code:
        entry.reason = texts[entry.code]
    return entry


def _zip_refusal(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str:
    if any(MEMBER_ESCAPES.search(info.orig_filename) for info in archive.infolist()):
        return "zip_member_name"
    if any(info.flag_bits & 0x1 for info in members):
        return "zip_encrypted"
    if sum(info.file_size for info in members) > settings.BULK_UPLOAD_UNPACKED_MAX_BYTES:
        return "zip_too_large"
    ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    for info in members:
        if info.file_size > MEMBER_RATIO_FLOOR_BYTES and info.file_size > ratio * max(info.compress_size, 1):
            return "zip_bomb"
    return ""


def _zip_entries(filename: str, content: bytes, texts: dict[str, str]) -> Iterable[Callable[[], Entry]]:
    """The members of a zip as entries, each read when it is stored (one in
    memory at a time); the zip itself as one refused entry when it is hostile."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [info for info in archive.infolist() if not _ignored_member(info)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [lambda: Entry(filename=filename, size=len(content), code="zip_damaged", reason=texts["zip_damaged"])]
    if code := _zip_refusal(archive, members):
        return [lambda: Entry(filename=filename, size=len(content), code=code, reason=texts[code])]

    def member(info: zipfile.ZipInfo) -> Entry:
        name = _member_name(info)
        if info.file_size > settings.DOCUMENT_MAX_BYTES:
            return Entry(filename=name, size=info.file_size, code="too_large", reason=texts["too_large"])
        try:
            with archive.open(info) as handle:
                data = handle.read(settings.DOCUMENT_MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return Entry(filename=name, size=info.file_size, code="zip_damaged", reason=texts["zip_damaged"])
        return _judged(name, data, texts)

    return [lambda info=info: member(info) for info in members]


def _entries(files: Sequence[Upload], oversize: Sequence[tuple[str, int]]) -> list[Callable[[], Entry]]:
    texts = reasons()
    entries: list[Callable[[], Entry]] = [
        lambda name=name, size=size: Entry(filename=name[:255], size=size, code="too_large", reason=texts["too_large"])
        for name, size in oversize
    ]
    for file in files:
        name = (file.name or "file")[:255]
        content = file.read()
        if _is_zip(content):
            entries.extend(_zip_entries(name, content, texts))
        elif (size := len(content)) > settings.DOCUMENT_MAX_BYTES:
            entries.append(
                lambda name=name, size=size: Entry(
                    filename=name, size=size, code="too_large", reason=texts["too_large"]
                )
            )
        else:
            entries.append(lambda name=name, content=content: _judged(name, content, texts))
    return entries


def _hand_off(item_ids: list[int]) -> None:
    # After commit, with no retries in the request: a broker outage must not
    # fail the upload. The first failure stops the rest (each would wait for
    # the same dead broker); the sweep hands out what was left waiting.
    from candidates.tasks import bulk_upload_item_process_task

    for item_id in item_ids:
        try:
            bulk_upload_item_process_task.apply_async(args=[item_id], retry=False)
        except Exception as exc:
            logger.warning("broker unavailable, bulk upload item %s left to the sweep: %s", item_id, exc)
            return


@transaction.atomic
def bulk_upload_create(
    *,
    actor: User,
    files: Sequence[Upload],
    oversize: Sequence[tuple[str, int]] = (),
    request: HttpRequest | None = None,
) -> BulkUpload:
    """Store a drop of resumes as a BulkUpload with one item per file (a zip's
    members each an item; the zip one refused item when it is hostile).

    ``oversize`` names the files the request's size limit skipped (name, bytes
    received): refused items. Writes the upload, its items (waiting ones with
    their file encrypted, refused ones with the reason) and a
    ``candidates.bulkupload.upload`` AuditEvent; after commit, hands each
    waiting item to ``bulk_upload_item_process_task``. Raises ValidationError
    when nothing was sent or more than BULK_UPLOAD_MAX_FILES files were
    (nothing is kept then).
    """
    entries = _entries(files, oversize)
    if not entries:
        raise ValidationError(_("Choose at least one resume or zip file."), code="required")
    if len(entries) > settings.BULK_UPLOAD_MAX_FILES:
        raise too_many_files_error()
    upload = BulkUpload.objects.create(created_by=actor, total=len(entries))
    items = []
    for make in entries:
        entry = make()
        item = BulkUploadItem(
            upload=upload,
            filename=entry.filename,
            size=entry.size,
            content_type=entry.content_type,
            reason_code=entry.code,
            reason=entry.reason[:500],
        )
        if entry.content is None:
            item.status = BulkUploadItem.Status.REFUSED
            item.processed_at = timezone.now()
        else:
            file_store(item, entry.content, folder=FOLDER)
        items.append(item)
    try:
        BulkUploadItem.objects.bulk_create(items)
    except Exception:
        # Nothing refers to the stored files now: remove them.
        for item in items:
            if item.storage_name:
                default_storage.delete(item.storage_name)
        raise
    refused = sum(1 for item in items if item.status == BulkUploadItem.Status.REFUSED)
    upload.refused = refused
    if refused == upload.total:
        upload.status, upload.finished_at = BulkUpload.Status.DONE, timezone.now()
    upload.save(update_fields=["refused", "status", "finished_at", "updated_at"])
    audit_record(
        action="candidates.bulkupload.upload",
        actor=actor,
        target=upload,
        request=request,
        data={"files": upload.total, "refused": refused},
    )
    waiting = [item.pk for item in items if item.status == BulkUploadItem.Status.WAITING]
    if waiting:
        transaction.on_commit(lambda: _hand_off(waiting))
    return upload


# --- Processing one file ----------------------------------------------------------------


@dataclass
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


def _clean_name(text: str) -> str:
    text = NAME_LABEL.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" -_|·•")
    words = set(text.lower().split())
    if not text or text.lower() in GENERIC_WORDS or words & (GENERIC_WORDS | HEADING_WORDS):
        return ""
    if CJK_NAME.match(text) or LATIN_NAME.match(text):
        return text
    return ""


def name_from_text(text: str) -> str:
    """A name at the top of a resume: the first of its opening lines that
    reads as a Chinese name (2–5 characters) or 2–4 Latin words."""
    lines = [line for line in (text or "").splitlines() if line.strip()][:8]
    for line in lines:
        for part in re.split(r"\s{2,}|[|｜/]", line):
            if name := _clean_name(part):
                return name
    return ""


def name_from_filename(filename: str) -> str:
    """A name from a file name such as "张伟_简历.pdf" or "Jane-Doe-CV.docx"."""
    stem = PurePosixPath(filename).stem
    words = [w for w in re.split(r"[\s_\-.()（）\[\]【】+,，]+", stem) if w and not re.search(r"\d", w)]
    words = [w for w in words if w.lower() not in GENERIC_WORDS]
    for generic in sorted(GENERIC_WORDS, key=len, reverse=True):
        words = [w.replace(generic, "") if CJK_NAME.match(w.replace(generic, "") or "-") else w for w in words]
    words = [w for w in words if w]
    if not words:
        return ""
    if all(CJK_NAME.match(w) for w in words[:1]):
        return words[0]
    latin = [w for w in words if re.fullmatch(r"[A-Za-z'\-]+", w)]
    # One word ("notes.pdf", "scan.pdf") names a file more often than a person.
    if len(latin) >= 2:
        return " ".join(w if not w.islower() else w.capitalize() for w in latin[:4])[:100]
    return ""


def resume_contact(text: str, filename: str) -> Contact:
    """The email (the first address in the text), phone (the first number
    phonenumbers' matcher finds, in DEFAULT_PHONE_REGION unless written with
    a country code) and name (the top of the text, else the file name) a
    resume gives; each empty when none is found."""
    contact = Contact()
    if match := EMAIL_PATTERN.search(text or ""):
        contact.email = match.group(0)
    for found in phonenumbers.PhoneNumberMatcher(text or "", settings.DEFAULT_PHONE_REGION):
        contact.phone = phonenumbers.format_number(found.number, phonenumbers.PhoneNumberFormat.E164)
        break
    contact.name = name_from_text(text) or name_from_filename(filename)
    return contact


def bulk_upload_item_claim(*, item_id: int) -> BulkUploadItem | None:
    """Claim a waiting item for this worker (a conditional UPDATE: an item
    claimed by a live worker, or processed, is not claimed again); None when
    it is not this worker's to process."""
    now = timezone.now()
    claimed = (
        BulkUploadItem.objects.filter(pk=item_id, status=BulkUploadItem.Status.WAITING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .update(claimed_at=now)
    )
    if not claimed:
        return None
    return BulkUploadItem.objects.select_related("upload__created_by").get(pk=item_id)


def _finish(item: BulkUploadItem, status: str, **fields: object) -> bool:
    """Record an item's outcome and count it on its upload, once: False when
    another run recorded it first. The stored file is deleted after commit."""
    now = timezone.now()
    done = BulkUploadItem.objects.filter(pk=item.pk, status=BulkUploadItem.Status.WAITING).update(
        status=status, processed_at=now, storage_name="", updated_at=now, **fields
    )
    if not done:
        return False
    counter = {
        BulkUploadItem.Status.CREATED: "created",
        BulkUploadItem.Status.ATTACHED: "attached",
        BulkUploadItem.Status.REFUSED: "refused",
    }[status]
    uploads = BulkUpload.objects.filter(pk=item.upload_id)
    uploads.update(**{counter: F(counter) + 1, "updated_at": now})
    uploads.filter(status=BulkUpload.Status.PROCESSING, total=F("created") + F("attached") + F("refused")).update(
        status=BulkUpload.Status.DONE, finished_at=now
    )
    if name := item.storage_name:
        transaction.on_commit(lambda: default_storage.delete(name))
    for name, value in fields.items():
        setattr(item, name, value)
    item.status = status
    return True


@transaction.atomic
def _refuse(item: BulkUploadItem, code: str, reason: str) -> BulkUploadItem:
    _finish(item, BulkUploadItem.Status.REFUSED, reason_code=code[:40], reason=reason[:500])
    return item


def bulk_upload_item_process(*, item: BulkUploadItem) -> BulkUploadItem:
    """Make a claimed item a candidate's resume, or refuse it with the reason.

    The file is inspected (candidates.uploads.document_check, refusing active
    or damaged content), its text extracted and read for an email, a phone and
    a name (resume_contact). Then, in one transaction: ``candidate_arrive``
    (origin "bulk upload", the uploader as actor and owner) and
    ``resume_arrive`` (the resume stored for the candidate, its text kept,
    parsed into the profile), the item "created" or "attached" with its
    candidate and document, the upload's counters moved. After commit the
    stored file is deleted and the resume parser fills the profile
    (resume_apply). Reasons are written in the uploader's language.
    """
    from candidates.services import document_set_text
    from candidates.services.arrivals import candidate_arrive, resume_arrive
    from candidates.tasks import UnreadableDocument, extract_text

    user = item.upload.created_by
    with translation.override(user.language if user else settings.LANGUAGE_CODE):
        texts = reasons()
        try:
            content = file_read(item)
        except FileNotFoundError:
            return _refuse(item, "gone", texts["gone"])
        try:
            content_type = document_check(io.BytesIO(content))
        except ValidationError as error:
            return _refuse(item, error.code or "not_a_resume", " ".join(error.messages))
        try:
            text = extract_text(content, content_type)
        except UnreadableDocument as exc:
            logger.info("bulk upload item %s: no text extracted: %s", item.pk, exc)
            text = ""
        contact = resume_contact(text, item.filename)
        if not (contact.email or contact.phone or contact.name):
            return _refuse(item, "no_contact", texts["no_contact"])
        owner = user if user is not None and user.role in CANDIDATE_OWNER_ROLES else None
        try:
            with transaction.atomic():
                arrival = candidate_arrive(
                    full_name=contact.name or contact.email.split("@")[0] or contact.phone,
                    email=contact.email,
                    phone=contact.phone,
                    origin=ProposedUpdate.Origin.BULK_UPLOAD,
                    origin_detail=item.filename[:200],
                    owner=owner,
                    actor=user,
                )
                document = resume_arrive(
                    candidate=arrival.candidate,
                    filename=item.filename,
                    content=content,
                    content_type=content_type,
                    actor=user,
                )
                if text:
                    document_set_text(document=document, text=text)
                status = BulkUploadItem.Status.CREATED if arrival.created else BulkUploadItem.Status.ATTACHED
                if not _finish(item, status, candidate=arrival.candidate, document=document, content_type=content_type):
                    # Another run recorded this item first: undo this one's rows.
                    transaction.set_rollback(True)
                    return item
        except ValidationError as error:
            return _refuse(item, "unusable_contact", texts["unusable_contact"] % {"reason": " ".join(error.messages)})
    if text:
        # The text is in already, so the extraction task will not parse it:
        # parse here. A parser failure must not undo the resume that is kept.
        from candidates.services.resume import resume_apply

        try:
            resume_apply(document=document)
        except Exception:
            logger.exception("bulk upload item %s: the resume parser failed", item.pk)
    return item


def bulk_upload_sweep(*, now=None) -> int:
    """Hand out again the waiting items whose task was lost (never claimed
    SWEEP_AFTER after they were stored, or claimed longer ago than the lease);
    returns how many were handed out. Overlapping sweeps are harmless: the
    task's claim lets one run process an item."""
    now = now or timezone.now()
    stale = (
        BulkUploadItem.objects.filter(status=BulkUploadItem.Status.WAITING, created_at__lt=now - SWEEP_AFTER)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ids = list(stale)
    _hand_off(ids)
    return len(ids)


# --- The report -------------------------------------------------------------------------


def bulk_upload_report(*, upload: BulkUpload, actor: User, base_url: str, request: HttpRequest | None = None) -> bytes:
    """The upload's files as CSV (file name, status, candidate, profile URL,
    reason), cells escaped against formulas; records a
    ``candidates.bulkupload.export`` AuditEvent."""
    headers = [_("File"), _("Status"), _("Candidate"), _("Profile"), _("Reason")]
    rows = []
    for item in upload.items.select_related("candidate").order_by("id"):
        candidate = item.candidate
        url = base_url + reverse("candidates:candidate-detail", args=[candidate.public_id]) if candidate else ""
        reason = reason_text(item.reason_code, item.reason)
        rows.append([item.filename, item.get_status_display(), candidate.full_name if candidate else "", url, reason])
    audit_record(
        action="candidates.bulkupload.export", actor=actor, target=upload, request=request, data={"rows": len(rows)}
    )
    return write_csv(headers, rows)
