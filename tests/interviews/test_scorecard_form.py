"""The scorecard on the interview page: drafts saved as the panelist goes,
submission, the recorded change of a submitted scorecard, and who reads which
scorecards when (interviews.services.scoring, interviews.views.workspace)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from candidates.models import Activity
from core.models import AuditEvent
from interviews.models import Scorecard
from interviews.services import scorecard_submit
from interviews.services.scoring import scorecard_revise, scorecard_save_draft
from tests import factories
from tests.core.test_pages import INLINE
from tests.interviews.workspace_setup import criteria_of, form_data, full_ratings, kit_on


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


@pytest.fixture
def colleague(db):
    return factories.user(Role.INTERVIEWER, full_name="Carla Colleague")


@pytest.fixture
def interview(application, interviewer, colleague):
    kit_on(application.stage)
    return factories.interview(application_=application, panel=[interviewer, colleague])


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.public_id])


def page(client, interview) -> str:
    response = client.get(url("interview-detail", interview))
    assert response.status_code == 200
    return response.content.decode()


# --- services ----------------------------------------------------------------------


def test_a_draft_takes_partial_ratings_and_is_updated_in_place(interview, interviewer):
    first, second, _third = criteria_of(interview)
    draft = scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={first.pk: (2, "hmm")})
    assert draft.status == Scorecard.Status.DRAFT and draft.submitted_at is None
    again = scorecard_save_draft(
        interview=interview,
        interviewer=interviewer,
        ratings={first.pk: (3, "better"), second.pk: (None, "thinking")},
        recommendation="yes",
    )
    assert again.pk == draft.pk and again.recommendation == "yes"
    assert list(again.ratings.values_list("criterion_id", "score", "note")) == [(first.pk, 3, "better")]


def test_a_draft_is_private_working_state_with_no_timeline_or_audit_entry(interview, interviewer):
    scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={})
    assert not Activity.objects.filter(kind=Activity.Kind.SCORECARD).exists()
    assert not AuditEvent.objects.filter(action__startswith="interviews.scorecard.").exists()


@pytest.mark.parametrize("score", [0, 5, "2"])
def test_a_draft_refuses_scores_outside_one_to_four(interview, interviewer, score):
    with pytest.raises(ValidationError, match="1 to 4"):
        scorecard_save_draft(
            interview=interview, interviewer=interviewer, ratings={criteria_of(interview)[0].pk: (score, "")}
        )


def test_a_draft_is_refused_off_the_panel_and_after_submission(interview, interviewer):
    with pytest.raises(ValidationError, match="panel"):
        scorecard_save_draft(interview=interview, interviewer=factories.user(Role.INTERVIEWER), ratings={})
    scorecard_submit(interview=interview, interviewer=interviewer, ratings=full_ratings(interview), recommendation="no")
    with pytest.raises(ValidationError, match="already been submitted"):
        scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={})


def test_a_revision_is_recorded_with_scores_before_and_after_but_no_notes(interview, interviewer):
    scorecard = scorecard_submit(
        interview=interview, interviewer=interviewer, ratings=full_ratings(interview, 2), recommendation="no"
    )
    first = criteria_of(interview)[0]
    ratings = {**full_ratings(interview, 2), first.pk: (4, "secret second thoughts")}
    revised = scorecard_revise(
        scorecard=scorecard,
        interviewer=interviewer,
        ratings=ratings,
        recommendation="yes",
        summary="On reflection, yes.",
        reason="Misread my notes",
    )
    assert (revised.revision, revised.recommendation, revised.status) == (1, "yes", Scorecard.Status.SUBMITTED)
    assert revised.ratings.get(criterion=first).score == 4
    event = AuditEvent.objects.get(action="interviews.scorecard.revise")
    assert event.actor_id == interviewer.pk and event.target_id == str(scorecard.pk)
    assert event.data["scores"][str(first.public_id)] == {"before": 2, "after": 4}
    assert event.data["recommendation"] == {"before": "no", "after": "yes"}
    assert event.data["reason"] == "Misread my notes"
    assert "secret" not in str(event.data) and "reflection" not in str(event.data)
    assert Activity.objects.filter(kind=Activity.Kind.SCORECARD, data__revision=1).exists()


def test_only_the_author_revises_a_submitted_scorecard_and_must_say_why(interview, interviewer, colleague):
    draft = scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={})
    args = {"ratings": full_ratings(interview), "recommendation": "yes", "summary": ""}
    with pytest.raises(ValidationError, match="draft"):
        scorecard_revise(scorecard=draft, interviewer=interviewer, reason="x", **args)
    scorecard = scorecard_submit(interview=interview, interviewer=interviewer, **args)
    with pytest.raises(ValidationError, match="author"):
        scorecard_revise(scorecard=scorecard, interviewer=colleague, reason="x", **args)
    with pytest.raises(ValidationError, match="why"):
        scorecard_revise(scorecard=scorecard, interviewer=interviewer, reason="  ", **args)
    assert Scorecard.objects.get(pk=scorecard.pk).revision == 0


# --- the form on the page ------------------------------------------------------------


def test_the_form_shows_each_point_with_its_anchor_and_autosaves_without_inline_script(client, interview, interviewer):
    client.force_login(interviewer)
    html = page(client, interview)
    for criterion in criteria_of(interview):
        for score, anchor in [(1, "weak"), (2, "mixed"), (3, "good"), (4, "excellent")]:
            assert f'id="score-{criterion.pk}-{score}"' in html
            assert re.search(rf'for="score-{criterion.pk}-{score}"><strong>{score}</strong> — {anchor}<', html)
        assert f'name="note_{criterion.pk}"' in html
    for value in ["strong_no", "no", "yes", "strong_yes"]:
        assert f'name="recommendation" value="{value}"' in html
    assert f'hx-post="{url("scorecard-draft", interview)}" hx-trigger="change delay:800ms"' in html
    assert 'id="scorecard-saved"' in html
    assert "Tell me about a hard bug." in html and "bisected and proved it" in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_the_autosave_answers_htmx_with_the_saved_indicator(client, interview, interviewer):
    client.force_login(interviewer)
    first = criteria_of(interview)[0]
    response = client.post(url("scorecard-draft", interview), {f"score_{first.pk}": "2"}, **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<span id="scorecard-saved"') and "Draft saved at" in html
    assert Scorecard.objects.get(interviewer=interviewer).ratings.get().score == 2


def test_save_draft_without_javascript_redirects_back_with_a_message(client, interview, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-draft", interview), form_data(interview), follow=True)
    assert response.redirect_chain[-1][0] == url("interview-detail", interview)
    assert "Draft saved." in response.content.decode()
    assert "checked" in response.content.decode()
    assert Scorecard.objects.get(interviewer=interviewer).status == Scorecard.Status.DRAFT


def test_a_bad_score_is_refused_in_the_indicator(client, interview, interviewer):
    client.force_login(interviewer)
    first = criteria_of(interview)[0]
    response = client.post(url("scorecard-draft", interview), {f"score_{first.pk}": "9"}, **htmx())
    assert "text-danger" in response.content.decode()
    assert not Scorecard.objects.exists()


def test_submitting_makes_the_form_read_only_with_a_recorded_edit(client, interview, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-submit", interview), form_data(interview), follow=True)
    html = response.content.decode()
    assert "Scorecard submitted." in html
    assert 'data-testid="scorecard-form"' not in html
    assert 'data-testid="own-scorecard"' in html and "Edit (recorded)" in html
    assert url("scorecard-revise", interview) in html
    assert Scorecard.objects.get(interviewer=interviewer).status == Scorecard.Status.SUBMITTED


def test_submitting_over_htmx_swaps_the_scorecard_region(client, interview, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-submit", interview), form_data(interview), **htmx())
    html = response.content.decode()
    assert html.strip().startswith('<section id="scorecard"')
    assert "<nav" not in html and "Scorecard submitted." in html


def test_a_refused_submission_keeps_what_was_typed_as_the_draft(client, interview, interviewer):
    client.force_login(interviewer)
    first = criteria_of(interview)[0]
    data = {f"score_{first.pk}": "4", f"note_{first.pk}": "sharp", "recommendation": "yes"}
    response = client.post(url("scorecard-submit", interview), data, **htmx())
    assert "Rate Communication" in response.content.decode()
    draft = Scorecard.objects.get(interviewer=interviewer)
    assert draft.status == Scorecard.Status.DRAFT
    assert list(draft.ratings.values_list("score", "note")) == [(4, "sharp")]


def test_the_recorded_edit_needs_a_reason_and_raises_the_revision(client, interview, interviewer):
    scorecard_submit(interview=interview, interviewer=interviewer, ratings=full_ratings(interview), recommendation="no")
    client.force_login(interviewer)
    response = client.post(url("scorecard-revise", interview), form_data(interview, 4), **htmx())
    assert "This field is required" in response.content.decode()
    assert Scorecard.objects.get(interviewer=interviewer).revision == 0
    response = client.post(url("scorecard-revise", interview), form_data(interview, 4, reason="Typo"), follow=True)
    assert "the change is recorded" in response.content.decode()
    scorecard = Scorecard.objects.get(interviewer=interviewer)
    assert (scorecard.revision, scorecard.recommendation) == (1, "yes")
    assert AuditEvent.objects.filter(action="interviews.scorecard.revise").count() == 1


def test_the_recorded_edit_of_a_scorecard_not_yet_submitted_is_refused(client, interview, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-revise", interview), form_data(interview, reason="x"), follow=True)
    assert "Submit your scorecard before changing it." in response.content.decode()
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize("name", ["scorecard-draft", "scorecard-submit", "scorecard-revise"])
def test_the_scorecard_actions_refuse_get(client, interview, interviewer, name):
    client.force_login(interviewer)
    assert client.get(url(name, interview)).status_code == 405


# --- who reads which scorecards, and when ---------------------------------------------


def test_a_panelist_sees_the_others_scorecards_only_after_submitting_their_own(
    client, interview, interviewer, colleague
):
    scorecard_submit(
        interview=interview,
        interviewer=colleague,
        ratings=full_ratings(interview),
        recommendation="strong_yes",
        summary="Verdict by Carla",
    )
    client.force_login(interviewer)
    html = page(client, interview)
    assert "Verdict by Carla" not in html and 'data-testid="others-hidden"' in html
    scorecard_save_draft(interview=interview, interviewer=interviewer, ratings={})
    assert "Verdict by Carla" not in page(client, interview)
    response = client.post(url("scorecard-submit", interview), form_data(interview), **htmx())
    assert "Verdict by Carla" in response.content.decode()
    assert "Verdict by Carla" in page(client, interview)


def test_a_draft_stays_its_authors_alone(client, interview, interviewer, colleague, personas):
    scorecard_save_draft(interview=interview, interviewer=colleague, ratings={}, summary="Unfinished draft by Carla")
    scorecard_submit(interview=interview, interviewer=interviewer, ratings=full_ratings(interview), recommendation="no")
    for persona in ["interviewer", "administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"]:
        client.force_login(personas[persona])
        assert "Unfinished draft by Carla" not in page(client, interview), persona


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"])
def test_those_who_see_the_job_read_submitted_scorecards_without_a_form(
    client, personas, interview, colleague, persona
):
    scorecard_submit(
        interview=interview,
        interviewer=colleague,
        ratings=full_ratings(interview),
        recommendation="yes",
        summary="Verdict by Carla",
    )
    client.force_login(personas[persona])
    html = page(client, interview)
    assert "Verdict by Carla" in html
    assert 'data-testid="scorecard-form"' not in html and 'data-testid="read-only"' in html


def test_a_recruiter_on_the_panel_also_scores_before_reading_the_others(client, interview, recruiter, colleague):
    # Independent scoring holds for any panelist, whatever their role.
    from interviews.models import Panelist

    Panelist.objects.create(interview=interview, user=recruiter)
    scorecard_submit(
        interview=interview,
        interviewer=colleague,
        ratings=full_ratings(interview),
        recommendation="yes",
        summary="Verdict by Carla",
    )
    client.force_login(recruiter)
    html = page(client, interview)
    assert 'data-testid="scorecard-form"' in html and "Verdict by Carla" not in html
