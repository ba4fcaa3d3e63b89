"""Audit actions are shown as words in the reader's language, never as codes."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from core.audit_labels import audit_action_label

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "messaging", "candidates", "jobs", "interviews", "offers", "talentpool", "analytics"]
ACTION = re.compile(r"""(?:action=|_ACTION = )f?"([a-z_]+\.[a-z_]+\.(?:[a-z_]+|\{status\}))\"""")
STATUSES = ("rejected", "withdrawn", "hired")


def written_actions() -> set[str]:
    found = set()
    for app in APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            for action in ACTION.findall(path.read_text()):
                if action.endswith("{status}"):
                    found.update(action.replace("{status}", status) for status in STATUSES)
                else:
                    found.add(action)
    return found


def test_every_action_the_code_writes_has_a_label_in_both_languages():
    actions = written_actions()
    assert len(actions) > 40
    for action in sorted(actions):
        with translation.override("en"):
            english = audit_action_label(action)
        with translation.override("zh-hans"):
            chinese = audit_action_label(action)
        assert "_" not in english and "." not in english, action
        assert not re.search(r"[A-Za-z]{2,}", chinese.replace("HTML", "")), (action, chinese)


def test_an_action_reads_as_its_object_and_what_happened():
    with translation.override("en"):
        assert audit_action_label("candidates.candidate.merge") == "candidate: merged"
        assert audit_action_label("interviews.application.rejected") == "application: rejected"
    with translation.override("zh-hans"):
        assert audit_action_label("candidates.candidate.merge") == "候选人：已合并"
