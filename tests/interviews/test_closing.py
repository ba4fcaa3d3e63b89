"""Closing an application other than by rejecting it: the candidate withdrew
(a reason from the list and a note), a hire marked at the offer stage, and a
closed application reopened (interviews.views.closing and the services)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from candidates.models import Activity
from core.models import AuditEvent
from interviews.models import Application, ClosingReason, StageKind
from interviews.services import application_move, application_reject, application_reopen, application_withdraw
from interviews.services.closing_reasons import closing_reason_retire
from jobs.models import Job
from offers.models import Offer
from placements.models import Placement
from placements.services import application_hire_record
from tests import factories
from tests.interviews.test_board import board_url, htmx

pytestmark = pytest.mark.django_db


def closing_url(application, **query) -> str:
    url = reverse("interviews:application-closing", args=[application.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def withdraw_url(application) -> str:
    return reverse("interviews:application-withdraw", args=[application.public_id])


def hire_url(application) -> str:
    return reverse("interviews:application-hire", args=[application.public_id])


def reopen_url(application) -> str:
    return reverse("interviews:application-reopen", args=[application.public_id])


def profile_url(application) -> str:
    return reverse("candidates:candidate-detail", args=[application.candidate.public_id])


def reason(kind: str, code: str) -> ClosingReason:
    return ClosingReason.objects.get(kind=kind, code=code)


@pytest.fixture
def at_offer(offer_job):
    """An application at the job's offer stage."""
    application = factories.application(job_=offer_job, candidate_=factories.candidate(full_name="Sally Ride"))
    offer_stage = offer_job.stages.get(kind=StageKind.OFFER)
    return application_move(application=application, to_stage=offer_stage, actor=None)


# --- the services ---------------------------------------------------------------------


def test_a_withdrawal_keeps_its_reason_and_note_and_writes_the_history(application, recruiter):
    withdrawn = application_withdraw(
        application=application, actor=recruiter, reason="accepted_other_offer", note="Counter-offer"
    )
    assert (withdrawn.status, withdrawn.withdrawal_reason, withdrawn.withdrawal_note) == (
        "withdrawn",
        "accepted_other_offer",
        "Counter-offer",
    )
    transition = withdrawn.transitions.last()
    assert (transition.from_status, transition.to_status, transition.note) == ("active", "withdrawn", "Counter-offer")
    assert AuditEvent.objects.filter(action="interviews.application.withdrawn", actor=recruiter).exists()
    entry = Activity.objects.filter(candidate=application.candidate).latest("pk")
    with translation.override("en"):
        assert entry.summary == "Withdrew from Robot Whisperer: accepted another offer"
    with translation.override("zh-hans"):
        assert "已接受其他录用" in entry.summary


@pytest.mark.parametrize("code", ["", "skills", "no-such-reason"])
def test_a_withdrawal_without_a_withdrawal_reason_is_refused_and_writes_nothing(application, code):
    with pytest.raises(ValidationError, match="Choose why the candidate withdrew"):
        application_withdraw(application=application, actor=None, reason=code)
    application.refresh_from_db()
    assert application.status == "active" and application.transitions.count() == 1


def test_a_retired_reason_cannot_close_an_application_but_past_ones_keep_reading_it(client, recruiter, job):
    rejected = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Past"))
    application_reject(application=rejected, actor=None, reason="culture")
    closing_reason_retire(reason=reason("rejection", "culture"), actor=None)
    with pytest.raises(ValidationError, match="Choose a rejection reason"):
        application_reject(application=factories.application(job_=job), actor=None, reason="culture")
    client.force_login(recruiter)
    closed_column = client.get(board_url(job), {"show": "closed"}).text
    assert "Ada Past" in closed_column and "culture or values" in closed_column
    profile = client.get(profile_url(rejected)).text
    assert "culture or values" in profile
    actions = client.get(reverse("interviews:application-actions", args=[factories.application(job_=job).public_id]))
    assert 'value="culture"' not in actions.text and 'value="skills"' in actions.text


def test_a_reason_reads_in_the_readers_language_then_english_then_its_code(application):
    custom = ClosingReason.objects.create(kind="withdrawal", code="visa", label_en="visa refused", order=9)
    with translation.override("zh-hans"):
        assert reason("withdrawal", "personal").label == "个人原因"
        assert custom.label == "visa refused"
    custom.label_en = ""
    assert custom.label == "visa"


def test_reopening_makes_a_rejected_application_active_in_the_stage_it_closed_at(application, recruiter):
    stage = application.stage
    application_reject(application=application, actor=None, reason="skills")
    reopened = application_reopen(application=application, actor=recruiter, reason="The client wants to meet them")
    assert (reopened.status, reopened.stage, reopened.closed_at) == ("active", stage, None)
    transition = reopened.transitions.last()
    assert (transition.from_status, transition.to_status, transition.note) == (
        "rejected",
        "active",
        "The client wants to meet them",
    )
    audit = AuditEvent.objects.get(action="interviews.application.reopen")
    assert audit.actor == recruiter and audit.data == {"from_status": "rejected"}
    entry = Activity.objects.filter(candidate=application.candidate).latest("pk")
    assert entry.message_id == "interviews.reopened"


