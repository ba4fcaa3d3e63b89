"""'Send a check-in now' for one member or the whole pool, after a preview
of the email as the member will read it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from messaging.models import OutboundEmail
from talentpool.models import CheckIn, PoolMembership
from talentpool.services import pool_create, pool_member_add
from tests import factories

HTMX = {"HX-Request": "true"}


@pytest.fixture
def pool(recruiter):
    return pool_create(name="Backend alumni", owner=recruiter, actor=recruiter, cadence_days=90)


@pytest.fixture
def members(pool, recruiter):
    lin = factories.candidate(full_name="Lin Hua", email="lin@example.test", language="zh-hans")
    ada = factories.candidate(full_name="Ada Lovelace", email="ada@example.test", language="en")
    quiet = factories.candidate(full_name="Asked Not To", email="quiet@example.test")
    quiet.contact_opt_out_at = timezone.now()
    quiet.save(update_fields=["contact_opt_out_at"])
    return {
        name: pool_member_add(pool=pool, candidate=factories.pool_consent(candidate), actor=recruiter)
        for name, candidate in (("lin", lin), ("ada", ada), ("quiet", quiet))
    }


def confirm_url(pool) -> str:
    return reverse("talentpool:checkin-confirm", args=[pool.public_id])


def send_url(pool) -> str:
    return reverse("talentpool:checkin-send", args=[pool.public_id])


def test_the_pool_page_offers_a_check_in_now_for_the_pool_and_each_member(client, recruiter, pool, members):
    client.force_login(recruiter)
    html = client.get(reverse("talentpool:pool-detail", args=[pool.public_id])).text
    assert 'data-testid="checkin-pool"' in html
    assert f"{confirm_url(pool)}?member={members['ada'].pk}" in html


def test_the_preview_shows_the_email_in_the_members_language_before_anything_is_sent(client, recruiter, pool, members):
    client.force_login(recruiter)
    response = client.get(confirm_url(pool), {"member": members["ada"].pk}, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert 'data-testid="checkin-preview"' in response.text
    assert "Hello Ada Lovelace" in response.text and "Are you open to new roles?" in response.text
    chinese = client.get(confirm_url(pool), {"member": members["lin"].pk}, headers=HTMX).text
    assert "Lin Hua" in chinese and "Hello Lin Hua" not in chinese
    assert not OutboundEmail.objects.exists() and not CheckIn.objects.exists()


def test_the_pool_preview_counts_who_can_be_mailed(client, recruiter, pool, members):
    client.force_login(recruiter)
    html = client.get(confirm_url(pool), headers=HTMX).text
    assert "It goes to 2 members" in html


def test_sending_to_one_member_queues_one_check_in_and_moves_their_next_one(client, recruiter, pool, members):
    client.force_login(recruiter)
    before = timezone.now()
    response = client.post(send_url(pool), {"member": members["ada"].pk}, headers=HTMX)
    assert response.status_code == 200 and "Check-in sent to 1 member." in response.text
    email = OutboundEmail.objects.get()
    assert email.to_address == "ada@example.test" and email.template == "talentpool_checkin"
    assert CheckIn.objects.get().membership == members["ada"]
    ada = PoolMembership.objects.get(pk=members["ada"].pk)
    assert ada.last_check_in_at >= before and (ada.next_check_in_at - ada.last_check_in_at).days == 90
    assert AuditEvent.objects.filter(action="talentpool.checkin.send_now").exists()


def test_sending_to_the_pool_skips_those_who_cannot_be_mailed(client, recruiter, pool, members):
    client.force_login(recruiter)
    response = client.post(send_url(pool))
    assert response.status_code == 302
    assert sorted(email.to_address for email in OutboundEmail.objects.all()) == [
        "ada@example.test",
        "lin@example.test",
    ]


def test_sending_to_someone_who_cannot_be_mailed_says_why(client, recruiter, pool, members):
    client.force_login(recruiter)
    html = client.post(send_url(pool), {"member": members["quiet"].pk}, headers=HTMX).text
    assert "Nobody here can be sent a check-in" in html
    assert not OutboundEmail.objects.exists()
    preview = client.get(confirm_url(pool), {"member": members["quiet"].pk}, headers=HTMX).text
    assert 'data-testid="checkin-nobody"' in preview


def test_a_member_of_another_pool_or_a_bad_id_is_404(client, recruiter, pool, members):
    other = pool_create(name="Other", owner=recruiter, actor=recruiter)
    stranger = pool_member_add(pool=other, candidate=factories.pool_candidate(email="x@example.test"), actor=recruiter)
    client.force_login(recruiter)
    assert client.get(confirm_url(pool), {"member": stranger.pk}).status_code == 404
    assert client.get(confirm_url(pool), {"member": "abc"}).status_code == 404
    assert client.post(send_url(pool), {"member": stranger.pk}).status_code == 404


def test_check_in_now_is_403_for_readers_and_404_for_those_who_do_not_see_the_pool(
    client, reviewer, interviewer, outsider, pool, members
):
    for user, status in ((reviewer, 403), (interviewer, 404), (outsider, 404)):
        client.force_login(user)
        assert client.get(confirm_url(pool)).status_code == status
        assert client.post(send_url(pool)).status_code == status
    assert not OutboundEmail.objects.exists()


def test_wrong_methods_are_refused(client, recruiter, pool):
    client.force_login(recruiter)
    assert client.post(confirm_url(pool)).status_code == 405
    assert client.get(send_url(pool)).status_code == 405


def test_the_preview_runs_a_fixed_number_of_queries(client, recruiter, pool, members, django_assert_max_num_queries):
    client.force_login(recruiter)
    client.get(confirm_url(pool), headers=HTMX)
    with django_assert_max_num_queries(7):
        client.get(confirm_url(pool), headers=HTMX)
