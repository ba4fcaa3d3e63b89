"""Reads of the careers site's data for staff pages."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, pgettext

from candidates.models import Document
from careers.models import Answer, Question


@dataclass(frozen=True)
class AnswerShown:
    """One answer as a staff reader sees it: the question in their language,
    the answer as text (choice labels, yes/no), the file it names, and
    whether it is a knock-out answer."""

    question: str
    kind: str
    text: str
    document: Document | None
    is_knockout: bool


def _in_language(item: Any, field: str, chinese: bool) -> str:
    if isinstance(item, dict):
        return str((chinese and item.get(f"{field}_zh_hans")) or item.get(field) or item.get("value") or "")
    return str((chinese and getattr(item, f"{field}_zh_hans", "")) or getattr(item, field))


def _decoded(raw: str | None) -> Any:
    try:
        return json.loads(raw or "null")
    except (TypeError, ValueError):
        # Written by an older form as plain text: show it as it is.
        return raw


def _text(question: Question, value: Any, chinese: bool) -> str:
    if isinstance(value, bool):
        return pgettext("answer", "Yes") if value else pgettext("answer", "No")
    if question.kind == Question.Kind.YES_NO and value in ("yes", "no"):
        return pgettext("answer", "Yes") if value == "yes" else pgettext("answer", "No")
    if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        labels = {str(choice.get("value")): _in_language(choice, "label", chinese) for choice in question.choices or []}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values if item not in (None, ""))
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def answers_for_applications(application_ids: Iterable[int]) -> dict[int, list[AnswerShown]]:
    """The answers given on the application form, per application id, in the
    order of the form's questions, read in one query; labels in the active
    language. Callers pass only applications the reader may see."""
    ids = list(application_ids)
    if not ids:
        return {}
    chinese = (get_language() or "").lower().startswith("zh")
    answers = (
        Answer.objects.filter(application_id__in=ids)
        .select_related("question", "document")
        .defer("document__text")
        .order_by("application_id", "question__order", "question_id")
    )
    shown: dict[int, list[AnswerShown]] = defaultdict(list)
    for answer in answers:
        question = answer.question
        shown[answer.application_id].append(
            AnswerShown(
                question=_in_language(question, "label", chinese),
                kind=question.kind,
                text=_text(question, _decoded(answer.value), chinese),
                document=answer.document,
                is_knockout=answer.is_knockout,
            )
        )
    return dict(shown)
