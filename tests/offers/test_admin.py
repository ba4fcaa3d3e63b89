"""The offer admin is read-only; its actions go through the services."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.models import AuditEvent
from offers.models import Offer

pytestmark = pytest.mark.django_db


def test_the_admin_actions_submit_and_withdraw_through_the_services(client, admin_user, offer):
    client.force_login(admin_user)
    changelist = reverse("admin:offers_offer_changelist")
    html = client.get(changelist).content.decode()
    assert "450" not in html
    client.post(changelist, {"action": "submit", ACTION_CHECKBOX_NAME: [offer.pk]})
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.APPROVED  # no chain on the job
    client.post(changelist, {"action": "withdraw", ACTION_CHECKBOX_NAME: [offer.pk]})
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="offers.offer.withdrawn", actor=admin_user).exists()
    response = client.post(changelist, {"action": "withdraw", ACTION_CHECKBOX_NAME: [offer.pk]}, follow=True)
    assert "cannot be withdrawn" in response.content.decode()
