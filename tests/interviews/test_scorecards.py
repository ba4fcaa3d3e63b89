"""scorecard_submit: one scorecard per panelist, every required criterion rated 1–4."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from interviews.models import Criterion, Scorecard
from interviews.services import criterion_update, scorecard_submit
from tests import factories


@pytest.fixture
def setup(db):
    application = factories.application()
    panelist = factories.user(Role.INTERVIEWER)
    interview = factories.interview(application_=application, panel=[panelist])
    criteria = list(Criterion.objects.filter(template=interview.stage.scorecard_template).order_by("order"))
    return interview, panelist, criteria


def full_ratings(criteria, score=3):
    return {c.pk: (score, f"note on {c.name}") for c in criteria}


def test_a_panelist_submits_a_complete_scorecard(setup):
    interview, panelist, criteria = setup
    scorecard = scorecard_submit(
        interview=interview, interviewer=panelist, ratings=full_ratings(criteria), recommendation="yes"
    )
    assert scorecard.status == Scorecard.Status.SUBMITTED and scorecard.submitted_at
    assert sorted(scorecard.ratings.values_list("criterion_id", "score")) == sorted((c.pk, 3) for c in criteria)


def test_optional_criteria_may_be_left_out_but_required_ones_may_not(setup):
    interview, panelist, criteria = setup
    required = [c for c in criteria if c.required]
    optional = [c for c in criteria if not c.required]
    with pytest.raises(ValidationError, match="Rate Communication"):
        scorecard_submit(
            interview=interview, interviewer=panelist, ratings=full_ratings(required[:1]), recommendation="no"
        )
    scorecard = scorecard_submit(
        interview=interview, interviewer=panelist, ratings=full_ratings(required), recommendation="no"
    )
    assert scorecard.ratings.count() == len(criteria) - len(optional)


@pytest.mark.parametrize("score", [0, 5, "3"])
def test_scores_outside_one_to_four_are_refused(setup, score):
    interview, panelist, criteria = setup
    with pytest.raises(ValidationError, match="1 to 4"):
        scorecard_submit(
            interview=interview, interviewer=panelist, ratings=full_ratings(criteria, score), recommendation="yes"
        )
    assert not Scorecard.objects.filter(status="submitted").exists()


def test_only_the_panel_submits_and_only_once(setup):
    interview, panelist, criteria = setup
    outsider = factories.user(Role.INTERVIEWER)
    with pytest.raises(ValidationError, match="panel"):
        scorecard_submit(
            interview=interview, interviewer=outsider, ratings=full_ratings(criteria), recommendation="yes"
        )
    scorecard_submit(interview=interview, interviewer=panelist, ratings=full_ratings(criteria), recommendation="yes")
    with pytest.raises(ValidationError, match="already been submitted"):
        scorecard_submit(interview=interview, interviewer=panelist, ratings=full_ratings(criteria), recommendation="no")


def test_a_scored_criterion_is_never_edited_in_place(setup, admin_user):
    interview, panelist, criteria = setup
    old = criteria[0]
    scorecard_submit(interview=interview, interviewer=panelist, ratings=full_ratings(criteria), recommendation="yes")
    new = criterion_update(criterion=old, actor=admin_user, name="Problem solving at scale")
    old.refresh_from_db()
    assert (old.name, old.is_current, old.version) == ("Problem solving", False, 1)
    assert (new.name, new.is_current, new.version, new.family) == ("Problem solving at scale", True, 2, old.family)
    assert new.pk != old.pk
    # The past rating still points at what was scored.
    assert interview.scorecards.get().ratings.filter(criterion=old).exists()
    with pytest.raises(ValidationError, match="current version"):
        criterion_update(criterion=old, actor=admin_user, name="x")


def test_an_unscored_criterion_is_edited_in_place(setup, admin_user):
    _interview, _panelist, criteria = setup
    updated = criterion_update(criterion=criteria[1], actor=admin_user, weight=3)
    assert (updated.pk, updated.version, updated.weight) == (criteria[1].pk, 1, 3)


def test_a_rating_outside_1_to_4_is_refused_by_the_database_too(setup):
    from django.db import IntegrityError, transaction

    from interviews.models import Rating

    interview, panelist, criteria = setup
    scorecard = scorecard_submit(
        interview=interview, interviewer=panelist, ratings=full_ratings(criteria), recommendation="yes"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(scorecard=scorecard).update(score=7)
