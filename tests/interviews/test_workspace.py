"""The interviewer's workspace: "my interviews" grouped by what needs doing, and
the interview page's data (interviews.selectors.workspace)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from candidates.services import document_create
from interviews.models import Interview
from interviews.selectors.workspace import interview_page_for, my_interviews
from interviews.services import scorecard_submit
from interviews.services.scoring import scorecard_save_draft
from tests import factories
from tests.core.test_pages import INLINE
from tests.interviews.workspace_setup import full_ratings, interview_at, kit_on

# 10:00 in Shanghai, 02:00 UTC.
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def shanghai_interviewer(interviewer):
    interviewer.time_zone = "Asia/Shanghai"
    interviewer.save()
    return interviewer


def test_my_interviews_groups_by_what_needs_doing_in_the_users_time_zone(shanghai_interviewer, application):
    me = shanghai_interviewer
    other = factories.user(Role.INTERVIEWER)
    later_today = interview_at(application, [me], NOW + timedelta(hours=6))  # 16:00 local
    # 01:00 tomorrow in Shanghai, although still 10 March in UTC.
    after_midnight = interview_at(application, [me], NOW + timedelta(hours=15))
    next_week = interview_at(application, [me], NOW + timedelta(days=7))
    just_ended = interview_at(application, [me], NOW - timedelta(hours=3))
    drafted = interview_at(application, [me, other], NOW - timedelta(hours=5))
    scorecard_save_draft(interview=drafted, interviewer=me, ratings={})
    long_ago = interview_at(application, [me], NOW - timedelta(days=3))
    long_ago_done = interview_at(application, [me], NOW - timedelta(days=3, hours=2))
    scorecard_submit(interview=long_ago_done, interviewer=me, ratings=full_ratings(long_ago_done), recommendation="no")
    cancelled = interview_at(application, [me], NOW - timedelta(days=2))
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    interview_at(application, [other], NOW + timedelta(hours=2))  # not mine

    groups = my_interviews(me, NOW)

    assert groups.today == [later_today]
    assert groups.upcoming == [after_midnight, next_week]
    assert groups.to_score == [drafted, just_ended]
    assert [(i, i.own_status) for i in groups.to_score] == [(drafted, "draft"), (just_ended, "")]
    assert groups.overdue == [long_ago]


def test_an_interview_ended_exactly_a_day_ago_is_overdue(interviewer, application):
    ended = interview_at(application, [interviewer], NOW - timedelta(hours=25))
    assert my_interviews(interviewer, NOW).overdue == [ended]


def test_the_my_interviews_page_lists_only_the_users_own_seats(client, interviewer, application):
    mine = factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    others = factories.interview(application_=application, panel=[factories.user(Role.INTERVIEWER)], days_from_now=2)
    client.force_login(interviewer)
    response = client.get(reverse("interviews:my-interviews"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("interviews:interview-detail", args=[mine.public_id]) in html
    assert reverse("interviews:interview-detail", args=[others.public_id]) not in html
    assert 'data-testid="interviews-upcoming"' in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_the_my_interviews_page_refuses_post(client, interviewer):
    client.force_login(interviewer)
    assert client.post(reverse("interviews:my-interviews")).status_code == 405


def test_every_signed_in_user_has_the_my_interviews_link(client, personas):
    for persona, user in personas.items():
        client.force_login(user)
        assert reverse("interviews:my-interviews") in client.get(reverse("home")).content.decode(), persona


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_my_interviews_page_costs_the_same_queries_for_2_and_20_interviews(client, interviewer, job):
    client.force_login(interviewer)
    url = reverse("interviews:my-interviews")

    def add(n):
        for i in range(n):
            app = factories.application(job_=job)
            interview = factories.interview(application_=app, panel=[interviewer], days_from_now=(i % 5) - 2.5)
            if i % 3 == 0:
                scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={})

    add(2)
    few = _page_queries(client, url)
    add(18)
    many = _page_queries(client, url)
    assert few == many


# --- the interview page's data -------------------------------------------------------


@pytest.fixture
def panel_interview(application, interviewer):
    kit_on(application.stage)
    return factories.interview(application_=application, panel=[interviewer, factories.user(Role.INTERVIEWER)])


def test_the_page_holds_the_candidate_summary_the_kit_in_order_and_the_grouped_criteria(interviewer, panel_interview):
    candidate = panel_interview.application.candidate
    candidate.headline, candidate.company, candidate.skills = "Admiral", "US Navy", "COBOL"
    candidate.save()
    page = interview_page_for(interviewer, panel_interview)
    assert page.candidate["full_name"] == "Grace Hopper"
    assert (page.candidate["headline"], page.candidate["company"], page.candidate["skills"]) == (
        "Admiral",
        "US Navy",
        "COBOL",
    )
    assert [q.question.text for q in page.questions] == [
        "Tell me about a hard bug.",
        "Walk me through a system you designed.",
    ]
    assert [g.group for g in page.criteria_groups] == ["skills", "behaviour", "culture_fit"]
    first = page.criteria_groups[0].criteria[0]
    assert [p["anchor"] for p in first.points] == ["weak", "mixed", "good", "excellent"]
    assert page.is_panelist and page.own_scorecard is None


@pytest.mark.parametrize(("persona", "sees_contact"), [("interviewer", False), ("recruiter", True)])
def test_contact_details_only_to_roles_that_may_see_them_and_compensation_never(
    client, personas, panel_interview, persona, sees_contact
):
    candidate = panel_interview.application.candidate
    candidate.current_compensation = "RMB 987654"
    candidate.expected_compensation = "RMB 1234567"
    candidate.save()
    page = interview_page_for(personas[persona], panel_interview)
    assert (page.contact is not None) == sees_contact
    client.force_login(personas[persona])
    html = client.get(reverse("interviews:interview-detail", args=[panel_interview.public_id])).content.decode()
    assert "987654" not in html and "1234567" not in html
    assert (candidate.email in html) == sees_contact


def test_the_resume_links_to_the_access_checked_download_which_a_panelist_may_use(client, interviewer, panel_interview):
    candidate = panel_interview.application.candidate
    resume = document_create(
        candidate=candidate,
        actor=None,
        filename="grace.pdf",
        content=b"%PDF-1.4 resume",
        content_type="application/pdf",
    )
    client.force_login(interviewer)
    html = client.get(reverse("interviews:interview-detail", args=[panel_interview.public_id])).content.decode()
    download = reverse("candidates:document-download", args=[resume.public_id])
    assert download in html
    response = client.get(download)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 resume"
