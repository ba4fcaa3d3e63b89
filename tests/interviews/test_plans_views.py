"""The interview-plan pages (interviews.views.plans) and a job's stages page
(interviews.views.job_stages): who may see and change them, forms, reorders,
archive and merge, htmx regions and plain fallbacks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from interviews.models import Criterion, InterviewKit, InterviewPlanTemplate, Question, Stage, StageKind
from interviews.services import application_move, job_stages, scorecard_submit
from interviews.services import plans as services
from tests import factories
from tests.core.test_pages import INLINE

ANCHORS = {"anchors_1": "weak", "anchors_2": "mixed", "anchors_3": "good", "anchors_4": "excellent"}
EDITORS = ["administrator", "recruiter"]
NOT_EDITORS = ["coordinator", "reviewer", "hiring_manager", "interviewer"]


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def assert_clean(html: str) -> None:
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


@pytest.fixture
def reference(db):
    """A plan, a kit with one question, and a scorecard template with one criterion."""
    plan = factories.plan(name="Engineering plan", stages=2)
    question = services.question_create(actor=None, competency="Design", text="Design a cache")
    kit = services.kit_create(actor=None, name="Backend kit", questions=[question])
    template = plan.stages.first().scorecard_template
    criterion = template.criteria.filter(is_current=True).order_by("order").first()
    return {"plan": plan, "question": question, "kit": kit, "template": template, "criterion": criterion}


LISTS = ["/pipeline/plans/", "/pipeline/questions/"]


def reference_urls(ref) -> list[str]:
    plan, stage = ref["plan"], ref["plan"].stages.first()
    return [
        reverse("interviews:plan-list"),
        reverse("interviews:plan-create"),
        reverse("interviews:plan-edit", args=[plan.pk]),
        reverse("interviews:plan-stage-add", args=[plan.pk]),
        reverse("interviews:plan-stage-edit", args=[plan.pk, stage.pk]),
        reverse("interviews:question-list"),
        reverse("interviews:question-create"),
        reverse("interviews:question-edit", args=[ref["question"].public_id]),
        reverse("interviews:kit-create"),
        reverse("interviews:kit-edit", args=[ref["kit"].pk]),
        reverse("interviews:scorecard-template-create"),
        reverse("interviews:scorecard-template-edit", args=[ref["template"].pk]),
        reverse("interviews:criterion-create", args=[ref["template"].pk]),
        reverse("interviews:criterion-edit", args=[ref["criterion"].public_id]),
    ]


# --- access to the shared plans ----------------------------------------------------


@pytest.mark.parametrize("persona", [*EDITORS, "outsider"])
def test_recruiters_and_administrators_open_every_plan_page(client, personas, reference, persona):
    # Plans are shared reference data: a recruiter with no client grant manages them too.
    client.force_login(personas[persona])
    for url in reference_urls(reference):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode())


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_other_roles_are_refused_the_plan_pages_and_their_actions(client, personas, reference, persona):
    client.force_login(personas[persona])
    for url in reference_urls(reference):
        assert client.get(url).status_code == 403, url
        if url not in LISTS:
            assert client.post(url, {"name": "Changed"}).status_code == 403, url
    plan = reference["plan"]
    stage = plan.stages.first()
    for url in [
        reverse("interviews:plan-stage-move", args=[plan.pk, stage.pk]),
        reverse("interviews:plan-stage-remove", args=[plan.pk, stage.pk]),
        reverse("interviews:kit-question-add", args=[reference["kit"].pk]),
        reverse("interviews:criterion-move", args=[reference["criterion"].public_id]),
    ]:
        assert client.post(url, {"direction": "up"}).status_code == 403, url
    assert plan.stages.count() == 2 and InterviewPlanTemplate.objects.get(pk=plan.pk).name == "Engineering plan"


def test_unknown_plans_kits_and_questions_are_not_found(client, recruiter, reference):
    client.force_login(recruiter)
    other_plan = factories.plan(stages=1)
    for url in [
        reverse("interviews:plan-edit", args=[999999]),
        reverse("interviews:kit-edit", args=[999999]),
        reverse("interviews:scorecard-template-edit", args=[999999]),
        reverse("interviews:question-edit", args=["6f1c5e1a-1111-4111-8111-111111111111"]),
        # A stage of another plan is not found under this one.
        reverse("interviews:plan-stage-edit", args=[reference["plan"].pk, other_plan.stages.get().pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_plan_pages_refuse_the_wrong_method(client, recruiter, reference):
    client.force_login(recruiter)
    plan, stage = reference["plan"], reference["plan"].stages.first()
    assert client.post(reverse("interviews:plan-list")).status_code == 405
    assert client.post(reverse("interviews:question-list")).status_code == 405
    assert client.delete(reverse("interviews:plan-edit", args=[plan.pk])).status_code == 405
    assert client.get(reverse("interviews:plan-stage-move", args=[plan.pk, stage.pk])).status_code == 405
    assert client.get(reverse("interviews:kit-question-add", args=[reference["kit"].pk])).status_code == 405


def test_the_interview_plans_link_is_in_the_nav_of_editors_only(client, personas):
    for persona, user in personas.items():
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert (reverse("interviews:plan-list") in html) == (persona in (*EDITORS, "outsider")), persona


def test_the_plan_list_runs_the_same_queries_for_few_and_many_rows(client, recruiter, reference):
    client.force_login(recruiter)
    url = reverse("interviews:plan-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        factories.plan(stages=2)
        services.kit_create(actor=None, name=f"Kit {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/pipeline/plans/") > 5
    assert len(many) == len(few)


def test_the_question_list_runs_the_same_queries_for_few_and_many_rows(client, recruiter, reference):
    client.force_login(recruiter)
    url = reverse("interviews:question-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        services.question_create(actor=None, competency="Bulk", text=f"Question {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- plan templates ----------------------------------------------------------------


def test_a_recruiter_creates_a_plan_and_is_sent_on_to_add_its_stages(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("interviews:plan-create"), {"name": "Sales plan", "is_active": "on"})
    plan = InterviewPlanTemplate.objects.get(name="Sales plan")
    assert response.status_code == 302 and response["Location"] == reverse("interviews:plan-edit", args=[plan.pk])


def test_an_htmx_plan_form_answers_errors_in_its_region_and_success_with_hx_redirect(client, recruiter, reference):
    client.force_login(recruiter)
    url = reverse("interviews:plan-create")
    response = client.post(url, {"name": ""}, **htmx())
    html = response.content.decode()
    assert response.status_code == 200 and 'id="plan-form"' in html and "<html" not in html
    assert "This field is required" in html
    taken = client.post(url, {"name": "Engineering plan"}, **htmx())
    assert "already exists" in taken.content.decode()
    done = client.post(url, {"name": "Design plan"}, **htmx())
    plan = InterviewPlanTemplate.objects.get(name="Design plan")
    assert done["HX-Redirect"] == reverse("interviews:plan-edit", args=[plan.pk])


def test_a_plan_is_renamed_and_deactivated(client, recruiter, reference):
    client.force_login(recruiter)
    plan = reference["plan"]
    response = client.post(reverse("interviews:plan-edit", args=[plan.pk]), {"name": "Eng v2", "description": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.name == "Eng v2" and not plan.is_active


def test_plan_stages_are_added_edited_moved_and_removed(client, recruiter, reference):
    client.force_login(recruiter)
    plan, kit = reference["plan"], reference["kit"]
    add = reverse("interviews:plan-stage-add", args=[plan.pk])
    values = {"name": "Panel", "kind": StageKind.BEHAVIOURAL, "duration_minutes": 45, "interviewers_needed": 2}
    assert client.post(add, {**values, "kit": kit.pk, "sla_days": 4}).status_code == 302
    panel = plan.stages.get(name="Panel")
    assert (panel.order, panel.kit, panel.sla_days) == (3, kit, 4)
    edit = reverse("interviews:plan-stage-edit", args=[plan.pk, panel.pk])
    assert client.post(edit, {**values, "name": "Panel chat"}).status_code == 302
    move = reverse("interviews:plan-stage-move", args=[plan.pk, panel.pk])
    fragment = client.post(move, {"direction": "up"}, **htmx())
    assert 'id="plan-stages"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    assert plan.stages.get(pk=panel.pk).order == 2
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert plan.stages.order_by("order").first().name == "Panel chat"
    remove = reverse("interviews:plan-stage-remove", args=[plan.pk, panel.pk])
    assert client.post(remove).status_code == 302
    assert list(plan.stages.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_an_invalid_stage_is_answered_with_errors_not_a_crash(client, recruiter, reference):
    client.force_login(recruiter)
    add = reverse("interviews:plan-stage-add", args=[reference["plan"].pk])
    response = client.post(add, {"name": "", "kind": "juggling", "duration_minutes": -5, "interviewers_needed": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required" in html and "Select a valid choice" in html
    move = reverse("interviews:plan-stage-move", args=[reference["plan"].pk, reference["plan"].stages.first().pk])
    assert client.post(move, {"direction": "sideways"}).status_code == 302


# --- question bank -----------------------------------------------------------------


def test_a_question_is_added_with_a_rubric_of_four_inputs(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("interviews:question-create"),
        {
            "competency": "Ownership",
            "text": "Tell me about an outage",
            "rubric_1": "blames others",
            "rubric_4": "fixes",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Tell me about an outage")
    assert question.rubric == {"1": "blames others", "4": "fixes"}


def test_the_question_list_searches_and_answers_htmx_with_its_rows(client, recruiter, reference):
    services.question_create(actor=None, competency="Sales", text="Sell me this pen")
    client.force_login(recruiter)
    response = client.get(reverse("interviews:question-list"), {"q": "pen"}, **htmx())
    html = response.content.decode()
    assert 'id="question-rows"' in html and "<html" not in html
    assert "Sell me this pen" in html and "Design a cache" not in html


def test_editing_a_used_question_in_the_page_saves_a_new_version(client, recruiter, job, reference):
    question = reference["question"]
    stage = job.stages.order_by("order").first()
    stage.kit = reference["kit"]
    stage.save()
    application = factories.application(job_=job)
    panelist = factories.user(Role.INTERVIEWER)
    interview = factories.interview(application_=application, panel=[panelist])
    criteria = Criterion.objects.filter(template=stage.scorecard_template, is_current=True)
    scorecard_submit(
        interview=interview, interviewer=panelist, ratings={c.pk: (2, "") for c in criteria}, recommendation="no"
    )
    client.force_login(recruiter)
    url = reverse("interviews:question-edit", args=[question.public_id])
    response = client.post(url, {"competency": "Design", "text": "Design a global cache"})
    assert response.status_code == 302
    assert Question.objects.filter(family=question.family).count() == 2
    assert Question.objects.get(pk=question.pk).text == "Design a cache"
    # The old version is no longer editable: its page is gone.
    assert client.get(url).status_code == 404


# --- kits --------------------------------------------------------------------------


def test_kit_questions_are_added_moved_and_removed(client, recruiter, reference):
    client.force_login(recruiter)
    kit, first = reference["kit"], reference["question"]
    second = services.question_create(actor=None, competency="Ops", text="Roll back a deploy")
    add = reverse("interviews:kit-question-add", args=[kit.pk])
    fragment = client.post(add, {"question": second.public_id}, **htmx())
    assert 'id="kit-questions"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    move = reverse("interviews:kit-question-move", args=[kit.pk, second.public_id])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert [row.question for row in kit.kit_questions.order_by("order")] == [second, first]
    duplicate = client.post(add, {"question": second.public_id}, **htmx())
    assert "only once" in duplicate.content.decode()
    remove = reverse("interviews:kit-question-remove", args=[kit.pk, first.public_id])
    assert client.post(remove).status_code == 302
    assert [row.question for row in kit.kit_questions.all()] == [second]


def test_a_kit_is_created_then_renamed(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("interviews:kit-create"), {"name": "Frontend kit"})
    kit = InterviewKit.objects.get(name="Frontend kit")
    assert response["Location"] == reverse("interviews:kit-edit", args=[kit.pk])
    assert client.post(reverse("interviews:kit-edit", args=[kit.pk]), {"name": "UI kit"}).status_code == 302
    kit.refresh_from_db()
    assert kit.name == "UI kit"


# --- scorecard templates and criteria ----------------------------------------------


def test_a_criterion_needs_all_four_anchors_and_a_positive_weight(client, recruiter, reference):
    client.force_login(recruiter)
    url = reverse("interviews:criterion-create", args=[reference["template"].pk])
    values = {"group": "skills", "name": "Testing", "weight": 2, "required": "on"}
    response = client.post(url, {**values, **ANCHORS, "anchors_3": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {**values, **ANCHORS, "weight": 0})
    assert response.status_code == 200 and "greater than or equal to 1" in response.content.decode()
    assert client.post(url, {**values, **ANCHORS}).status_code == 302
    criterion = reference["template"].criteria.get(name="Testing")
    assert criterion.anchors == {"1": "weak", "2": "mixed", "3": "good", "4": "excellent"}
    assert (criterion.weight, criterion.required, criterion.group) == (2, True, "skills")


def test_editing_a_scored_criterion_in_the_page_saves_a_new_version(client, recruiter, application, reference):
    stage = application.stage
    panelist = factories.user(Role.INTERVIEWER)
    interview = factories.interview(application_=application, panel=[panelist])
    criteria = list(Criterion.objects.filter(template=stage.scorecard_template, is_current=True))
    scorecard_submit(
        interview=interview, interviewer=panelist, ratings={c.pk: (4, "") for c in criteria}, recommendation="yes"
    )
    criterion = criteria[0]
    client.force_login(recruiter)
    values = {"group": criterion.group, "name": criterion.name, "weight": 3, **ANCHORS}
    assert client.post(reverse("interviews:criterion-edit", args=[criterion.public_id]), values).status_code == 302
    current = Criterion.objects.get(family=criterion.family, is_current=True)
    assert current.version == 2 and current.weight == 3
    assert criterion.ratings.count() == 1 and not current.ratings.exists()


def test_criteria_move_up_and_down_with_htmx_or_a_plain_post(client, recruiter, reference):
    client.force_login(recruiter)
    template, criterion = reference["template"], reference["criterion"]
    url = reverse("interviews:criterion-move", args=[criterion.public_id])
    fragment = client.post(url, {"direction": "down"}, **htmx())
    assert 'id="criteria"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    names = list(template.criteria.filter(is_current=True).order_by("order").values_list("name", flat=True))
    assert names.index(criterion.name) == 1
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert template.criteria.filter(is_current=True).order_by("order").first() == criterion


def test_a_scorecard_template_is_created(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("interviews:scorecard-template-create"), {"name": "Design scorecard"}, **htmx())
    assert response.status_code == 200 and "/pipeline/scorecards/" in response["HX-Redirect"]


# --- a job's stages ----------------------------------------------------------------


def stages_url(job) -> str:
    return reverse("interviews:job-stages", args=[job.public_id])


def stage_url(name: str, job, stage) -> str:
    return reverse(f"interviews:{name}", args=[job.public_id, stage.pk])


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"])
def test_everyone_who_sees_the_job_reads_its_stages_and_only_editors_get_controls(client, personas, job, persona):
    client.force_login(personas[persona])
    response = client.get(stages_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    assert html.count('data-testid="job-stage"') == 4
    assert (reverse("interviews:job-stage-add", args=[job.public_id]) in html) == (persona in EDITORS)


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_stages_page_is_not_found_for_those_who_do_not_see_the_job(client, personas, job, application, persona):
    factories.interview(application_=application, panel=[personas["interviewer"]])
    client.force_login(personas[persona])
    stage = job.stages.first()
    assert client.get(stages_url(job)).status_code == 404
    assert client.post(stage_url("job-stage-move", job, stage), {"direction": "down"}).status_code == 404
    assert client.get(reverse("interviews:job-stage-add", args=[job.public_id])).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager"])
def test_readers_of_the_job_may_not_change_its_stages(client, personas, job, persona):
    client.force_login(personas[persona])
    first, second = job.stages.order_by("order")[:2]
    assert client.get(reverse("interviews:job-stage-add", args=[job.public_id])).status_code == 403
    assert client.get(stage_url("job-stage-edit", job, first)).status_code == 403
    assert client.post(stage_url("job-stage-move", job, first), {"direction": "down"}).status_code == 403
    assert client.post(stage_url("job-stage-archive", job, first)).status_code == 403
    assert client.post(stage_url("job-stage-merge", job, first), {"into": second.pk}).status_code == 403
    assert client.post(stage_url("job-stage-delete", job, first)).status_code == 403
    assert job.stages.filter(archived_at__isnull=True).count() == 4


def test_the_job_stage_actions_refuse_get(client, recruiter, job):
    client.force_login(recruiter)
    stage = job.stages.first()
    for name in ["job-stage-move", "job-stage-archive", "job-stage-merge", "job-stage-delete"]:
        assert client.get(stage_url(name, job, stage)).status_code == 405, name
    assert client.post(stages_url(job)).status_code == 405


def test_a_stage_of_another_job_is_not_found_under_this_one(client, recruiter, job):
    client.force_login(recruiter)
    other = factories.job().stages.first()
    assert client.get(stage_url("job-stage-edit", job, other)).status_code == 404
    assert client.post(stage_url("job-stage-archive", job, other)).status_code == 404


def test_a_recruiter_adds_and_edits_a_job_stage(client, recruiter, job, reference):
    client.force_login(recruiter)
    values = {"name": "Case study", "kind": StageKind.TECHNICAL, "duration_minutes": 90, "interviewers_needed": 2}
    add = reverse("interviews:job-stage-add", args=[job.public_id])
    response = client.post(add, {**values, "scorecard_template": reference["template"].pk})
    assert response.status_code == 302 and response["Location"] == stages_url(job)
    stage = job.stages.get(name="Case study")
    assert stage.order == 5 and stage.scorecard_template == reference["template"]
    invalid = client.post(stage_url("job-stage-edit", job, stage), {**values, "interviewers_needed": "many"}, **htmx())
    assert invalid.status_code == 200 and 'id="stage-form"' in invalid.content.decode()
    done = client.post(stage_url("job-stage-edit", job, stage), {**values, "name": "Case study 2"}, **htmx())
    assert done["HX-Redirect"] == stages_url(job)
    assert Stage.objects.get(pk=stage.pk).name == "Case study 2"


def test_a_recruiter_names_a_stages_qualified_interviewers_and_only_they_are_offered_for_its_panels(
    client, recruiter, interviewer, reviewer, job
):
    from interviews.selectors.scheduling import stage_panel_candidates

    stage = job.stages.order_by("order").first()
    client.force_login(recruiter)
    values = {"name": stage.name, "kind": stage.kind, "duration_minutes": 45, "interviewers_needed": 1}
    page = client.get(stage_url("job-stage-edit", job, stage)).content.decode()
    assert f'value="{interviewer.pk}"' in page and f'value="{reviewer.pk}"' not in page
    response = client.post(stage_url("job-stage-edit", job, stage), {**values, "interviewers": [interviewer.pk]})
    assert response.status_code == 302
    assert list(stage_panel_candidates(stage)) == [interviewer]
    refused = client.post(stage_url("job-stage-edit", job, stage), {**values, "interviewers": [reviewer.pk]})
    assert refused.status_code == 200 and list(stage.interviewers.all()) == [interviewer]
    client.post(stage_url("job-stage-edit", job, stage), values)
    assert not stage.interviewers.exists()  # nobody ticked: anyone who interviews


def test_job_stages_move_with_htmx_or_a_plain_post(client, recruiter, job):
    client.force_login(recruiter)
    first, second = job.stages.order_by("order")[:2]
    fragment = client.post(stage_url("job-stage-move", job, first), {"direction": "down"}, **htmx())
    html = fragment.content.decode()
    assert 'id="job-stages"' in html and "<html" not in html
    assert list(job.stages.order_by("order")[:2]) == [second, first]
    response = client.post(stage_url("job-stage-move", job, first), {"direction": "up"})
    assert response.status_code == 302 and response["Location"] == stages_url(job)
    assert list(job.stages.order_by("order")[:2]) == [first, second]


def test_archiving_a_stage_with_active_applications_shows_why_it_was_refused(client, recruiter, job, application):
    client.force_login(recruiter)
    stage = application.stage
    response = client.post(stage_url("job-stage-archive", job, stage), **htmx())
    assert response.status_code == 200 and "still holds active applications" in response.content.decode()
    assert Stage.objects.get(pk=stage.pk).archived_at is None
    target = job.stages.order_by("order")[1]
    response = client.post(stage_url("job-stage-archive", job, stage), {"move_to": target.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == target and Stage.objects.get(pk=stage.pk).archived_at is not None
    page = client.get(stages_url(job)).content.decode()
    assert page.count('data-testid="archived-stage"') == 1


def test_merging_a_stage_moves_its_applications_and_archives_it(client, recruiter, job, application):
    client.force_login(recruiter)
    stage = application.stage
    into = job.stages.order_by("order")[2]
    fragment = client.post(stage_url("job-stage-merge", job, stage), {"into": into.pk}, **htmx())
    assert "merged into" in fragment.content.decode()
    application.refresh_from_db()
    assert application.stage == into
    assert application.transitions.order_by("-id").first().note == "stage merged"
    bad = client.post(stage_url("job-stage-merge", job, into), {"into": "nonsense"})
    assert bad.status_code == 302 and Stage.objects.get(pk=into.pk).archived_at is None


def test_only_a_stage_without_history_can_be_deleted_from_the_page(client, recruiter, job, application):
    client.force_login(recruiter)
    held = application.stage
    application_move(application=application, to_stage=job.stages.order_by("order")[1], actor=recruiter)
    refused = client.post(stage_url("job-stage-delete", job, held), **htmx())
    assert "archive it or merge it" in refused.content.decode() and Stage.objects.filter(pk=held.pk).exists()
    spare = job.stages.order_by("order").last()
    assert client.post(stage_url("job-stage-delete", job, spare)).status_code == 302
    assert not Stage.objects.filter(pk=spare.pk).exists()


def test_the_stages_page_runs_the_same_queries_for_few_and_many_stages(client, recruiter, job, application):
    client.force_login(recruiter)
    client.get(stages_url(job))
    with CaptureQueriesContext(connection) as few:
        client.get(stages_url(job))
    for n in range(6):
        job_stages.stage_add(job=job, actor=None, name=f"Extra {n}", kind=StageKind.PHONE)
    factories.application(job_=job)
    with CaptureQueriesContext(connection) as many:
        response = client.get(stages_url(job))
    assert response.content.decode().count('data-testid="job-stage"') == 10
    assert len(many) == len(few)


def test_the_job_page_links_to_its_stages_for_those_who_may_edit_them(client, personas, job):
    for persona in ["recruiter", "coordinator"]:
        client.force_login(personas[persona])
        html = client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
        assert (stages_url(job) in html) == (persona == "recruiter"), persona


def test_the_question_list_pages_past_fifty_questions(client, recruiter):
    for n in range(55):
        services.question_create(actor=None, competency="Bulk", text=f"Question {n:02d}")
    client.force_login(recruiter)
    first = client.get(reverse("interviews:question-list")).content.decode()
    assert first.count('data-testid="question-row"') == 50 and "Page 1 of 2" in first
    second = client.get(reverse("interviews:question-list"), {"page": 2}).content.decode()
    assert second.count('data-testid="question-row"') == 5
