"""Reference rows in Django admin are saved and deleted through
core.services.reference_save / reference_delete, each audited."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from candidates.models import Source, Tag
from core.models import AuditEvent
from interviews.models import InterviewPlanTemplate, StageKind, StageTemplate
from messaging.models import EmailTemplate


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Tag, {"name": "golang"}),
        (Source, {"name": "Referral day", "kind": Source.Kind.EVENT, "is_active": "on"}),
        (
            EmailTemplate,
            {
                "name": "thanks",
                "purpose": EmailTemplate.Purpose.THANK_YOU,
                "language": "zh-hans",
                "subject": "谢谢",
                "body_text": "谢谢您的时间。",
                "is_active": "on",
            },
        ),
    ],
)
def test_saving_a_reference_row_in_admin_writes_an_audit_event(admin_client, admin_user, model, data):
    opts = model._meta
    response = admin_client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    obj = model.objects.get(name=data["name"])
    event = AuditEvent.objects.get(action=f"{opts.app_label}.{opts.model_name}.create")
    assert (event.actor, event.target_type) == (admin_user, opts.label_lower)

    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), {**data, "name": "renamed"}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEvent.objects.filter(action=f"{opts.app_label}.{opts.model_name}.update", actor=admin_user).exists()


def test_deleting_a_reference_row_in_admin_is_audited(admin_client, admin_user):
    single, first, second = (Tag.objects.create(name=name) for name in ("a", "b", "c"))

    response = admin_client.post(reverse("admin:candidates_tag_delete", args=[single.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = admin_client.post(
        reverse("admin:candidates_tag_changelist"),
        {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
    )
    assert response.status_code == 302

    assert not Tag.objects.exists()
    deleted = AuditEvent.objects.filter(action="candidates.tag.delete", actor=admin_user)
    assert deleted.count() == 3


def test_a_plan_template_and_its_stages_are_saved_through_reference_save(admin_client, admin_user):
    stage = {"duration_minutes": 60, "interviewers_needed": 1}
    response = admin_client.post(
        reverse("admin:interviews_interviewplantemplate_add"),
        {
            "name": "Sales",
            "is_active": "on",
            "stages-TOTAL_FORMS": 2,
            "stages-INITIAL_FORMS": 0,
            **{f"stages-0-{key}": value for key, value in stage.items()},
            "stages-0-order": 1,
            "stages-0-name": "Call",
            "stages-0-kind": StageKind.PHONE,
            **{f"stages-1-{key}": value for key, value in stage.items()},
            "stages-1-order": 2,
            "stages-1-name": "Offer",
            "stages-1-kind": StageKind.OFFER,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    plan = InterviewPlanTemplate.objects.get(name="Sales")
    assert list(plan.stages.values_list("order", "name")) == [(1, "Call"), (2, "Offer")]
    assert AuditEvent.objects.filter(action="interviews.interviewplantemplate.create", actor=admin_user).count() == 1
    assert AuditEvent.objects.filter(action="interviews.stagetemplate.create", actor=admin_user).count() == 2

    first = plan.stages.get(order=1)
    response = admin_client.post(
        reverse("admin:interviews_interviewplantemplate_change", args=[plan.pk]),
        {
            "name": "Sales",
            "is_active": "on",
            "stages-TOTAL_FORMS": 2,
            "stages-INITIAL_FORMS": 2,
            **{f"stages-{i}-{key}": value for i in (0, 1) for key, value in stage.items()},
            "stages-0-id": first.pk,
            "stages-0-plan": plan.pk,
            "stages-0-order": 1,
            "stages-0-name": "Call",
            "stages-0-kind": StageKind.PHONE,
            "stages-0-DELETE": "on",
            "stages-1-id": plan.stages.get(order=2).pk,
            "stages-1-plan": plan.pk,
            "stages-1-order": 2,
            "stages-1-name": "Offer letter",
            "stages-1-kind": StageKind.OFFER,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(plan.stages.values_list("name", flat=True)) == ["Offer letter"]
    assert AuditEvent.objects.filter(action="interviews.stagetemplate.delete", target_id=str(first.pk)).exists()
    assert AuditEvent.objects.filter(action="interviews.stagetemplate.update").count() == 1
    assert not StageTemplate.objects.filter(pk=first.pk).exists()
