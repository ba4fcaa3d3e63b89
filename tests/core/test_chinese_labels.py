"""Labels that read wrong in Chinese when one English word means two things."""

from __future__ import annotations

import pytest
from django.utils import translation

from candidates.models import Activity, ImportJob
from interviews.forms.scheduling import UnavailabilityForm
from interviews.forms.selfschedule import SuggestForm
from messaging.models import OutboundEmail


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_a_sent_emails_status_is_sent_not_the_time_it_was_sent():
    assert OutboundEmail.Status.SENT.label == "已发送"
    assert str(OutboundEmail._meta.get_field("sent_at").verbose_name) == "发送时间"


def test_from_on_a_time_range_is_its_start_not_a_sender():
    assert str(SuggestForm.base_fields["window_start"].label) == "开始"
    assert str(UnavailabilityForm.base_fields["starts_at"].label) == "开始"
    assert str(OutboundEmail._meta.get_field("from_address").verbose_name) == "发件人"


def test_created_as_an_event_is_not_a_creation_time():
    assert Activity.Kind.CREATED.label == "已创建"
    assert Activity.Kind.UPDATED.label == "已更新"
    assert str(OutboundEmail._meta.get_field("created_at").verbose_name) == "创建时间"


def test_an_email_address_is_an_address_and_an_email_on_the_timeline_is_mail():
    assert translation.gettext("Email") == "邮箱地址"
    assert Activity.Kind.EMAIL.label == "邮件"


def test_a_failed_import_did_not_fail_to_send():
    assert ImportJob.Status.FAILED.label == "失败"
    assert OutboundEmail.Status.FAILED.label == "发送失败"
