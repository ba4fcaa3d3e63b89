"""Placements in Django admin: terms changed through placement_update (the fee
computed again), a hire made before placements existed placed with
placement_create, fall-throughs recorded and undone by the actions; the
first-year base (compensation) never in a form or a list, and no deletion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from interviews.services import application_hire
from placements.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db


def change_form(placement: Placement, **values) -> dict:
    return {
        "fee_type": placement.fee_type,
        "rate": placement.rate,
        "currency": placement.currency,
        "invoice_date": "",
        "guarantee_days": placement.guarantee_days,
        "note": "",
        **values,
    }


def test_changing_the_terms_in_admin_goes_through_placement_update(admin_client, world):
    placement = world.placement
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    response = admin_client.post(url, change_form(placement, rate="25", guarantee_days="30"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    placement.refresh_from_db()
    # The base stays as it was (it is not on the form): 25% of 400,000.
    assert placement.fee == Decimal("100000.00")
    assert placement.first_year_base == "400000"
    assert AuditEvent.objects.filter(action="placements.placement.update", target_id=str(placement.public_id)).exists()


def test_a_refused_change_is_shown_on_the_admin_form(admin_client, world):
    placement = world.placement
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    response = admin_client.post(url, change_form(placement, rate="140"))
    assert response.status_code == 200
    assert "A percentage fee cannot be more than 100%." in response.content.decode()


def test_the_first_year_base_is_in_no_admin_form_or_list(admin_client, world):
    placement = world.placement
    change = admin_client.get(reverse("admin:placements_placement_change", args=[placement.pk])).content.decode()
    listing = admin_client.get(reverse("admin:placements_placement_changelist")).content.decode()
    for html in (change, listing):
        assert "first_year_base" not in html and "400000" not in html and "400,000" not in html


def test_a_hire_without_a_placement_is_placed_from_admin(admin_client, admin_user):
    application = factories.application()
    application_hire(application=application, actor=admin_user)
    response = admin_client.post(
        reverse("admin:placements_placement_add"), {"application": application.pk, "placed_on": "2026-11-02"}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(application=application)
    assert str(placement.placed_on) == "2026-11-02"
    assert AuditEvent.objects.filter(action="placements.placement.create", actor=admin_user).exists()


def test_an_active_application_cannot_be_placed_from_admin(admin_client):
    application = factories.application()
    response = admin_client.post(
        reverse("admin:placements_placement_add"), {"application": application.pk, "placed_on": "2026-11-02"}
    )
    assert response.status_code == 200
    assert "Only a hired application makes a placement." in response.content.decode()
    assert not Placement.objects.exists()


def test_the_actions_record_and_undo_a_fall_through(admin_client, world):
    placement = world.placement
    url = reverse("admin:placements_placement_changelist")
    admin_client.post(url, {"action": "mark_fallen_through", "_selected_action": [placement.pk]})
    placement.refresh_from_db()
    assert placement.fell_through_on is not None and placement.replacement_owed
    admin_client.post(url, {"action": "undo_fall_through", "_selected_action": [placement.pk]})
    placement.refresh_from_db()
    assert placement.fell_through_on is None


def test_placements_cannot_be_deleted_in_admin(admin_client, world):
    url = reverse("admin:placements_placement_delete", args=[world.placement.pk])
    assert admin_client.get(url).status_code == 403
