"""candidates.services: create and update with validation, timeline and audit."""

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Activity, Candidate
from candidates.services import candidate_create, candidate_update, note_create
from core.models import AuditEvent


def test_candidate_create_writes_the_row_tags_timeline_and_an_audit_without_values(recruiter):
    candidate = candidate_create(
        actor=recruiter, full_name="王伟", email="wang.wei@example.cn", phone="13912345678", tags=["python", "beijing"]
    )
    assert candidate.owner == recruiter
    assert sorted(candidate.tags.values_list("name", flat=True)) == ["beijing", "python"]
    assert Activity.objects.get(candidate=candidate).kind == "created"
    event = AuditEvent.objects.get(action="candidates.candidate.create")
    assert event.data == {"fields": ["email", "phone"]}
    assert "wang.wei" not in str(event.data) and "139" not in str(event.data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "valid email"),
        ("phone", "12", "valid phone"),
        ("time_zone", "Mars/Base", "time zone"),
    ],
)
def test_malformed_contact_details_are_refused_and_nothing_is_saved(recruiter, field, value, message):
    with pytest.raises(ValidationError, match=message):
        candidate_create(actor=recruiter, full_name="Bad Input", **{field: value})
    assert not Candidate.objects.exists()
    assert not AuditEvent.objects.filter(action="candidates.candidate.create").exists()


def test_a_blank_name_is_refused(recruiter):
    with pytest.raises(ValidationError):
        candidate_create(actor=recruiter, full_name="  ")


def test_candidate_update_records_which_fields_changed_and_skips_no_op_saves(recruiter):
    candidate = candidate_create(actor=recruiter, full_name="Ann Lee", email="ann@example.com")
    candidate_update(candidate=candidate, actor=recruiter, email="ANN@example.com", headline="CTO")
    update = Activity.objects.get(candidate=candidate, kind="updated")
    assert update.data == {"fields": ["headline"]}  # the email normalises to the same value
    candidate_update(candidate=candidate, actor=recruiter, headline="CTO")
    assert Activity.objects.filter(candidate=candidate, kind="updated").count() == 1


def test_unknown_fields_are_a_programming_error(recruiter):
    candidate = candidate_create(actor=recruiter, full_name="Ann Lee")
    with pytest.raises(TypeError, match="unknown candidate fields: salary"):
        candidate_update(candidate=candidate, actor=recruiter, salary="1")


def test_notes_go_on_the_timeline_and_empty_notes_are_refused(recruiter):
    candidate = candidate_create(actor=recruiter, full_name="Ann Lee")
    note_create(candidate=candidate, author=recruiter, body="Great call today")
    assert Activity.objects.get(candidate=candidate, kind="note").summary == "Great call today"
    with pytest.raises(ValidationError):
        note_create(candidate=candidate, author=recruiter, body="   ")
