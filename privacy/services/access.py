"""The archive an access request produces: everything about one person.

``person.json`` holds every field of the candidate (encrypted ones decrypted)
and of the rows about them: consents, applications with their stage
history, interviews, the scorecards written about them, notes, the emails
sent to them, proposed updates, talent-pool check-ins, survey answers and
their own requests; ``documents/`` holds their files, decrypted.

Every row is reached from the candidate by a foreign key (emails by their
``candidate_ref``), never by name, email or company, so a person with the same
name, employer or job gets nothing of theirs into it. Staff appear by id only.

It is built synchronously, in the handler's request: one person's data is a
few hundred rows and their documents, each at most DOCUMENT_MAX_BYTES, and the
handler waits for it anyway; ``PRIVACY_ARCHIVE_MAX_BYTES`` refuses a person
whose documents would make the archive too large to build in a request.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from core.fields import EncryptedTextField
from core.files import file_read
from interviews.models import Application
from messaging.models import OutboundEmail
from talentpool.models import CheckIn

# Columns that hold nothing a person can read: blind indexes, search documents.
_SKIPPED = ("email_index", "phone_index", "search_vector", "search_names", "storage_name", "file_key_version")


def row_fields(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of ``obj`` by name, encrypted ones decrypted, a
    foreign key as the related row's id."""
    skipped = set(_SKIPPED) | set(exclude)
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skipped or isinstance(field, SearchVectorField):
            continue
        if isinstance(field, EncryptedTextField):
            values[field.name] = getattr(obj, field.name)
        elif isinstance(field, models.BinaryField):
            continue
        else:
            values[field.name] = getattr(obj, field.attname)
    return values


def _applications(candidate: Candidate) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("job__client", "stage")
        .prefetch_related(
            "transitions__from_stage",
            "transitions__to_stage",
            "interviews__stage",
            "interviews__scorecards__ratings__criterion",
            "answers__question",
            "feedback",
            "offers",
        )
        .order_by("created_at", "id")
    )
    out = []
    for application in applications:
        item = row_fields(application)
        item["job"] = application.job.title
        item["client"] = application.job.client.name
        item["stage_name"] = application.stage.name
        item["stage_history"] = [
            {
                **row_fields(transition),
                "from_stage_name": transition.from_stage.name if transition.from_stage else "",
                "to_stage_name": transition.to_stage.name,
            }
            for transition in application.transitions.all()
        ]
        item["interviews"] = [
            {
                **row_fields(interview),
                "stage_name": interview.stage.name,
                "scorecards": [
                    {
                        **row_fields(scorecard),
                        "ratings": [
                            {**row_fields(rating), "criterion_name": rating.criterion.name}
                            for rating in scorecard.ratings.all()
                        ],
                    }
                    for scorecard in interview.scorecards.all()
                ],
            }
            for interview in application.interviews.all()
        ]
        item["form_answers"] = [
            {**row_fields(answer), "question": answer.question.label} for answer in application.answers.all()
        ]
        item["survey_answers"] = [row_fields(feedback) for feedback in application.feedback.all()]
        item["offers"] = [row_fields(offer) for offer in application.offers.all()]
        out.append(item)
    return out


def person_data(candidate: Candidate) -> dict[str, Any]:
    """Everything about ``candidate`` as JSON-ready data (no documents' bytes)."""
    return {
        "generated_at": timezone.now(),
        "candidate": {
            **row_fields(candidate),
            "tags": sorted(candidate.tags.values_list("name", flat=True)),
            "source_name": candidate.source.name if candidate.source_id else "",
        },
        "experience": [row_fields(row) for row in candidate.experiences.all()],
        "education": [row_fields(row) for row in candidate.educations.all()],
        "consents": [row_fields(row) for row in candidate.consents.order_by("created_at", "id")],
        "applications": _applications(candidate),
        "notes": [row_fields(row) for row in candidate.notes.order_by("created_at", "id")],
        "emails": [
            row_fields(row, exclude=("attachments",))
            for row in OutboundEmail.objects.filter(candidate_ref=candidate.public_id).order_by("created_at", "id")
        ],
        "proposed_updates": [row_fields(row) for row in candidate.proposed_updates.order_by("created_at", "id")],
        "talent_pools": [
            {**row_fields(membership), "pool": membership.pool.name}
            for membership in candidate.pool_memberships.select_related("pool")
        ],
        "check_ins": [
            row_fields(row) for row in CheckIn.objects.filter(membership__candidate=candidate).order_by("id")
        ],
        "timeline": [row_fields(row) for row in candidate.activities.order_by("id")],
        "requests": [
            row_fields(row, exclude=("archive_downloaded_by",))
            for row in candidate.privacy_requests.order_by("received_at", "id")
        ],
        "documents": [row_fields(row) for row in candidate.documents.order_by("created_at", "id")],
    }


def _document_name(index: int, filename: str) -> str:
    # The upload's own name, made safe for a zip member (no folders).
    safe = filename.replace("/", "_").replace("\\", "_").strip(". ") or "document"
    return f"documents/{index:03d}-{safe}"


def archive_build(candidate: Candidate) -> bytes:
    """The zip of ``candidate``'s data and decrypted documents. Raises
    ValidationError when their documents exceed PRIVACY_ARCHIVE_MAX_BYTES."""
    documents = list(candidate.documents.order_by("created_at", "id"))
    total = candidate.documents.aggregate(total=Sum("size"))["total"] or 0
    if total > settings.PRIVACY_ARCHIVE_MAX_BYTES:
        raise ValidationError(
            _("This person's documents are too large to put in one archive (%(size)d MB); ask an administrator.")
            % {"size": total // (1024 * 1024)}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = json.dumps(person_data(candidate), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("person.json", data)
        for index, document in enumerate(documents, start=1):
            archive.writestr(_document_name(index, document.filename), file_read(document))
    return buffer.getvalue()