def test_reopening_is_refused_while_the_candidate_is_active_in_the_job_again(job, recruiter):
    candidate = factories.candidate()
    first = factories.application(job_=job, candidate_=candidate)
    application_withdraw(application=first, actor=None, reason="personal")
    factories.application(job_=job, candidate_=candidate)
    with pytest.raises(ValidationError, match="already has an active application in this job"):
        application_reopen(application=first, actor=recruiter, reason="Back")
    first.refresh_from_db()
    assert first.status == "withdrawn"


def test_reopening_is_refused_for_a_closed_job_an_active_application_and_without_a_reason(application, recruiter):
    with pytest.raises(ValidationError, match="not closed"):
        application_reopen(application=application, actor=recruiter, reason="Why not")
    application_withdraw(application=application, actor=None, reason="personal")
    with pytest.raises(ValidationError, match="Say why"):
        application_reopen(application=application, actor=recruiter, reason="  ")
    Job.objects.filter(pk=application.job_id).update(status=Job.Status.FILLED)
    with pytest.raises(ValidationError, match="The job is closed"):
        application_reopen(application=application, actor=recruiter, reason="Back")
    assert application.transitions.count() == 2


# --- withdraw: the views ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "hiring_manager"])
def test_those_who_record_decisions_withdraw_from_the_closing_page(client, personas, application, persona):
    client.force_login(personas[persona])
    page = client.get(closing_url(application, next=profile_url(application)))
    assert page.status_code == 200 and 'data-testid="withdraw-form"' in page.text
    assert "accepted another offer" in page.text.lower()
    response = client.post(
        withdraw_url(application), {"reason": "personal", "note": "", "next": profile_url(application)}
    )
    assert response.status_code == 302 and response["Location"] == profile_url(application)
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "personal")


