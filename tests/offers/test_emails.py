"""The offer emails render in both languages from what the services queue,
say "open the offer" with its link, and never hold an amount."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from messaging.models import OutboundEmail
from offers.services import offer_approval_decide, offer_approvers_set, offer_submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_offer_email_renders_with_its_link_and_no_money(
    offer, recruiter, hiring_manager, admin_user, job, language
):
    offer_approvers_set(job=job, users=[hiring_manager, admin_user], actor=admin_user)
    offer_submit(offer=offer, actor=recruiter)
    offer_approval_decide(offer=offer, actor=hiring_manager, approve=False, comment="Lower the bonus")
    offer_submit(offer=offer, actor=recruiter)
    offer_approval_decide(offer=offer, actor=hiring_manager, approve=True)
    offer_approval_decide(offer=offer, actor=admin_user, approve=True)
    templates = {"offer_approval_request", "offer_approval_rejected", "offer_approved"}
    emails = OutboundEmail.objects.filter(template__in=templates)
    assert {email.template for email in emails} == templates
    for email in emails:
        with translation.override(language):
            parts = [
                render_to_string(f"emails/{email.template}/{part}", email.context)
                for part in ("subject.txt", "body.txt", "body.html")
            ]
        text = "".join(parts)
        assert "450" not in text and "15%" not in text
        assert f"/offers/{offer.public_id}/" in text
        assert "Grace Hopper" in parts[0]
        if email.template == "offer_approval_rejected":
            assert "Lower the bonus" in parts[1]
        if language == "zh-hans":
            assert "Hello" not in parts[1]
