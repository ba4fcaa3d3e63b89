"""Merging two records of the same person.

The survivor keeps its row and public_id; the other record's applications,
notes, documents, consents, pool memberships, timeline and everything else
that points at it move to the survivor, and the other row is deleted. Higher
apps (interviews, talentpool) are not imported: their rows are found through
the model relations that point at Candidate, so a new one is moved too.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import messages, search
from candidates.models import Activity, Candidate, ProposedUpdate
from candidates.selectors import candidate_merge_conflicts, candidate_relations
from candidates.services import ENCRYPTED_FIELDS, PROFILE_FIELDS, _apply, activity_record
from core.models import AccessToken
from core.services import audit_record
from messaging.messages import MESSAGES

# Fields whose value the user picks from one record or the other.
MERGE_FIELDS = (*PROFILE_FIELDS, *ENCRYPTED_FIELDS)
SURVIVOR, OTHER = "survivor", "other"
MERGE_ACTION = "candidates.candidate.merge"  # candidates.selectors.candidate_merged_into reads it


def _move_related(*, survivor: Candidate, other: Candidate) -> dict[str, int]:
    moved = {}
    for rel in candidate_relations():
        model, field = rel.related_model, rel.field.name
        count = model._default_manager.filter(**{field: other}).update(**{field: survivor})
        if count:
            moved[model._meta.label_lower] = count
    tokens = AccessToken.objects.filter(target_type=ContentType.objects.get_for_model(Candidate), target_id=other.pk)
    if count := tokens.update(target_id=survivor.pk):
        moved[AccessToken._meta.label_lower] = count
    return moved


def _supersede_clashing_proposals(*, survivor: Candidate, other: Candidate) -> None:
    """One value waits per field: where both records have one waiting for
    the same field, the survivor's stays and the other's is superseded (the
    rest move with the other's rows)."""
    waiting = ProposedUpdate.objects.filter(status=ProposedUpdate.Status.PENDING)
    ProposedUpdate.objects.filter(
        pk__in=waiting.filter(candidate=other, field__in=waiting.filter(candidate=survivor).values("field")).values(
            "pk"
        )
    ).update(status=ProposedUpdate.Status.SUPERSEDED, decided_at=timezone.now())


@transaction.atomic
def candidate_merge(
    *,
    survivor: Candidate,
    other: Candidate,
    actor: User | None,
    choices: Mapping[str, str],
    request: HttpRequest | None = None,
) -> Candidate:
    """Merge ``other`` into ``survivor`` and delete ``other``.

    ``choices`` maps a field of MERGE_FIELDS to SURVIVOR or OTHER, as the
    person merging chose them (the merge screen asks for every field whose
    values differ); a field left out keeps the survivor's value, or takes the
    other's where the survivor has none. Encrypted values taken from the other record are decrypted and
    encrypted again for the survivor's row (the associated data names the row).
    Tags are joined. Every row that points at ``other`` moves to the survivor
    (work history, education and proposed updates too; where both have a value
    waiting for one field, the survivor's waits and the other's is
    superseded). A field taken from ``other`` keeps its "from resume" mark.

    Writes: the survivor, the moved rows, a ``merge`` Activity on the survivor and
    a ``candidates.candidate.merge`` AuditEvent naming both records, the fields
    taken from the other and the counts moved (never values).
    Raises ValidationError when the two are the same record, or when a row of
    ``other`` clashes with one of the survivor's (the message names it); then
    nothing changes.
    """
    if survivor.pk == other.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    unknown = set(choices) - set(MERGE_FIELDS)
    if unknown or set(choices.values()) - {SURVIVOR, OTHER}:
        raise TypeError(f"bad merge choices: {choices!r}")
    # Both rows locked, lower id first, so two merges of the same pair cannot deadlock.
    locked = {c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=[survivor.pk, other.pk])}
    if len(locked) != 2:
        raise ValidationError(_("One of the two records no longer exists."))
    survivor, other = locked[survivor.pk], locked[other.pk]
    _supersede_clashing_proposals(survivor=survivor, other=other)
    if conflicts := candidate_merge_conflicts(survivor=survivor, other=other):
        raise ValidationError(
            _("These cannot be merged yet: %(conflicts)s. Close one of each pair first.")
            % {"conflicts": "; ".join(str(c) for c in conflicts)}
        )

    taken = {}
    for name in MERGE_FIELDS:
        choice = choices.get(name)
        mine, theirs = getattr(survivor, name), getattr(other, name)
        wanted = choice == OTHER or (choice is None and mine in (None, "") and theirs not in (None, ""))
        if wanted and theirs != mine:
            taken[name] = theirs
    marked = [name for name in survivor.from_resume or [] if name not in taken]
    marked += [name for name in other.from_resume or [] if name in taken and name not in marked]
    _apply(survivor, taken)
    survivor.from_resume = marked
    survivor.full_clean(exclude=["tags"])
    survivor.save()
    survivor.tags.add(*other.tags.all())

    moved = _move_related(survivor=survivor, other=other)
    other_name, other_public_id = other.full_name, str(other.public_id)
    other.delete()
    search.refresh(survivor.pk)
    activity_record(
        candidate=survivor,
        kind=Activity.Kind.MERGE,
        actor=actor,
        message=MESSAGES.message(messages.MERGED, name=other_name),
        data={"merged": other_public_id, "fields": sorted(taken)},
    )
    audit_record(
        action=MERGE_ACTION,
        actor=actor,
        target=survivor,
        request=request,
        data={"merged": other_public_id, "fields": sorted(taken), "moved": moved},
    )
    return survivor
