"""An interview still ahead is not treated as done: its scorecard may be
drafted but not submitted before it starts, and the debrief says it has not
been held yet rather than "no scorecards missing"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from interviews.models import Criterion, Interview, Scorecard
from interviews.services import scorecard_submit
from interviews.services.scoring import scorecard_save_draft
from tests import factories


@pytest.fixture
def ahead(application, interviewer):
    return factories.interview(application_=application, panel=[interviewer], days_from_now=2)


def ratings(interview):
    criteria = Criterion.objects.filter(template_id=interview.stage.scorecard_template_id, is_current=True)
    return {criterion.pk: (3, "") for criterion in criteria}


def test_a_scorecard_is_drafted_before_the_interview_but_not_submitted(ahead, interviewer):
    draft = scorecard_save_draft(interview=ahead, interviewer=interviewer, ratings=ratings(ahead), recommendation="yes")
    assert draft.status == Scorecard.Status.DRAFT
    with pytest.raises(ValidationError, match="not started yet") as refused:
        scorecard_submit(interview=ahead, interviewer=interviewer, ratings=ratings(ahead), recommendation="yes")
    assert refused.value.code == "not_started"
    draft.refresh_from_db()
    assert draft.status == Scorecard.Status.DRAFT


def test_once_the_interview_has_started_the_scorecard_is_submitted(ahead, interviewer):
    Interview.objects.filter(pk=ahead.pk).update(starts_at=timezone.now() - timezone.timedelta(minutes=5))
    ahead.refresh_from_db()
    card = scorecard_submit(interview=ahead, interviewer=interviewer, ratings=ratings(ahead), recommendation="yes")
    assert card.status == Scorecard.Status.SUBMITTED


def test_the_submit_button_explains_why_it_waits_and_a_forced_submit_is_refused(client, ahead, interviewer):
    client.force_login(interviewer)
    url = reverse("interviews:interview-detail", args=[ahead.public_id])
    html = client.get(url).content.decode()
    assert 'data-testid="scorecard-submit-later"' in html and "You can submit once the interview has started" in html
    assert " disabled" in html
    data = {"recommendation": "yes", **{f"score_{pk}": "3" for pk in ratings(ahead)}}
    response = client.post(reverse("interviews:scorecard-submit", args=[ahead.public_id]), data, follow=True)
    assert "not started yet" in response.content.decode()
    assert not Scorecard.objects.filter(interview=ahead, status=Scorecard.Status.SUBMITTED).exists()


def test_the_debrief_says_the_interview_is_not_held_yet_and_offers_no_advance(client, recruiter, application, ahead):
    client.force_login(recruiter)
    html = client.get(reverse("interviews:debrief", args=[application.public_id, application.stage_id])).content
    html = html.decode()
    assert 'data-testid="ahead"' in html and "not held yet" in html
    assert "None: every interview that has ended is scored." not in html
    assert 'data-testid="ahead-gate"' in html and "Advance to" not in html


def test_in_chinese_the_interview_not_held_yet_reads_as_chinese_with_a_chinese_date(client, application, ahead):
    reader = factories.user(Role.ADMINISTRATOR, language="zh-hans")
    client.force_login(reader)
    url = reverse("interviews:debrief", args=[application.public_id, application.stage_id])
    html = client.get(url).content.decode()
    local = ahead.starts_at.astimezone(ZoneInfo(reader.time_zone))
    assert f"{local.month}月{local.day}日 的 {ahead.stage.name} 面试，尚未进行" in html
