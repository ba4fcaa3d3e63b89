"""The closing-reason lists administrators edit (Settings → Closing reasons),
and what a list change does to rejections and their triggers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from interviews.models import ClosingReason, Trigger
from interviews.selectors.closing import closing_reason_choices, closing_reason_labels
from interviews.services import application_reject
from interviews.services.closing_reasons import (
    closing_reason_create,
    closing_reason_restore,
    closing_reason_retire,
    closing_reasons_reorder,
    closing_reasons_seed_defaults,
)
from messaging.models import EmailTemplate, OutboundEmail
from tests import factories
from tests.interviews.test_board import htmx

pytestmark = pytest.mark.django_db

LIST = reverse("closing_reasons:list")


def reason(kind: str, code: str) -> ClosingReason:
    return ClosingReason.objects.get(kind=kind, code=code)


def add_url(kind: str) -> str:
    return reverse("closing_reasons:create", args=[kind])


def edit_url(row: ClosingReason) -> str:
    return reverse("closing_reasons:edit", args=[row.public_id])


def action_url(name: str, row: ClosingReason) -> str:
    return reverse(f"closing_reasons:{name}", args=[row.public_id])


# --- the lists as seeded ----------------------------------------------------------------


def test_the_lists_are_seeded_with_the_former_rejection_reasons_and_the_withdrawal_reasons():
    assert [code for code, _label in closing_reason_choices("rejection")] == [
        "skills",
        "culture",
        "compensation",
        "location",
        "position_filled",
        "no_show",
        "other",
        "knock_out",  # seeded by careers: a knock-out answer on the application form
    ]
    with translation.override("zh-hans"):
        labels = dict(closing_reason_choices("withdrawal"))
    assert labels["accepted_other_offer"] == "已接受其他录用" and labels["other"] == "其他"


# --- the page and its role matrix ----------------------------------------------------------


def test_an_administrator_sees_both_lists_with_the_retired_reasons_marked(client, admin_user):
    closing_reason_retire(reason=reason("rejection", "no_show"), actor=None)
    client.force_login(admin_user)
    html = client.get(LIST).text
    assert 'data-testid="reasons-rejection"' in html and 'data-testid="reasons-withdrawal"' in html
    assert html.count('data-testid="retired"') == 1 and "did not attend" in html
    assert reverse("closing_reasons:list") in client.get(reverse("settings:user-list")).text


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "reviewer", "hiring_manager", "interviewer"])
def test_the_page_and_its_actions_do_not_exist_for_anyone_else(client, personas, persona):
    row = reason("rejection", "skills")
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 404
    assert client.get(edit_url(row)).status_code == 404
    assert client.post(add_url("rejection"), {"code": "x", "label_en": "x"}).status_code == 404
    for name in ("move", "retire", "restore"):
        assert client.post(action_url(name, row), {"direction": "up"}).status_code == 404
    assert reason("rejection", "skills").retired_at is None


def test_the_actions_take_only_a_post(client, admin_user):
    row = reason("rejection", "skills")
    client.force_login(admin_user)
    assert client.post(LIST).status_code == 405
    assert client.get(add_url("rejection")).status_code == 405
    for name in ("move", "retire", "restore"):
        assert client.get(action_url(name, row)).status_code == 405


def test_an_administrator_adds_a_reason_at_the_end_of_its_list(client, admin_user):
    client.force_login(admin_user)
    data = {"code": "visa", "label_en": "visa refused", "label_zh_hans": "签证被拒"}
    response = client.post(add_url("withdrawal"), data)
    assert response.status_code == 302 and response["Location"] == LIST
    added = reason("withdrawal", "visa")
    assert added.order == 6 and added.label_zh_hans == "签证被拒"
    audit = AuditEvent.objects.get(action="interviews.closing_reason.create")
    assert audit.actor == admin_user and audit.data == {"kind": "withdrawal"}


def test_a_reason_whose_code_is_taken_is_refused_on_the_form_by_htmx(client, admin_user):
    client.force_login(admin_user)
    html = client.post(add_url("rejection"), {"code": "skills", "label_en": "Again"}, **htmx()).text
    assert 'id="closing-reasons"' in html and "<html" not in html
    assert "already has this code" in html
    assert ClosingReason.objects.filter(kind="rejection", code="skills").count() == 1


def test_a_reason_without_its_english_label_is_refused_on_the_page_without_javascript(client, admin_user):
    client.force_login(admin_user)
    response = client.post(add_url("rejection"), {"code": "budget", "label_en": ""})
    assert response.status_code == 400 and "<html" in response.text and "is-invalid" in response.text
    assert not ClosingReason.objects.filter(code="budget").exists()


def test_an_unknown_kind_is_a_404(client, admin_user):
    client.force_login(admin_user)
    assert client.post(add_url("promotion"), {"code": "x", "label_en": "x"}).status_code == 404


def test_editing_changes_the_labels_only_and_is_audited(client, admin_user):
    row = reason("rejection", "skills")
    client.force_login(admin_user)
    assert 'name="code"' not in client.get(edit_url(row)).text
    response = client.post(edit_url(row), {"label_en": "skills", "label_zh_hans": "技能", "code": "changed"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.code, row.label_en, row.label_zh_hans) == ("skills", "skills", "技能")
    audit = AuditEvent.objects.get(action="interviews.closing_reason.update")
    assert audit.data == {"fields": ["label_en", "label_zh_hans"]}


def test_the_edit_form_by_htmx_answers_with_its_errors(client, admin_user):
    client.force_login(admin_user)
    html = client.post(edit_url(reason("rejection", "skills")), {"label_en": ""}, **htmx()).text
    assert 'id="reason-form"' in html and "<html" not in html and "is-invalid" in html


def test_moving_a_reason_up_changes_the_order_offered_and_is_audited(client, admin_user):
    client.force_login(admin_user)
    html = client.post(action_url("move", reason("rejection", "culture")), {"direction": "up"}, **htmx()).text
    assert 'id="closing-reasons"' in html
    assert [code for code, _label in closing_reason_choices("rejection")][:2] == ["culture", "skills"]
    assert AuditEvent.objects.filter(action="interviews.closing_reason.reorder").exists()


def test_a_reorder_naming_other_reasons_is_refused():
    with pytest.raises(ValidationError):
        closing_reasons_reorder(kind="rejection", order=[reason("withdrawal", "other").pk], actor=None)


def test_retiring_and_restoring_from_the_page(client, admin_user):
    row = reason("withdrawal", "personal")
    client.force_login(admin_user)
    client.post(action_url("retire", row))
    assert "personal" not in dict(closing_reason_choices("withdrawal"))
    assert "personal" in closing_reason_labels("withdrawal")
    html = client.post(action_url("restore", row), **htmx()).text
    assert "offered again" in html
    assert "personal" in dict(closing_reason_choices("withdrawal"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"interviews.closing_reason.retire", "interviews.closing_reason.restore"} <= actions


def test_the_last_active_reason_of_a_kind_cannot_be_retired(client, admin_user):
    for row in ClosingReason.objects.filter(kind="withdrawal").exclude(code="other"):
        closing_reason_retire(reason=row, actor=None)
    client.force_login(admin_user)
    html = client.post(action_url("retire", reason("withdrawal", "other")), **htmx()).text
    assert "Keep at least one reason" in html
    assert reason("withdrawal", "other").retired_at is None


def test_a_new_reason_can_close_an_application_at_once(job):
    closing_reason_create(kind="rejection", code="budget", label_en="budget cut", actor=None)
    rejected = application_reject(application=factories.application(job_=job), actor=None, reason="budget")
    assert rejected.rejection_reason == "budget"


# --- triggers of a reason -------------------------------------------------------------------


def test_a_trigger_of_a_retired_reason_waits_and_fires_again_once_the_reason_is_restored(job):
    """Decided: a retired reason cannot close an application, so its trigger
    cannot fire meanwhile; it is kept (and listed with the reason's label), and
    works again as soon as the reason is restored."""
    EmailTemplate.objects.create(
        name="Position filled",
        purpose=EmailTemplate.Purpose.REJECTION,
        language="en",
        subject="About {{ job_title }}",
        body_text="Hello {{ candidate_name }}",
    )
    Trigger.objects.create(event="rejection", rejection_reason="position_filled", template_name="Position filled")
    filled = reason("rejection", "position_filled")
    closing_reason_retire(reason=filled, actor=None)
    with pytest.raises(ValidationError):
        application_reject(application=factories.application(job_=job), actor=None, reason="position_filled")
    assert not OutboundEmail.objects.exists()
    closing_reason_restore(reason=filled, actor=None)
    application_reject(application=factories.application(job_=job), actor=None, reason="position_filled")
    assert OutboundEmail.objects.get().subject == "About Robot Whisperer"


def test_the_trigger_pages_name_the_reason_and_the_form_lists_active_reasons(client, admin_user):
    Trigger.objects.create(event="rejection", rejection_reason="no_show", template_name="", is_active=False)
    closing_reason_retire(reason=reason("rejection", "no_show"), actor=None)
    client.force_login(admin_user)
    html = client.get(reverse("interviews:trigger-list")).text
    assert "did not attend" in html
    assert 'value="no_show"' not in html and 'value="skills"' in html


def test_an_emptied_database_gets_the_default_lists_back_and_an_edited_list_is_left_alone():
    ClosingReason.objects.filter(kind="rejection").delete()
    closing_reason_retire(reason=reason("withdrawal", "personal"), actor=None)
    closing_reasons_seed_defaults()
    assert ClosingReason.objects.filter(kind="rejection").count() == 7
    assert reason("withdrawal", "personal").retired_at is not None
    assert ClosingReason.objects.filter(kind="withdrawal").count() == 6
