"""The board as a recruiter works it: a card's actions in a side panel, a
rejection confirmed with the email it sends, undone for a few seconds, and
the closed applications shown on demand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Application
from interviews.services import application_reject, application_withdraw
from messaging.models import OutboundEmail
from tests import factories
from tests.interviews.test_board import board_url, htmx, reject_url
from tests.interviews.test_rejection_email import templates  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def confirm_url(application) -> str:
    return reverse("interviews:application-reject-confirm", args=[application.public_id])


def undo_url(application) -> str:
    return reverse("interviews:application-reject-undo", args=[application.public_id])


def actions_url(application) -> str:
    return reverse("interviews:application-actions", args=[application.public_id])


# --- The side panel -------------------------------------------------------------------


def test_a_cards_actions_load_into_the_side_panel(client, recruiter, job, application):
    client.force_login(recruiter)
    html = client.get(board_url(job)).text
    assert 'id="board-panel"' in html and 'class="offcanvas offcanvas-end"' in html
    assert f'hx-get="{actions_url(application)}" hx-target="#board-panel-body"' in html
    assert 'data-bs-target="#board-panel"' in html
    panel = client.get(actions_url(application), **htmx()).text
    # The panel itself, not a disclosure inside the narrow card.
    assert panel.lstrip().startswith('<div class="board-actions"') and 'data-testid="card-actions-panel"' in panel


# --- Reject asks first, with the email ------------------------------------------------


def test_reject_asks_first_with_a_preview_of_the_email(client, recruiter, job, application, templates):  # noqa: F811
    client.force_login(recruiter)
    params = {"reason": "skills", "note": "Not enough ROS", "email_template": "Standard rejection"}
    response = client.get(confirm_url(application), params, **htmx())
    assert response.status_code == 200 and "<html" not in response.text
    html = response.text
    assert 'data-testid="reject-email-preview"' in html
    assert "Your application for Robot Whisperer" in html
    assert "Dear Grace Hopper, thank you." in html
    assert f'hx-post="{reject_url(application)}"' in html
    assert 'name="note" value="Not enough ROS"' in html
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE  # nothing done yet
    assert not OutboundEmail.objects.exists()


def test_the_confirmation_says_when_no_email_goes(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(confirm_url(application), {"reason": "skills"}, **htmx()).text
    assert 'data-testid="reject-no-email"' in html


def test_the_confirmation_refuses_an_email_that_cannot_go(client, recruiter, application, templates):  # noqa: F811
    candidate = application.candidate
    candidate.contact_opt_out_at = timezone.now()
    candidate.save(update_fields=["contact_opt_out_at"])
    client.force_login(recruiter)
    params = {"reason": "skills", "email_template": "Standard rejection"}
    html = client.get(confirm_url(application), params, **htmx()).text
    assert 'data-testid="reject-email-error"' in html
    assert 'data-testid="reject-confirm-form"' not in html


def test_without_javascript_the_confirmation_is_a_page(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(confirm_url(application), {"reason": "skills"}).text
    assert "<html" in html and 'data-testid="reject-confirm-form"' in html


def test_the_confirmation_is_403_for_readers_and_404_out_of_reach(client, reviewer, outsider, application):
    client.force_login(reviewer)
    assert client.get(confirm_url(application), {"reason": "skills"}).status_code == 403
    client.force_login(outsider)
    assert client.get(confirm_url(application), {"reason": "skills"}).status_code == 404


def test_the_confirmation_refuses_post(client, recruiter, application):
    client.force_login(recruiter)
    assert client.post(confirm_url(application), {"reason": "skills"}).status_code == 405


# --- Undo ------------------------------------------------------------------------------


def test_a_rejection_offers_undo_which_restores_it_and_withdraws_the_email(
    client,
    recruiter,
    job,
    application,
    templates,  # noqa: F811
):
    client.force_login(recruiter)
    params = {"reason": "skills", "note": "", "email_template": "Standard rejection"}
    html = client.post(reject_url(application), params, **htmx()).text
    assert 'data-testid="reject-undo"' in html and f'hx-post="{undo_url(application)}' in html
    email = OutboundEmail.objects.get(idempotency_key=f"application:{application.pk}:rejection")

    html = client.post(undo_url(application), **htmx()).text
    assert "is back in" in html
    assert f'id="application-{application.public_id}"' in html
    application.refresh_from_db()
    assert (application.status, application.closed_at, application.rejection_reason) == ("active", None, "")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.CANCELLED
    # The key is free again: rejecting a second time emails again.
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    assert OutboundEmail.objects.get(idempotency_key=f"application:{application.pk}:rejection").status == "queued"


def test_undo_is_refused_once_the_window_has_passed(client, recruiter, application):
    application_reject(application=application, actor=recruiter, reason="skills")
    Application.objects.filter(pk=application.pk).update(closed_at=timezone.now() - timedelta(minutes=5))
    client.force_login(recruiter)
    html = client.post(undo_url(application), **htmx()).text
    assert "too late to undo" in html
    assert Application.objects.get(pk=application.pk).status == Application.Status.REJECTED


def test_undo_is_refused_once_the_email_is_on_its_way(client, recruiter, application, templates):  # noqa: F811
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    OutboundEmail.objects.update(status=OutboundEmail.Status.SENT)
    client.force_login(recruiter)
    html = client.post(undo_url(application), **htmx()).text
    assert "already gone out" in html
    assert Application.objects.get(pk=application.pk).status == Application.Status.REJECTED


def test_undo_without_javascript_redirects_to_the_board(client, recruiter, job, application):
    application_reject(application=application, actor=recruiter, reason="skills")
    client.force_login(recruiter)
    response = client.post(undo_url(application))
    assert response.status_code == 302 and response.url == board_url(job)
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE


def test_undo_is_403_for_readers_404_out_of_reach_and_405_for_get(client, reviewer, outsider, recruiter, application):
    application_reject(application=application, actor=recruiter, reason="skills")
    client.force_login(reviewer)
    assert client.post(undo_url(application)).status_code == 403
    client.force_login(outsider)
    assert client.post(undo_url(application)).status_code == 404
    client.force_login(recruiter)
    assert client.get(undo_url(application)).status_code == 405


# --- Closed applications on demand ---------------------------------------------------------


def test_the_board_shows_rejected_and_withdrawn_applications_on_demand(client, recruiter, job, application):
    withdrawn = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Withdrawn"))
    application_reject(application=application, actor=recruiter, reason="skills")
    application_withdraw(reason="other", application=withdrawn, actor=recruiter)
    client.force_login(recruiter)
    plain = client.get(board_url(job)).text
    assert 'data-testid="closed-column"' not in plain and 'data-testid="show-closed"' in plain
    shown = client.get(board_url(job), {"show": "closed"}).text
    assert 'data-testid="closed-column"' in shown
    assert shown.count('data-testid="closed-card"') == 2
    assert "Grace Hopper" in shown and "Ada Withdrawn" in shown
    assert 'data-testid="hide-closed"' in shown


def test_the_closed_column_follows_htmx_refreshes_and_costs_one_query(client, recruiter, job, application):
    application_reject(application=application, actor=recruiter, reason="skills")
    client.force_login(recruiter)
    client.get(board_url(job), **htmx())
    with CaptureQueriesContext(connection) as without:
        client.get(board_url(job), **htmx())
    with CaptureQueriesContext(connection) as with_closed:
        html = client.get(board_url(job), {"show": "closed"}, **htmx()).text
    assert 'data-testid="closed-column"' in html
    assert len(with_closed) == len(without) + 1


def test_an_interviewer_cannot_open_the_closed_column(client, interviewer, job):
    client.force_login(interviewer)
    assert client.get(board_url(job), {"show": "closed"}).status_code == 404


def test_the_confirmation_runs_a_fixed_number_of_queries(client, recruiter, job, application):
    # Session, user, the application (with job, stage, candidate), the rejection templates, the trigger,
    # the interviews still ahead.
    client.force_login(recruiter)
    client.get(board_url(job), **htmx())
    with CaptureQueriesContext(connection) as queries:
        client.get(confirm_url(application), {"reason": "skills"}, **htmx())
    # One of them lists the active rejection reasons the form checks the choice against.
    assert len(queries) == 7
