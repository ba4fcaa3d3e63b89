"""In-app notifications: the unread count in the header, the list, mark
read, and who gets told what: assignments and overdue scorecards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from candidates.services import candidate_update
from interviews.models import Scorecard
from interviews.services.reminders import scorecard_reminder_sweep
from jobs.services import job_member_add
from messaging.messages import MESSAGES
from messaging.models import Notification
from messaging.selectors import notification_list_for, unread_count_for
from messaging.services import notification_create, notification_mark_read
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("messaging:notification-list")
COUNT = reverse("messaging:notification-count")
READ_ALL = reverse("messaging:notification-read-all")


def tell(user, message="Something happened", kind="mention", url="/somewhere/"):
    return notification_create(recipient=user, kind=kind, message=MESSAGES.text(message), url=url)


def read_url(notification) -> str:
    return reverse("messaging:notification-read", args=[notification.pk])


# --- The header ---------------------------------------------------------------------------


def test_every_page_carries_the_bell_which_loads_its_count_afterwards(client, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("home")).text
    assert 'data-testid="notification-bell"' in page and f'hx-get="{COUNT}"' in page


def test_the_unread_count_in_the_header_costs_one_query(client, recruiter):
    for n in range(3):
        tell(recruiter, f"note {n}")
    notification_mark_read(user=recruiter, notification=tell(recruiter, "read already"))
    client.force_login(recruiter)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COUNT, **HTMX)
    assert response.status_code == 200
    assert 'data-testid="unread-count">3<' in response.text
    # The session and the user, then the one COUNT.
    assert [q["sql"] for q in queries][2:] == [q["sql"] for q in queries if "messaging_notification" in q["sql"]]
    assert len([q for q in queries if "messaging_notification" in q["sql"]]) == 1


def test_no_unread_notifications_shows_no_badge(client, recruiter):
    client.force_login(recruiter)
    assert "unread-count" not in client.get(COUNT).text


def test_a_page_that_does_not_show_the_count_does_not_count(rf, recruiter):
    from messaging.context_processors import notifications

    request = rf.get("/")
    request.user = recruiter
    with CaptureQueriesContext(connection) as queries:
        context = notifications(request)
    assert len(queries) == 0
    tell(recruiter)
    assert context["unread_notifications"]() == 1


def test_the_count_needs_a_signed_in_user(client):
    assert client.get(COUNT).status_code == 302


# --- The list and marking read ------------------------------------------------------------


def test_the_list_shows_only_my_notifications_newest_first(client, recruiter, coordinator):
    # Phrases no page markup contains ("older" alone is inside the search box's "placeholder").
    tell(recruiter, "the older notice")
    tell(recruiter, "the newer notice")
    tell(coordinator, "not mine")
    client.force_login(recruiter)
    page = client.get(LIST).text
    assert page.index("the newer notice") < page.index("the older notice") and "not mine" not in page


def test_the_list_is_capped_at_the_latest_hundred(db, recruiter):
    Notification.objects.bulk_create(
        Notification(recipient=recruiter, kind="k", message_id="text", params={"text": f"m{n}"}) for n in range(105)
    )
    assert len(notification_list_for(recruiter)) == 100


def test_the_list_page_runs_a_fixed_number_of_queries(client, recruiter):
    counts = []
    for size in (2, 30):
        for n in range(size):
            tell(recruiter, f"n{n}")
        client.force_login(recruiter)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3  # session, user, the notifications


def test_marking_one_read_with_htmx_returns_the_list_and_the_new_count(client, recruiter):
    first, second = tell(recruiter, "first"), tell(recruiter, "second")
    client.force_login(recruiter)
    response = client.post(read_url(first), **HTMX)
    assert response.status_code == 200
    assert response.text.strip().startswith('<section id="notifications"') and "<html" not in response.text
    assert 'id="notification-count" hx-swap-oob="innerHTML"' in response.text
    assert 'data-testid="unread-count">1<' in response.text
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_all_read_without_javascript_redirects_to_the_list(client, recruiter):
    tell(recruiter), tell(recruiter)
    client.force_login(recruiter)
    response = client.post(READ_ALL)
    assert response.status_code == 302 and response["Location"] == LIST
    assert unread_count_for(recruiter) == 0


def test_someone_elses_notification_is_404(client, recruiter, outsider):
    theirs = tell(outsider)
    client.force_login(recruiter)
    assert client.post(read_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_refuses_get(client, recruiter):
    client.force_login(recruiter)
    assert client.get(read_url(tell(recruiter))).status_code == 405
    assert client.get(READ_ALL).status_code == 405
    assert client.post(LIST).status_code == 405


@pytest.mark.parametrize(
    "persona", ["administrator", "recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager"]
)
def test_every_role_has_notifications(client, personas, persona):
    tell(personas[persona], "for you")
    client.force_login(personas[persona])
    assert "for you" in client.get(LIST).text


def test_an_inactive_user_is_not_notified(db):
    user = factories.user(Role.RECRUITER)
    user.is_active = False
    user.save()
    assert tell(user) is None and not Notification.objects.exists()


# --- Producers: assignments -------------------------------------------------------------


def test_joining_a_jobs_team_notifies_the_new_member_read_in_the_readers_language(db, recruiter):
    job = factories.job(recruiter=recruiter, title="Backend Engineer")
    colleague = factories.user(Role.COORDINATOR, language="zh-hans")
    job_member_add(job=job, user=colleague, job_role="coordinator", actor=recruiter)
    notification = Notification.objects.get(recipient=colleague)
    assert notification.kind == "assignment"
    assert notification.message_id == "jobs.team_added" and notification.params["job_role"] == "coordinator"
    with translation.override("zh-hans"):
        assert "Backend Engineer" in notification.message and "Rita Recruiter" in notification.message
        assert "招聘协调员" in notification.message  # the job role, in the reader's language
    with translation.override("en"):
        assert "招聘协调员" not in notification.message and "Backend Engineer" in notification.message
    assert notification.url == reverse("jobs:job-detail", args=[job.public_id])
    job_member_add(job=job, user=colleague, job_role="coordinator", actor=recruiter)
    assert Notification.objects.filter(recipient=colleague).count() == 1  # already on the team


def test_adding_yourself_to_a_team_notifies_nobody(db, recruiter):
    job = factories.job(recruiter=recruiter)
    before = Notification.objects.count()
    job_member_add(job=job, user=recruiter, job_role="recruiter", actor=recruiter)
    assert Notification.objects.count() == before


def test_a_new_owner_is_notified_unless_they_took_it_themselves(db, recruiter):
    candidate = factories.candidate(full_name="Lena Park", owner=recruiter)
    english = factories.user(Role.RECRUITER, full_name="Ed")
    candidate_update(candidate=candidate, actor=recruiter, owner=english)
    notification = Notification.objects.get(recipient=english)
    assert notification.kind == "assignment"
    with translation.override("en"):
        assert notification.message == "Rita Recruiter made you the owner of Lena Park"
    with translation.override("zh-hans"):
        expected = translation.gettext("%(actor)s made you the owner of %(candidate)s") % {
            "actor": "Rita Recruiter",
            "candidate": "Lena Park",
        }
        assert notification.message == expected != "Rita Recruiter made you the owner of Lena Park"
    assert notification.url == reverse("candidates:candidate-detail", args=[candidate.public_id])
    candidate_update(candidate=candidate, actor=recruiter, owner=recruiter)
    assert not Notification.objects.filter(recipient=recruiter).exists()


# --- Producers: overdue scorecards (the in-app twin of the scorecard emails) --------------


@pytest.fixture
def ended_interview(recruiter, interviewer):
    application = factories.application(job_=factories.job(recruiter=recruiter))
    panelist = factories.user(Role.INTERVIEWER, language="zh-hans")
    return factories.interview(application_=application, panel=[interviewer, panelist], days_from_now=-2)


def _scorecard_notifications(kind="scorecard_overdue"):
    return Notification.objects.filter(kind=kind)


def test_the_reminder_sweep_tells_each_panelist_once_in_app_too(db, ended_interview, interviewer):
    # Two reminders and one escalation, each with its in-app twin; a second run adds nothing.
    assert scorecard_reminder_sweep() == 3
    assert scorecard_reminder_sweep() == 0
    mine = _scorecard_notifications().get(recipient=interviewer)
    assert mine.url == reverse("interviews:interview-detail", args=[ended_interview.public_id])
    params = {"candidate": ended_interview.application.candidate.full_name, "stage": ended_interview.stage.name}
    english = f"Your scorecard for {params['candidate']} ({params['stage']}) is due"
    assert mine.message == english
    other = _scorecard_notifications().exclude(recipient=interviewer).get()
    with translation.override("zh-hans"):
        assert other.message == translation.gettext("Your scorecard for %(candidate)s (%(stage)s) is due") % params
        assert mine.message == other.message != english  # the reader's language, not the recipient's
    escalation = _scorecard_notifications("scorecard_escalation").get()
    assert escalation.recipient == ended_interview.application.job.recruiter
    assert interviewer.full_name in escalation.message
    assert _scorecard_notifications().count() == 2 and _scorecard_notifications("scorecard_escalation").count() == 1


def test_a_submitted_scorecard_is_not_chased(db, ended_interview, interviewer):
    Scorecard.objects.create(
        interview=ended_interview,
        interviewer=interviewer,
        status=Scorecard.Status.SUBMITTED,
        recommendation="yes",
        submitted_at=timezone.now(),
    )
    scorecard_reminder_sweep()
    assert not _scorecard_notifications().filter(recipient=interviewer).exists()
    assert _scorecard_notifications().count() == 1
    assert interviewer.full_name not in _scorecard_notifications("scorecard_escalation").get().message


def test_a_scorecard_is_chased_once_it_is_due_not_before(db, recruiter, interviewer):
    from interviews.services.reminders import SCORECARD_DUE_AFTER

    application = factories.application(job_=factories.job(recruiter=recruiter))
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=-0.01)
    assert scorecard_reminder_sweep(now=interview.ends_at + SCORECARD_DUE_AFTER - timedelta(minutes=1)) == 0
    assert not _scorecard_notifications().exists()
    assert scorecard_reminder_sweep(now=interview.ends_at + SCORECARD_DUE_AFTER + timedelta(minutes=1)) == 1
    assert _scorecard_notifications().get().recipient == interviewer


def test_there_is_one_scorecard_chaser_on_the_beat_schedule():
    from recruitcrm.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "interviews.scorecard_reminder_sweep" in tasks
    assert not any("scorecard" in task and task != "interviews.scorecard_reminder_sweep" for task in tasks)


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_a_notification_links_only_inside_the_product(db, recruiter, url):
    with pytest.raises(ValueError):
        tell(recruiter, url=url)
