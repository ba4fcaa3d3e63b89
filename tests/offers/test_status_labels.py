"""The offer's status as a recruiter reads it in each language."""

from __future__ import annotations

import pytest
from django.utils import translation

from offers.models import Offer


@pytest.mark.parametrize(
    ("status", "chinese"),
    [
        (Offer.Status.DRAFT, "草稿"),
        (Offer.Status.AWAITING_APPROVAL, "待审批"),
        (Offer.Status.APPROVED, "已批准"),
        # The bare "sent" is the label of the "sent" date columns ("发送时间"): a sent
        # offer read "send time" on its page until the status had its own context.
        (Offer.Status.SENT, "已发送"),
        (Offer.Status.ACCEPTED, "已接受"),
        (Offer.Status.DECLINED, "已拒绝"),
        (Offer.Status.EXPIRED, "已过期"),
        (Offer.Status.WITHDRAWN, "已撤回"),
    ],
)
def test_each_offer_status_reads_as_a_status_in_chinese(status, chinese):
    with translation.override("zh-hans"):
        assert str(Offer.Status(status).label) == chinese


def test_a_sent_offer_shows_sent_as_its_status_in_english():
    with translation.override("en"):
        assert str(Offer.Status.SENT.label) == "sent"
