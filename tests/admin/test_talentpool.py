"""Talent pools in Django admin: created with pool_create, members added with
pool_member_add; check-ins are read-only."""

from __future__ import annotations

from django.urls import reverse

from candidates.models import Activity
from core.models import AuditEvent
from talentpool.models import PoolMembership, TalentPool


def test_creating_a_pool_in_admin_goes_through_pool_create(admin_client, admin_user, recruiter, world):
    response = admin_client.post(
        reverse("admin:talentpool_talentpool_add"),
        {
            "name": "Frontend bench",
            "owner": recruiter.pk,
            "cadence_days": 60,
            "check_in_template": world.email_template.pk,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    pool = TalentPool.objects.get(name="Frontend bench")
    assert (pool.owner, pool.cadence_days, pool.check_in_template) == (recruiter, 60, world.email_template)
    event = AuditEvent.objects.get(action="talentpool.talentpool.create", target_id=str(pool.public_id))
    assert event.actor == admin_user


def test_adding_a_pool_member_in_admin_goes_through_pool_member_add(admin_client, admin_user, world):
    pool = TalentPool.objects.create(name="Later", owner=admin_user, cadence_days=30)

    response = admin_client.post(
        reverse("admin:talentpool_poolmembership_add"),
        {"pool": pool.pk, "candidate": world.candidate.pk, "reason": "Great, but no headcount"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = PoolMembership.objects.get(pool=pool)
    assert (membership.added_by, membership.next_check_in_at is not None) == (admin_user, True)
    assert Activity.objects.filter(candidate=world.candidate, kind=Activity.Kind.POOL).count() == 2

    again = admin_client.post(
        reverse("admin:talentpool_poolmembership_add"), {"pool": pool.pk, "candidate": world.candidate.pk}
    )

    assert again.status_code == 200
    assert PoolMembership.objects.filter(pool=pool).count() == 1


def test_memberships_are_view_only_once_added(admin_client, world):
    change_url = reverse("admin:talentpool_poolmembership_change", args=[world.membership.pk])
    assert admin_client.get(change_url).status_code == 200
    assert admin_client.post(change_url, {"reason": "edited"}).status_code == 403
