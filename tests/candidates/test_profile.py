"""The candidate profile page: what each role sees, the audit of reads, notes with
@mentions, tags and owner, and the page's fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from candidates.models import Note
from candidates.services import note_create, source_get_or_create
from core.models import AuditEvent
from jobs.services import job_member_add
from messaging.models import Notification
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(
        full_name="Lena Park",
        headline="Staff Engineer",
        company="Acme",
        location="Shanghai",
        email="lena.park@example.com",
        phone="+8613912345678",
        address="1 Nanjing Road",
        im_handle="lena_wx",
        current_compensation="CNY 800k",
        owner=recruiter,
        tags=["python", "remote"],
    )


def url(name: str, candidate) -> str:
    return reverse(f"candidates:{name}", args=[candidate.public_id])


def seen_by_interviewer(candidate, interviewer):
    application = factories.application(candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    return application


# --- The page -------------------------------------------------------------------------


def test_a_recruiter_sees_the_profile_with_contact_details_and_compensation(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.get(url("candidate-detail", candidate))
    assert response.status_code == 200
    page = response.text
    for shown in ("Lena Park", "Staff Engineer", "Acme", "Shanghai", "Rita Recruiter", "python", "remote"):
        assert shown in page
    for private in ("lena.park@example.com", "+8613912345678", "1 Nanjing Road", "lena_wx", "¥800,000"):
        assert private in page


def test_a_hiring_manager_sees_contact_details_but_not_compensation(client, hiring_manager, candidate):
    job = factories.job()
    _grant_job(job, hiring_manager)
    factories.application(job_=job, candidate_=candidate)
    client.force_login(hiring_manager)
    page = client.get(url("candidate-detail", candidate)).text
    assert "lena.park@example.com" in page
    assert "CNY 800k" not in page and "¥800,000" not in page


def test_an_interviewer_on_the_panel_sees_neither_contact_details_nor_compensation(client, interviewer, candidate):
    seen_by_interviewer(candidate, interviewer)
    client.force_login(interviewer)
    response = client.get(url("candidate-detail", candidate))
    assert response.status_code == 200
    assert "Lena Park" in response.text
    for private in ("lena.park@example.com", "+8613912345678", "lena_wx", "¥800,000"):
        assert private not in response.text
    assert 'id="note-form"' not in response.text  # read only


def test_an_interviewer_not_on_a_panel_gets_404(client, interviewer, candidate):
    client.force_login(interviewer)
    assert client.get(url("candidate-detail", candidate)).status_code == 404


def test_a_hiring_manager_without_the_candidates_job_gets_404(client, hiring_manager, candidate):
    factories.application(candidate_=candidate)
    client.force_login(hiring_manager)
    assert client.get(url("candidate-detail", candidate)).status_code == 404


def test_the_profile_refuses_post(client, recruiter, candidate):
    client.force_login(recruiter)
    assert client.post(url("candidate-detail", candidate)).status_code == 405


def test_every_profile_read_is_audited_without_personal_values(client, reviewer, candidate):
    client.force_login(reviewer)
    client.get(url("candidate-detail", candidate))
    event = AuditEvent.objects.get(action="candidates.candidate.view")
    assert event.actor == reviewer
    assert event.target_id == str(candidate.public_id)
    assert "lena" not in str(event.data)


def test_the_page_lists_only_the_applications_the_viewer_may_see(client, interviewer, candidate):
    on_panel = seen_by_interviewer(candidate, interviewer)
    other = factories.application(candidate_=candidate, job_=factories.job(title="Secret Role"))
    client.force_login(interviewer)
    page = client.get(url("candidate-detail", candidate)).text
    assert on_panel.job.title in page
    assert other.job.title not in page


def test_the_timeline_shows_entries_newest_first(client, recruiter, candidate):
    note_create(candidate=candidate, author=recruiter, body="First call went well")
    note_create(candidate=candidate, author=recruiter, body="Second call: strong on systems")
    client.force_login(recruiter)
    page = client.get(url("candidate-detail", candidate)).text
    assert page.index("Second call") < page.index("First call") < page.index("Candidate created")


def _grant_job(job, user) -> None:
    job_member_add(job=job, user=user, job_role="hiring_manager", actor=None)


def _history(candidate, recruiter, size: int, plan) -> None:
    from candidates.services import document_create

    for n in range(size):
        note_create(candidate=candidate, author=recruiter, body=f"note {n}")
        document_create(
            candidate=candidate,
            actor=recruiter,
            filename=f"cv-{n}.pdf",
            content=b"%PDF-1.4 test",
            content_type="application/pdf",
        )
        job = factories.job(recruiter=recruiter, plan_template=plan)
        factories.application(job_=job, candidate_=candidate)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.INTERVIEWER])
def test_the_page_runs_the_same_number_of_queries_for_a_short_and_a_long_history(db, client, settings, tmp_path, role):
    settings.MEDIA_ROOT = tmp_path
    owner = factories.user(Role.RECRUITER)
    viewer = factories.user(role) if role != Role.RECRUITER else owner
    plan = factories.plan()
    counts = []
    for size in (3, 40):
        candidate = factories.candidate(owner=owner, source=source_get_or_create(name="Referral"), tags=["a", "b"])
        _history(candidate, owner, size, plan)
        if role == Role.INTERVIEWER:
            seen_by_interviewer(candidate, viewer)
        client.force_login(viewer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("candidate-detail", candidate))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] == PINNED_QUERIES[role]


# session, user, candidate, audit insert, tags, applications, timeline, documents,
# owner, source, messages (the outbox rows about the visible applications and
# interviews, one query), the proposed updates waiting, the work history, the
# education, the application form's answers of every listed application (+ the
# owner choices for roles that may change the candidate, and the open jobs for
# roles that may add applications; the consents with their history for the
# staff who see them).
PINNED_QUERIES = {Role.RECRUITER: 18, Role.INTERVIEWER: 15}


# --- Notes and @mentions --------------------------------------------------------------


def test_a_recruiter_adds_a_note_and_is_sent_back_to_the_profile(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(url("note-create", candidate), {"body": "Wants to relocate"})
    assert response.status_code == 302
    assert response["Location"] == url("candidate-detail", candidate)
    assert Note.objects.get(candidate=candidate).body == "Wants to relocate"


def test_an_htmx_note_answers_with_the_timeline_and_a_fresh_form(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(url("note-create", candidate), {"body": "Prefers mornings"}, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="timeline"')
    assert "Prefers mornings" in response.text
    assert 'id="note-form"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "<html" not in response.text


def test_an_empty_note_shows_an_error_and_saves_nothing(client, recruiter, candidate):
    client.force_login(recruiter)
    plain = client.post(url("note-create", candidate), {"body": "   "})
    assert plain.status_code == 200
    assert "This field is required." in plain.text
    htmx = client.post(url("note-create", candidate), {"body": ""}, **HTMX)
    assert htmx["HX-Retarget"] == "#note-form"
    assert "This field is required." in htmx.text
    assert not Note.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer", "hiring_manager"])
def test_roles_that_cannot_change_candidates_may_not_add_notes(client, request, candidate, persona):
    user = request.getfixturevalue(persona)
    if persona == "hiring_manager":
        job = factories.job()
        _grant_job(job, user)
        factories.application(job_=job, candidate_=candidate)
    client.force_login(user)
    assert client.post(url("note-create", candidate), {"body": "hello"}).status_code == 403
    assert not Note.objects.exists()


def test_a_note_on_a_candidate_out_of_reach_is_404(client, interviewer, candidate):
    client.force_login(interviewer)
    assert client.post(url("note-create", candidate), {"body": "hello"}).status_code == 404


def test_notes_refuse_get(client, recruiter, candidate):
    client.force_login(recruiter)
    assert client.get(url("note-create", candidate)).status_code == 405


def test_a_mention_notifies_a_colleague_who_can_see_the_candidate_and_not_one_who_cannot(
    client, recruiter, coordinator, interviewer, candidate
):
    client.force_login(recruiter)
    client.post(
        url("note-create", candidate),
        {"body": "@coordinator please book a call; @interviewer@example.test FYI. Mail lena@example.com"},
    )
    notification = Notification.objects.get()
    assert notification.recipient == coordinator
    assert notification.kind == "mention"
    assert notification.url == url("candidate-detail", candidate)
    assert "Rita Recruiter" in notification.message and "Lena Park" in notification.message


def test_a_mention_by_full_email_reaches_a_panel_interviewer(client, recruiter, interviewer, candidate):
    seen_by_interviewer(candidate, interviewer)
    client.force_login(recruiter)
    client.post(url("note-create", candidate), {"body": "Ask @interviewer@example.test about the design round."})
    assert Notification.objects.get().recipient == interviewer


def test_inactive_colleagues_and_the_author_are_not_notified(client, recruiter, coordinator, candidate):
    coordinator.is_active = False
    coordinator.save()
    client.force_login(recruiter)
    client.post(url("note-create", candidate), {"body": "@coordinator @recruiter"})
    assert not Notification.objects.exists()


# --- Tags and owner -------------------------------------------------------------------


def test_a_recruiter_changes_the_tags(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(url("candidate-tags", candidate), {"tags": "go, python , "})
    assert response.status_code == 302
    assert sorted(candidate.tags.values_list("name", flat=True)) == ["go", "python"]


def test_an_htmx_tag_change_answers_with_the_details_region(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(url("candidate-tags", candidate), {"tags": "kotlin"}, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="profile-details"')
    assert "kotlin" in response.text


def test_the_owner_can_be_changed_to_a_coordinator_but_not_to_an_interviewer(
    client, recruiter, coordinator, interviewer, candidate
):
    client.force_login(recruiter)
    assert client.post(url("candidate-owner", candidate), {"owner": coordinator.pk}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.owner == coordinator
    response = client.post(url("candidate-owner", candidate), {"owner": interviewer.pk}, **HTMX)
    assert "Select a valid choice" in response.text
    candidate.refresh_from_db()
    assert candidate.owner == coordinator


@pytest.mark.parametrize("name", ["candidate-tags", "candidate-owner"])
def test_tags_and_owner_are_403_for_a_reviewer_404_out_of_reach_and_405_for_get(
    client, reviewer, interviewer, candidate, name
):
    client.force_login(reviewer)
    assert client.post(url(name, candidate), {"tags": "x"}).status_code == 403
    assert client.get(url(name, candidate)).status_code == 405
    client.force_login(interviewer)
    assert client.post(url(name, candidate), {"tags": "x"}).status_code == 404
    assert sorted(candidate.tags.values_list("name", flat=True)) == ["python", "remote"]


# --- Adding the candidate to a job ----------------------------------------------------


def add_url(candidate) -> str:
    return url("candidate-add-to-job", candidate)


@pytest.fixture
def open_job(db, recruiter):
    return factories.job(recruiter=recruiter, title="Compiler Engineer")


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "administrator"])
def test_a_writer_adds_the_candidate_to_an_open_job_from_the_profile(client, personas, open_job, persona):
    from interviews.models import Application
    from jobs.models import JobMember
    from jobs.services import job_member_add

    user = personas[persona]
    if persona == "coordinator":
        job_member_add(job=open_job, user=user, job_role=JobMember.JobRole.COORDINATOR, actor=None)
    candidate = factories.candidate(full_name="Grace Hopper")
    client.force_login(user)
    page = client.get(url("candidate-detail", candidate)).content.decode()
    assert f'value="{open_job.public_id}"' in page
    response = client.post(add_url(candidate), {"job": str(open_job.public_id)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="profile-applications"' in html and "Compiler Engineer" in html
    assert 'id="timeline" class="card" hx-swap-oob="true"' in html
    assert Application.objects.filter(candidate=candidate, job=open_job, status="active").count() == 1


def test_adding_twice_explains_and_adds_nothing(client, recruiter, open_job):
    from interviews.models import Application

    candidate = factories.candidate()
    factories.application(job_=open_job, candidate_=candidate)
    client.force_login(recruiter)
    response = client.post(add_url(candidate), {"job": str(open_job.public_id)})
    assert response.status_code == 200  # the page again, with the error
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_a_job_the_user_cannot_see_is_refused_as_an_invalid_choice(client, outsider, open_job):
    candidate = factories.candidate()
    client.force_login(outsider)
    response = client.post(add_url(candidate), {"job": str(open_job.public_id)})
    assert "Select a valid choice" in response.content.decode()
    assert not candidate.applications.exists()


def test_a_plain_post_redirects_to_the_profile(client, recruiter, open_job):
    candidate = factories.candidate()
    client.force_login(recruiter)
    response = client.post(add_url(candidate), {"job": str(open_job.public_id)})
    assert response.status_code == 302 and response["Location"] == url("candidate-detail", candidate)


@pytest.mark.parametrize("persona", ["reviewer"])
def test_read_only_roles_may_not_add_to_a_job(client, personas, open_job, persona):
    candidate = factories.candidate()
    client.force_login(personas[persona])
    assert client.post(add_url(candidate), {"job": str(open_job.public_id)}).status_code == 403
    assert 'data-testid="add-to-job"' not in client.get(url("candidate-detail", candidate)).content.decode()


def test_adding_to_a_job_refuses_get(client, recruiter):
    client.force_login(recruiter)
    assert client.get(add_url(factories.candidate())).status_code == 405