@pytest.mark.parametrize("persona", ["reviewer", "interviewer"])
def test_those_who_may_not_decide_are_refused_the_withdrawal(client, personas, application, persona):
    factories.interview(application_=application, panel=[personas["interviewer"]], days_from_now=-1)
    client.force_login(personas[persona])
    assert client.get(closing_url(application)).status_code == 403
    assert client.post(withdraw_url(application), {"reason": "personal"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "active"


def test_an_outsider_gets_a_404_from_every_closing_action(client, outsider, application):
    client.force_login(outsider)
    assert client.get(closing_url(application)).status_code == 404
    for url in (withdraw_url(application), hire_url(application), reopen_url(application)):
        assert client.post(url, {"reason": "personal"}).status_code == 404


def test_the_closing_actions_take_only_a_post(client, recruiter, application):
    client.force_login(recruiter)
    for url in (withdraw_url(application), hire_url(application), reopen_url(application)):
        assert client.get(url).status_code == 405
    assert client.post(closing_url(application)).status_code == 405


def test_a_withdrawal_from_the_board_panel_by_htmx_redraws_the_columns(client, recruiter, application):
    client.force_login(recruiter)
    panel = client.get(reverse("interviews:application-actions", args=[application.public_id]), **htmx()).text
    assert 'data-testid="withdraw-form"' in panel and 'hx-target="#board-columns"' in panel
    html = client.post(withdraw_url(application), {"reason": "not_interested"}, **htmx()).text
    assert 'id="board-columns"' in html and "<html" not in html and "withdrew" in html


def test_a_withdrawal_from_the_closing_page_by_htmx_follows_to_where_it_came_from(client, recruiter, application):
    client.force_login(recruiter)
    data = {"reason": "personal", "next": profile_url(application)}
    response = client.post(withdraw_url(application), data, **htmx())
    assert response.status_code == 200 and response["HX-Redirect"] == profile_url(application)


def test_a_refused_withdrawal_goes_back_to_the_closing_page_with_the_reason(client, recruiter, application):
    client.force_login(recruiter)
    response = client.post(withdraw_url(application), {"next": profile_url(application)}, follow=True)
    assert "Choose why the candidate withdrew." in response.text
    assert response.redirect_chain[-1][0].startswith(closing_url(application))


def test_a_next_address_elsewhere_is_ignored(client, recruiter, application):
    client.force_login(recruiter)
    response = client.post(withdraw_url(application), {"reason": "personal", "next": "https://evil.test/"})
    assert response["Location"] == profile_url(application)


# --- mark hired -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "hiring_manager"])
def test_a_hire_at_the_offer_stage_closes_it_and_makes_the_agency_placement(client, personas, at_offer, persona):
    client.force_login(personas[persona])
    page = client.get(closing_url(at_offer)).text
    assert 'data-testid="hire-form"' in page
    response = client.post(hire_url(at_offer), {"next": profile_url(at_offer)})
    assert response.status_code == 302
    at_offer.refresh_from_db()
    assert at_offer.status == Application.Status.HIRED
    assert at_offer.transitions.last().to_status == "hired"
    assert Placement.objects.filter(application=at_offer).exists()
    assert AuditEvent.objects.filter(action="interviews.application.hired").exists()


def test_a_hire_from_the_board_panel_by_htmx_redraws_the_columns(client, recruiter, at_offer):
    client.force_login(recruiter)
    panel = client.get(reverse("interviews:application-actions", args=[at_offer.public_id]), **htmx()).text
    assert 'data-testid="hire-form"' in panel
    html = client.post(hire_url(at_offer), **htmx()).text
    assert 'id="board-columns"' in html and "marked hired" in html


def test_mark_hired_is_refused_before_the_offer_stage(client, recruiter, application):
    client.force_login(recruiter)
    assert 'data-testid="hire-form"' not in client.get(closing_url(application)).text
    html = client.post(hire_url(application), **htmx()).text
    assert "Only an application at an offer stage can be marked hired" in html
    application.refresh_from_db()
    assert application.status == "active"


def test_mark_hired_is_refused_while_an_offer_is_open(client, recruiter, at_offer):
    # Offers are written by their own part of the product; a draft is enough here.
    Offer.objects.create(application=at_offer, status=Offer.Status.DRAFT)
    client.force_login(recruiter)
    response = client.post(hire_url(at_offer), follow=True)
    assert "answer or withdraw the offer first" in response.text
    at_offer.refresh_from_db()
    assert at_offer.status == "active" and not Placement.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer", "interviewer"])
def test_those_who_may_not_decide_are_refused_a_hire(client, personas, at_offer, persona):
    factories.interview(application_=at_offer, panel=[personas["interviewer"]], days_from_now=-1)
    client.force_login(personas[persona])
    assert client.post(hire_url(at_offer)).status_code == 403


# --- reopen -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter"])
def test_recruiters_and_administrators_reopen_from_the_profile(client, personas, application, persona):
    application_reject(application=application, actor=None, reason="skills")
    client.force_login(personas[persona])
    profile = client.get(profile_url(application)).text
    assert 'data-testid="reopen-link"' in profile and "skills or experience" in profile
    page = client.get(closing_url(application, next=profile_url(application))).text
    assert 'data-testid="reopen-form"' in page
    data = {"reason": "Second look", "next": profile_url(application)}
    response = client.post(reopen_url(application), data)
    assert response["Location"] == profile_url(application)
    application.refresh_from_db()
    assert application.status == "active"


@pytest.mark.parametrize("persona", ["coordinator", "hiring_manager", "reviewer"])
def test_other_roles_that_see_it_may_not_reopen(client, personas, application, persona):
    application_reject(application=application, actor=None, reason="skills")
    client.force_login(personas[persona])
    assert 'data-testid="reopen-link"' not in client.get(profile_url(application)).text
    assert client.get(closing_url(application)).status_code == 403
    assert client.post(reopen_url(application), {"reason": "Second look"}).status_code == 403


def test_the_boards_closed_list_offers_reopening(client, recruiter, coordinator, job, application):
    application_withdraw(application=application, actor=None, reason="location")
    client.force_login(recruiter)
    html = client.get(board_url(job), {"show": "closed"}).text
    assert 'data-testid="reopen-link"' in html and "relocation or location" in html
    client.force_login(coordinator)
    assert 'data-testid="reopen-link"' not in client.get(board_url(job), {"show": "closed"}).text


def test_reopening_by_htmx_follows_back_and_a_refusal_says_why(client, recruiter, job, application):
    application_withdraw(application=application, actor=None, reason="personal")
    factories.application(job_=job, candidate_=application.candidate)
    client.force_login(recruiter)
    response = client.post(reopen_url(application), {"reason": "Back", "next": board_url(job)}, **htmx())
    assert response["HX-Redirect"].startswith(closing_url(application))
    page = client.get(response["HX-Redirect"]).text
    assert "already has an active application in this job" in page


def test_a_hire_whose_placement_stands_cannot_be_reopened_until_it_falls_through(client, recruiter, at_offer):
    application_hire_record(application=at_offer, actor=recruiter)
    client.force_login(recruiter)
    response = client.post(reopen_url(at_offer), {"reason": "Left in week one"}, follow=True)
    assert "record that it fell through before reopening" in response.text
    at_offer.refresh_from_db()
    assert at_offer.status == "hired"
    Placement.objects.filter(application=at_offer).update(fell_through_on=timezone.localdate() + timedelta(days=3))
    client.post(reopen_url(at_offer), {"reason": "Left in week one"})
    at_offer.refresh_from_db()
    assert at_offer.status == "active"


def test_the_debrief_links_to_withdraw_or_hire(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(reverse("interviews:debrief", args=[application.public_id, application.stage_id])).text
    assert 'data-testid="closing-link"' in html and closing_url(application) in html
