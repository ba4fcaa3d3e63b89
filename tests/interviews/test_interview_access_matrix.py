"""Who reaches the interviewer's workspace URLs: an
interviewer only the interviews they sit on, a hiring manager only their jobs,
everyone else by their grants; an interview a user may not see is a 404, one
they may see but not score is a 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from candidates.services import document_create
from interviews.models import Scorecard
from tests import factories
from tests.interviews.workspace_setup import form_data, kit_on

# persona → (sees the interview page, may score on it)
PERSONAS = {
    "interviewer on the panel": (True, True),
    "interviewer not on the panel": (False, False),
    "hiring manager on the job": (True, False),
    "hiring manager not on the job": (False, False),
    "recruiter granted the client": (True, False),
    "outsider recruiter": (False, False),
    "coordinator granted the client": (True, False),
    "reviewer": (True, False),
    "administrator": (True, False),
}
ACTIONS = ["scorecard-draft", "scorecard-submit", "scorecard-revise"]


@pytest.fixture
def interview(application, interviewer):
    kit_on(application.stage)
    return factories.interview(application_=application, panel=[interviewer])


@pytest.fixture
def cast(personas, interview):
    return {
        "interviewer on the panel": personas["interviewer"],
        "interviewer not on the panel": factories.user(Role.INTERVIEWER),
        "hiring manager on the job": personas["hiring_manager"],
        "hiring manager not on the job": factories.user(Role.HIRING_MANAGER),
        "recruiter granted the client": personas["recruiter"],
        "outsider recruiter": personas["outsider"],
        "coordinator granted the client": personas["coordinator"],
        "reviewer": personas["reviewer"],
        "administrator": personas["administrator"],
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_interview_page_with_its_kit_and_scorecards_is_shown_only_to_those_who_see_the_interview(
    client, cast, interview, persona
):
    sees, may_score = PERSONAS[persona]
    client.force_login(cast[persona])
    response = client.get(reverse("interviews:interview-detail", args=[interview.public_id]))
    assert response.status_code == (200 if sees else 404)
    if sees:
        html = response.content.decode()
        assert "Tell me about a hard bug." in html  # the kit
        assert ('data-testid="scorecard-form"' in html) == may_score


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_panel_acts_on_its_scorecards(client, cast, interview, persona, action):
    sees, may_score = PERSONAS[persona]
    client.force_login(cast[persona])
    response = client.post(
        reverse(f"interviews:{action}", args=[interview.public_id]), form_data(interview, reason="matrix")
    )
    expected = 302 if may_score else 403 if sees else 404
    assert response.status_code == expected
    if not may_score:
        assert not Scorecard.objects.filter(interviewer=cast[persona]).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_interviews_lists_an_interview_only_to_its_panel(client, cast, interview, persona):
    _sees, may_score = PERSONAS[persona]
    client.force_login(cast[persona])
    response = client.get(reverse("interviews:my-interviews"))
    assert response.status_code == 200
    assert (
        reverse("interviews:interview-detail", args=[interview.public_id]) in response.content.decode()
    ) == may_score


# Interviewers and hiring managers see candidates through panels and jobs; the
# other roles see every candidate (accounts/roles.py), so their download follows.
DOWNLOAD = {
    "interviewer on the panel": 200,
    "interviewer not on the panel": 404,
    "hiring manager on the job": 200,
    "hiring manager not on the job": 404,
    "outsider recruiter": 200,
    "reviewer": 200,
}


@pytest.mark.parametrize("persona", DOWNLOAD)
def test_the_resume_linked_from_the_interview_page_downloads_by_the_candidate_access_rules(
    client, cast, interview, persona
):
    resume = document_create(
        candidate=interview.application.candidate,
        actor=None,
        filename="cv.pdf",
        content=b"%PDF-1.4 cv",
        content_type="application/pdf",
    )
    client.force_login(cast[persona])
    response = client.get(reverse("candidates:document-download", args=[resume.public_id]))
    assert response.status_code == DOWNLOAD[persona]


def test_an_interviewer_loses_the_interview_when_taken_off_its_panel(client, interviewer, interview):
    client.force_login(interviewer)
    url = reverse("interviews:interview-detail", args=[interview.public_id])
    assert client.get(url).status_code == 200
    interview.panelists.filter(user=interviewer).delete()
    assert client.get(url).status_code == 404


def test_a_malformed_or_unknown_interview_id_is_a_404(client, interviewer):
    client.force_login(interviewer)
    assert client.get("/pipeline/interviews/not-a-uuid/").status_code == 404
    assert (
        client.get(reverse("interviews:interview-detail", args=["00000000-0000-0000-0000-000000000000"])).status_code
        == 404
    )
