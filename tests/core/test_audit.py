"""Audit rows: audit_record writes one, audit_record_many writes many in one
INSERT, both built by audit_event_build."""

from __future__ import annotations

from django.test import RequestFactory

from core.models import AuditEvent
from core.services import audit_record, audit_record_many
from tests import factories


def columns(event: AuditEvent) -> dict:
    return {
        f.attname: getattr(event, f.attname) for f in event._meta.concrete_fields if f.name not in {"id", "created_at"}
    }


def test_many_audit_events_are_written_in_one_insert_as_audit_record_writes_each(recruiter, django_assert_num_queries):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Browser/1.0")
    targets = [factories.candidate(full_name=f"Audited {n}") for n in range(3)]
    events = [
        {"action": "tests.thing.touch", "actor": recruiter, "target": target, "request": request, "data": {"n": n}}
        for n, target in enumerate(targets)
    ]
    with django_assert_num_queries(1):
        many = audit_record_many(events=events)
    one = [audit_record(**event) for event in events]

    assert [event.pk is not None for event in many] == [True] * 3
    stored = {event.pk: event for event in AuditEvent.objects.filter(action="tests.thing.touch")}
    assert [columns(stored[event.pk]) for event in many] == [columns(stored[event.pk]) for event in one]
    assert columns(stored[many[2].pk]) == {
        "actor_id": recruiter.pk,
        "action": "tests.thing.touch",
        "target_type": "candidates.candidate",
        "target_id": str(targets[2].public_id),
        "ip_address": "192.0.2.7",
        "user_agent": "Browser/1.0",
        "data": {"n": 2},
    }
    assert audit_record_many(events=[]) == []
