"""The talent-pool pages: who sees and changes what, the htmx regions and
their plain fallbacks, late-stage rejections proposed for a pool, filling a
pool from a saved search, and the candidate's check-in page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import saved_search_save
from core.models import AccessToken
from interviews.models import StageKind
from interviews.services import application_move, application_reject
from messaging.models import OutboundEmail
from messaging.services import outbox
from talentpool.models import CheckIn, PoolMembership, TalentPool
from talentpool.services import checkin_sweep, pool_create, pool_grant, pool_member_add
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.fixture
def pool(db, recruiter):
    return pool_create(actor=recruiter, name="Data alumni", cadence_days=60)


def detail_url(pool: TalentPool) -> str:
    return reverse("talentpool:pool-detail", args=[pool.public_id])


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who sees what -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["administrator", "recruiter", "reviewer", "coordinator"])
def test_staff_who_work_with_pools_open_the_pools_page(client, personas, pool, role):
    response = as_user(client, personas[role]).get(reverse("talentpool:pool-list"))
    assert response.status_code == 200
    listed = pool.name in response.content.decode()
    assert listed is (role in ("administrator", "recruiter", "reviewer"))  # a coordinator needs a grant


@pytest.mark.parametrize("role", ["interviewer", "hiring_manager"])
def test_interviewers_and_hiring_managers_may_not_open_the_pools_page(client, personas, role):
    assert as_user(client, personas[role]).get(reverse("talentpool:pool-list")).status_code == 403


def test_the_nav_links_to_pools_for_roles_that_manage_them(client, recruiter, reviewer):
    assert "Talent pools" in as_user(client, recruiter).get(reverse("home")).content.decode()
    assert "Talent pools" not in as_user(client, reviewer).get(reverse("home")).content.decode()


def test_an_outsider_gets_404_for_a_pool_they_have_no_grant_on(client, outsider, pool):
    client = as_user(client, outsider)
    assert client.get(detail_url(pool)).status_code == 404
    url = reverse("talentpool:member-add", args=[pool.public_id])
    assert client.post(url, {"candidate": "x@example.test"}).status_code == 404


def test_a_reviewer_sees_a_pool_but_changing_it_is_403(client, reviewer, pool):
    client = as_user(client, reviewer)
    page = client.get(detail_url(pool))
    assert page.status_code == 200 and 'data-testid="member-add"' not in page.content.decode()
    url = reverse("talentpool:pool-settings", args=[pool.public_id])
    assert client.post(url, {"cadence_days": 5}).status_code == 403


def test_a_coordinator_with_a_grant_sees_the_pool_but_may_not_change_it(client, coordinator, admin_user, pool):
    pool_grant(pool=pool, user=coordinator, actor=admin_user)
    client = as_user(client, coordinator)
    assert client.get(detail_url(pool)).status_code == 200
    assert client.post(reverse("talentpool:pool-create"), {"name": "Mine"}).status_code == 403


def test_pages_refuse_the_wrong_method(client, recruiter, pool):
    client = as_user(client, recruiter)
    assert client.post(reverse("talentpool:pool-list")).status_code == 405
    assert client.post(detail_url(pool)).status_code == 405
    assert client.get(reverse("talentpool:member-add", args=[pool.public_id])).status_code == 405
    assert client.get(reverse("talentpool:pool-create")).status_code == 405


# --- Query counts ----------------------------------------------------------------------


def test_the_pools_page_reads_a_fixed_number_of_queries(client, recruiter, django_assert_num_queries):
    for n in range(5):
        pool_create(actor=recruiter, name=f"Pool {n}", cadence_days=30)
    for _ in range(3):
        rejected_at(StageKind.FINAL, recruiter)
    client = as_user(client, recruiter)
    client.get(reverse("talentpool:pool-list"))
    with django_assert_num_queries(5):
        response = client.get(reverse("talentpool:pool-list"))
    assert response.content.decode().count('data-testid="proposal"') == 3


def test_a_pools_page_reads_a_fixed_number_of_queries_however_many_members(
    client, recruiter, pool, django_assert_num_queries
):
    for _ in range(6):
        pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    checkin_sweep(now=timezone.now() + timedelta(days=61))
    client = as_user(client, recruiter)
    client.get(detail_url(pool))
    with django_assert_num_queries(7):
        response = client.get(detail_url(pool))
    assert response.content.decode().count('data-testid="member"') == 6


# --- Creating, members, settings -----------------------------------------------------------


def test_a_recruiter_creates_a_pool_and_htmx_follows_to_it(client, recruiter):
    response = as_user(client, recruiter).post(
        reverse("talentpool:pool-create"), {"name": "Frontend", "cadence_days": 30}, **HTMX
    )
    pool = TalentPool.objects.get(name="Frontend")
    assert response.headers["HX-Redirect"] == detail_url(pool)
    assert pool.owner == recruiter and pool.cadence_days == 30


def test_an_invalid_new_pool_comes_back_with_errors_as_a_region_or_a_page(client, recruiter, pool):
    client = as_user(client, recruiter)
    fragment = client.post(reverse("talentpool:pool-create"), {"name": pool.name}, **HTMX)
    assert fragment.status_code == 422 and b"<html" not in fragment.content and b'id="pool-create"' in fragment.content
    page = client.post(reverse("talentpool:pool-create"), {"name": ""})
    assert page.status_code == 422 and b"<html" in page.content


def test_adding_a_member_by_email_answers_htmx_with_the_members_region(client, recruiter, pool):
    candidate = factories.pool_candidate(full_name="Lin Hua", email="lin.hua@example.test")
    url = reverse("talentpool:member-add", args=[pool.public_id])
    response = as_user(client, recruiter).post(
        url, {"candidate": "Lin.Hua@example.test", "reason": "Strong final round"}, **HTMX
    )
    assert response.status_code == 200 and b"<html" not in response.content and b"Lin Hua" in response.content
    membership = PoolMembership.objects.get(pool=pool, candidate=candidate)
    assert membership.reason == "Strong final round" and membership.next_check_in_at is not None


def test_adding_a_candidate_without_talent_pool_consent_shows_the_refusal(client, recruiter, pool):
    factories.candidate(full_name="Lin Hua", email="lin.hua@example.test")
    url = reverse("talentpool:member-add", args=[pool.public_id])
    response = as_user(client, recruiter).post(url, {"candidate": "lin.hua@example.test", "reason": "Strong"}, **HTMX)
    assert response.status_code == 422 and "has not agreed to be kept in the talent pool" in response.text
    assert not PoolMembership.objects.filter(pool=pool).exists()


def test_a_proposal_without_talent_pool_consent_is_refused_with_the_reason(client, recruiter, pool):
    application = rejected_at(StageKind.FINAL, recruiter, full_name="Late Larry")
    url = reverse("talentpool:proposal-add", args=[application.public_id])
    response = as_user(client, recruiter).post(url, {"pool": pool.public_id}, follow=True)
    assert "Late Larry has not agreed to be kept in the talent pool" in response.text
    assert not PoolMembership.objects.filter(pool=pool).exists()


def test_adding_an_unknown_candidate_says_so(client, recruiter, pool):
    url = reverse("talentpool:member-add", args=[pool.public_id])
    response = as_user(client, recruiter).post(url, {"candidate": "nobody@example.test"})
    assert response.status_code == 422 and b"No candidate you can see" in response.content


def test_removing_a_member_needs_a_reason_and_works_without_javascript(client, recruiter, pool):
    membership = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    url = reverse("talentpool:member-remove", args=[pool.public_id, membership.pk])
    client = as_user(client, recruiter)
    assert client.post(url, {"reason": ""}, **HTMX).status_code == 422
    response = client.post(url, {"reason": "Took a job elsewhere"})
    assert response.status_code == 302 and response.url == detail_url(pool)
    membership.refresh_from_db()
    assert membership.removed_at is not None and membership.removed_reason == "Took a job elsewhere"
    assert client.post(url, {"reason": "again"}).status_code == 404


def test_the_settings_form_sets_the_cadence(client, recruiter, pool):
    url = reverse("talentpool:pool-settings", args=[pool.public_id])
    response = as_user(client, recruiter).post(url, {"cadence_days": 14, "check_in_template": ""}, **HTMX)
    assert (
        response.status_code == 200 and b'id="pool-settings"' in response.content and b"<html" not in response.content
    )
    pool.refresh_from_db()
    assert pool.cadence_days == 14


def test_a_saved_search_fills_the_pool_with_what_the_owner_sees(client, recruiter, pool):
    wanted = [factories.pool_candidate(full_name=f"Rust dev {n}", skills="rust tokio") for n in range(3)]
    factories.candidate(full_name="Rust dev without consent", skills="rust tokio")
    factories.pool_candidate(full_name="Painter", skills="watercolour")
    saved = saved_search_save(owner=recruiter, name="Rustaceans", query="tokio", filters={}, sort="relevance")
    url = reverse("talentpool:pool-fill", args=[pool.public_id])
    response = as_user(client, recruiter).post(url, {"saved_search": saved.pk})
    assert response.status_code == 302
    assert set(PoolMembership.objects.filter(pool=pool).values_list("candidate", flat=True)) == {c.pk for c in wanted}
    as_user(client, recruiter).post(url, {"saved_search": saved.pk})
    assert PoolMembership.objects.filter(pool=pool).count() == 3


# --- Late-stage rejections proposed for a pool ------------------------------------------------


def rejected_at(kind: str, recruiter, **candidate_kwargs):
    job = factories.job(recruiter=recruiter)
    application = factories.application(job_=job, candidate_=factories.candidate(**candidate_kwargs))
    stage = job.stages.get(kind=kind)
    application_move(application=application, to_stage=stage, actor=recruiter, override_reason="test")
    return application_reject(application=application, actor=recruiter, reason="position_filled")


def test_candidates_rejected_at_a_final_stage_are_proposed_and_added_to_a_pool(client, recruiter, pool):
    final = rejected_at(StageKind.FINAL, recruiter, full_name="Late Larry")
    factories.pool_consent(final.candidate)
    rejected_at(StageKind.PHONE, recruiter, full_name="Early Eve")
    client = as_user(client, recruiter)
    page = client.get(reverse("talentpool:pool-list")).content.decode()
    assert "Late Larry" in page and "Early Eve" not in page
    url = reverse("talentpool:proposal-add", args=[final.public_id])
    response = client.post(url, {"pool": pool.public_id}, **HTMX)
    assert (
        response.status_code == 200 and b'id="proposals"' in response.content and b"Late Larry" not in response.content
    )
    assert PoolMembership.objects.filter(pool=pool, candidate=final.candidate).exists()


def test_an_opted_out_candidate_is_not_proposed(client, recruiter, pool):
    application = rejected_at(StageKind.FINAL, recruiter, full_name="Quiet Quinn")
    Candidate.objects.filter(pk=application.candidate_id).update(contact_opt_out_at=timezone.now())
    assert "Quiet Quinn" not in as_user(client, recruiter).get(reverse("talentpool:pool-list")).content.decode()


def test_a_proposal_for_an_application_the_user_cannot_see_is_404(client, outsider, recruiter, pool):
    application = rejected_at(StageKind.FINAL, recruiter)
    url = reverse("talentpool:proposal-add", args=[application.public_id])
    assert as_user(client, outsider).post(url, {"pool": pool.public_id}).status_code == 404


# --- The candidate's check-in page -------------------------------------------------------------


def open_check_in(pool, recruiter, **candidate_kwargs) -> tuple[str, CheckIn]:
    membership = pool_member_add(pool=pool, candidate=factories.pool_candidate(**candidate_kwargs), actor=recruiter)
    checkin_sweep(now=membership.next_check_in_at)
    email = OutboundEmail.objects.get(related_type="talentpool.checkin")
    return urlsplit(email.context["checkin_url"]).path, CheckIn.objects.get(membership=membership)


def test_the_check_in_page_shows_the_questions_in_the_candidates_language_without_login(client, recruiter, pool):
    url, check_in = open_check_in(pool, recruiter, language="zh-hans")
    response = client.get(url)
    assert response.status_code == 200 and 'lang="zh-hans"' in response.content.decode()
    assert b'data-testid="checkin-form"' in response.content
    assert CheckIn.objects.get(pk=check_in.pk).answered_at is None  # a GET changes nothing


def test_posting_an_answer_records_it_and_then_thanks(client, recruiter, pool):
    url, check_in = open_check_in(pool, recruiter)
    response = client.post(url, {"answer": "not_now", "salary_range": "30-35k", "availability": "June"})
    assert response.status_code == 302 and response.url == url
    check_in.refresh_from_db()
    assert check_in.answer == "not_now" and check_in.availability == "June"
    thanks = client.get(url)
    assert thanks.status_code == 200 and b'data-testid="checkin-thanks"' in thanks.content
    assert client.post(url, {"answer": "interested"}).status_code == 200  # the thanks page, nothing recorded
    check_in.refresh_from_db()
    assert check_in.answer == "not_now"


def test_an_answer_is_required(client, recruiter, pool):
    url, _check_in = open_check_in(pool, recruiter)
    assert client.post(url, {"location": "Paris"}).status_code == 422


def test_an_expired_link_is_410_and_an_unknown_one_404(client, recruiter, pool):
    url, _check_in = open_check_in(pool, recruiter)
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410 and b"This link has expired." in response.content
    assert client.post(url, {"answer": "interested"}).status_code == 410
    assert client.get(reverse("talentpool:checkin", args=["no-such-token"])).status_code == 404


def test_the_check_in_page_refuses_other_methods(client, recruiter, pool):
    url, _check_in = open_check_in(pool, recruiter)
    assert client.put(url).status_code == 405
