"""What arrived about a candidate, on the profile: proposed values accepted
or dismissed field by field, "from resume" marks confirmed, the work history
and education edited, and the answers given on the application form."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from candidates.models import Candidate, Education, Experience, ProposedUpdate
from candidates.services.proposals import proposed_updates_record
from careers.models import Answer, Brand, Posting, Question
from careers.selectors import answers_for_applications
from core.models import AuditEvent
from jobs.services import job_member_add
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
APPLICATION = ProposedUpdate.Origin.APPLICATION


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(
        full_name="Lena Park", company="Acme", email="lena@example.test", phone="+8613912345678", owner=recruiter
    )


def propose(candidate, **values) -> list[ProposedUpdate]:
    _filled, proposals = proposed_updates_record(
        candidate=candidate, values=values, origin=APPLICATION, origin_detail="Backend engineer"
    )
    return proposals


def curl(name: str, candidate, *args) -> str:
    return reverse(f"candidates:{name}", args=[candidate.public_id, *args])


def purl(name: str, proposal) -> str:
    return reverse(f"candidates:{name}", args=[proposal.public_id])


def fresh(candidate) -> Candidate:
    return Candidate.objects.get(pk=candidate.pk)


def grant_job_of(candidate, hiring_manager):
    job = factories.job()
    job_member_add(job=job, user=hiring_manager, job_role="hiring_manager", actor=None)
    return factories.application(job_=job, candidate_=candidate)


# --- The panel ------------------------------------------------------------------------


def test_the_profile_lists_each_waiting_value_with_the_current_one_and_where_it_came_from(client, recruiter, candidate):
    propose(candidate, company="Globex", email="lena.park@new.test")
    client.force_login(recruiter)
    page = client.get(curl("candidate-detail", candidate)).text
    assert 'data-testid="proposal-company"' in page and 'data-testid="proposal-email"' in page
    assert "Globex" in page and "lena.park@new.test" in page
    assert "Backend engineer" in page and "Application form" in page
    assert 'data-testid="accept-all"' in page


def test_no_panel_when_nothing_waits(client, recruiter, candidate):
    client.force_login(recruiter)
    page = client.get(curl("candidate-detail", candidate)).text
    assert 'data-testid="arrivals"' not in page and 'id="profile-arrivals"' in page


def test_a_hiring_manager_sees_the_waiting_fields_but_never_their_contact_values_and_no_buttons(
    client, hiring_manager, candidate
):
    grant_job_of(candidate, hiring_manager)
    propose(candidate, company="Globex", email="lena.park@new.test", phone="+8613800138000")
    client.force_login(hiring_manager)
    page = client.get(curl("candidate-detail", candidate)).text
    assert "Globex" in page
    assert "lena.park@new.test" not in page and "13800138000" not in page
    assert "Hidden: your role does not see contact details." in page
    assert 'data-testid="accept"' not in page and 'data-testid="accept-all"' not in page


def test_an_interviewer_sees_no_contact_value_of_the_panel(client, interviewer, candidate):
    application = factories.application(candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    propose(candidate, email="lena.park@new.test")
    client.force_login(interviewer)
    page = client.get(curl("candidate-detail", candidate)).text
    assert "lena.park@new.test" not in page and "lena@example.test" not in page


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "admin_user"])
def test_those_who_change_candidates_accept_a_value_and_go_back_to_the_profile(client, request, persona, candidate):
    user = request.getfixturevalue(persona)
    (proposal,) = propose(candidate, company="Globex")
    client.force_login(user)
    response = client.post(purl("proposed-update-accept", proposal))
    assert response.status_code == 302 and response["Location"] == curl("candidate-detail", candidate)
    assert fresh(candidate).company == "Globex"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposedUpdate.Status.ACCEPTED, user)
    assert AuditEvent.objects.filter(action="candidates.proposed_update.accept").exists()


def test_an_htmx_accept_answers_with_the_panel_and_a_toast_and_redraws_the_details(client, recruiter, candidate):
    (proposal,) = propose(candidate, company="Globex")
    client.force_login(recruiter)
    response = client.post(purl("proposed-update-accept", proposal), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="profile-arrivals"')
    assert 'id="profile-details" class="card mb-4" hx-swap-oob="true"' in response.text
    assert "Globex" in response.text and "<html" not in response.text
    assert "toast" in response["HX-Trigger"]


def test_dismissing_keeps_the_profile_value(client, recruiter, candidate):
    (proposal,) = propose(candidate, company="Globex")
    client.force_login(recruiter)
    response = client.post(purl("proposed-update-dismiss", proposal), **HTMX)
    assert response.status_code == 200
    assert fresh(candidate).company == "Acme"
    proposal.refresh_from_db()
    assert proposal.status == ProposedUpdate.Status.DISMISSED


def test_accepting_a_malformed_value_shows_the_error_and_changes_nothing(client, recruiter, candidate):
    ProposedUpdate.objects.create(candidate=candidate, field="email", value="not an email", origin=APPLICATION)
    proposal = ProposedUpdate.objects.get(candidate=candidate)
    client.force_login(recruiter)
    response = client.post(purl("proposed-update-accept", proposal), **HTMX)
    assert response.status_code == 200
    assert 'data-testid="arrivals-error"' in response.text
    assert fresh(candidate).email == "lena@example.test"
    proposal.refresh_from_db()
    assert proposal.status == ProposedUpdate.Status.PENDING
    plain = client.post(purl("proposed-update-accept", proposal), follow=True)
    assert "valid email" in plain.text


def test_a_value_decided_already_is_refused_with_a_message(client, recruiter, candidate):
    (proposal,) = propose(candidate, company="Globex")
    client.force_login(recruiter)
    client.post(purl("proposed-update-dismiss", proposal))
    response = client.post(purl("proposed-update-accept", proposal), follow=True)
    assert "dealt with already" in response.text
    assert fresh(candidate).company == "Acme"


def test_accept_all_takes_every_good_value_and_leaves_a_malformed_one_waiting(client, recruiter, candidate):
    propose(candidate, company="Globex", location="Beijing")
    ProposedUpdate.objects.create(candidate=candidate, field="email", value="nope", origin=APPLICATION)
    client.force_login(recruiter)
    response = client.post(curl("proposed-updates-accept-all", candidate), **HTMX)
    assert response.status_code == 200
    candidate = fresh(candidate)
    assert (candidate.company, candidate.location, candidate.email) == ("Globex", "Beijing", "lena@example.test")
    assert list(ProposedUpdate.objects.filter(status="pending").values_list("field", flat=True)) == ["email"]
    assert 'data-testid="arrivals-error"' in response.text


def test_dismiss_all_dismisses_every_waiting_value(client, coordinator, candidate):
    propose(candidate, company="Globex", location="Beijing")
    client.force_login(coordinator)
    response = client.post(curl("proposed-updates-dismiss-all", candidate))
    assert response.status_code == 302
    assert set(ProposedUpdate.objects.values_list("status", flat=True)) == {"dismissed"}
    assert fresh(candidate).company == "Acme"


def test_a_reviewer_and_a_hiring_manager_may_not_decide(client, reviewer, hiring_manager, candidate):
    grant_job_of(candidate, hiring_manager)
    (proposal,) = propose(candidate, company="Globex")
    for user in (reviewer, hiring_manager):
        client.force_login(user)
        assert client.post(purl("proposed-update-accept", proposal)).status_code == 403
        assert client.post(purl("proposed-update-dismiss", proposal)).status_code == 403
        assert client.post(curl("proposed-updates-accept-all", candidate)).status_code == 403
        assert client.post(curl("resume-confirm-all", candidate)).status_code == 403
    assert fresh(candidate).company == "Acme"


def test_someone_who_cannot_see_the_candidate_gets_404(client, hiring_manager, interviewer, candidate):
    (proposal,) = propose(candidate, company="Globex")
    for user in (hiring_manager, interviewer):
        client.force_login(user)
        assert client.post(purl("proposed-update-accept", proposal)).status_code == 404
        assert client.post(curl("proposed-updates-dismiss-all", candidate)).status_code == 404
        assert client.post(curl("resume-field-confirm", candidate, "company")).status_code == 404


def test_the_decisions_take_post_only(client, recruiter, candidate):
    (proposal,) = propose(candidate, company="Globex")
    client.force_login(recruiter)
    assert client.get(purl("proposed-update-accept", proposal)).status_code == 405
    assert client.get(purl("proposed-update-dismiss", proposal)).status_code == 405
    assert client.get(curl("proposed-updates-accept-all", candidate)).status_code == 405
    assert client.get(curl("resume-confirm-all", candidate)).status_code == 405


# --- "From resume" --------------------------------------------------------------------


def mark(candidate, *fields):
    Candidate.objects.filter(pk=candidate.pk).update(from_resume=list(fields))
    return fresh(candidate)


def test_fields_from_the_resume_carry_a_badge_until_confirmed(client, recruiter, candidate):
    candidate = mark(candidate, "company", "phone")
    client.force_login(recruiter)
    page = client.get(curl("candidate-detail", candidate)).text
    assert 'data-testid="from-resume-company"' in page and 'data-testid="from-resume-phone"' in page
    response = client.post(curl("resume-field-confirm", candidate, "company"), **HTMX)
    assert response.status_code == 200
    assert fresh(candidate).from_resume == ["phone"]
    assert 'data-testid="from-resume-company"' not in response.text
    assert AuditEvent.objects.filter(action="candidates.candidate.resume_confirm").count() == 1


def test_confirm_all_clears_the_fields_and_the_history_entries(client, recruiter, candidate):
    candidate = mark(candidate, "company", "headline")
    Experience.objects.create(candidate=candidate, company="Acme", title="Engineer", from_resume=True)
    Education.objects.create(candidate=candidate, school="Fudan", from_resume=True)
    client.force_login(recruiter)
    response = client.post(curl("resume-confirm-all", candidate))
    assert response.status_code == 302
    assert fresh(candidate).from_resume == []
    assert not Experience.objects.filter(from_resume=True).exists()
    assert not Education.objects.filter(from_resume=True).exists()


def test_the_edit_form_marks_the_fields_from_the_resume(client, recruiter, candidate):
    candidate = mark(candidate, "company")
    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-edit", args=[candidate.public_id])).text
    assert 'data-testid="from-resume-company"' in page


# --- Work history and education -------------------------------------------------------


def test_a_recruiter_adds_work_history_and_sees_it_in_months(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        curl("experience-create", candidate),
        {"title": "Staff Engineer", "company": "Globex", "start": "2019-03", "end": "", "is_current": "on"},
    )
    assert response.status_code == 302
    entry = Experience.objects.get(candidate=candidate)
    assert (entry.start, entry.end, entry.is_current, entry.from_resume) == (date(2019, 3, 1), None, True, False)
    page = client.get(curl("candidate-detail", candidate)).text
    assert "Mar 2019 – present" in page
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    zh = client.get(curl("candidate-detail", candidate)).text
    assert "2019年3月 – 至今" in zh
    assert AuditEvent.objects.filter(action="candidates.experience.create").exists()


def test_the_add_form_opens_in_the_side_panel_for_htmx_and_as_a_page_without(client, recruiter, candidate):
    client.force_login(recruiter)
    fragment = client.get(curl("education-create", candidate), **HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'data-testid="history-entry-form"' in fragment.text and 'hx-post="' in fragment.text
    page = client.get(curl("education-create", candidate))
    assert "<html" in page.text and 'hx-post="' not in page.text.split('data-testid="history-entry-form"')[1][:300]


def test_an_end_before_the_start_is_refused_next_to_the_field(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        curl("education-create", candidate), {"school": "Fudan", "start": "2020-09", "end": "2016-07"}
    )
    assert response.status_code == 200
    assert "The end cannot come before the start." in response.text
    htmx = client.post(
        curl("education-create", candidate), {"school": "Fudan", "start": "2020-09", "end": "2016-07"}, **HTMX
    )
    assert htmx["HX-Retarget"] == "#profile-panel-body" and "The end cannot come before the start." in htmx.text
    assert not Education.objects.exists()


def test_a_month_that_is_not_one_and_an_empty_entry_are_refused(client, recruiter, candidate):
    client.force_login(recruiter)
    bad = client.post(curl("experience-create", candidate), {"company": "Acme", "start": "2019-13"})
    assert bad.status_code == 200 and "Enter a valid date." in bad.text
    empty = client.post(curl("experience-create", candidate), {"company": " ", "title": ""})
    assert "Give at least a company or a title." in empty.text
    assert not Experience.objects.exists()


def test_editing_an_entry_from_the_resume_confirms_it(client, recruiter, candidate):
    entry = Experience.objects.create(candidate=candidate, company="Acme", title="Engineer", from_resume=True)
    client.force_login(recruiter)
    response = client.post(
        curl("experience-edit", candidate, entry.pk),
        {"company": "Acme Ltd", "title": "Engineer", "start": "2018-01", "end": "2020-06"},
        **HTMX,
    )
    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="profile-history"')
    entry.refresh_from_db()
    assert (entry.company, entry.end, entry.from_resume) == ("Acme Ltd", date(2020, 6, 1), False)


def test_an_entry_is_confirmed_in_one_click_and_deleted(client, coordinator, candidate):
    entry = Education.objects.create(candidate=candidate, school="Fudan", from_resume=True)
    client.force_login(coordinator)
    assert client.post(curl("education-confirm", candidate, entry.pk), **HTMX).status_code == 200
    entry.refresh_from_db()
    assert not entry.from_resume
    assert client.post(curl("education-delete", candidate, entry.pk)).status_code == 302
    assert not Education.objects.exists()
    assert AuditEvent.objects.filter(action="candidates.education.delete").exists()


def test_history_access_follows_the_profile(client, reviewer, hiring_manager, recruiter, candidate):
    entry = Experience.objects.create(candidate=candidate, company="Acme")
    other = factories.candidate()
    client.force_login(reviewer)
    assert client.get(curl("experience-create", candidate)).status_code == 403
    assert client.post(curl("experience-delete", candidate, entry.pk)).status_code == 403
    client.force_login(hiring_manager)
    assert client.get(curl("experience-edit", candidate, entry.pk)).status_code == 404
    client.force_login(recruiter)
    # An entry reached through another candidate's address is not there.
    assert client.get(curl("experience-edit", other, entry.pk)).status_code == 404
    assert client.get(curl("experience-delete", candidate, entry.pk)).status_code == 405
    assert client.put(curl("experience-create", candidate)).status_code == 405
    assert Experience.objects.filter(pk=entry.pk).exists()


# --- The application form's answers ----------------------------------------------------


@pytest.fixture
def answered(candidate, recruiter):
    job = factories.job(recruiter=recruiter)
    application = factories.application(job_=job, candidate_=candidate)
    brand = Brand.objects.create(client=job.client, slug="acme", display_name="Acme")
    posting = Posting.objects.create(job=job, brand=brand, title="Engineer", description="Build")
    remote = Question.objects.create(
        posting=posting,
        order=1,
        kind=Question.Kind.YES_NO,
        label="Can you work on site?",
        label_zh_hans="能到现场工作吗？",
        knockout_answers=["no"],
    )
    langs = Question.objects.create(
        posting=posting,
        order=2,
        kind=Question.Kind.MULTIPLE_CHOICE,
        label="Languages",
        choices=[
            {"value": "py", "label": "Python", "label_zh_hans": "Python 语言"},
            {"value": "go", "label": "Go"},
        ],
    )
    Answer.objects.create(application=application, question=remote, value=json.dumps(False), is_knockout=True)
    Answer.objects.create(application=application, question=langs, value=json.dumps(["py", "go"]))
    return application


def test_the_profile_shows_the_answers_with_the_knock_out_highlighted(client, recruiter, candidate, answered):
    client.force_login(recruiter)
    page = client.get(curl("candidate-detail", candidate)).text
    assert "Can you work on site?" in page and "Python, Go" in page
    assert 'data-testid="answer-knockout"' in page


def test_answers_read_in_the_readers_language_in_one_query(answered, django_assert_num_queries):
    other = factories.application(candidate_=answered.candidate)
    with translation.override("zh-hans"), django_assert_num_queries(1):
        shown = answers_for_applications([answered.pk, other.pk])
    assert [a.question for a in shown[answered.pk]] == ["能到现场工作吗？", "Languages"]
    assert [a.text for a in shown[answered.pk]] == ["否", "Python 语言, Go"]
    assert other.pk not in shown


def test_the_profile_runs_one_query_for_the_answers_of_every_application(client, recruiter, candidate, answered):
    factories.application(candidate_=candidate)
    client.force_login(recruiter)
    with CaptureQueriesContext(connection) as queries:
        client.get(curl("candidate-detail", candidate))
    assert sum('FROM "careers_answer"' in q["sql"] for q in queries.captured_queries) == 1


# --- Merging --------------------------------------------------------------------------


def test_a_merge_carries_history_and_proposals_and_keeps_the_survivors_waiting_value(recruiter):
    from candidates.services.merge import candidate_merge

    survivor = factories.candidate(full_name="Lena Park", company="Acme")
    other = factories.candidate(full_name="Lena Park", company="Acme", location="Shanghai")
    other = mark(other, "location")
    Experience.objects.create(candidate=other, company="Globex", title="Engineer", from_resume=True)
    Education.objects.create(candidate=other, school="Fudan")
    (kept,) = propose(survivor, company="Initech")
    (clashing,) = propose(other, company="Umbrella")
    (moved,) = propose(other, location="Beijing")

    candidate_merge(survivor=survivor, other=other, actor=recruiter, choices={})

    assert Experience.objects.get().candidate_id == survivor.pk
    assert Education.objects.get().candidate_id == survivor.pk
    for proposal in (kept, clashing, moved):
        proposal.refresh_from_db()
    assert (kept.candidate_id, kept.status) == (survivor.pk, ProposedUpdate.Status.PENDING)
    assert (clashing.candidate_id, clashing.status) == (survivor.pk, ProposedUpdate.Status.SUPERSEDED)
    assert (moved.candidate_id, moved.status) == (survivor.pk, ProposedUpdate.Status.PENDING)
    assert moved.value == "Beijing"  # still readable: the row kept its own public_id
    survivor = fresh(survivor)
    assert survivor.location == "Shanghai" and survivor.from_resume == ["location"]


# --- The privacy notice in the admin --------------------------------------------------


def test_a_notice_in_force_is_never_edited_in_place_but_a_new_version_is_added(client, admin_user):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from candidates.models import PrivacyNotice
    from candidates.selectors import privacy_notice_in_force
    from candidates.services.privacy import privacy_notice_save

    in_force = privacy_notice_in_force()
    in_force.body = "Something else"
    with pytest.raises(ValidationError):
        privacy_notice_save(notice=in_force, actor=admin_user)
    client.force_login(admin_user)
    change = reverse("admin:candidates_privacynotice_change", args=[in_force.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="body"' not in page.text
    assert client.get(reverse("admin:candidates_privacynotice_delete", args=[in_force.pk])).status_code == 403
    later = privacy_notice_save(
        notice=PrivacyNotice(version="v2", title="T", body="B", in_force_from=timezone.now() + timedelta(days=1)),
        actor=admin_user,
    )
    later.body = "Fixed a typo before it comes into force"
    privacy_notice_save(notice=later, actor=admin_user)
    assert PrivacyNotice.objects.get(pk=later.pk).body.startswith("Fixed")
    assert privacy_notice_in_force().pk == in_force.pk


# --- The list of candidates -----------------------------------------------------------


def test_the_list_marks_and_filters_the_candidates_with_values_waiting(client, recruiter, candidate):
    quiet = factories.candidate(full_name="Quiet Person")
    propose(candidate, company="Globex")
    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-list")).text
    assert page.count('data-testid="has-proposals"') == 1 and "Quiet Person" in page
    waiting = client.get(reverse("candidates:candidate-list"), {"proposed": "waiting"}).text
    assert "Lena Park" in waiting and "Quiet Person" not in waiting
    searched = client.get(reverse("candidates:candidate-list"), {"q": "Lena", "proposed": "waiting"}).text
    assert 'data-testid="has-proposals"' in searched
    assert quiet.full_name not in searched


def test_the_board_cards_actions_panel_shows_the_answers_with_the_knock_out(client, recruiter, answered):
    client.force_login(recruiter)
    response = client.get(reverse("interviews:application-actions", args=[answered.public_id]), **HTMX)
    assert response.status_code == 200
    assert "Can you work on site?" in response.text and 'data-testid="answer-knockout"' in response.text
