"""Writes of a posting's application questions: add, edit, reorder and
retire. A question somebody answered is retired (kept for its answers), one
nobody answered is deleted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from careers.models import Posting, Question
from core.services import audit_record

CHOICE_KINDS = {Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE}
YES_NO_VALUES = ("yes", "no")
EDITABLE_FIELDS = (
    "kind",
    "label",
    "label_zh_hans",
    "help_text",
    "help_text_zh_hans",
    "required",
    "choices",
    "knockout_answers",
)


def _validate(question: Question) -> None:
    """Choices only on choice questions (each value once); knock-out answers
    among the choice values, or yes/no for a yes-or-no question."""
    errors: dict[str, str] = {}
    if question.kind in CHOICE_KINDS:
        values = [choice["value"] for choice in question.choices]
        if len(values) < 2:
            errors["choices"] = _("Give at least two choices, one per line.")
        elif len(set(values)) != len(values):
            errors["choices"] = _("Each choice needs a value of its own.")
        allowed = set(values)
    else:
        question.choices = []
        allowed = set(YES_NO_VALUES) if question.kind == Question.Kind.YES_NO else set()
    unknown = [value for value in question.knockout_answers if value not in allowed]
    if unknown:
        errors["knockout_answers"] = (
            _("Knock-out answers must be among the answers offered: %(values)s.") % {"values": ", ".join(unknown)}
            if allowed
            else _("Only choice and yes-or-no questions can have knock-out answers.")
        )
    if errors:
        raise ValidationError(errors)
    question.full_clean()


@transaction.atomic
def question_create(*, posting: Posting, actor: User | None, **values: Any) -> Question:
    """Add a question at the end of ``posting``'s form. Writes the Question
    and a ``careers.question.create`` AuditEvent. Raises ValidationError
    (see _validate); nothing is written then."""
    list(Posting.objects.select_for_update().filter(pk=posting.pk).values_list("pk", flat=True))
    last = posting.questions.aggregate(last=Max("order"))["last"]
    question = Question(posting=posting, order=0 if last is None else last + 1, **values)
    _validate(question)
    question.save()
    audit_record(action="careers.question.create", actor=actor, target=question, data={"kind": question.kind})
    return question


@transaction.atomic
def question_update(*, question: Question, actor: User | None, **values: Any) -> Question:
    """Change a question's wording, kind, choices or knock-outs. Writes an
    ``careers.question.update`` AuditEvent naming the fields changed. A
    question already answered keeps its kind (its answers were given to it)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    changed = [name for name in EDITABLE_FIELDS if name in values and getattr(question, name) != values[name]]
    if "kind" in changed and question.answers.exists():
        raise ValidationError(
            {"kind": _("This question has answers: its kind cannot change. Retire it and add another.")}
        )
    for name in changed:
        setattr(question, name, values[name])
    _validate(question)
    question.save()
    if changed:
        audit_record(action="careers.question.update", actor=actor, target=question, data={"fields": changed})
    return question


@transaction.atomic
def questions_reorder(*, posting: Posting, order: list[int], actor: User | None) -> None:
    """Put ``posting``'s questions in ``order`` (their ids, every one once)."""
    questions = {question.pk: question for question in posting.questions.select_for_update()}
    if sorted(order) != sorted(questions):
        raise ValidationError(_("The list changed meanwhile. Reload the page and try again."))
    for position, pk in enumerate(order):
        questions[pk].order = position
    Question.objects.bulk_update(questions.values(), ["order"])
    audit_record(action="careers.question.reorder", actor=actor, target=posting)


@transaction.atomic
def question_retire(*, question: Question, actor: User | None) -> bool:
    """Take a question off the form: retired when it has answers (they keep
    it), deleted otherwise. Returns True when it was retired."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answers.exists():
        if question.retired_at is None:
            question.retired_at = timezone.now()
            question.save(update_fields=["retired_at", "updated_at"])
            audit_record(action="careers.question.retire", actor=actor, target=question)
        return True
    audit_record(action="careers.question.delete", actor=actor, target=question.posting, data={"label": question.label})
    question.delete()
    return False
