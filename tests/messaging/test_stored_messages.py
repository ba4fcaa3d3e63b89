"""Timeline entries and notifications are stored as a message id with
parameters and read in the reader's language, whoever wrote them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from candidates.models import Activity
from interviews.services import application_reject
from jobs.services import job_member_add
from messaging.messages import MESSAGES, PLACEHOLDER, TEXT, message_from_text
from messaging.models import Notification
from tests import factories
from tests.conftest import make_user


@pytest.fixture
def english_recruiter(db):
    return make_user("ed@example.test", Role.RECRUITER, full_name="Ed English", language="en")


@pytest.fixture
def chinese_recruiter(db):
    return make_user("li@example.test", Role.RECRUITER, full_name="Li Lei", language="zh-hans")


def test_a_timeline_entry_written_by_an_english_speaker_reads_in_chinese_for_a_chinese_speaker(
    client, english_recruiter, chinese_recruiter
):
    job = factories.job(recruiter=english_recruiter, title="Backend Engineer")
    candidate = factories.candidate(full_name="Lena Park", owner=english_recruiter)
    with translation.override("en"):  # written by the English speaker, in their language
        application = factories.application(job_=job, candidate_=candidate, actor=english_recruiter)
        application_reject(application=application, actor=english_recruiter, reason="skills")
    entry = Activity.objects.get(candidate=candidate, kind=Activity.Kind.REJECTION)
    # The reason is kept as its labels per language: administrators edit the list.
    reason = {"id": "per_language", "params": {"labels": {"en": "skills or experience", "zh-hans": "技能或经验"}}}
    assert entry.message_id == "interviews.rejected" and entry.params == {"job": "Backend Engineer", "reason": reason}

    profile = reverse("candidates:candidate-detail", args=[candidate.public_id])
    client.force_login(english_recruiter)
    english = client.get(profile).text
    assert "Rejected for Backend Engineer: skills or experience" in english

    job_member_add(job=job, user=chinese_recruiter, job_role="coordinator", actor=english_recruiter)
    client.force_login(chinese_recruiter)
    with translation.override("zh-hans"):
        expected = translation.gettext("Rejected for %(job)s: %(reason)s") % {
            "job": "Backend Engineer",
            "reason": "技能或经验",
        }
        applied = translation.gettext("Added to %(job)s at %(stage)s") % {
            "job": "Backend Engineer",
            "stage": application.stage.name,
        }
    chinese = client.get(profile).text
    assert expected in chinese and applied in chinese
    assert "Rejected for" not in chinese and "Added to Backend Engineer" not in chinese


def test_a_notification_written_for_an_english_speaker_reads_in_chinese_once_they_switch(
    client, english_recruiter, chinese_recruiter
):
    job = factories.job(recruiter=chinese_recruiter, title="Backend Engineer")
    with translation.override("zh-hans"):  # written while the Chinese speaker's language is active
        job_member_add(job=job, user=english_recruiter, job_role="coordinator", actor=chinese_recruiter)
    notification = Notification.objects.get(recipient=english_recruiter)
    assert notification.message_id == "jobs.team_added"

    client.force_login(english_recruiter)
    page = client.get(reverse("messaging:notification-list")).text
    assert "Li Lei added you to the team of Backend Engineer as" in page and "招聘协调员" not in page

    english_recruiter.language = "zh-hans"
    english_recruiter.save(update_fields=["language"])
    page = client.get(reverse("messaging:notification-list")).text
    assert "招聘协调员" in page and "added you to the team" not in page


def test_a_users_note_is_kept_as_written_in_every_language(english_recruiter):
    from candidates.services import note_create

    candidate = factories.candidate()
    note_create(candidate=candidate, author=english_recruiter, body="Call back on Monday")
    entry = Activity.objects.get(candidate=candidate, kind=Activity.Kind.NOTE)
    assert entry.message_id == TEXT
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert entry.summary == "Call back on Monday"


# --- The registry ------------------------------------------------------------------------


def test_a_typo_in_a_message_id_or_a_missing_parameter_fails_where_it_is_written():
    with pytest.raises(KeyError):
        MESSAGES.message("interviews.no_such_message")
    with pytest.raises(ValueError, match="stage"):
        MESSAGES.message("interviews.applied", job="Backend Engineer")


def test_an_unknown_id_shows_its_stored_text_never_the_id():
    assert MESSAGES.render("gone.away_message", {"text": "Old line"}) == "Old line"
    assert MESSAGES.render("gone.away_message", {}) == ""


def test_every_registered_message_has_a_chinese_translation_with_the_same_placeholders():
    for entry in MESSAGES.entries():
        if entry.message_id == TEXT:
            continue
        with translation.override("en"):
            english, english_names = str(entry.text), entry.placeholders()
        with translation.override("zh-hans"):
            chinese, chinese_names = str(entry.text), entry.placeholders()
        words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", english))
        assert chinese != english or not words, entry.message_id
        assert chinese_names == english_names, entry.message_id


# --- Converting rows stored as text --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message_id", "params"),
    [
        ("Candidate created", "candidates.created", {}),
        (
            "Added to Backend Engineer at Phone screen",
            "interviews.applied",
            {"job": "Backend Engineer", "stage": "Phone screen"},
        ),
        (
            "Backend Engineer: Phone screen → Onsite",
            "interviews.stage_changed",
            {"job": "Backend Engineer", "from": "Phone screen", "to": "Onsite"},
        ),
        (
            "Rita: strong yes for Onsite",
            "interviews.scorecard_submitted",
            {"name": "Rita", "recommendation": "strong_yes", "stage": "Onsite"},
        ),
        ("Called about the offer", TEXT, {"text": "Called about the offer"}),
        (
            "Rita Recruiter made you the owner of Lena Park",
            "candidates.owner_assigned",
            {"actor": "Rita Recruiter", "candidate": "Lena Park"},
        ),
    ],
)
def test_english_text_is_mapped_back_to_its_message(db, text, message_id, params):
    message = message_from_text(text)
    assert (message.message_id, message.params) == (message_id, params)


def test_chinese_text_is_mapped_back_to_its_message_and_then_reads_in_english(db):
    with translation.override("zh-hans"):
        text = translation.gettext("Rejected for %(job)s: %(reason)s")
        written = text % {"job": "后端工程师", "reason": "技能或经验"}
    message = message_from_text(written)
    assert message.message_id == "interviews.rejected"
    # A reason is a label people wrote, not a choice to map back: it stays as written.
    assert message.params == {"job": "后端工程师", "reason": "技能或经验"}
    with translation.override("en"):
        assert message.render() == "Rejected for 后端工程师: 技能或经验"


# --- Kinds and templates are shown by their labels ------------------------------------------


def test_every_email_template_has_a_label_in_both_languages_never_its_name():
    from pathlib import Path

    from django.conf import settings

    from messaging.selectors import email_template_label

    names = [path.name for path in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if path.is_dir()]
    assert names
    for name in names:
        with translation.override("en"):
            english = email_template_label(name)
        with translation.override("zh-hans"):
            chinese = email_template_label(name)
        assert english not in (name, "Email"), name
        assert chinese != english and not re.search(r"[A-Za-z]{3,}", chinese.replace("RecruitCRM", "")), name


def test_every_notification_kind_written_has_a_label_in_both_languages():
    from messaging.messages import NOTIFICATION_KINDS

    for kind in ("mention", "assignment", "scorecard_overdue", "scorecard_escalation", "candidate_answer"):
        with translation.override("zh-hans"):
            chinese = NOTIFICATION_KINDS.label(kind)
        with translation.override("en"):
            english = NOTIFICATION_KINDS.label(kind)
        assert english != "Other" and chinese != english, kind


def test_a_profile_names_a_reminder_email_by_its_label(client, english_recruiter, chinese_recruiter):
    from messaging.services import email_queue

    job = factories.job(recruiter=english_recruiter)
    application = factories.application(job_=job)
    email_queue(
        to="lena@example.com",
        idempotency_key="reminder:1",
        language="en",
        template="interview_reminder_panel",
        context={},
        related=application,
    )
    client.force_login(english_recruiter)
    page = client.get(reverse("candidates:candidate-detail", args=[application.candidate.public_id])).text
    assert "interview_reminder_panel" not in page and "Interview reminder to the panel" in page
