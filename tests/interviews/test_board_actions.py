"""A card's actions on the pipeline board: lean cards, and the panel of
actions each card loads on demand (interviews.views.board.application_actions)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.services import source_get_or_create
from interviews.models import Application
from interviews.services import application_reject
from tests import factories
from tests.core.test_pages import INLINE
from tests.interviews.test_board import board_url, htmx, move_url, reject_url, stages

pytestmark = pytest.mark.django_db


def actions_url(application) -> str:
    return reverse("interviews:application-actions", args=[application.public_id])


def schedule_url(application) -> str:
    return reverse("interviews:interview-schedule", args=[application.public_id])


def debrief_url(application) -> str:
    return reverse("interviews:debrief", args=[application.public_id, application.stage_id])


# --- the lean card ------------------------------------------------------------------


def test_a_card_holds_no_form_only_a_link_to_its_actions(client, recruiter, job, application):
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    card = html.split(f'id="application-{application.public_id}"', 1)[1].split("</li>", 1)[0]
    assert "<form" not in card and "<select" not in card
    assert f'href="{actions_url(application)}"' in card
    assert f'hx-get="{actions_url(application)}"' in card
    assert f'value="{application.public_id}" form="board-bulk"' in card
    assert 'data-testid="days-in-stage"' in card
    # Drag and drop: one move URL for the whole board, the card's public id in place of the placeholder.
    template = re.search(r'data-move-url-template="([^"]+)"', html).group(1)
    placeholder = re.search(r'data-move-url-placeholder="([^"]+)"', html).group(1)
    assert template.replace(placeholder, str(application.public_id)) == move_url(application)


def test_the_action_links_of_a_filtered_board_keep_its_filters(client, recruiter, job):
    referral = source_get_or_create(name="Referral")
    application = factories.application(job_=job, candidate_=factories.candidate(source=referral))
    client.force_login(recruiter)
    html = client.get(board_url(job), {"source": referral.pk}, **htmx()).content.decode()
    assert f'href="{actions_url(application)}?source={referral.pk}"' in html
    assert re.search(rf'data-move-url-template="[^"]+/move/\?source={referral.pk}"', html)


def test_a_card_escapes_what_it_shows(client, recruiter, job):
    source = source_get_or_create(name='Fair "&" <b>')
    candidate = factories.candidate(full_name='<script>alert("x")</script> O\'Neil', source=source)
    factories.application(job_=job, candidate_=candidate)
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Neil</a>" in html
    assert 'aria-label="Select &lt;script&gt;' in html
    assert "Fair &quot;&amp;&quot; &lt;b&gt; · " in html


def test_readers_get_actions_links_but_no_drag_or_selection(client, reviewer, job, application):
    client.force_login(reviewer)
    html = client.get(board_url(job)).content.decode()
    assert f'href="{actions_url(application)}"' in html
    assert "data-move-url-template" not in html
    assert 'form="board-bulk"' not in html


def test_a_card_is_well_under_a_kilobyte(client, recruiter, interviewer, job):
    for n in range(20):
        application = factories.application(job_=job, candidate_=factories.candidate(full_name=f"Candidate {n}"))
        factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    cards = re.findall(r'<li class="board-card.*?</li>', html, flags=re.S)
    assert len(cards) == 20
    assert max(len(card.encode()) for card in cards) < 1000


# --- the actions panel ---------------------------------------------------------------


# (move, reject, schedule) per role; everyone who sees the board gets the debrief link.
ALLOWED = {
    "administrator": (True, True, True),
    "recruiter": (True, True, True),
    "coordinator": (True, True, True),
    "reviewer": (False, False, False),
    "hiring_manager": (False, True, False),
}


@pytest.mark.parametrize("persona", list(ALLOWED))
def test_the_panel_shows_the_actions_the_role_allows(client, personas, job, application, persona):
    client.force_login(personas[persona])
    response = client.get(actions_url(application), **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="card-actions-panel"' in html
    move, reject, schedule = ALLOWED[persona]
    assert (f'hx-post="{move_url(application)}"' in html) is move
    assert ("Move to next stage" in html) is move
    # Rejecting asks first: the panel opens the confirmation, which posts the rejection.
    assert (f'hx-get="{confirm_url(application)}"' in html) is reject
    assert (schedule_url(application) in html) is schedule
    assert debrief_url(application) in html


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_panel_is_not_found_for_those_who_do_not_see_the_board(client, personas, job, application, persona):
    # On the panel, an interviewer sees the application but never the job's board.
    factories.interview(application_=application, panel=[personas["interviewer"]])
    client.force_login(personas[persona])
    assert client.get(actions_url(application), **htmx()).status_code == 404
    assert client.get(actions_url(application)).status_code == 404


def test_the_panel_is_not_found_for_an_application_no_longer_on_the_board(client, recruiter, application):
    application_reject(application=application, actor=None, reason="skills")
    client.force_login(recruiter)
    assert client.get(actions_url(application), **htmx()).status_code == 404


def test_the_panel_refuses_post(client, recruiter, application):
    client.force_login(recruiter)
    assert client.post(actions_url(application)).status_code == 405


def test_the_panel_offers_the_next_stage_and_every_other_stage(client, recruiter, job, application):
    first, second, *rest = stages(job)
    client.force_login(recruiter)
    html = client.get(actions_url(application), **htmx()).content.decode()
    assert f'name="stage" value="{second.pk}"' in html
    move_select = html.split(f'id="move-{application.public_id}"', 1)[1].split("</select>", 1)[0]
    assert f'value="{first.pk}"' not in move_select
    for stage in [second, *rest]:
        assert f'value="{stage.pk}"' in move_select


def test_without_javascript_the_panel_is_a_page_whose_forms_post_plainly(client, recruiter, job, application):
    referral = source_get_or_create(name="Referral")
    client.force_login(recruiter)
    response = client.get(actions_url(application), {"source": referral.pk, "bogus": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "hx-post" not in html
    assert f'action="{move_url(application)}?source={referral.pk}"' in html
    assert f'action="{confirm_url(application)}"' in html
    assert f'name="source" value="{referral.pk}"' in html
    confirm = client.get(confirm_url(application), {"reason": "skills", "source": referral.pk}).content.decode()
    assert f'action="{reject_url(application)}?source={referral.pk}"' in confirm
    assert f'href="{board_url(job)}?source={referral.pk}"' in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern
    # Posting the page's move form comes back to the board, filters kept.
    target = stages(job)[1]
    response = client.post(f"{move_url(application)}?source={referral.pk}", {"stage": target.pk})
    assert response.status_code == 302 and response.url == f"{board_url(job)}?source={referral.pk}"
    application.refresh_from_db()
    assert application.stage == target


def test_a_reject_from_the_panel_by_htmx_answers_with_the_columns(client, hiring_manager, job, application):
    client.force_login(hiring_manager)
    panel = client.get(actions_url(application), **htmx()).content.decode()
    assert 'hx-target="#board-panel-body"' in panel
    confirm = client.get(confirm_url(application), {"reason": "skills", "note": "No"}, **htmx()).content.decode()
    assert 'hx-target="#board-columns"' in confirm
    html = client.post(reject_url(application), {"reason": "skills", "note": "No"}, **htmx()).content.decode()
    assert 'id="board-columns"' in html
    assert f'id="application-{application.public_id}"' not in html
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def confirm_url(application) -> str:
    return reverse("interviews:application-reject-confirm", args=[application.public_id])


# Session, user, the application (with job, stage, candidate), the job's stages, the rejection email templates,
# the interviews still ahead, the active closing reasons (the reject and withdraw forms' lists), the answers
# given on the application form.
ACTIONS_QUERIES = 8


def test_the_panel_runs_a_fixed_number_of_queries(client, recruiter, job, application, django_assert_num_queries):
    client.force_login(recruiter)
    with django_assert_num_queries(ACTIONS_QUERIES):
        assert client.get(actions_url(application), **htmx()).status_code == 200
