"""Offer pages and actions, role by role: whoever sees the application sees
its offer except interviewers (404); the terms only for roles that see
compensation; writers draft, change, submit and withdraw (403 for readers);
only the approver whose turn it is decides; a job's chain is changed by
those who change its settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from offers.models import Offer, OfferApprover
from offers.services import offer_approval_decide, offer_approvers_set, offer_create, offer_submit, offer_update
from tests import factories
from tests.offers.conftest import form_data, terms

pytestmark = pytest.mark.django_db

READERS = ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"]
WRITERS = ["administrator", "recruiter", "coordinator"]
READ_ONLY = ["reviewer", "hiring_manager"]
HIDDEN = ["interviewer", "outsider"]
HX = {"HTTP_HX_REQUEST": "true"}


def url(name, obj):
    return reverse(f"offers:{name}", args=[obj.public_id])


@pytest.fixture
def chain(job, hiring_manager, admin_user):
    offer_approvers_set(job=job, users=[hiring_manager, admin_user], actor=admin_user)


@pytest.fixture
def submitted(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    offer.refresh_from_db()
    return offer


# --- the offer page ----------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_whoever_sees_the_application_reads_the_offer_page(client, personas, offer, persona):
    client.force_login(personas[persona])
    response = client.get(url("offer-detail", offer))
    assert response.status_code == 200
    assert 'data-testid="offer-status"' in response.content.decode()


@pytest.mark.parametrize("persona", HIDDEN)
def test_interviewers_and_outsiders_get_404_for_the_offer(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.get(url("offer-detail", offer)).status_code == 404


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer"])
def test_roles_that_see_compensation_read_the_money(client, personas, offer, persona):
    client.force_login(personas[persona])
    html = client.get(url("offer-detail", offer)).content.decode()
    assert "¥450,000" in html and "15% target" in html


def test_a_hiring_manager_approver_sees_dates_location_and_version_but_never_the_money(
    client, hiring_manager, submitted
):
    client.force_login(hiring_manager)
    html = client.get(url("offer-detail", submitted)).content.decode()
    assert 'data-testid="decide"' in html
    assert "Shanghai" in html and 'data-testid="start-date"' in html and "Version 1" in html
    assert "450" not in html and "15% target" not in html and 'data-testid="base-salary"' not in html
    assert 'data-testid="terms-hidden"' in html


def test_the_offer_page_region_answers_htmx(client, recruiter, offer):
    client.force_login(recruiter)
    html = client.get(url("offer-detail", offer), **HX).content.decode()
    assert html.lstrip().startswith('<div id="offer"')
    assert "<html" not in html


@pytest.mark.parametrize("revisions", [0, 3])
def test_the_offer_page_runs_a_fixed_number_of_queries(
    client, recruiter, hiring_manager, submitted, revisions, django_assert_num_queries
):
    for n in range(revisions):
        offer_approval_decide(offer=submitted, actor=hiring_manager, approve=True)
        offer_update(offer=submitted, actor=recruiter, **terms(base_salary=str(460000 + n)))
    client.force_login(recruiter)
    client.get(url("offer-detail", submitted))
    with django_assert_num_queries(OFFER_PAGE_QUERIES):
        html = client.get(url("offer-detail", submitted)).content.decode()
    assert html.count('data-testid="version"') == revisions + 1


OFFER_PAGE_QUERIES = 10  # the letter actions add the letter templates to choose from


def test_the_offer_page_refuses_a_post(client, recruiter, offer):
    client.force_login(recruiter)
    assert client.post(url("offer-detail", offer)).status_code == 405


# --- drafting and changing ----------------------------------------------------------


@pytest.mark.parametrize("persona", WRITERS)
def test_writers_draft_an_offer_from_the_application(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.get(url("offer-create", application)).status_code == 200
    response = client.post(url("offer-create", application), form_data())
    offer = Offer.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == url("offer-detail", offer)
    assert offer.created_by == personas[persona]


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_may_not_draft_an_offer(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.get(url("offer-create", application)).status_code == 403
    assert client.post(url("offer-create", application), form_data()).status_code == 403


@pytest.mark.parametrize("persona", HIDDEN)
def test_drafting_is_404_for_interviewers_and_outsiders(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-create", application), form_data()).status_code == 404


def test_drafting_for_an_application_with_an_open_offer_opens_that_offer(client, recruiter, offer):
    client.force_login(recruiter)
    response = client.get(url("offer-create", offer.application))
    assert response.status_code == 302 and response["Location"] == url("offer-detail", offer)


def test_bad_terms_come_back_on_the_form_with_a_summary_for_htmx_and_plain(client, recruiter, application):
    client.force_login(recruiter)
    for extra in ({}, HX):
        response = client.post(url("offer-create", application), form_data(base_salary="0", currency="XYZ"), **extra)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="form-errors"' in html and "is-invalid" in html
        assert "The base salary must be above zero." in html
    assert not Offer.objects.exists()
    assert 'id="offer-form"' in html and "<html" not in html


def test_the_service_refusal_shows_on_its_field(client, recruiter, application):
    client.force_login(recruiter)
    html = client.post(url("offer-create", application), form_data(periods_per_year="1", start_date="2001-01-01"))
    assert "The start date must be after today." in html.content.decode()


@pytest.mark.parametrize("persona", WRITERS)
def test_writers_change_the_terms(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.get(url("offer-edit", offer)).status_code == 200
    response = client.post(url("offer-edit", offer), form_data(base_salary="470000"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.current_version.base_salary == "470000.00"


def test_a_change_after_a_decision_shows_the_new_version_and_what_changed(client, recruiter, hiring_manager, submitted):
    offer_approval_decide(offer=submitted, actor=hiring_manager, approve=True)
    client.force_login(recruiter)
    client.post(url("offer-edit", submitted), form_data(base_salary="470000", work_location="Beijing"))
    html = client.get(url("offer-detail", submitted)).content.decode()
    assert html.count('data-testid="version"') == 2
    assert "Base salary" in html and "Work location" in html
    client.force_login(hiring_manager)
    html = client.get(url("offer-detail", submitted)).content.decode()
    assert "Base salary" not in html and "compensation" in html and "Work location" in html


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_may_not_change_the_terms(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.get(url("offer-edit", offer)).status_code == 403
    assert client.post(url("offer-edit", offer), form_data()).status_code == 403


@pytest.mark.parametrize("persona", HIDDEN)
def test_changing_is_404_for_interviewers_and_outsiders(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-edit", offer), form_data()).status_code == 404


# --- submit and withdraw -------------------------------------------------------------


@pytest.mark.parametrize("name", ["offer-submit", "offer-withdraw", "offer-approve", "offer-reject"])
def test_actions_refuse_a_get(client, recruiter, offer, name):
    client.force_login(recruiter)
    assert client.get(url(name, offer)).status_code == 405


@pytest.mark.parametrize("persona", WRITERS)
def test_writers_submit_for_approval_plain_and_htmx(client, personas, offer, chain, persona):
    client.force_login(personas[persona])
    response = client.post(url("offer-submit", offer), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="offer"') and "Offer sent for approval." in html
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL


def test_a_plain_submit_redirects_and_an_empty_chain_says_the_offer_is_approved(client, recruiter, offer):
    client.force_login(recruiter)
    response = client.post(url("offer-submit", offer), follow=True)
    assert response.redirect_chain[-1][0] == url("offer-detail", offer)
    assert "no approval chain" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED


def test_submitting_twice_is_refused_with_a_message(client, recruiter, submitted):
    client.force_login(recruiter)
    html = client.post(url("offer-submit", submitted), **HX).content.decode()
    assert "Only a draft offer can be sent for approval." in html


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_may_not_submit_or_withdraw(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-submit", offer)).status_code == 403
    assert client.post(url("offer-withdraw", offer)).status_code == 403


@pytest.mark.parametrize("persona", HIDDEN)
def test_submit_and_withdraw_are_404_for_interviewers_and_outsiders(client, personas, offer, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-submit", offer)).status_code == 404
    assert client.post(url("offer-withdraw", offer)).status_code == 404


def test_a_writer_withdraws_with_a_note(client, recruiter, submitted):
    client.force_login(recruiter)
    response = client.post(url("offer-withdraw", submitted), {"note": "Role closed"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Offer.Status.WITHDRAWN and submitted.withdrawn_note == "Role closed"


# --- deciding -------------------------------------------------------------------------


def test_the_approver_whose_turn_it_is_approves_and_the_next_one_is_asked(
    client, hiring_manager, admin_user, submitted
):
    client.force_login(hiring_manager)
    html = client.post(url("offer-approve", submitted), {"comment": "Good"}, **HX).content.decode()
    assert "You approved the offer." in html
    client.force_login(admin_user)
    response = client.post(url("offer-approve", submitted))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Offer.Status.APPROVED


def test_a_rejection_needs_a_comment_and_the_comment_shows_on_the_page(client, hiring_manager, recruiter, submitted):
    client.force_login(hiring_manager)
    html = client.post(url("offer-reject", submitted), {"comment": ""}, **HX).content.decode()
    assert "Say why you reject the offer" in html
    client.post(url("offer-reject", submitted), {"comment": "Budget is lower"})
    submitted.refresh_from_db()
    assert submitted.status == Offer.Status.DRAFT
    client.force_login(recruiter)
    assert "Budget is lower" in client.get(url("offer-detail", submitted)).content.decode()


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer"])
def test_anyone_else_who_sees_the_offer_gets_403_when_deciding(client, personas, submitted, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-approve", submitted)).status_code == 403
    assert client.post(url("offer-reject", submitted), {"comment": "no"}).status_code == 403


@pytest.mark.parametrize("persona", HIDDEN)
def test_deciding_is_404_for_interviewers_and_outsiders(client, personas, submitted, persona):
    client.force_login(personas[persona])
    assert client.post(url("offer-approve", submitted)).status_code == 404


# --- the approvals list ------------------------------------------------------------------


def test_the_approvals_list_shows_what_waits_for_me_and_what_i_decided(client, hiring_manager, admin_user, submitted):
    client.force_login(hiring_manager)
    html = client.get(reverse("offers:approval-list")).content.decode()
    assert html.count('data-testid="approval-row"') == 1 and "Grace Hopper" in html
    assert "450" not in html
    offer_approval_decide(offer=submitted, actor=hiring_manager, approve=True)
    html = client.get(reverse("offers:approval-list")).content.decode()
    assert 'data-testid="approval-row"' not in html and html.count('data-testid="decided-row"') == 1
    client.force_login(admin_user)
    html = client.get(reverse("offers:approval-list"), **HX).content.decode()
    assert html.lstrip().startswith('<div id="approvals"') and 'data-testid="approval-row"' in html


def test_the_navigation_count_says_how_many_wait(client, hiring_manager, recruiter, submitted):
    client.force_login(hiring_manager)
    assert 'data-testid="approval-count">1' in client.get(reverse("offers:approval-count")).content.decode()
    client.force_login(recruiter)
    assert "approval-count" not in client.get(reverse("offers:approval-count")).content.decode()


def test_the_approvals_list_is_404_for_interviewers_and_refuses_a_post(client, interviewer, recruiter):
    client.force_login(interviewer)
    assert client.get(reverse("offers:approval-list")).status_code == 404
    client.force_login(recruiter)
    assert client.post(reverse("offers:approval-list")).status_code == 405


@pytest.mark.parametrize("count", [1, 4])
def test_the_approvals_list_runs_a_fixed_number_of_queries(
    client, job, admin_user, recruiter, chain, count, django_assert_num_queries
):
    for _ in range(count):
        application = factories.application(job_=job)
        offer = offer_create(application=application, actor=recruiter, **terms())
        offer_submit(offer=offer, actor=recruiter)
        offer_approval_decide(offer=offer, actor=offer_approvers(job)[0], approve=True)
    client.force_login(admin_user)
    with django_assert_num_queries(APPROVALS_QUERIES):
        html = client.get(reverse("offers:approval-list")).content.decode()
    assert html.count('data-testid="approval-row"') == count


APPROVALS_QUERIES = 4


def offer_approvers(job):
    return [step.user for step in OfferApprover.objects.filter(job=job).order_by("order")]


# --- the job's approval chain ---------------------------------------------------------------


def chain_url(name, job):
    return reverse(f"offers:{name}", args=[job.public_id])


@pytest.mark.parametrize("persona", READERS)
def test_whoever_sees_the_job_reads_its_chain(client, personas, job, chain, persona):
    client.force_login(personas[persona])
    html = client.get(chain_url("job-approvers", job)).content.decode()
    assert html.count('data-testid="approver"') == 2
    assert ('data-testid="approver-add"' in html) == (persona in ("administrator", "recruiter"))


@pytest.mark.parametrize("persona", HIDDEN)
def test_the_chain_is_404_for_interviewers_and_outsiders(client, personas, job, persona):
    client.force_login(personas[persona])
    assert client.get(chain_url("job-approvers", job)).status_code == 404


@pytest.mark.parametrize("persona", ["administrator", "recruiter"])
def test_those_who_change_the_job_add_reorder_and_remove_approvers(
    client, personas, job, hiring_manager, admin_user, persona
):
    client.force_login(personas[persona])
    response = client.post(chain_url("job-approver-add", job), {"user": hiring_manager.public_id}, **HX)
    assert response.status_code == 200 and response.content.decode().lstrip().startswith(
        '<section class="card" id="chain"'
    )
    response = client.post(chain_url("job-approver-add", job), {"user": admin_user.public_id})
    assert response.status_code == 302
    assert offer_approvers(job) == [hiring_manager, admin_user]
    client.post(chain_url("job-approver-move", job), {"user": admin_user.public_id, "position": 1})
    assert offer_approvers(job) == [admin_user, hiring_manager]
    client.post(chain_url("job-approver-remove", job), {"user": admin_user.public_id})
    assert offer_approvers(job) == [hiring_manager]


def test_someone_off_the_team_cannot_be_added(client, recruiter, job):
    client.force_login(recruiter)
    stranger = factories.user(Role.HIRING_MANAGER)
    html = client.post(chain_url("job-approver-add", job), {"user": stranger.public_id}, **HX).content.decode()
    assert "Choose a team member or an administrator." in html
    assert offer_approvers(job) == []


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager"])
def test_roles_that_do_not_change_the_job_get_403_on_the_chain(client, personas, job, hiring_manager, persona):
    client.force_login(personas[persona])
    for name in ("job-approver-add", "job-approver-remove", "job-approver-move"):
        assert client.post(chain_url(name, job), {"user": hiring_manager.public_id}).status_code == 403


@pytest.mark.parametrize("persona", HIDDEN)
def test_chain_changes_are_404_for_interviewers_and_outsiders(client, personas, job, hiring_manager, persona):
    client.force_login(personas[persona])
    assert client.post(chain_url("job-approver-add", job), {"user": hiring_manager.public_id}).status_code == 404


@pytest.mark.parametrize("name", ["job-approver-add", "job-approver-remove", "job-approver-move"])
def test_chain_changes_refuse_a_get(client, recruiter, job, name):
    client.force_login(recruiter)
    assert client.get(chain_url(name, job)).status_code == 405


# --- links from the pipeline --------------------------------------------------------------


def test_the_profile_row_links_writers_to_the_offer_and_not_readers(client, recruiter, hiring_manager, application):
    path = reverse("candidates:candidate-detail", args=[application.candidate.public_id])
    client.force_login(recruiter)
    assert url("offer-create", application) in client.get(path).content.decode()
    client.force_login(hiring_manager)
    assert url("offer-create", application) not in client.get(path).content.decode()


def test_a_read_of_the_terms_is_audited_and_a_hiring_managers_read_is_not(client, recruiter, hiring_manager, offer):
    from core.models import AuditEvent

    client.force_login(hiring_manager)
    client.get(url("offer-detail", offer))
    assert not AuditEvent.objects.filter(action="offers.offer.view").exists()
    client.force_login(recruiter)
    client.get(url("offer-detail", offer))
    assert AuditEvent.objects.get(action="offers.offer.view").actor == recruiter


def test_a_board_card_offers_the_offer_only_at_the_offer_stage(client, recruiter, admin_user):
    from interviews.services import application_move
    from jobs.services import client_grant

    job = factories.job(plan_template=factories.plan(stages=5))
    client_grant(client=job.client, user=recruiter, actor=admin_user)
    application = factories.application(job_=job)
    actions = reverse("interviews:application-actions", args=[application.public_id])
    client.force_login(recruiter)
    assert url("offer-create", application) not in client.get(actions).content.decode()
    offer_stage = job.stages.get(kind="offer")
    application_move(application=application, to_stage=offer_stage, actor=admin_user)
    assert url("offer-create", application) in client.get(actions).content.decode()
    assert url("offer-create", application) in client.get(actions, **HX).content.decode()
