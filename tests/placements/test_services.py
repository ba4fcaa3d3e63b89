"""Placement writes: a hire starts from the client's fee terms; changing the
terms computes the fee and the guarantee's end again; a fall-through is
dated, owes a replacement inside the guarantee and can be taken back; every
change is audited without amounts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Activity
from core.models import AuditEvent
from interviews.models import Application
from interviews.services import application_reopen
from jobs.models import Client
from jobs.services import client_fee_terms_update
from placements.models import Placement
from placements.services import (
    application_hire_record,
    placement_create,
    placement_fall_through,
    placement_fall_through_undo,
    placement_update,
)
from tests import factories
from tests.placements.conftest import FEE

pytestmark = pytest.mark.django_db

TERMS = {"fee_type": "percentage", "rate": Decimal("25"), "currency": "USD", "guarantee_days": 60}


def test_a_hire_starts_from_the_clients_flat_fee_terms(placement):
    assert placement.fee_type == Placement.FeeType.FLAT
    assert placement.fee == FEE
    assert placement.guarantee_ends_on == placement.placed_on + timedelta(days=90)


def test_a_percentage_fee_is_in_the_currency_of_the_base_and_the_guarantee_is_the_clients(admin_user):
    job = factories.job()
    client_fee_terms_update(
        client=job.client,
        actor=admin_user,
        fee_type=Client.FeeType.PERCENTAGE,
        fee_rate=Decimal("22.5"),
        fee_currency="CNY",
        guarantee_days=180,
    )
    application = factories.application(job_=job)
    application_hire_record(
        application=application, actor=job.recruiter, first_year_base=Decimal("100000"), currency="usd"
    )
    placement = Placement.objects.get(application=application)
    assert (placement.fee, placement.currency, placement.rate) == (Decimal("22500.00"), "USD", Decimal("22.50"))
    assert placement.guarantee_ends_on == placement.placed_on + timedelta(days=180)


def test_fee_terms_are_refused_with_a_percentage_over_100_or_an_unknown_currency(admin_user):
    client = factories.job().client
    with pytest.raises(ValidationError) as over:
        client_fee_terms_update(
            client=client, actor=admin_user, fee_type="percentage", fee_rate=Decimal("120"), fee_currency="CNY",
            guarantee_days=90,
        )  # fmt: skip
    assert "fee_rate" in over.value.error_dict
    with pytest.raises(ValidationError) as currency:
        client_fee_terms_update(
            client=client, actor=admin_user, fee_type="flat", fee_rate=Decimal("1"), fee_currency="XYZ",
            guarantee_days=90,
        )  # fmt: skip
    assert "fee_currency" in currency.value.error_dict
    client.refresh_from_db()
    assert client.fee_rate == Decimal("20.00")


def test_changing_fee_terms_is_audited_by_field_name_without_the_amounts(acme):
    event = AuditEvent.objects.filter(action="jobs.client.fee_terms", target_id=str(acme.public_id)).get()
    assert set(event.data["fields"]) == {"fee_type", "fee_rate"}
    assert "87654" not in str(event.data)


def test_updating_the_terms_computes_the_fee_and_the_guarantee_end_again(placement, recruiter):
    updated = placement_update(
        placement=placement, actor=recruiter, first_year_base=Decimal("400000"), note=" Paid late ", **TERMS
    )
    assert updated.fee == Decimal("100000.00")
    assert updated.guarantee_ends_on == updated.placed_on + timedelta(days=60)
    stored = Placement.objects.get(pk=placement.pk)
    assert (stored.currency, stored.note, stored.first_year_base) == ("USD", "Paid late", "400000")
    event = AuditEvent.objects.get(action="placements.placement.update")
    assert {"fee_type", "rate", "first_year_base", "currency", "guarantee_days", "note"} <= set(event.data["fields"])
    assert "400000" not in str(event.data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate": Decimal("101")}, "rate"),
        ({"currency": "ZZZ"}, "currency"),
        ({"guarantee_days": 4000}, "guarantee_days"),
        ({"fee_type": "bonus"}, "fee_type"),
    ],
)
def test_bad_terms_are_refused_and_nothing_changes(placement, recruiter, changes, field):
    with pytest.raises(ValidationError) as refused:
        placement_update(placement=placement, actor=recruiter, **(TERMS | changes))
    assert field in refused.value.error_dict
    assert Placement.objects.get(pk=placement.pk).fee == FEE


def test_an_invoice_date_before_the_placement_is_refused(placement, recruiter):
    with pytest.raises(ValidationError) as refused:
        placement_update(
            placement=placement, actor=recruiter, invoice_date=placement.placed_on - timedelta(days=1), **TERMS
        )
    assert "invoice_date" in refused.value.error_dict


def test_falling_through_inside_the_guarantee_owes_a_replacement_and_says_so_on_the_timeline(placement, recruiter):
    fallen = placement_fall_through(placement=placement, actor=recruiter, fell_through_on=timezone.localdate())
    assert fallen.replacement_owed is True
    assert fallen.state_on(timezone.localdate()) == Placement.State.REPLACEMENT_OWED
    activity = Activity.objects.filter(candidate=placement.application.candidate).order_by("-pk").first()
    assert activity.message_id == "placements.fell_through_replacement"
    assert "87654" not in str(activity.params)
    assert AuditEvent.objects.filter(action="placements.placement.fall_through").get().data["replacement_owed"]


def test_falling_through_after_the_guarantee_owes_nothing_unless_told(recruiter):
    placed_on = timezone.localdate() - timedelta(days=200)
    placement = factories.placement(placed_on=placed_on)
    fallen = placement_fall_through(placement=placement, actor=recruiter, fell_through_on=timezone.localdate())
    assert fallen.replacement_owed is False
    assert fallen.state_on(timezone.localdate()) == Placement.State.FELL_THROUGH


def test_the_recruiter_may_waive_the_replacement_inside_the_guarantee(placement, recruiter):
    fallen = placement_fall_through(
        placement=placement, actor=recruiter, fell_through_on=timezone.localdate(), replacement_owed=False
    )
    assert fallen.replacement_owed is False


def test_a_fall_through_before_the_placement_or_in_the_future_or_twice_is_refused(placement, recruiter):
    today = timezone.localdate()
    for day in (placement.placed_on - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            placement_fall_through(placement=placement, actor=recruiter, fell_through_on=day)
        assert "fell_through_on" in refused.value.error_dict
    placement_fall_through(placement=placement, actor=recruiter, fell_through_on=today)
    with pytest.raises(ValidationError, match="already"):
        placement_fall_through(placement=placement, actor=recruiter, fell_through_on=today)


def test_a_fall_through_can_be_taken_back(placement, recruiter):
    placement_fall_through(placement=placement, actor=recruiter, fell_through_on=timezone.localdate())
    restored = placement_fall_through_undo(placement=placement, actor=recruiter)
    assert (restored.fell_through_on, restored.replacement_owed) == (None, False)
    assert restored.state_on(timezone.localdate()) == Placement.State.IN_GUARANTEE
    assert AuditEvent.objects.filter(action="placements.placement.fall_through_undo").exists()
    with pytest.raises(ValidationError):
        placement_fall_through_undo(placement=placement, actor=recruiter)


def test_a_hire_made_before_placements_gets_its_placement_once(admin_user):
    application = factories.application()
    # Hired without the placement (as through admin before placements existed).
    from interviews.services import application_hire

    application_hire(application=application, actor=admin_user)
    application.refresh_from_db()
    placement = placement_create(application=application, actor=admin_user)
    assert placement.placed_on == timezone.localdate(application.closed_at)
    with pytest.raises(ValidationError, match="already"):
        placement_create(application=application, actor=admin_user)


def test_only_a_hired_application_of_an_agency_job_is_placed(admin_user):
    active = factories.application()
    with pytest.raises(ValidationError, match="hired"):
        placement_create(application=active, actor=admin_user)
    assert active.status == Application.Status.ACTIVE


def test_a_hire_again_after_the_placement_fell_through_places_it_anew_and_keeps_the_fall_through_in_the_audit(
    placement, recruiter
):
    application = placement.application
    fell = timezone.localdate()
    placement_fall_through(placement=placement, actor=recruiter, fell_through_on=fell)
    with pytest.raises(ValidationError):
        application_reopen(application=application, actor=recruiter, reason="")
    application_reopen(application=application, actor=recruiter, reason="They came back after a week")

    application_hire_record(application=application, actor=recruiter)

    again = Placement.objects.get(application=application)
    assert again.pk == placement.pk
    assert (again.fell_through_on, again.replacement_owed) == (None, False)
    assert again.fee == FEE
    event = AuditEvent.objects.filter(action="placements.placement.create").latest("id")
    assert event.data == {"again": True, "fell_through_on": fell.isoformat()}
    # A placement that stands is not made twice.
    with pytest.raises(ValidationError, match="already"):
        placement_create(application=application, actor=recruiter)
