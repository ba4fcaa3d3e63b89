"""Sending an approved offer, the candidate's answer through the link, and the
expiry sweep (offers.services.letters)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Activity
from core.models import AccessToken, AuditEvent
from interviews.models import Application
from messaging.models import Notification, OutboundEmail
from offers.models import Offer, OfferLetterTemplate
from offers.services import letters as services
from placements.models import Placement
from tests import factories
from tests.offers.factories import approved_offer

pytestmark = pytest.mark.django_db


def reload(offer: Offer) -> Offer:
    return Offer.objects.get(pk=offer.pk)


# --- sending ------------------------------------------------------------------------


def test_sending_an_approved_offer_queues_the_email_in_the_candidates_language_and_marks_it_sent(offer):
    offer, token = services.offer_send(offer=offer, actor=offer.application.job.recruiter)
    offer = reload(offer)
    assert offer.status == Offer.Status.SENT
    assert offer.sent_at is not None and offer.language == "en"
    assert offer.letter_template.language == "en"
    expires_on = offer.current_version.expires_on + timedelta(days=1)
    assert offer.expires_at == datetime(
        expires_on.year, expires_on.month, expires_on.day, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    email = OutboundEmail.objects.get(idempotency_key=f"offer:{offer.pk}:v{offer.current_version.number}:letter")
    assert email.template == "offer_letter" and email.language == "en"
    assert email.to_address == offer.application.candidate.email
    assert f"/offers/o/{token}/" in email.context["link"]
    # The terms stay encrypted: the outbox row holds names, dates and the link only.
    assert "40" not in str(email.context.get("subject")) and "40,000" not in str(email.context)
    row = AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER, target_id=offer.pk)
    assert row.expires_at > offer.expires_at + timedelta(days=29)
    assert AuditEvent.objects.filter(action="offers.offer.send", target_id=str(offer.public_id)).exists()
    assert Activity.objects.filter(candidate=offer.application.candidate, message_id="offers.letter_sent").exists()


def test_a_chinese_candidate_gets_the_chinese_letter_and_email(job):
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    offer = approved_offer(application=factories.application(job_=job, candidate_=candidate))
    services.offer_send(offer=offer, actor=job.recruiter)
    offer = reload(offer)
    assert offer.language == "zh-hans" and offer.letter_template.language == "zh-hans"
    assert OutboundEmail.objects.get(related_id=str(offer.public_id)).language == "zh-hans"


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.AWAITING_APPROVAL])
def test_an_unapproved_offer_cannot_be_sent_and_nothing_is_written(job, status):
    offer = approved_offer(application=factories.application(job_=job), status=status)
    with pytest.raises(ValidationError, match="every approver has approved"):
        services.offer_send(offer=offer, actor=job.recruiter)
    assert reload(offer).status == status
    assert not OutboundEmail.objects.exists()
    assert not AccessToken.objects.filter(purpose=AccessToken.Purpose.OFFER).exists()


def test_an_offer_sent_once_cannot_be_sent_again(sent):
    offer, _token = sent
    with pytest.raises(ValidationError, match="cannot be sent again"):
        services.offer_send(offer=offer, actor=offer.application.job.recruiter)
    assert OutboundEmail.objects.count() == 1


def test_a_candidate_who_opted_out_is_not_sent_the_offer(offer):
    candidate = offer.application.candidate
    candidate.contact_opt_out_at = timezone.now()
    candidate.save(update_fields=["contact_opt_out_at"])
    with pytest.raises(ValidationError, match="asked not to be contacted"):
        services.offer_send(offer=offer, actor=offer.application.job.recruiter)
    assert reload(offer).status == Offer.Status.APPROVED


def test_an_offer_without_an_expiry_date_is_refused(job):
    offer = approved_offer(application=factories.application(job_=job), expires_in_days=None)
    with pytest.raises(ValidationError, match="expiry date"):
        services.offer_send(offer=offer, actor=job.recruiter)


# --- answers ------------------------------------------------------------------------------


def test_accepting_hires_the_application_with_a_placement_on_the_first_year_base(sent):
    offer, token = sent
    services.offer_accept(token=token)
    offer = reload(offer)
    assert offer.status == Offer.Status.ACCEPTED and offer.answered_at is not None
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.HIRED
    placement = Placement.objects.get(application=offer.application)
    # 40,000 a month over 13 months, at the default 20 %.
    assert placement.fee == Decimal("104000.00") and placement.currency == "CNY"
    assert AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER).used_at is not None
    assert AuditEvent.objects.filter(action="offers.offer.accept", target_id=str(offer.public_id)).exists()
    assert Notification.objects.filter(recipient=offer.application.job.recruiter, kind="offer_answer").exists()


def test_accepting_asks_the_recruiters_of_the_candidates_other_applications_to_close_them(sent):
    offer, token = sent
    other = factories.application(candidate_=offer.application.candidate)
    services.offer_accept(token=token)
    notice = Notification.objects.get(recipient=other.job.recruiter, kind="offer_answer")
    assert notice.message_id == "offers.close_other_applications"
    assert notice.params["other"] == other.job.title


def test_declining_records_the_reason_and_tells_the_recruiter(sent):
    offer, token = sent
    services.offer_decline(token=token, reason=Offer.DeclineReason.OTHER_OFFER, note="A startup")
    offer = reload(offer)
    assert offer.status == Offer.Status.DECLINED
    assert (offer.decline_reason, offer.decline_note) == ("other_offer", "A startup")
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.ACTIVE
    assert Notification.objects.filter(recipient=offer.application.job.recruiter, message_id="offers.declined_notice")


def test_a_second_answer_is_told_the_first_and_changes_nothing(sent):
    offer, token = sent
    services.offer_accept(token=token)
    with pytest.raises(ValidationError, match="already accepted"):
        services.offer_decline(token=token, reason=Offer.DeclineReason.PERSONAL)
    assert reload(offer).status == Offer.Status.ACCEPTED


def test_a_tampered_link_answers_nothing(sent):
    offer, token = sent
    with pytest.raises(ValidationError):
        services.offer_accept(token=token[:-2] + "xx")
    assert reload(offer).status == Offer.Status.SENT


def test_an_offer_past_its_expiry_cannot_be_accepted_even_before_the_sweep(sent):
    offer, token = sent
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="expired"):
        services.offer_accept(token=token)
    assert reload(offer).status == Offer.Status.SENT


def test_an_application_closed_meanwhile_refuses_the_accept_and_nothing_is_written(sent):
    offer, token = sent
    from interviews.services import application_withdraw

    application_withdraw(application=offer.application, actor=None, reason="other")
    with pytest.raises(ValidationError):
        services.offer_accept(token=token)
    assert reload(offer).status == Offer.Status.SENT
    assert AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER).used_at is None


# --- expiry -------------------------------------------------------------------------------


def test_the_sweep_expires_due_offers_revokes_their_link_and_tells_the_recruiter(sent):
    offer, _token = sent
    assert services.offer_expiry_sweep(now=offer.expires_at - timedelta(seconds=1)) == 0
    assert services.offer_expiry_sweep(now=reload(offer).expires_at) == 1
    assert reload(offer).status == Offer.Status.EXPIRED
    assert AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER).revoked_at is not None
    assert Notification.objects.filter(message_id="offers.expired_notice").count() == 1
    # Overlapping or repeated runs are harmless.
    assert services.offer_expiry_sweep(now=timezone.now() + timedelta(days=60)) == 0
    assert AuditEvent.objects.filter(action="offers.offer.expire").count() == 1


def test_the_sweep_leaves_answered_offers_alone(sent):
    offer, token = sent
    services.offer_accept(token=token)
    assert services.offer_expiry_sweep(now=timezone.now() + timedelta(days=60)) == 0
    assert reload(offer).status == Offer.Status.ACCEPTED


def test_the_expiry_sweep_is_in_the_beat_schedule():
    from recruitcrm.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "offers.offer_expiry_sweep" in tasks


def test_the_offer_email_reads_in_chinese_with_the_link_and_the_employers_sender(job):
    from messaging.services.outbox import _render

    job.client.sender_name, job.client.sender_email = "Acme 招聘", "jobs@acme.example"
    job.client.save(update_fields=["sender_name", "sender_email"])
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    offer = approved_offer(application=factories.application(job_=job, candidate_=candidate))
    _offer, token = services.offer_send(offer=offer, actor=job.recruiter)
    message = _render(OutboundEmail.objects.get(related_id=str(offer.public_id)))
    assert message.subject == "Acme Robotics 录用通知：Robot Whisperer"
    assert "王小明，您好" in message.body and f"/offers/o/{token}/" in message.body
    assert "我们很高兴地邀请您加入Acme Robotics" in message.body
    assert message.from_email == "Acme 招聘 <jobs@acme.example>"
    # The terms are behind the link, never in the mail (nor in the outbox row).
    assert "¥4万" not in message.body and "¥8万" not in message.body


def test_the_email_is_handed_to_the_worker_only_after_commit(offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.offer_send(offer=offer, actor=None)
    assert len(callbacks) == 1
    assert OutboundEmail.objects.get().enqueued_at is not None


def test_the_sweep_task_expires_what_is_due(sent):
    from offers.tasks import offer_expiry_sweep_task

    offer, _token = sent
    assert offer_expiry_sweep_task() == 0
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert offer_expiry_sweep_task() == 1
    assert reload(offer).status == Offer.Status.EXPIRED


def test_a_database_without_letters_gets_the_defaults_back_and_a_language_with_archived_ones_is_left_alone():
    OfferLetterTemplate.objects.all().delete()
    services.default_letters_ensure()
    assert sorted(OfferLetterTemplate.objects.values_list("language", flat=True)) == ["en", "zh-hans"]
    OfferLetterTemplate.objects.filter(language="en").update(archived_at=timezone.now())
    services.default_letters_ensure()
    assert OfferLetterTemplate.objects.filter(language="en").count() == 1
