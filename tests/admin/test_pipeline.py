"""Applications, interviews and scorecard criteria in Django admin: moved,
scheduled and closed through interviews.services; history stays read-only."""

from __future__ import annotations

import json

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from candidates.services import candidate_create
from core.models import AuditEvent
from core.services import reference_save
from interviews.models import Application, Criterion, Interview, Panelist, Question, StageTransition
from tests.admin.world import ANCHORS


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, int]:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial}


def test_changing_the_stage_in_admin_moves_the_application_and_writes_a_transition(admin_client, admin_user, world):
    application, offer = world.application, world.stages[2]
    history = application.transitions.count()

    response = admin_client.post(
        reverse("admin:interviews_application_change", args=[application.pk]),
        {
            "stage": offer.pk,
            "move_note": "Skipping the final round",
            **inline_management("transitions", history, history),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.stage == offer
    last = application.transitions.order_by("-id").first()
    assert application.transitions.count() == history + 1
    assert (last.from_stage, last.to_stage, last.actor, last.note) == (
        world.stages[1],
        offer,
        admin_user,
        "Skipping the final round",
    )


def test_the_stage_can_only_move_to_a_live_stage_of_the_same_job(admin_client, admin_user, world):
    offer = world.stages[2]
    offer.archived_at = timezone.now()
    reference_save(instance=offer, actor=admin_user)

    response = admin_client.get(reverse("admin:interviews_application_change", args=[world.application.pk]))

    choices = list(response.context["adminform"].form.fields["stage"].queryset)
    assert choices == world.stages[:2]


def test_adding_an_application_in_admin_puts_it_at_the_first_stage(admin_client, admin_user, world):
    candidate = candidate_create(actor=admin_user, full_name="Grace Hopper")

    response = admin_client.post(
        reverse("admin:interviews_application_add"), {"candidate": candidate.pk, "job": world.job.pk}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get(candidate=candidate)
    assert application.stage == world.stages[0]
    transition = StageTransition.objects.get(application=application)
    assert (transition.from_stage, transition.to_stage, transition.actor) == (None, world.stages[0], admin_user)
    assert AuditEvent.objects.filter(action="interviews.application.create", actor=admin_user).exists()


def test_a_second_active_application_to_the_same_job_is_refused_on_the_form(admin_client, world):
    response = admin_client.post(
        reverse("admin:interviews_application_add"), {"candidate": world.candidate.pk, "job": world.job.pk}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Application.objects.filter(candidate=world.candidate).count() == 1


def test_the_hire_action_closes_the_application_through_the_service(admin_client, admin_user, world):
    application = world.application

    response = admin_client.post(
        reverse("admin:interviews_application_changelist"),
        {"action": "hire", ACTION_CHECKBOX_NAME: [application.pk]},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.transitions.order_by("-id").first().to_status == Application.Status.HIRED
    assert AuditEvent.objects.filter(action="interviews.application.hired", actor=admin_user).exists()
    page = admin_client.get(reverse("admin:interviews_application_change", args=[application.pk]))
    assert page.status_code == 200
    assert "stage" not in page.context["adminform"].form.fields  # a closed application no longer moves


def test_rejecting_a_closed_application_reports_the_refusal_and_changes_nothing(admin_client, world):
    application = world.application
    admin_client.post(
        reverse("admin:interviews_application_changelist"),
        {"action": "hire", ACTION_CHECKBOX_NAME: [application.pk]},
    )

    response = admin_client.post(
        reverse("admin:interviews_application_changelist"),
        {"action": "reject_other", ACTION_CHECKBOX_NAME: [application.pk]},
        follow=True,
    )

    assert "This application is already closed." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED


def test_applications_and_their_history_cannot_be_deleted_in_admin(admin_client, world):
    transition = world.application.transitions.first()
    assert (
        admin_client.get(reverse("admin:interviews_application_delete", args=[world.application.pk])).status_code == 403
    )
    assert admin_client.get(reverse("admin:interviews_stagetransition_delete", args=[transition.pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:interviews_stagetransition_change", args=[transition.pk]), {"note": "rewritten"}
    )
    assert response.status_code == 403


def test_scheduling_an_interview_in_admin_seats_the_panel(admin_client, admin_user, world, interviewer, coordinator):
    response = admin_client.post(
        reverse("admin:interviews_interview_add"),
        {
            "application": world.application.pk,
            "starts_at_0": "2030-03-04",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2030-03-04",
            "ends_at_1": "11:00:00",
            "location": "Room 4",
            "panel": [interviewer.pk, coordinator.pk],
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    interview = Interview.objects.get(location="Room 4")
    assert (interview.stage, interview.created_by) == (world.application.stage, admin_user)
    assert set(Panelist.objects.filter(interview=interview).values_list("user", flat=True)) == {
        interviewer.pk,
        coordinator.pk,
    }


def test_an_interview_that_ends_before_it_starts_is_a_form_error(admin_client, world, interviewer):
    response = admin_client.post(
        reverse("admin:interviews_interview_add"),
        {
            "application": world.application.pk,
            "starts_at_0": "2030-03-04",
            "starts_at_1": "11:00:00",
            "ends_at_0": "2030-03-04",
            "ends_at_1": "10:00:00",
            "location": "Room 5",
            "panel": [interviewer.pk],
        },
    )

    assert response.status_code == 200
    assert not Interview.objects.filter(location="Room 5").exists()


def test_changing_a_scored_criterion_in_admin_adds_a_version_and_keeps_the_scored_one(admin_client, admin_user, world):
    scored = world.criterion
    change_url = reverse("admin:interviews_criterion_change", args=[scored.pk])
    data = {
        "group": scored.group,
        "name": "Python, async included",
        "anchors": json.dumps(scored.anchors),
        "weight": 2,
        "required": "on",
        "order": scored.order,
    }

    response = admin_client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    versions = Criterion.objects.filter(family=scored.family).order_by("version")
    assert list(versions.values_list("version", "is_current", "name", "weight")) == [
        (1, False, "Python", 1),
        (2, True, "Python, async included", 2),
    ]
    assert world.scorecard.ratings.get().criterion_id == scored.pk
    assert AuditEvent.objects.filter(action="interviews.criterion.update", actor=admin_user).exists()
    # The scored version is history now.
    assert admin_client.post(change_url, data).status_code == 403


def test_changing_an_asked_question_in_admin_adds_a_version(admin_client, world):
    question = world.question

    response = admin_client.post(
        reverse("admin:interviews_question_change", args=[question.pk]),
        {"competency": question.competency, "text": "How does a generator keep its state?", "rubric": "{}"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    current = Question.objects.get(family=question.family, is_current=True)
    assert (current.version, current.text) == (2, "How does a generator keep its state?")
    question.refresh_from_db()
    assert (question.is_current, question.text) == (False, "How does a generator work?")


def test_changing_an_unscored_criterion_in_admin_edits_it_in_place(admin_client, admin_user, world):
    fresh = reference_save(
        instance=Criterion(
            template=world.scorecard_template, group=Criterion.Group.BEHAVIOUR, name="Clarity", anchors=ANCHORS
        ),
        actor=admin_user,
    )

    response = admin_client.post(
        reverse("admin:interviews_criterion_change", args=[fresh.pk]),
        {"group": fresh.group, "name": "Clear writing", "anchors": json.dumps(ANCHORS), "weight": 1, "order": 1},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    fresh.refresh_from_db()
    assert (fresh.version, fresh.is_current, fresh.name, fresh.required) == (1, True, "Clear writing", False)


def test_changing_a_scored_criterion_inline_on_its_template_adds_a_version(admin_client, world):
    template, scored = world.scorecard_template, world.criterion

    response = admin_client.post(
        reverse("admin:interviews_scorecardtemplate_change", args=[template.pk]),
        {
            "name": template.name,
            "criteria-TOTAL_FORMS": 1,
            "criteria-INITIAL_FORMS": 1,
            "criteria-0-id": scored.pk,
            "criteria-0-template": template.pk,
            "criteria-0-name": "Python and typing",
            "criteria-0-group": scored.group,
            "criteria-0-order": scored.order,
            "criteria-0-weight": scored.weight,
            "criteria-0-required": "on",
            "criteria-0-anchors": json.dumps(scored.anchors),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    current = template.criteria.get(is_current=True)
    assert (current.version, current.name, current.family) == (2, "Python and typing", scored.family)
    page = admin_client.get(reverse("admin:interviews_scorecardtemplate_change", args=[template.pk]))
    assert [form.instance for form in page.context["inline_admin_formsets"][0].formset.forms] == [current]
