"""Retention in Django admin: the dry-run page lists the sweep's own plan, and
a legal hold is placed and lifted from the candidate's admin page through the
privacy services."""

from __future__ import annotations

from django.urls import reverse

from candidates.models import Candidate
from core.models import AuditEvent
from privacy.models import RetentionPolicy
from privacy.selectors import retention_plan
from privacy.services.retention import candidate_legal_hold_place
from tests import factories


def candidate_form(candidate: Candidate, **values) -> dict:
    data = {
        "full_name": candidate.full_name,
        "language": candidate.language,
        "time_zone": candidate.time_zone,
        "email": candidate.email or "",
    }
    data.update(values)
    return data


def test_the_dry_run_page_lists_what_the_sweep_will_do(client, admin_user, db):
    RetentionPolicy.objects.create(name="At once", rule=RetentionPolicy.Rule.NO_APPLICATION, months=0, renewal_days=0)
    due = factories.candidate(full_name="Due Today")
    client.force_login(admin_user)

    changelist = client.get(reverse("admin:privacy_retentionpolicy_changelist"))
    page = client.get(reverse("admin:privacy_retentionpolicy_dry_run"))

    assert reverse("admin:privacy_retentionpolicy_dry_run") in changelist.text
    assert page.status_code == 200
    assert [(a.kind, a.candidate_id) for a in retention_plan()] == [("anonymise", due.pk)]
    assert "Due Today" in page.text and "anonymise" in page.text
    due.refresh_from_db()
    assert due.anonymised_at is None  # a dry run changes nothing


def test_the_dry_run_page_is_for_administrators_only(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("admin:privacy_retentionpolicy_dry_run"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_legal_hold_is_placed_and_lifted_from_the_candidate_admin(client, admin_user, db):
    candidate = factories.candidate(full_name="Under Hold")
    client.force_login(admin_user)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])

    placed = client.post(url, candidate_form(candidate, legal_hold_reason="tribunal case 42"))
    assert placed.status_code == 302, placed.context["adminform"].form.errors
    candidate.refresh_from_db()
    assert candidate.legal_hold_at is not None and candidate.legal_hold_reason == "tribunal case 42"
    assert AuditEvent.objects.filter(action="candidates.candidate.legal_hold", actor=admin_user).count() == 1

    lifted = client.post(url, candidate_form(candidate, legal_hold_reason=""))
    assert lifted.status_code == 302
    candidate.refresh_from_db()
    assert candidate.legal_hold_at is None and candidate.legal_hold_reason == ""
    assert AuditEvent.objects.filter(action="candidates.candidate.legal_hold_release").count() == 1


def test_the_profile_shows_a_legal_hold_and_an_anonymised_candidate(client, admin_user, db):
    held = factories.candidate(full_name="Held Person")
    candidate_legal_hold_place(candidate=held, actor=admin_user, reason="audit")
    plain = factories.candidate(full_name="Plain Person")
    client.force_login(admin_user)

    page = client.get(reverse("candidates:candidate-detail", args=[held.public_id]))
    other = client.get(reverse("candidates:candidate-detail", args=[plain.public_id]))

    assert 'data-testid="legal-hold"' in page.text and 'data-testid="legal-hold"' not in other.text
    assert 'data-testid="anonymised"' not in page.text
