"""Stored messages: text kept as a message id with parameters and rendered in
the reader's language when shown.

Timeline entries (candidates.Activity) and in-app notifications
(messaging.Notification) keep ``message_id`` and ``params`` instead of text
in the writer's language. ``MESSAGES`` maps each id to a lazily translated
format string with named placeholders (``%(job)s``); every app registers its
own ids in its ``messages`` module, which its AppConfig.ready() imports, so
an app above never needs the one below to know its wording.

A parameter is either text shown as given (a job title, a person's name), a
key translated when shown (``register(..., answer=CheckIn.Answer)`` renders
``"maybe"`` as that choice's label in the reader's language), or a nested
message (``{"id": ..., "params": ...}``, as ``Message.as_param()`` builds).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Literal text shown as stored: user-written text (a note) and rows whose
# wording could not be recognised when they were converted.
TEXT = "text"
# Several messages shown as one (a check-in answer: what they said, then each detail).
JOINED = "joined"
# Text written by people in each language (a closing reason's labels), shown
# in the reader's language, else English.
PER_LANGUAGE = "per_language"

# Between the sentences of a joined message: Chinese sentences end with "。" and
# follow each other without a space.
SENTENCE_SEPARATORS = {"zh-hans": ""}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass(frozen=True)
class Entry:
    message_id: str
    text: Promise
    choices: Mapping[str, type[models.Choices]] = field(default_factory=dict)

    def placeholders(self) -> set[str]:
        return set(PLACEHOLDER.findall(str(self.text)))


@dataclass(frozen=True)
class Message:
    """A message id and its parameters, ready to be stored or shown."""

    message_id: str
    params: dict[str, Any]

    def render(self) -> str:
        return MESSAGES.render(self.message_id, self.params)

    def as_param(self) -> dict[str, Any]:
        return {"id": self.message_id, "params": self.params}

    def __str__(self) -> str:
        return self.render()


class MessageRegistry:
    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def register(self, message_id: str, text: Promise, **choices: type[models.Choices]) -> str:
        """Register ``text`` (a gettext_lazy format string) under ``message_id``;
        ``choices`` name the parameters given as keys of a Choices class.
        Returns the id, so a module can keep it as a constant."""
        known = self._entries.get(message_id)
        if known is not None and str(known.text) != str(text):
            raise ValueError(f"message id {message_id!r} is already registered with other text")
        self._entries[message_id] = Entry(message_id, text, dict(choices))
        return message_id

    def __contains__(self, message_id: str) -> bool:
        return message_id in self._entries

    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def get(self, message_id: str) -> Entry | None:
        return self._entries.get(message_id)

    def message(self, message_id: str, **params: Any) -> Message:
        """A registered message with its parameters. Raises KeyError for an
        unknown id and ValueError when the parameters do not match the
        placeholders, so a typo fails where the message is written."""
        entry = self._entries.get(message_id)
        if entry is None:
            raise KeyError(f"unknown message id {message_id!r}")
        missing = entry.placeholders() - set(params)
        if missing:
            raise ValueError(f"message {message_id!r} needs {', '.join(sorted(missing))}")
        return Message(message_id, {name: _stored(value) for name, value in params.items()})

    def text(self, text: str) -> Message:
        """Literal text, shown as written in every language."""
        return Message(TEXT, {"text": str(text)})

    def per_language(self, labels: Mapping[str, str]) -> Message:
        """Text given per language code (``{"en": ..., "zh-hans": ...}``), shown
        in the reader's language, else in English: for labels that users edit,
        kept as they read when the message was written."""
        return Message(PER_LANGUAGE, {"labels": {code: str(text) for code, text in labels.items() if text}})

    def joined(self, *parts: Message) -> Message:
        """Several messages shown one after the other as one."""
        return Message(JOINED, {"parts": [part.as_param() for part in parts]})

    def render(self, message_id: str, params: Mapping[str, Any] | None) -> str:
        """The message in the active language. An unknown id shows its
        literal ``text`` parameter (or nothing), never the id itself."""
        params = params or {}
        if message_id == JOINED:
            separator = SENTENCE_SEPARATORS.get(get_language() or "", " ")
            return separator.join(self._render_param(part) for part in params.get("parts", ()))
        if message_id == PER_LANGUAGE:
            labels = params.get("labels") or {}
            return str(labels.get(get_language() or "") or labels.get("en") or next(iter(labels.values()), ""))
        entry = self._entries.get(message_id)
        if entry is None:
            return str(params.get("text", ""))
        values = {}
        for name in entry.placeholders():
            value = params.get(name, "")
            choices = entry.choices.get(name)
            if choices is not None and value in choices.values:
                value = choices(value).label
            values[name] = self._render_param(value)
        return str(entry.text) % values

    def _render_param(self, value: Any) -> Any:
        if isinstance(value, Mapping) and "id" in value:
            return self.render(value["id"], value.get("params"))
        if isinstance(value, int | float):
            return value
        return str(value)


def message_from_text(text: str) -> Message:
    """The registered message that reads ``text`` in one of the product's
    languages, with the parameters it was written with (a choice's label back
    to its key); literal text when no message reads so. Used to convert rows
    stored as text in the writer's language."""
    for entry, pattern, labels in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            params = {name: labels.get(name, {}).get(value, value) for name, value in match.groupdict().items()}
            return Message(entry.message_id, params)
    return MESSAGES.text(text)


def _patterns() -> list[tuple[Entry, re.Pattern, dict[str, dict[str, str]]]]:
    from django.conf import settings
    from django.utils import translation

    found = []
    for entry in MESSAGES.entries():
        if entry.message_id == TEXT:
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                text = str(entry.text)
                labels = {
                    name: {str(label): value for value, label in choices.choices}
                    for name, choices in entry.choices.items()
                }
            pieces, seen, literal = [], set(), 0
            for position, piece in enumerate(PLACEHOLDER.split(text)):
                if position % 2:
                    pieces.append(f"(?P={piece})" if piece in seen else f"(?P<{piece}>.+?)")
                    seen.add(piece)
                else:
                    pieces.append(re.escape(piece))
                    literal += len(piece)
            found.append((literal, entry, re.compile("".join(pieces), re.DOTALL), labels))
    found.sort(key=lambda item: -item[0])
    return [(entry, pattern, labels) for _literal, entry, pattern, labels in found]


def _stored(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_param()
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, models.Choices):
        return value.value
    return str(value)


class KindRegistry:
    """Labels of the short codes that name what a row is (a notification's
    ``kind``): a page shows the label in the reader's language, never the code."""

    def __init__(self) -> None:
        self._labels: dict[str, Promise] = {}

    def register(self, kind: str, label: Promise) -> str:
        self._labels[kind] = label
        return kind

    def label(self, kind: str) -> str:
        label = self._labels.get(kind)
        return str(label) if label is not None else str(_("Other"))

    def choices(self) -> list[tuple[str, str]]:
        return [(kind, str(label)) for kind, label in self._labels.items()]


MESSAGES = MessageRegistry()
NOTIFICATION_KINDS = KindRegistry()
MESSAGES.register(TEXT, _("%(text)s"))
SOMEONE = MESSAGES.register("messaging.someone", _("Someone"))
MENTION = NOTIFICATION_KINDS.register("mention", _("Mention"))
ASSIGNMENT = NOTIFICATION_KINDS.register("assignment", _("Assignment"))
