"""A candidate's work history and education, as a person edits them on the
profile. The resume parser writes entries marked ``from_resume``; editing or
confirming an entry takes the mark off."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import messages
from candidates.models import Activity, Candidate, Education, Experience
from candidates.services import activity_record
from core.services import audit_record
from messaging.messages import MESSAGES

EXPERIENCE_FIELDS = ("company", "title", "start", "end", "is_current")
EDUCATION_FIELDS = ("school", "degree", "major", "start", "end")


def _first_of_month(value: date | None) -> date | None:
    return value.replace(day=1) if value else None


def _validated(entry: Experience | Education, values: dict[str, Any], fields: tuple[str, ...]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        if name in ("start", "end"):
            value = _first_of_month(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(entry, name, value)
    if isinstance(entry, Experience) and entry.is_current:
        entry.end = None
    if entry.start and entry.end and entry.start > entry.end:
        raise ValidationError({"end": _("The end cannot come before the start.")}, code="dates")
    if isinstance(entry, Experience):
        if not entry.company and not entry.title:
            raise ValidationError({"company": _("Give at least a company or a title.")}, code="empty")
    elif not entry.school:
        raise ValidationError({"school": _("Give the school.")}, code="empty")
    entry.full_clean(exclude=["candidate"])


def _label(entry: Experience | Education) -> str:
    if isinstance(entry, Experience):
        return " · ".join(part for part in (entry.title, entry.company) if part)
    return " · ".join(part for part in (entry.school, entry.degree) if part)


def _record(entry: Experience | Education, *, actor: User, verb: str, message_id: str) -> None:
    activity_record(
        candidate=entry.candidate,
        kind=Activity.Kind.UPDATED,
        actor=actor,
        message=MESSAGES.message(message_id, entry=_label(entry)),
        data={"entry": entry.pk, "kind": entry._meta.model_name},
    )
    audit_record(action=f"candidates.{entry._meta.model_name}.{verb}", actor=actor, target=entry.candidate)


def _create(model: type[models.Model], fields: tuple[str, ...], message_id: str, *, candidate, actor, values):
    entry = model(candidate=candidate, order=0)
    _validated(entry, values, fields)
    entry.save()
    _record(entry, actor=actor, verb="create", message_id=message_id)
    return entry


def _update(entry, fields: tuple[str, ...], message_id: str, *, actor, values):
    entry = type(entry).objects.select_for_update().select_related("candidate").get(pk=entry.pk)
    _validated(entry, values, fields)
    entry.from_resume = False
    entry.save()
    _record(entry, actor=actor, verb="update", message_id=message_id)
    return entry


def _delete(entry, message_id: str, *, actor) -> None:
    _record(entry, actor=actor, verb="delete", message_id=message_id)
    entry.delete()


def _confirm(entry, *, actor):
    entry = type(entry).objects.select_for_update().select_related("candidate").get(pk=entry.pk)
    if entry.from_resume:
        entry.from_resume = False
        entry.save(update_fields=["from_resume", "updated_at"])
        audit_record(action=f"candidates.{entry._meta.model_name}.resume_confirm", actor=actor, target=entry.candidate)
    return entry


@transaction.atomic
def experience_create(*, candidate: Candidate, actor: User, **values: Any) -> Experience:
    """Add a work history entry (company, title, start, end, is_current;
    dates kept to the month). Writes an Activity and a
    ``candidates.experience.create`` AuditEvent. Raises ValidationError for an
    end before the start or an entry with neither company nor title."""
    return _create(
        Experience, EXPERIENCE_FIELDS, messages.EXPERIENCE_ADDED, candidate=candidate, actor=actor, values=values
    )


@transaction.atomic
def experience_update(*, experience: Experience, actor: User, **values: Any) -> Experience:
    """Change a work history entry as experience_create validates it; the
    entry loses its "from resume" mark."""
    return _update(experience, EXPERIENCE_FIELDS, messages.EXPERIENCE_CHANGED, actor=actor, values=values)


@transaction.atomic
def experience_delete(*, experience: Experience, actor: User) -> None:
    """Remove a work history entry (an Activity and an AuditEvent remain)."""
    _delete(experience, messages.EXPERIENCE_REMOVED, actor=actor)


@transaction.atomic
def experience_confirm(*, experience: Experience, actor: User) -> Experience:
    """Take the "from resume" mark off one entry (audited); nothing else changes."""
    return _confirm(experience, actor=actor)


@transaction.atomic
def education_create(*, candidate: Candidate, actor: User, **values: Any) -> Education:
    """Add an education entry (school, degree, major, start, end; dates kept
    to the month). Writes an Activity and a ``candidates.education.create``
    AuditEvent. Raises ValidationError for an end before the start or no school."""
    return _create(
        Education, EDUCATION_FIELDS, messages.EDUCATION_ADDED, candidate=candidate, actor=actor, values=values
    )


@transaction.atomic
def education_update(*, education: Education, actor: User, **values: Any) -> Education:
    """Change an education entry as education_create validates it; the entry
    loses its "from resume" mark."""
    return _update(education, EDUCATION_FIELDS, messages.EDUCATION_CHANGED, actor=actor, values=values)


@transaction.atomic
def education_delete(*, education: Education, actor: User) -> None:
    """Remove an education entry (an Activity and an AuditEvent remain)."""
    _delete(education, messages.EDUCATION_REMOVED, actor=actor)


@transaction.atomic
def education_confirm(*, education: Education, actor: User) -> Education:
    """Take the "from resume" mark off one entry (audited); nothing else changes."""
    return _confirm(education, actor=actor)
