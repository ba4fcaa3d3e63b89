"""`manage.py bench_seed` (bench/seed): the bulk-loaded rows read like
service-made ones, counts follow the scale, and a seed
always gives the same data.

The dataset is loaded once for the module, in a transaction rolled back at
the end; BENCH_TEST_SCALE (default 0.001: 200 candidates) sets its size.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from accounts.models import User
from analytics.models import StageVisit
from bench.seed import BASE_COUNTS, BenchLoader, Counts
from candidates import search
from candidates.models import Candidate, Consent, Document
from candidates.selectors import candidate_find_by_email, candidate_find_by_phone
from candidates.services import candidate_create, document_create
from core import crypto
from interviews.models import Application, Interview, Scorecard, StageTransition
from interviews.selectors import board_applications_for
from interviews.selectors.debrief import debrief_for
from jobs.selectors import job_list_for
from talentpool.models import PoolMembership

SCALE = float(os.environ.get("BENCH_TEST_SCALE", "0.001"))
SEED = 7


def _snapshot() -> dict[str, list]:
    return {
        "candidates": list(Candidate.objects.order_by("id").values_list("id", "public_id", "full_name", "company")),
        "applications": list(
            Application.objects.order_by("id").values_list("public_id", "candidate_id", "status", "job__title")
        ),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The dataset at SCALE, and the snapshots of two more loads (same seed, another seed)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        with transaction.atomic():
            rows = BenchLoader(scale=SCALE, seed=SEED, log=lambda line: None).run()
            first = _snapshot()
            again = {}
            for seed in (SEED, SEED + 1):
                with transaction.atomic():
                    BenchLoader(scale=SCALE, seed=seed, log=lambda line: None).run(force_empty=True)
                    again[seed] = _snapshot()
                    transaction.set_rollback(True)
            yield {"rows": rows, "first": first, "again": again}
            transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_counts_at_scale_one_are_the_issues_and_scale_multiplies_them():
    assert Counts.for_scale(1).__dict__ == BASE_COUNTS
    small = Counts.for_scale(0.01)
    assert (small.candidates, small.applications, small.interviews, small.scorecards) == (2_000, 4_000, 1_000, 1_500)
    assert (small.pool_members, small.hot_job_applications, small.clients) == (500, 20, 1)


def test_the_loaded_rows_match_the_counts_of_the_scale(seeded):
    counts = Counts.for_scale(SCALE)
    assert Candidate.objects.count() == counts.candidates
    assert Application.objects.count() == counts.applications
    assert Interview.objects.count() == counts.interviews
    assert Scorecard.objects.count() == counts.scorecards
    assert PoolMembership.objects.count() == counts.pool_members
    # Every pool member agreed to it (talent-pool consent), once each.
    members = set(PoolMembership.objects.values_list("candidate", flat=True))
    consents = list(Consent.objects.filter(purpose="talent_pool").values_list("candidate", flat=True))
    assert sorted(consents) == sorted(members)
    assert seeded["rows"]["candidates"] == counts.candidates
    documents = Document.objects.count()
    assert 0.7 * counts.candidates <= documents <= 0.95 * counts.candidates
    transitions = StageTransition.objects.count()
    assert 3 * counts.applications <= transitions <= 7 * counts.applications
    assert StageVisit.objects.exists()


def test_a_seed_gives_the_same_names_and_ids_in_the_same_order(seeded):
    first, again = seeded["first"], seeded["again"]
    assert again[SEED] == first
    assert again[SEED + 1]["candidates"] != first["candidates"]


def test_loaded_contact_details_decrypt_through_the_model_field_and_are_found_by_their_blind_index(seeded):
    for candidate in Candidate.objects.order_by("id")[:50]:
        assert candidate.email.endswith("@example.com")
        assert list(candidate_find_by_email(candidate.email.upper()).values_list("pk", flat=True)) == [candidate.pk]
        if candidate.phone:
            assert crypto.normalize_phone(candidate.phone) == candidate.phone
            assert list(candidate_find_by_phone(candidate.phone).values_list("pk", flat=True)) == [candidate.pk]
    document = Document.objects.select_related("candidate").first()
    assert document.candidate.full_name in document.text
    assert len(document.text.split()) >= 250


def test_every_loaded_search_document_is_what_candidates_search_computes(seeded):
    loaded = dict(Candidate.objects.values_list("pk", "search_vector"))
    names = dict(Candidate.objects.values_list("pk", "search_names"))
    assert any(Candidate.objects.filter(full_name__regex=r"^[一-龥]").values_list("pk", flat=True))
    with transaction.atomic():
        for pk in loaded:
            search.refresh(pk)
        recomputed = dict(Candidate.objects.values_list("pk", "search_vector"))
        renamed = dict(Candidate.objects.values_list("pk", "search_names"))
        transaction.set_rollback(True)
    assert recomputed == loaded
    assert renamed == names


@pytest.mark.parametrize("chinese", [True, False])
def test_a_loaded_candidate_equals_its_twin_made_through_the_services(seeded, chinese):
    document = (
        Document.objects.select_related("candidate")
        .filter(candidate__full_name__regex=r"^[一-龥]" if chinese else r"^[A-Z]")
        .exclude(candidate__phone=None)
        .first()
    )
    loaded = document.candidate
    admin = User.objects.get(email="admin@demo.test")
    twin = candidate_create(
        actor=admin,
        full_name=loaded.full_name,
        tags=list(loaded.tags.values_list("name", flat=True)),
        headline=loaded.headline,
        company=loaded.company,
        location=loaded.location,
        skills=loaded.skills,
        email=loaded.email,
        phone=loaded.phone,
    )
    document_create(
        candidate=twin,
        actor=admin,
        filename=document.filename,
        content=b"%PDF-1.4 twin",
        content_type="application/pdf",
        text=document.text,
    )
    twin = Candidate.objects.get(pk=twin.pk)
    assert (twin.email, twin.phone) == (loaded.email, loaded.phone)
    assert (bytes(twin.email_index), bytes(twin.phone_index)) == (bytes(loaded.email_index), bytes(loaded.phone_index))
    assert twin.search_vector == loaded.search_vector
    assert twin.search_names == loaded.search_names


def test_transitions_are_ordered_and_consistent_with_their_applications(seeded):
    history = defaultdict(list)
    for row in StageTransition.objects.order_by("application_id", "created_at", "id").values(
        "application_id", "from_stage_id", "to_stage_id", "from_status", "to_status", "created_at"
    ):
        history[row["application_id"]].append(row)
    applications = Application.objects.all()
    assert len(history) == applications.count()
    for application in applications:
        rows = history[application.pk]
        assert rows[0]["from_stage_id"] is None and rows[0]["from_status"] == ""
        assert rows[0]["created_at"] == application.created_at
        times = [row["created_at"] for row in rows]
        assert times == sorted(times) and len(set(times)) == len(times)
        for before, after in itertools.pairwise(rows):
            assert after["from_stage_id"] == before["to_stage_id"]
        assert rows[-1]["to_stage_id"] == application.stage_id
        assert rows[-1]["to_status"] == application.status
        moves = [row for row in rows if row["to_status"] == "active"]
        assert application.stage_entered_at == moves[-1]["created_at"]
        if application.status == "active":
            assert application.closed_at is None
        else:
            assert rows[-1]["from_status"] == "active"
            assert application.closed_at == rows[-1]["created_at"]


def test_the_recruiter_sees_the_hot_job_and_its_board_shows_every_active_application_at_its_stage(seeded):
    recruiter = User.objects.get(email="recruiter@demo.test")
    counts = Counts.for_scale(SCALE)
    hot = job_list_for(recruiter).get(title__endswith="(hot)")
    board = list(board_applications_for(recruiter, hot))
    assert len(board) == counts.hot_job_applications
    last = {}
    for row in StageTransition.objects.filter(application__job=hot).order_by("created_at", "id"):
        last[row.application_id] = row
    for application in board:
        assert application.stage_id == last[application.pk].to_stage_id
        assert application.stage_entered_at == last[application.pk].created_at
    assert {stage.pk for stage in hot.stages.all()} >= {application.stage_id for application in board}


def test_a_loaded_scorecard_shows_on_the_debrief_with_its_ratings(seeded):
    admin = User.objects.get(email="admin@demo.test")
    scorecard = (
        Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
        .select_related("interview__application", "interview__stage")
        .order_by("id")
        .first()
    )
    interview = scorecard.interview
    debrief = debrief_for(admin, interview.application, interview.stage)
    assert scorecard.pk in [card.pk for card in debrief.scorecards]
    column = [card.pk for card in debrief.scorecards].index(scorecard.pk)
    ratings = {rating.criterion.family: rating.score for rating in scorecard.ratings.select_related("criterion")}
    assert ratings
    shown = {row.criterion.family: row.scores[column] for row in debrief.rows if row.scores[column] is not None}
    assert shown == ratings


def test_the_command_refuses_a_database_with_candidates_and_debug_off(seeded, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--force-empty"):
        call_command("bench_seed", "--scale", "0.001")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("bench_seed", "--scale", "0.001", "--force-empty")
    assert connection.in_atomic_block


def test_the_seed_gives_the_offer_and_placement_reports_rows_that_read_through_the_product(seeded):
    from offers.models import Offer
    from placements.models import Placement

    hired = Application.objects.filter(status=Application.Status.HIRED)
    assert Offer.objects.filter(status=Offer.Status.ACCEPTED).count() == hired.count() > 0
    assert Placement.objects.count() == hired.filter(job__client__is_internal=False).count() > 0
    declined = Offer.objects.filter(status=Offer.Status.DECLINED)
    assert declined.exists() and not declined.filter(decline_reason="").exists()
    placement = Placement.objects.select_related("application__job").first()
    assert placement.recruiter_id == placement.application.job.recruiter_id
    assert placement.first_year_base is None and placement.fee > 0


def test_a_loaded_placement_equals_the_one_the_service_makes_for_the_same_hire(seeded):
    from placements.models import Placement
    from placements.services import placement_create

    hires = Application.objects.filter(status=Application.Status.HIRED).count()
    assert hires and Placement.objects.count() == hires
    loaded = Placement.objects.filter(fell_through_on=None).select_related("application__job__client").first()
    fields = ("client_id", "recruiter_id", "placed_on", "fee_type", "rate", "fee", "currency", "guarantee_days")
    expected = {name: getattr(loaded, name) for name in (*fields, "guarantee_ends_on", "first_year_base")}
    with transaction.atomic():
        application = loaded.application
        loaded.delete()
        made = Placement.objects.get(pk=placement_create(application=application, actor=None).pk)
        assert {name: getattr(made, name) for name in expected} == expected
        transaction.set_rollback(True)
    assert Placement.objects.filter(fell_through_on__isnull=False, replacement_owed=True).exists() or hires < 20
