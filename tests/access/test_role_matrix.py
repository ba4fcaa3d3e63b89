"""The role matrix: the access rules that accounts/roles.py encodes as data,
written out here as a table (the specification) and checked against the
selectors and ``get_<thing>_for_user`` helpers.

Each row of the table is quoted next to the expectations drawn from it.
With the table go these rules: guardian grants on Client, Job and TalentPool; a grant on
a Client covers its Jobs; a team seat grants that job; an interviewer's access
comes from the panel and lasts while they sit on it; not visible is a 404,
visible but not changeable is a 403.

The expected sets below come from that text, not from ROLE_RULES in
accounts/roles.py: where the two disagree, these tests fail on purpose. The
world they speak of is built in conftest.py. "outsider" is the persona of
tests/conftest.py: a recruiter with no grant on anything and on no team.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from candidates.selectors import (
    can_see_compensation,
    can_see_contact_details,
    candidate_list_for,
    get_candidate_for_user,
)
from interviews.models import Panelist
from interviews.selectors import (
    application_list_for,
    get_application_for_user,
    get_interview_for_user,
    get_scorecard_for_user,
    interview_list_for,
    scorecard_list_for,
)
from interviews.services import application_create, interview_schedule, job_create
from jobs.models import JobMember
from jobs.selectors import client_list_for, get_client_for_user, get_job_for_user, job_list_for
from jobs.services import job_grant, job_member_add
from privacy.models import PrivacyRequest
from privacy.request_selectors import get_privacy_request_for_user
from privacy.services import privacy_request_create
from talentpool.selectors import get_pool_for_user, pool_list_for
from tests.access.conftest import KINDS, World, object_key

ROLES = ("administrator", "recruiter", "coordinator", "reviewer", "hiring_manager", "interviewer", "outsider")

ALL_CANDIDATES = {"c1", "c2", "c3"}
ALL_CLIENTS = {"client_a", "client_b"}
ALL_JOBS = {"job_a1", "job_a2", "job_b1"}
ALL_APPLICATIONS = {"app_c1_a1", "app_c2_b1"}
ALL_INTERVIEWS = {"iv_c1_a1", "iv_c1_a1_later", "iv_c2_b1"}
ALL_SCORECARDS = {"sc_p2_c1_a1", "sc_p2_c1_a1_later", "sc_p2_c2_b1"}
ALL_POOLS = {"pool_recruiter", "pool_coordinator", "pool_nobody"}
NOTHING: set[str] = set()

# What is on client A's jobs (A1, A2): the reach of the recruiter and coordinator
# granted on client A.
ON_CLIENT_A = {
    "clients": {"client_a"},
    "jobs": {"job_a1", "job_a2"},
    "applications": {"app_c1_a1"},
    "interviews": {"iv_c1_a1", "iv_c1_a1_later"},
    "scorecards": {"sc_p2_c1_a1", "sc_p2_c1_a1_later"},
}

# Ambiguities of the table, resolved here:
#
# * Clients have no column. Read as part of "jobs and applications": whoever
#   reaches a client's jobs through a grant on the client sees the client;
#   administrators and reviewers see all clients; hiring managers and
#   interviewers, whose rows speak only of "their jobs" / "that application",
#   see no client records (their job's client name comes with the job).
# * Interviews have no column. Read as part of "jobs and applications" for
#   every role but the interviewer, whose interviews are the ones they sit on
#   (what interviewers use the product for is "their interviews").
# * Coordinator scorecards "read": read as "read the scorecards on the jobs
#   they see" (the recruiter's reach, which the coordinator's row inherits with
#   "as recruiter"), not "read every scorecard" as for the reviewer.
# * Talent pools appear only in the recruiter's "other" column. Read with the
#   sentence below the table (guardian grants on TalentPool): recruiters and
#   coordinators see pools they own or are granted; administrators and
#   reviewers (all, read only) see all; hiring managers and interviewers none.
# * Drafts: the world holds submitted scorecards only; "their own" covers the
#   interviewer's own scorecard, submitted in a dedicated test below.
EXPECTED: dict[str, dict[str, set[str]]] = {
    # | administrator | all | all | all | yes | Django admin, users, roles, settings |
    "administrator": {
        "candidates": ALL_CANDIDATES,
        "clients": ALL_CLIENTS,
        "jobs": ALL_JOBS,
        "applications": ALL_APPLICATIONS,
        "interviews": ALL_INTERVIEWS,
        "scorecards": ALL_SCORECARDS,
        "pools": ALL_POOLS,
    },
    # | recruiter | all | jobs of clients they are on, and jobs whose team they
    #   are on; change them | all on those jobs | yes | import, export, templates, pools |
    # Granted on client A (so A1 and A2) and recruiter of A1; owns pool_recruiter.
    "recruiter": {"candidates": ALL_CANDIDATES, **ON_CLIENT_A, "pools": {"pool_recruiter"}},
    # | coordinator | all | as recruiter, but cannot change a job's settings or
    #   team | read | yes | scheduling, import, data entry |
    # Granted on client A; granted pool_coordinator.
    "coordinator": {"candidates": ALL_CANDIDATES, **ON_CLIENT_A, "pools": {"pool_coordinator"}},
    # | reviewer | all, read only | all, read only | read | yes (every read audited) | audit log, ... |
    "reviewer": {
        "candidates": ALL_CANDIDATES,
        "clients": ALL_CLIENTS,
        "jobs": ALL_JOBS,
        "applications": ALL_APPLICATIONS,
        "interviews": ALL_INTERVIEWS,
        "scorecards": ALL_SCORECARDS,
        "pools": ALL_POOLS,
    },
    # | hiring manager | only those with an application in their jobs | their
    #   jobs, read; record decisions | all on their jobs | contact details yes,
    #   compensation no | — |
    # On A1's team as hiring manager.
    "hiring_manager": {
        "candidates": {"c1"},
        "clients": NOTHING,
        "jobs": {"job_a1"},
        "applications": {"app_c1_a1"},
        "interviews": {"iv_c1_a1", "iv_c1_a1_later"},
        "scorecards": {"sc_p2_c1_a1", "sc_p2_c1_a1_later"},
        "pools": NOTHING,
    },
    # | interviewer | only those whose interview panel they sit on | that
    #   application's stage history only | their own; the others' on the same
    #   interview after submitting theirs | neither | interview kit for their stage |
    # On the panel of iv_c1_a1 only, and has not submitted yet: no scorecards.
    "interviewer": {
        "candidates": {"c1"},
        "clients": NOTHING,
        "jobs": NOTHING,
        "applications": {"app_c1_a1"},
        "interviews": {"iv_c1_a1"},
        "scorecards": NOTHING,
        "pools": NOTHING,
    },
    # The recruiter row with no grant and no team seat: every candidate
    # ("candidates: all" is not limited by grants), nothing else.
    "outsider": {
        "candidates": ALL_CANDIDATES,
        "clients": NOTHING,
        "jobs": NOTHING,
        "applications": NOTHING,
        "interviews": NOTHING,
        "scorecards": NOTHING,
        "pools": NOTHING,
    },
}

# Which writes each role may make on an object it can see; False means 403.
# (An object it cannot see is a 404 whatever the action.)
CAN_CHANGE: dict[str, dict[str, bool]] = {
    # all, all: nothing is read-only to the administrator.
    "administrator": {
        "candidate": True,
        "client": True,
        "job": True,
        "application_change": True,
        "application_decide": True,
    },
    # "change them" (jobs and applications); candidates "all", not "read only".
    # Reading: a client is changed by those who may change its jobs' settings.
    "recruiter": {
        "candidate": True,
        "client": True,
        "job": True,
        "application_change": True,
        "application_decide": True,
    },
    # "as recruiter, but cannot change a job's settings or team": pipeline work
    # (move, schedule, decide) and candidate data entry yes; job and client no.
    "coordinator": {
        "candidate": True,
        "client": False,
        "job": False,
        "application_change": True,
        "application_decide": True,
    },
    # "all, read only" everywhere.
    "reviewer": {
        "candidate": False,
        "client": False,
        "job": False,
        "application_change": False,
        "application_decide": False,
    },
    # "their jobs, read; record decisions".
    "hiring_manager": {
        "candidate": False,
        "client": False,
        "job": False,
        "application_change": False,
        "application_decide": True,
    },
    # "that application's stage history only": reads, never writes.
    "interviewer": {
        "candidate": False,
        "client": False,
        "job": False,
        "application_change": False,
        "application_decide": False,
    },
    # A recruiter: may change what they can see (only candidates, here).
    "outsider": {
        "candidate": True,
        "client": True,
        "job": True,
        "application_change": True,
        "application_decide": True,
    },
}

# | contact details, compensation |
CONTACT_AND_COMPENSATION: dict[str, tuple[bool, bool]] = {
    "administrator": (True, True),  # yes
    "recruiter": (True, True),  # yes
    "coordinator": (True, True),  # yes
    "reviewer": (True, True),  # yes (every read audited)
    "hiring_manager": (True, False),  # contact details yes, compensation no
    "interviewer": (False, False),  # neither
    "outsider": (True, True),  # a recruiter: yes
}

LIST_SELECTORS: dict[str, Callable] = {
    "candidates": candidate_list_for,
    "clients": client_list_for,
    "jobs": job_list_for,
    "applications": application_list_for,
    "interviews": interview_list_for,
    "scorecards": scorecard_list_for,
    "pools": pool_list_for,
}

VIEW_HELPERS: dict[str, Callable] = {
    "candidates": get_candidate_for_user,
    "clients": get_client_for_user,
    "jobs": get_job_for_user,
    "applications": get_application_for_user,
    "interviews": get_interview_for_user,
    "scorecards": get_scorecard_for_user,
    "pools": get_pool_for_user,
}

# action -> (kind of object, how to ask for it)
CHANGE_HELPERS: dict[str, tuple[str, Callable]] = {
    "candidate": ("candidates", lambda user, key: get_candidate_for_user(user, key, for_change=True)),
    "client": ("clients", lambda user, key: get_client_for_user(user, key, for_change=True)),
    "job": ("jobs", lambda user, key: get_job_for_user(user, key, for_change=True)),
    "application_change": ("applications", lambda user, key: get_application_for_user(user, key, action="change")),
    "application_decide": ("applications", lambda user, key: get_application_for_user(user, key, action="decide")),
}

ALLOWED, NOT_FOUND, FORBIDDEN = "allowed", "404", "403"


def outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except Http404:
        return NOT_FOUND
    except PermissionDenied:
        return FORBIDDEN
    return ALLOWED


def test_the_matrix_covers_every_role_and_kind():
    assert set(EXPECTED) == set(ROLES) == set(CAN_CHANGE) == set(CONTACT_AND_COMPENSATION)
    for role in ROLES:
        assert set(EXPECTED[role]) == set(KINDS), role


# --- Lists -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_each_list_selector_returns_exactly_what_the_table_allows(world: World, role: str, kind: str):
    found = list(LIST_SELECTORS[kind](world.users[role]))
    names = world.names(kind, found)
    expected = EXPECTED[role][kind]
    assert names == expected, (
        f"{role}/{kind}: missing {sorted(expected - names)}, unexpected {sorted(names - expected)}"
    )
    assert len(found) == len(names), f"{role}/{kind}: duplicates in {sorted(names)}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_each_list_selector_is_one_query_whatever_the_role(
    world: World, role: str, kind: str, django_assert_max_num_queries
):
    # At most one: a role that sees nothing of a kind gets ``.none()``, which
    # costs no query at all.
    user = world.users[role]
    with django_assert_max_num_queries(1):
        list(LIST_SELECTORS[kind](user))


# --- Object helpers ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_each_object_helper_opens_what_the_table_allows_and_404s_the_rest(world: World, role: str, kind: str):
    user = world.users[role]
    helper = VIEW_HELPERS[kind]
    wrong = {}
    for name, obj in world.objects[kind].items():
        expected = ALLOWED if name in EXPECTED[role][kind] else NOT_FOUND
        actual = outcome(lambda obj=obj: helper(user, object_key(kind, obj)))
        if actual != expected:
            wrong[name] = f"expected {expected}, got {actual}"
    assert not wrong, f"{role}/{kind}: {wrong}"


@pytest.mark.parametrize("action", CHANGE_HELPERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_write_is_403_where_the_table_says_read_only_and_404_where_it_says_unseen(
    world: World, role: str, action: str
):
    user = world.users[role]
    kind, helper = CHANGE_HELPERS[action]
    wrong = {}
    for name, obj in world.objects[kind].items():
        expected = NOT_FOUND
        if name in EXPECTED[role][kind]:
            expected = ALLOWED if CAN_CHANGE[role][action] else FORBIDDEN
        actual = outcome(lambda obj=obj: helper(user, object_key(kind, obj)))
        if actual != expected:
            wrong[name] = f"expected {expected}, got {actual}"
    assert not wrong, f"{role}/{action}: {wrong}"


@pytest.mark.parametrize("role", ROLES)
def test_contact_details_and_compensation_are_shown_as_the_table_says(world: World, role: str):
    user = world.users[role]
    assert (can_see_contact_details(user), can_see_compensation(user)) == CONTACT_AND_COMPENSATION[role]


# --- The cases the table singles out, spelled out ---------------------------------------


def test_a_reviewer_reads_a_candidate_but_may_not_change_it(world: World):
    reviewer = world.users["reviewer"]
    assert get_candidate_for_user(reviewer, world["c3"].public_id) == world["c3"]
    with pytest.raises(PermissionDenied):
        get_candidate_for_user(reviewer, world["c3"].public_id, for_change=True)


def test_a_coordinator_may_not_change_a_jobs_settings_but_may_move_its_applications(world: World):
    coordinator = world.users["coordinator"]
    with pytest.raises(PermissionDenied):
        get_job_for_user(coordinator, world["job_a1"].public_id, for_change=True)
    application = get_application_for_user(coordinator, world["app_c1_a1"].public_id, action="change")
    assert application == world["app_c1_a1"]


def test_a_hiring_manager_records_decisions_but_does_not_move_applications(world: World):
    manager = world.users["hiring_manager"]
    assert get_application_for_user(manager, world["app_c1_a1"].public_id, action="decide") == world["app_c1_a1"]
    with pytest.raises(PermissionDenied):
        get_application_for_user(manager, world["app_c1_a1"].public_id, action="change")
    with pytest.raises(Http404):
        get_application_for_user(manager, world["app_c2_b1"].public_id, action="decide")


def test_an_interviewer_reads_their_panels_candidate_only_and_never_changes_it(world: World):
    interviewer = world.users["interviewer"]
    with pytest.raises(PermissionDenied):
        get_candidate_for_user(interviewer, world["c1"].public_id, for_change=True)
    for name in ("c2", "c3"):
        with pytest.raises(Http404):
            get_candidate_for_user(interviewer, world[name].public_id, for_change=True)


def test_an_outsider_recruiter_gets_404_on_client_as_jobs(world: World):
    outsider = world.users["outsider"]
    for name in ("job_a1", "job_a2"):
        with pytest.raises(Http404):
            get_job_for_user(outsider, world[name].public_id)
    with pytest.raises(Http404):
        get_client_for_user(outsider, world["client_a"].public_id)


# --- Scorecards: "their own; the others' on the same interview after submitting theirs" ----


def test_an_interviewer_sees_the_panels_scorecards_only_after_submitting_their_own(world: World):
    interviewer = world.users["interviewer"]
    others = world["sc_p2_c1_a1"]
    assert world.names("scorecards", scorecard_list_for(interviewer)) == set()
    with pytest.raises(Http404):
        get_scorecard_for_user(interviewer, others.pk)

    own = world.add("scorecards", "sc_own_c1_a1", world.submit_scorecard(world["iv_c1_a1"], interviewer))

    # The later interview of the same application and B1's interview stay
    # closed: "the others' on the same interview".
    assert world.names("scorecards", scorecard_list_for(interviewer)) == {"sc_own_c1_a1", "sc_p2_c1_a1"}
    assert get_scorecard_for_user(interviewer, own.pk) == own
    assert get_scorecard_for_user(interviewer, others.pk) == others
    for name in ("sc_p2_c1_a1_later", "sc_p2_c2_b1"):
        with pytest.raises(Http404):
            get_scorecard_for_user(interviewer, world[name].pk)


def test_everyone_elses_view_of_a_new_scorecard_follows_their_jobs(world: World):
    world.add("scorecards", "sc_own_c1_a1", world.submit_scorecard(world["iv_c1_a1"], world.users["interviewer"]))
    # A1's scorecards: the recruiter and coordinator on client A, A1's hiring
    # manager, and the all-seeing roles; never the outsider.
    for role in ("administrator", "reviewer", "recruiter", "coordinator", "hiring_manager"):
        assert "sc_own_c1_a1" in world.names("scorecards", scorecard_list_for(world.users[role])), role
    assert world.names("scorecards", scorecard_list_for(world.users["outsider"])) == set()


# --- Where access comes from -------------------------------------------------------------


def test_an_interviewers_access_lasts_only_while_they_sit_on_the_panel(world: World):
    interviewer = world.users["interviewer"]
    assert get_application_for_user(interviewer, world["app_c1_a1"].public_id) == world["app_c1_a1"]
    # There is no service to take someone off a panel yet; the row is what the
    # selectors read, so removing it directly is the faithful setup.
    Panelist.objects.filter(interview=world["iv_c1_a1"], user=interviewer).delete()
    for kind in KINDS:
        assert world.names(kind, LIST_SELECTORS[kind](interviewer)) == set(), kind
    with pytest.raises(Http404):
        get_candidate_for_user(interviewer, world["c1"].public_id)
    with pytest.raises(Http404):
        get_application_for_user(interviewer, world["app_c1_a1"].public_id)


def test_a_team_seat_grants_that_job_and_not_its_clients_other_jobs(world: World):
    outsider = world.users["outsider"]
    job_member_add(
        job=world["job_b1"], user=outsider, job_role=JobMember.JobRole.COORDINATOR, actor=world.users["administrator"]
    )
    assert world.names("jobs", job_list_for(outsider)) == {"job_b1"}
    assert world.names("applications", application_list_for(outsider)) == {"app_c2_b1"}
    assert world.names("interviews", interview_list_for(outsider)) == {"iv_c2_b1"}
    assert world.names("scorecards", scorecard_list_for(outsider)) == {"sc_p2_c2_b1"}
    assert get_job_for_user(outsider, world["job_b1"].public_id, for_change=True) == world["job_b1"]


def test_a_job_grant_grants_that_job_only(world: World):
    outsider = world.users["outsider"]
    job_grant(job=world["job_a2"], user=outsider, actor=world.users["administrator"])
    assert world.names("jobs", job_list_for(outsider)) == {"job_a2"}
    with pytest.raises(Http404):
        get_job_for_user(outsider, world["job_a1"].public_id)


def test_a_client_grant_covers_jobs_opened_after_it(world: World):
    admin = world.users["administrator"]
    job_a3 = world.add(
        "jobs",
        "job_a3",
        job_create(actor=admin, client=world["client_a"], title="A3", recruiter=admin, plan=None),
    )
    for role in ("recruiter", "coordinator"):
        assert "job_a3" in world.names("jobs", job_list_for(world.users[role])), role
        assert get_job_for_user(world.users[role], job_a3.public_id) == job_a3
    assert "job_a3" not in world.names("jobs", job_list_for(world.users["hiring_manager"]))


def test_a_hiring_manager_sees_a_candidate_only_through_an_application_in_their_jobs(world: World):
    manager = world.users["hiring_manager"]
    with pytest.raises(Http404):
        get_candidate_for_user(manager, world["c3"].public_id)
    application_create(candidate=world["c3"], job=world["job_a1"], actor=world.users["recruiter"])
    assert world.names("candidates", candidate_list_for(manager)) == {"c1", "c3"}
    # An application to a job that is not theirs (A2, same client) does not count.
    application_create(candidate=world["c2"], job=world["job_a2"], actor=world.users["recruiter"])
    assert world.names("candidates", candidate_list_for(manager)) == {"c1", "c3"}


def test_a_candidate_reached_several_ways_is_listed_once(world: World):
    recruiter = world.users["recruiter"]
    interviewer = world.users["interviewer"]
    # c1 also applies to A2, and the interviewer sits on a second interview of c1.
    world.add(
        "applications",
        "app_c1_a2",
        application_create(candidate=world["c1"], job=world["job_a2"], actor=recruiter),
    )
    first = world["iv_c1_a1"]
    interview_schedule(
        application=world["app_c1_a1"],
        actor=recruiter,
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
        panel=[interviewer],
    )
    manager = world.users["hiring_manager"]
    job_member_add(
        job=world["job_a2"],
        user=manager,
        job_role=JobMember.JobRole.HIRING_MANAGER,
        actor=world.users["administrator"],
    )
    for user in (manager, interviewer):
        candidates = list(candidate_list_for(user))
        assert [c.full_name for c in candidates] == ["Chen Yi"], user.role
        applications = list(application_list_for(user))
        assert len(applications) == len(set(applications)), user.role


# --- Beyond the table: consistency among the selectors ------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_deactivated_user_sees_nothing(world: World, role: str):
    # Not a row of the table: the selectors' own promise (``if not
    # user.is_active: return ….none()``), pinned for every kind.
    user = world.users[role]
    user.is_active = False
    seen = {kind: world.names(kind, LIST_SELECTORS[kind](user)) for kind in KINDS}
    assert not {kind: names for kind, names in seen.items() if names}, f"{role} deactivated still sees"


@pytest.mark.parametrize("kind", KINDS)
def test_a_malformed_key_is_a_404_not_a_crash(world: World, kind: str):
    # Not a row of the table either: the helpers catch ValueError/TypeError to
    # turn a malformed key into a 404; a string that is not a UUID raises
    # django.core.exceptions.ValidationError from UUIDField.to_python instead.
    with pytest.raises(Http404):
        VIEW_HELPERS[kind](world.users["administrator"], "not-a-key")


# --- Candidates' data requests (privacy) --------------------------------------------------
# "Administrators, recruiters and reviewers see the queue and the requests;
# administrators and recruiters handle them; a deletion needs a second person,
# an administrator or a reviewer, not the one who started it. Everyone else: 404."

REQUEST_READERS = {"administrator", "recruiter", "reviewer", "outsider"}  # the outsider is a recruiter
REQUEST_HANDLERS = {"administrator", "recruiter", "outsider"}
DELETION_CONFIRMERS = {"administrator", "reviewer"}


@pytest.mark.parametrize("role", ROLES)
def test_data_requests_are_seen_handled_and_confirmed_as_the_rule_says(world: World, role: str):
    candidate = candidate_list_for(world.users["administrator"]).first()
    request = privacy_request_create(candidate=candidate, kind=PrivacyRequest.Kind.DELETION, channel="staff")
    user = world.users[role]

    def outcome(**kwargs) -> str:
        try:
            get_privacy_request_for_user(user, request.public_id, **kwargs)
        except Http404:
            return "404"
        except PermissionDenied:
            return "403"
        return "ok"

    seen = role in REQUEST_READERS
    assert outcome() == ("ok" if seen else "404")
    assert outcome(for_change=True) == ("ok" if role in REQUEST_HANDLERS else "403" if seen else "404")
    assert outcome(for_confirm=True) == ("ok" if role in DELETION_CONFIRMERS else "403" if seen else "404")
