"""A hire into an agency job makes a placement with its computed fee, in the
hire's transaction; an in-house hire makes none."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from interviews.models import Application
from jobs.services import client_create
from placements.models import Placement
from placements.services import application_hire_record, placement_fee
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_agency_hire_makes_a_placement_with_the_fee_on_the_first_year_base():
    application = factories.application()
    hired = application_hire_record(
        application=application, actor=application.job.recruiter, first_year_base=Decimal("480000"), currency="CNY"
    )
    assert hired.status == Application.Status.HIRED
    placement = Placement.objects.get(application=application)
    assert placement.fee == Decimal("96000.00")
    assert placement.recruiter == application.job.recruiter
    assert placement.client == application.job.client
    assert placement.guarantee_ends_on == timezone.localdate() + timedelta(days=90)
    assert Placement.objects.get(pk=placement.pk).first_year_base == "480000"
    assert AuditEvent.objects.filter(action="placements.placement.create", target_id=str(placement.public_id)).exists()


def test_an_in_house_hire_makes_no_placement():
    job = factories.job(client=client_create(actor=None, name="Our own team", is_internal=True))
    application = factories.application(job_=job)
    application_hire_record(application=application, actor=job.recruiter)
    assert not Placement.objects.exists()


def test_a_closed_application_is_refused_and_nothing_is_written():
    application = factories.application()
    application_hire_record(application=application, actor=application.job.recruiter)
    with pytest.raises(ValidationError):
        application_hire_record(application=application, actor=application.job.recruiter)
    assert Placement.objects.count() == 1


def test_fees_by_type():
    assert placement_fee(fee_type="flat", rate=Decimal("50000"), first_year_base=None) == Decimal("50000.00")
    assert placement_fee(fee_type="percentage", rate=Decimal("18.5"), first_year_base=None) == Decimal("0.00")
    assert placement_fee(fee_type="percentage", rate=Decimal("18.5"), first_year_base=Decimal("333333")) == Decimal(
        "61666.61"
    )
