"""The home page's "no contact for N days": candidates the user owns, with an
active application, whose last contact (a note, an email, a stage change or
rejection, an interview) is older than N days, or who were never contacted
and have been on file that long."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from analytics.selectors import NO_CONTACT_DAYS, NO_CONTACT_LENGTH, candidates_without_contact_for, no_contact_for
from candidates.models import Activity
from candidates.services import activity_record
from interviews.services import application_hire
from messaging.messages import MESSAGES
from tests import factories


def touch(candidate, kind: str, when) -> None:
    activity_record(candidate=candidate, kind=kind, actor=None, message=MESSAGES.text("test"), occurred_at=when)


def names(no_contact) -> list[str]:
    return [row.full_name for row in no_contact.rows]


@pytest.fixture
def later(db):
    """A moment 30 days after the candidates below are put on file."""
    return timezone.now() + timedelta(days=30)


@pytest.fixture
def book(world, later):
    """The recruiter's candidates, each with an active application on A1
    (opening one is not contact), touched at the given moments."""
    recruiter, admin = world.users["recruiter"], world.users["administrator"]
    cutoff = later - timedelta(days=NO_CONTACT_DAYS)

    def owned(name: str, *touches: tuple[str, timedelta], owner=recruiter, apply: bool = True):
        candidate = factories.candidate(full_name=name, owner=owner)
        if apply:
            factories.application(job_=world["A1"], candidate_=candidate, actor=admin)
        for kind, when in touches:
            touch(candidate, kind, when)
        return candidate

    return {
        "quiet": owned("Quiet", (Activity.Kind.NOTE, later - timedelta(days=20))),
        "edge": owned("Edge", (Activity.Kind.EMAIL, cutoff - timedelta(seconds=1))),
        "at_cutoff": owned("At cutoff", (Activity.Kind.NOTE, cutoff)),
        "emailed": owned("Emailed", (Activity.Kind.NOTE, later - timedelta(days=40)), (Activity.Kind.EMAIL, later)),
        "interviewed": owned("Interviewed", (Activity.Kind.INTERVIEW, later - timedelta(days=2))),
        "moved": owned("Moved", (Activity.Kind.STAGE_CHANGE, later - timedelta(days=3))),
        # Documents, scorecards and pool entries are not contact.
        "never": owned(
            "Never",
            (Activity.Kind.DOCUMENT, later - timedelta(days=1)),
            (Activity.Kind.SCORECARD, later - timedelta(days=1)),
            (Activity.Kind.POOL, later - timedelta(days=1)),
        ),
        "unapplied": owned("Unapplied", (Activity.Kind.NOTE, later - timedelta(days=20)), apply=False),
        "others": owned("Others'", (Activity.Kind.NOTE, later - timedelta(days=20)), owner=admin),
    }


def test_the_panel_lists_owned_candidates_in_a_pipeline_not_contacted_for_the_period(book, world, later):
    no_contact = no_contact_for(world.users["recruiter"], now=later)

    # Never contacted first, then the longest without contact.
    assert names(no_contact) == ["Never", "Quiet", "Edge"]
    assert no_contact.days == NO_CONTACT_DAYS == 14
    assert no_contact.total == 3
    assert [row.last_contact_at for row in no_contact.rows] == [
        None,
        later - timedelta(days=20),
        later - timedelta(days=NO_CONTACT_DAYS, seconds=1),
    ]


def test_contact_exactly_n_days_ago_still_counts_as_within_the_period(book, world, later):
    assert "At cutoff" not in names(no_contact_for(world.users["recruiter"], now=later))
    just_after = no_contact_for(world.users["recruiter"], now=later + timedelta(seconds=1))
    assert "At cutoff" in names(just_after)


def test_the_period_is_the_number_of_days_asked_for(book, world, later):
    recruiter = world.users["recruiter"]
    assert names(no_contact_for(recruiter, days=25, now=later)) == ["Never"]
    assert names(no_contact_for(recruiter, days=1, now=later)) == [
        "Never",
        "Quiet",
        "Edge",
        "At cutoff",
        "Moved",
        "Interviewed",
    ]


def test_a_candidate_never_contacted_counts_only_once_on_file_for_the_period(book, world):
    recruiter = world.users["recruiter"]
    soon = timezone.now() + timedelta(days=5)
    assert "Never" not in names(no_contact_for(recruiter, now=soon))
    assert "Never" in names(no_contact_for(recruiter, days=4, now=soon))


def test_a_candidate_whose_application_closed_is_not_listed(book, world, later):
    application_hire(application=book["quiet"].applications.get(), actor=world.users["administrator"])
    assert "Quiet" not in names(no_contact_for(world.users["recruiter"], now=later))


def test_another_owners_candidates_are_theirs(book, world, later):
    assert names(no_contact_for(world.users["administrator"], now=later)) == ["Others'"]


@pytest.mark.parametrize("persona", ["outsider", "coordinator"])
def test_a_user_owning_no_candidates_has_an_empty_panel(book, world, later, persona):
    no_contact = no_contact_for(world.users[persona], now=later)
    assert (no_contact.total, no_contact.rows) == (0, ())


@pytest.mark.parametrize("persona", ["interviewer", "hiring_manager", "reviewer"])
def test_roles_that_own_no_candidates_have_no_panel(book, world, later, persona):
    assert no_contact_for(world.users[persona], now=later) is None


def test_the_panel_is_one_query(book, world, later, django_assert_num_queries):
    with django_assert_num_queries(1):
        no_contact_for(world.users["recruiter"], now=later)


def test_the_contact_index_serves_every_probe(book, world, later):
    candidates = candidates_without_contact_for(world.users["recruiter"], days=14, now=later)
    with connection.cursor() as cursor:
        # The tables here are tiny; forbid the scan the planner would rightly pick.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = candidates.explain()
    assert "activity_contact_idx" in plan
    assert "activity_timeline_idx" not in plan  # no walk past a candidate's other entries
    assert "Seq Scan on candidates_activity" not in plan


def test_the_list_stops_at_ten_and_counts_the_rest(world, later):
    recruiter = world.users["recruiter"]
    for n in range(NO_CONTACT_LENGTH + 3):
        candidate = factories.candidate(full_name=f"Quiet {n:02}", owner=recruiter)
        factories.application(job_=world["A2"], candidate_=candidate, actor=recruiter)
        touch(candidate, Activity.Kind.NOTE, later - timedelta(days=100 - n))

    no_contact = no_contact_for(recruiter, now=later)

    assert no_contact.total == NO_CONTACT_LENGTH + 3
    assert no_contact.more == 3
    assert names(no_contact) == [f"Quiet {n:02}" for n in range(NO_CONTACT_LENGTH)]


# The page, at the real present.


@pytest.fixture
def quiet(world):
    recruiter = world.users["recruiter"]
    candidate = factories.candidate(full_name="Quiet Quinn", owner=recruiter)
    factories.application(job_=world["A2"], candidate_=candidate, actor=recruiter)
    touch(candidate, Activity.Kind.NOTE, timezone.now() - timedelta(days=10))
    return candidate


def test_the_home_page_lists_the_candidates_with_their_last_contact(client, world, quiet):
    client.force_login(world.users["recruiter"])

    html = client.get(reverse("home"), {"days": "7"}).content.decode()

    assert "Your candidates with no contact for 7 days" in html
    assert 'data-testid="no-contact">1<' in html
    assert reverse("candidates:candidate-detail", args=[quiet.public_id]) in html
    assert "Last contact" in html
    assert 'value="7"' in html
    assert 'data-testid="days-error"' not in html


def test_the_home_page_uses_fourteen_days_without_a_days_parameter(client, world, quiet):
    client.force_login(world.users["recruiter"])
    html = client.get(reverse("home")).content.decode()
    assert "Your candidates with no contact for 14 days" in html
    assert 'data-testid="no-contact">0<' in html
    assert 'value="14"' in html
    assert 'data-testid="days-error"' not in html


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("366", "Ensure this value is less than or equal to 365."),
        ("-3", "Ensure this value is greater than or equal to 1."),
        ("abc", "Enter a whole number."),
        ("", "This field is required."),
        ("99999999999999999999999", "Ensure this value is less than or equal to 365."),
    ],
)
def test_a_bad_days_parameter_shows_an_error_and_the_default(client, world, quiet, days, error):
    client.force_login(world.users["recruiter"])

    response = client.get(reverse("home"), {"days": days})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="days-error"' in html
    assert error in html
    assert "Showing the default of 14 days." in html
    assert "Your candidates with no contact for 14 days" in html


def test_an_htmx_request_gets_the_panel_alone(client, world, quiet):
    client.force_login(world.users["recruiter"])

    response = client.get(reverse("home"), {"days": "3"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div class="col-lg-6" id="no-contact">')
    assert "Quiet Quinn" in html
    assert 'hx-get="/"' in html


def test_an_interviewers_home_page_has_no_no_contact_panel(client, world):
    client.force_login(world.users["interviewer"])
    html = client.get(reverse("home"), {"days": "3"}).content.decode()
    assert 'id="no-contact"' not in html
