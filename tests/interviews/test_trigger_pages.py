"""The trigger pages (interviews.views.triggers): the global rules, managed by
who manages email templates, and a job's own rules, read by whoever sees the
job and changed by who may change it; adding, editing, switching and
deleting rules through the service, with its refusals shown on the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from interviews.models import Trigger
from interviews.services import application_move
from interviews.services.triggers import trigger_save
from messaging.models import EmailTemplate, OutboundEmail
from tests import factories
from tests.core.test_pages import INLINE

pytestmark = pytest.mark.django_db

LIST = reverse("interviews:trigger-list")
CREATE = reverse("interviews:trigger-create")
MANAGERS = ["administrator", "recruiter", "outsider"]  # templates are shared: no grant needed
NOT_MANAGERS = ["coordinator", "reviewer", "interviewer", "hiring_manager"]
JOB_EDITORS = ["administrator", "recruiter"]
JOB_READERS = ["coordinator", "reviewer", "hiring_manager"]
JOB_STRANGERS = ["outsider", "interviewer"]
# Global rules are unique per event and reason: ten distinct scopes.
REASONS = ["skills", "culture", "compensation", "location", "position_filled"]


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def assert_clean(html: str) -> None:
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def template(name: str, purpose: str = EmailTemplate.Purpose.STAGE_ENTRY) -> str:
    for language in ("en", "zh-hans"):
        EmailTemplate.objects.create(
            name=name, purpose=purpose, language=language, subject=f"{name} {{{{ job_title }}}}", body_text="Hello"
        )
    return name


def trigger(event: str, **fields) -> Trigger:
    return trigger_save(trigger=Trigger(event=event, **fields), actor=None)


def job_url(job) -> str:
    return reverse("interviews:job-triggers", args=[job.public_id])


def job_create_url(job) -> str:
    return reverse("interviews:job-trigger-create", args=[job.public_id])


def url(name: str, trigger_: Trigger) -> str:
    return reverse(f"interviews:{name}", args=[trigger_.public_id])


def form_data(**extra) -> dict:
    return {
        "event": "stage_entry",
        "template_name": "",
        "delay_hours": "0",
        "timing": "delay",
        "is_active": "on",
    } | extra


# --- Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_who_manages_email_templates_opens_and_changes_the_global_rules(client, personas, persona):
    rule = trigger(Trigger.Event.INTERVIEW, is_active=False)
    client.force_login(personas[persona])
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    assert html.count('data-testid="trigger-event"') == len(Trigger.Event.choices)
    assert 'data-testid="trigger-form"' in html and url("trigger-toggle", rule) in html
    assert client.get(url("trigger-edit", rule)).status_code == 200
    assert client.post(url("trigger-toggle", rule)).status_code == 302
    assert Trigger.objects.get(pk=rule.pk).is_active


@pytest.mark.parametrize("persona", NOT_MANAGERS)
def test_the_global_rules_are_not_found_for_everyone_else(client, personas, persona):
    rule = trigger(Trigger.Event.INTERVIEW, is_active=False)
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 404
    assert client.post(CREATE, form_data(event="interview")).status_code == 404
    assert client.get(url("trigger-edit", rule)).status_code == 404
    assert client.post(url("trigger-edit", rule), form_data(event="interview")).status_code == 404
    assert client.post(url("trigger-toggle", rule)).status_code == 404
    assert client.post(url("trigger-delete", rule)).status_code == 404
    assert list(Trigger.objects.values_list("event", "is_active")) == [("interview", False)]


@pytest.mark.parametrize("persona", [*JOB_EDITORS, *JOB_READERS])
def test_whoever_sees_the_job_reads_its_rules_and_only_editors_get_the_controls(client, personas, job, persona):
    rule = trigger(Trigger.Event.INTERVIEW, job=job, is_active=False)
    client.force_login(personas[persona])
    response = client.get(job_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    assert html.count('data-testid="trigger-row"') == 1
    editor = persona in JOB_EDITORS
    assert ('data-testid="trigger-form"' in html) == editor
    assert (url("trigger-toggle", rule) in html) == editor


@pytest.mark.parametrize("persona", JOB_READERS)
def test_readers_of_the_job_may_not_change_its_rules(client, personas, job, persona):
    rule = trigger(Trigger.Event.INTERVIEW, job=job, is_active=False)
    client.force_login(personas[persona])
    assert client.post(job_create_url(job), form_data(event="sla_nudge")).status_code == 403
    assert client.get(url("trigger-edit", rule)).status_code == 403
    assert client.post(url("trigger-edit", rule), form_data(event="interview")).status_code == 403
    assert client.post(url("trigger-toggle", rule)).status_code == 403
    assert client.post(url("trigger-delete", rule)).status_code == 403
    assert list(Trigger.objects.values_list("event", "is_active")) == [("interview", False)]


@pytest.mark.parametrize("persona", JOB_STRANGERS)
def test_the_rules_of_a_job_the_user_does_not_see_are_not_found(client, personas, job, application, persona):
    factories.interview(application_=application, panel=[personas["interviewer"]])
    rule = trigger(Trigger.Event.INTERVIEW, job=job, is_active=False)
    client.force_login(personas[persona])
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_create_url(job), form_data(event="sla_nudge")).status_code == 404
    assert client.get(url("trigger-edit", rule)).status_code == 404
    assert client.post(url("trigger-toggle", rule)).status_code == 404
    assert client.post(url("trigger-delete", rule)).status_code == 404
    assert Trigger.objects.get().is_active is False


def test_a_trigger_that_does_not_exist_is_not_found(client, recruiter):
    client.force_login(recruiter)
    missing = reverse("interviews:trigger-edit", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(missing).status_code == 404


def test_the_trigger_actions_refuse_the_wrong_method(client, recruiter, job):
    rule = trigger(Trigger.Event.INTERVIEW)
    client.force_login(recruiter)
    assert client.get(CREATE).status_code == 405
    assert client.get(job_create_url(job)).status_code == 405
    assert client.get(url("trigger-toggle", rule)).status_code == 405
    assert client.get(url("trigger-delete", rule)).status_code == 405
    assert client.post(LIST).status_code == 405
    assert client.post(job_url(job)).status_code == 405


# --- Adding rules ----------------------------------------------------------------------


def test_a_global_stage_entry_rule_added_on_the_page_emails_candidates_who_move(client, recruiter, job, application):
    client.force_login(recruiter)
    name = template("Moving on")
    response = client.post(CREATE, form_data(template_name=name, delay_hours="2"))
    assert response.status_code == 302 and response["Location"] == LIST
    rule = Trigger.objects.get()
    assert (rule.job, rule.stage, rule.template_name, rule.delay_hours) == (None, None, name, 2)
    assert rule.created_by == recruiter
    assert AuditEvent.objects.filter(action="interviews.trigger.create").count() == 1
    page = client.get(LIST).content.decode()
    assert "Trigger saved" in page and name in page
    application_move(application=application, to_stage=job.stages.order_by("order")[1], actor=recruiter)
    email = OutboundEmail.objects.get(idempotency_key__startswith=f"application:{application.pk}:stage-entry:")
    assert email.status == "queued" and email.subject == f"Moving on {job.title}"


def test_a_recruiter_adds_a_rule_for_one_stage_of_a_job(client, recruiter, job):
    client.force_login(recruiter)
    stage = job.stages.order_by("order")[1]
    page = client.get(job_url(job)).content.decode()
    assert f'value="{stage.pk}"' in page and "every stage of this job" in page
    response = client.post(job_create_url(job), form_data(event="sla_nudge", stage=stage.pk, delay_hours="24"))
    assert response.status_code == 302 and response["Location"] == job_url(job)
    rule = Trigger.objects.get()
    assert (rule.event, rule.job, rule.stage, rule.delay_hours) == ("sla_nudge", job, stage, 24)
    assert client.get(job_url(job)).content.decode().count('data-testid="trigger-row"') == 1


def test_a_stage_of_another_job_cannot_be_chosen(client, recruiter, job):
    client.force_login(recruiter)
    other = factories.job().stages.first()
    response = client.post(job_create_url(job), form_data(event="sla_nudge", stage=other.pk))
    assert response.status_code == 200 and 'data-testid="trigger-form"' in response.content.decode()
    assert not Trigger.objects.exists()


def test_the_template_select_groups_the_active_templates_by_purpose(client, recruiter):
    template("Moving on")
    template("Sorry", EmailTemplate.Purpose.REJECTION)
    template("Anything", EmailTemplate.Purpose.CUSTOM)
    template("Reminder", EmailTemplate.Purpose.REMINDER)
    EmailTemplate.objects.filter(name="Anything", language="en").update(is_active=False)
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert "— built-in email —" in html
    assert '<optgroup label="Stage entry">' in html and '<optgroup label="Rejection">' in html
    assert 'value="Anything"' in html  # active in one language
    assert 'value="Reminder"' not in html  # no event sends reminders


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose the email this trigger sends."),
        ({"template_name": "Moving on", "rejection_reason": "skills"}, "Only rejection triggers have a reason."),
        ({"event": "rejection", "template_name": "Moving on"}, "not written for this event"),
        ({"template_name": "Nowhere"}, "Select a valid choice"),
        ({"delay_hours": "-1", "template_name": "Moving on"}, "greater than or equal to 0"),
    ],
)
def test_invalid_rules_show_why_and_write_nothing(client, recruiter, data, error):
    template("Moving on")
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(**data))
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html and "<html" in html
    assert not Trigger.objects.exists() and not AuditEvent.objects.filter(action__startswith="interviews.trigger")


def test_a_second_rule_for_the_same_scope_is_refused(client, recruiter, job):
    trigger(Trigger.Event.SLA_NUDGE)
    trigger(Trigger.Event.SLA_NUDGE, job=job)
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(event="sla_nudge"))
    assert response.status_code == 200 and "There is already a rule for this event here" in response.content.decode()
    response = client.post(job_create_url(job), form_data(event="sla_nudge", delay_hours="5"))
    assert response.status_code == 200 and "There is already a rule for this event here" in response.content.decode()
    assert Trigger.objects.count() == 2 and not Trigger.objects.filter(delay_hours=5).exists()


def test_htmx_gets_the_form_region_with_errors_and_a_redirect_on_success(client, recruiter, job):
    client.force_login(recruiter)
    invalid = client.post(CREATE, form_data(), **htmx())
    html = invalid.content.decode()
    assert invalid.status_code == 200 and 'id="trigger-form"' in html and "<html" not in html
    assert "Choose the email this trigger sends." in html
    saved = client.post(job_create_url(job), form_data(event="interview", is_active=""), **htmx())
    assert saved.status_code == 200 and saved["HX-Redirect"] == job_url(job)
    assert Trigger.objects.get(job=job).is_active is False


def test_the_service_clears_what_an_event_does_not_use(client, recruiter):
    template("Moving on")
    client.force_login(recruiter)
    client.post(
        CREATE, form_data(event="interview", template_name="Moving on", delay_hours="3", timing="working_morning")
    )
    rule = Trigger.objects.get()
    assert (rule.template_name, rule.delay_hours, rule.timing) == ("", 0, "delay")


# --- Editing, switching, deleting -----------------------------------------------------------


def test_a_recruiter_edits_a_job_rule_and_comes_back_to_the_job_page(client, recruiter, job):
    name = template("Sorry", EmailTemplate.Purpose.REJECTION)
    rule = trigger(Trigger.Event.REJECTION, job=job, template_name=name)
    client.force_login(recruiter)
    page = client.get(url("trigger-edit", rule)).content.decode()
    assert_clean(page)
    assert 'value="Sorry" selected' in page
    data = form_data(event="rejection", template_name=name, rejection_reason="skills", timing="working_morning")
    response = client.post(url("trigger-edit", rule), data)
    assert response.status_code == 302 and response["Location"] == job_url(job)
    rule.refresh_from_db()
    assert (rule.rejection_reason, rule.timing) == ("skills", "working_morning")
    refused = client.post(url("trigger-edit", rule), data | {"template_name": ""}, **htmx())
    assert refused.status_code == 200 and "Choose the email this trigger sends." in refused.content.decode()
    rule.refresh_from_db()
    assert rule.template_name == name


def test_switching_a_rule_off_and_on(client, recruiter):
    rule = trigger(Trigger.Event.STAGE_ENTRY, template_name=template("Moving on"))
    client.force_login(recruiter)
    response = client.post(url("trigger-toggle", rule))
    assert response.status_code == 302 and response["Location"] == LIST
    assert Trigger.objects.get().is_active is False
    assert "switched off" in client.get(LIST).content.decode()
    client.post(url("trigger-toggle", rule))
    assert Trigger.objects.get().is_active is True
    assert AuditEvent.objects.filter(action="interviews.trigger.update").count() == 2


def test_a_rule_without_its_template_cannot_be_switched_on(client, recruiter):
    rule = trigger(Trigger.Event.STAGE_ENTRY, is_active=False)
    client.force_login(recruiter)
    response = client.post(url("trigger-toggle", rule), follow=True)
    assert "Choose the email this trigger sends." in response.content.decode()
    assert Trigger.objects.get().is_active is False


def test_deleting_a_job_rule_falls_back_to_the_global_one(client, recruiter, job):
    trigger(Trigger.Event.INTERVIEW, is_active=False)
    rule = trigger(Trigger.Event.INTERVIEW, job=job)
    client.force_login(recruiter)
    response = client.post(url("trigger-delete", rule))
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert list(Trigger.objects.values_list("job", flat=True)) == [None]
    assert AuditEvent.objects.filter(action="interviews.trigger.delete").count() == 1
    html = client.get(job_url(job)).content.decode()
    assert "Trigger deleted" in html and html.count('data-testid="global-rule"') == 1


# --- What the pages say ------------------------------------------------------------------------


def test_the_global_page_shows_the_defaults_where_no_rule_is_set(client, recruiter):
    trigger(Trigger.Event.REJECTION, rejection_reason="skills", template_name=template("Sorry", "rejection"))
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    # Every event but the rejection for one reason falls to its default; rejections for other reasons too.
    assert html.count('data-testid="trigger-default"') == len(Trigger.Event.choices)
    assert html.count('data-testid="trigger-row"') == 1
    assert "any other reason" in html


def test_the_job_page_lists_the_global_rules_it_overrides(client, recruiter, job):
    trigger(Trigger.Event.THANK_YOU, delay_hours=2)
    trigger(Trigger.Event.SLA_NUDGE, is_active=False)
    client.force_login(recruiter)
    html = client.get(job_url(job)).content.decode()
    assert "Every job: on, 2 h after" in html and "Every job: off" in html
    assert html.count('data-testid="global-default"') == len(Trigger.Event.choices) - 2
    assert "This job has no rules of its own" in html


@pytest.mark.parametrize("persona", ["recruiter", "coordinator"])
def test_both_pages_speak_chinese_to_a_chinese_user(client, personas, job, persona):
    user = personas[persona]
    user.language = "zh-hans"
    user.save(update_fields=["language"])
    trigger(Trigger.Event.THANK_YOU, delay_hours=2)
    rule = trigger(Trigger.Event.INTERVIEW, job=job, stage=job.stages.first(), is_active=False)
    client.force_login(user)
    pages = [job_url(job)] + ([LIST, url("trigger-edit", rule)] if persona == "recruiter" else [])
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert '<html lang="zh-hans">' in response.content.decode(), page


def test_the_pages_link_to_each_other(client, recruiter, job):
    client.force_login(recruiter)
    assert LIST in client.get(reverse("messaging:template-list")).content.decode()
    assert job_url(job) in client.get(reverse("interviews:job-stages", args=[job.public_id])).content.decode()


# --- Query counts ---------------------------------------------------------------------


def global_rules(count: int) -> None:
    name = template("Sorry", EmailTemplate.Purpose.CUSTOM)  # a custom template fits every event
    scopes = [("interview", ""), ("sla_nudge", ""), ("thank_you", ""), ("rejection", "")]
    scopes += [("rejection", reason) for reason in REASONS] + [("stage_entry", "")]
    for event, reason in scopes[:count]:
        needs = event in {"rejection", "stage_entry"}
        trigger(event, rejection_reason=reason, template_name=name if needs else "")


@pytest.mark.parametrize("count", [3, 10])
def test_the_global_page_runs_the_same_queries_for_few_and_many_rules(
    client, recruiter, django_assert_num_queries, count
):
    global_rules(count)
    client.force_login(recruiter)
    with django_assert_num_queries(GLOBAL_PAGE_QUERIES):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="trigger-row"') == count


@pytest.mark.parametrize("count", [3, 10])
def test_the_job_page_runs_the_same_queries_for_few_and_many_rules(
    client, recruiter, job, django_assert_num_queries, count
):
    global_rules(count)
    stages = list(job.stages.order_by("order"))
    events = ["interview", "sla_nudge", "thank_you"]
    for n in range(count):
        trigger(events[n % 3], job=job, stage=stages[n // 3], is_active=False)
    client.force_login(recruiter)
    with django_assert_num_queries(JOB_PAGE_QUERIES):
        response = client.get(job_url(job))
    html = response.content.decode()
    assert html.count('data-testid="trigger-row"') == count
    assert html.count('data-testid="global-rule"') == count


# Session, user, the global rules, the template names, the rejection reasons (the form's
# active ones, every one for the rules' labels).
GLOBAL_PAGE_QUERIES = 6
# Session, user, the job, its rules, the global rules, the template names, its stages, the
# rejection reasons (the form's active ones, every one for the rules' labels).
JOB_PAGE_QUERIES = 9
