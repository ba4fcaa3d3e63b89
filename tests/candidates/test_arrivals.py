"""Candidates arriving from outside: found by email or phone, or created;
what a known profile holds is never overwritten."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Activity, Candidate, ProposedUpdate
from candidates.selectors import privacy_notice_in_force
from candidates.services import candidate_create
from candidates.services.arrivals import candidate_arrive
from candidates.services.proposals import proposed_update_accept, proposed_update_dismiss

pytestmark = pytest.mark.django_db

APPLICATION = ProposedUpdate.Origin.APPLICATION


def test_a_new_email_makes_a_new_candidate_with_every_value():
    arrival = candidate_arrive(
        full_name="李雷",
        email="Li.Lei@Example.test",
        phone="13800138000",
        values={"location": "上海"},
        origin=APPLICATION,
    )
    assert arrival.created
    candidate = Candidate.objects.get(pk=arrival.candidate.pk)
    assert (candidate.email, candidate.phone, candidate.location) == ("li.lei@example.test", "+8613800138000", "上海")


def test_the_same_email_in_another_case_finds_the_known_candidate_and_proposes_what_differs(recruiter):
    known = candidate_create(actor=recruiter, full_name="Li Lei", email="li.lei@example.test", company="Acme")
    arrival = candidate_arrive(
        full_name="李雷",
        email="LI.LEI@example.test",
        phone="13800138000",
        values={"company": "Globex"},
        origin=APPLICATION,
        origin_detail="Backend engineer",
    )
    assert not arrival.created and arrival.candidate.pk == known.pk
    known.refresh_from_db()
    # The empty phone is filled; the name and the company wait for a person.
    assert known.phone == "+8613800138000" and known.company == "Acme" and known.full_name == "Li Lei"
    assert arrival.filled == ["phone"]
    assert sorted((p.field, p.value) for p in arrival.proposals) == [("company", "Globex"), ("full_name", "李雷")]
    assert Candidate.objects.count() == 1


def test_the_phone_finds_the_candidate_when_the_email_is_new(recruiter):
    known = candidate_create(actor=recruiter, full_name="Han Meimei", phone="+86 138 0013 8001")
    arrival = candidate_arrive(
        full_name="Han Meimei", email="hmm@example.test", phone="13800138001", origin=APPLICATION
    )
    assert arrival.candidate.pk == known.pk and arrival.filled == ["email"]


def test_a_newer_value_supersedes_the_waiting_one_and_the_same_value_again_adds_nothing(recruiter):
    candidate_create(actor=recruiter, full_name="Li Lei", email="li@example.test", company="Acme")
    candidate_arrive(full_name="Li Lei", email="li@example.test", values={"company": "Globex"}, origin=APPLICATION)
    candidate_arrive(full_name="Li Lei", email="li@example.test", values={"company": "Globex"}, origin=APPLICATION)
    assert ProposedUpdate.objects.filter(status="pending").count() == 1
    candidate_arrive(full_name="Li Lei", email="li@example.test", values={"company": "Initech"}, origin=APPLICATION)
    pending = ProposedUpdate.objects.get(status="pending")
    assert pending.value == "Initech"
    assert ProposedUpdate.objects.filter(status="superseded").count() == 1


def test_accepting_writes_the_field_with_its_origin_and_dismissing_keeps_the_profile(recruiter):
    known = candidate_create(
        actor=recruiter, full_name="Li Lei", email="li@example.test", company="Acme", location="北京"
    )
    arrival = candidate_arrive(
        full_name="Li Lei",
        email="li@example.test",
        values={"company": "Globex", "location": "上海"},
        origin=APPLICATION,
    )
    company = next(p for p in arrival.proposals if p.field == "company")
    location = next(p for p in arrival.proposals if p.field == "location")
    proposed_update_accept(proposal=company, actor=recruiter)
    proposed_update_dismiss(proposal=location, actor=recruiter)
    known.refresh_from_db()
    assert (known.company, known.location) == ("Globex", "北京")
    history = Activity.objects.filter(candidate=known, data__origin="application").latest("occurred_at")
    assert history.data["fields"] == ["company"]
    with pytest.raises(ValidationError):
        proposed_update_accept(proposal=company, actor=recruiter)


def test_a_malformed_email_is_refused_before_anything_is_written():
    with pytest.raises(ValidationError):
        candidate_arrive(full_name="X", email="not-an-email", origin=APPLICATION)
    assert not Candidate.objects.exists()


def test_a_notice_is_in_force_from_the_first_migration():
    notice = privacy_notice_in_force()
    assert notice is not None and notice.body and notice.body_zh_hans
