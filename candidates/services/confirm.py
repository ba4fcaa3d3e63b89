"""A person decides on what arrived from outside: every waiting proposed
value at once, and the "from resume" marks on the profile's fields and on
its work history and education."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from candidates import messages
from candidates.models import Activity, Candidate, Education, Experience, ProposedUpdate
from candidates.services import activity_record
from candidates.services.proposals import proposed_update_accept, proposed_update_dismiss
from core.services import audit_record
from messaging.messages import MESSAGES


@transaction.atomic
def candidate_resume_confirm(
    *, candidate: Candidate, actor: User, fields: Iterable[str] | None = None, entries: bool = False
) -> list[str]:
    """Take the "from resume" mark off ``fields`` of ``candidate`` (all its
    marked fields when ``fields`` is None); with ``entries``, off its work
    history and education entries too ("Confirm all"). Fields not marked are
    ignored. Writes an ``updated`` Activity and a
    ``candidates.candidate.resume_confirm`` AuditEvent naming the fields
    (never values) when anything was marked. Returns the fields confirmed."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    marked = list(candidate.from_resume or [])
    wanted = set(marked) if fields is None else set(fields)
    confirmed = sorted(name for name in marked if name in wanted)
    entry_count = 0
    if entries:
        entry_count += Experience.objects.filter(candidate=candidate, from_resume=True).update(from_resume=False)
        entry_count += Education.objects.filter(candidate=candidate, from_resume=True).update(from_resume=False)
    if not confirmed and not entry_count:
        return []
    if confirmed:
        candidate.from_resume = [name for name in marked if name not in wanted]
        candidate.save(update_fields=["from_resume", "updated_at"])
    data = {"fields": confirmed, "entries": entry_count}
    if confirmed:
        message = MESSAGES.message(messages.RESUME_CONFIRMED, fields=", ".join(confirmed))
    else:
        message = MESSAGES.message(messages.RESUME_ENTRIES_CONFIRMED, count=entry_count)
    activity_record(candidate=candidate, kind=Activity.Kind.UPDATED, actor=actor, message=message, data=data)
    audit_record(action="candidates.candidate.resume_confirm", actor=actor, target=candidate, data=data)
    return confirmed


def _pending(candidate: Candidate) -> list[ProposedUpdate]:
    return list(
        ProposedUpdate.objects.select_for_update()
        .filter(candidate=candidate, status=ProposedUpdate.Status.PENDING)
        .order_by("field")
    )


@transaction.atomic
def proposed_updates_accept_all(*, candidate: Candidate, actor: User) -> tuple[list[ProposedUpdate], dict[str, str]]:
    """Accept every pending proposal of ``candidate`` (proposed_update_accept
    each, in its own savepoint): a malformed value stays pending and is
    reported, the others are accepted. Returns the accepted proposals and the
    refusals by field name."""
    accepted: list[ProposedUpdate] = []
    refused: dict[str, str] = {}
    for proposal in _pending(candidate):
        try:
            accepted.append(proposed_update_accept(proposal=proposal, actor=actor))
        except ValidationError as error:
            refused[proposal.field] = " ".join(error.messages)
    return accepted, refused


@transaction.atomic
def proposed_updates_dismiss_all(*, candidate: Candidate, actor: User) -> int:
    """Dismiss every pending proposal of ``candidate``; returns how many."""
    proposals = _pending(candidate)
    for proposal in proposals:
        proposed_update_dismiss(proposal=proposal, actor=actor)
    return len(proposals)
