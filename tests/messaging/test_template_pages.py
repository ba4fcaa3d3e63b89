"""Email templates edited in the UI: who may, the list with its
languages side by side, saving with merge fields checked, another language's
version from one, and the preview with sample data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from messaging import merge_fields
from messaging.models import EmailTemplate
from messaging.services import email_template_save

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("messaging:template-list")
CREATE = reverse("messaging:template-create")
PREVIEW = reverse("messaging:template-preview")
# The fields the first senders used: they must keep working.
ORIGINAL_FIELDS = {"candidate_name", "job_title", "client_name", "recruiter_name", "sender_name"}


def save(language="en", subject="Your interview for {{ job_title }}", body="Hi {{ candidate_name }}", **extra):
    values = {
        "actor": None,
        "name": "Interview invite",
        "purpose": EmailTemplate.Purpose.INVITATION,
        "language": language,
        "subject": subject,
        "body_text": body,
        "body_html": "",
        "is_active": True,
    }
    return email_template_save(**values | extra)


def form_data(**extra):
    return {
        "name": "Interview invite",
        "language": "en",
        "purpose": EmailTemplate.Purpose.INVITATION,
        "subject": "Your interview for {{ job_title }}",
        "body_text": "Hi {{ candidate_name }}, see you {{ interview_time }}.\n{{ recruiter_signature }}",
        "body_html": "<p>Hi {{ candidate_name }}</p>",
        "is_active": "on",
    } | extra


def edit_url(template) -> str:
    return reverse("messaging:template-edit", args=[template.public_id])


# --- The merge-field registry --------------------------------------------------------------


def test_the_original_merge_fields_still_exist_beside_the_new_ones():
    assert set(merge_fields.FIELDS) >= ORIGINAL_FIELDS
    assert {
        "stage_name",
        "interview_time",
        "self_schedule_link",
        "reschedule_link",
        "survey_link",
        "check_in_link",
        "recruiter_signature",
    } <= set(merge_fields.FIELDS)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sample_values_give_every_merge_field_a_value_in_each_language(language):
    values = merge_fields.sample_values(language)
    assert set(values) == set(merge_fields.FIELDS)
    assert all(values.values())


def test_interview_time_is_written_in_the_candidates_zone_and_the_emails_language():
    at = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # a Monday: 10:00 in Shanghai
    assert merge_fields.interview_time(at, time_zone="Asia/Shanghai", language="zh-hans") == (
        "2026年12月7日 星期一 10:00 (Asia/Shanghai)"
    )
    assert merge_fields.interview_time(at, time_zone="Europe/London", language="en") == (
        "Monday, Dec. 7, 2026, 02:00 (Europe/London)"
    )


def test_the_recruiter_signature_keeps_its_lines_in_the_html_part_and_escapes_them(recruiter):
    recruiter.full_name = "Rita <Recruiter>"
    signature = merge_fields.signature(recruiter)
    assert signature == "Rita <Recruiter>\nrecruiter@example.test"
    html = merge_fields.render("{{ recruiter_signature }}", {"recruiter_signature": signature}, html=True)
    assert html == "Rita &lt;Recruiter&gt;<br>\nrecruiter@example.test"


# --- Saving ---------------------------------------------------------------------------------


def test_saving_a_template_twice_in_one_language_changes_it_and_audits_both():
    first = save()
    second = save(subject="Interview: {{ job_title }} at {{ client_name }}")
    assert first.pk == second.pk
    assert EmailTemplate.objects.get().subject == "Interview: {{ job_title }} at {{ client_name }}"
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["messaging.email_template.create", "messaging.email_template.update"]
    assert AuditEvent.objects.order_by("pk").last().data == {"fields": ["subject"]}


def test_a_template_naming_an_unknown_merge_field_is_refused_with_that_field_named():
    with pytest.raises(ValidationError) as refused:
        save(body="Hi {{ candidate_name }}, your salary is {{ salary }}")
    assert "salary" in " ".join(refused.value.message_dict["body_text"])
    assert not EmailTemplate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_same_name_in_the_other_language_is_a_second_version():
    save()
    save(language="zh-hans", subject="{{ job_title }}面试邀请", body="{{ candidate_name }}，您好")
    assert sorted(EmailTemplate.objects.values_list("language", flat=True)) == ["en", "zh-hans"]


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["administrator", "recruiter"])
def test_administrators_and_recruiters_manage_templates(client, personas, role):
    template = save()
    client.force_login(personas[role])
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 200
    assert client.get(edit_url(template)).status_code == 200
    assert client.post(PREVIEW, form_data(), **HTMX).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "interviewer", "hiring_manager"])
def test_other_roles_get_a_403_on_every_template_page(client, personas, role):
    template = save()
    client.force_login(personas[role])
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(edit_url(template)).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.post(PREVIEW, form_data()).status_code == 403
    assert EmailTemplate.objects.get().subject == "Your interview for {{ job_title }}"


def test_templates_are_shared_so_a_recruiter_without_grants_sees_them_too(client, outsider):
    save()
    client.force_login(outsider)
    assert "Interview invite" in client.get(LIST).text


def test_an_unknown_or_malformed_template_id_is_a_404(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("messaging:template-edit", args=[uuid.uuid4()])).status_code == 404
    assert client.get(CREATE + "?from=not-a-uuid").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(LIST).status_code == 302


def test_wrong_methods_are_refused(client, recruiter):
    template = save()
    client.force_login(recruiter)
    assert client.post(LIST).status_code == 405
    assert client.get(PREVIEW).status_code == 405
    assert client.delete(edit_url(template)).status_code == 405
    assert client.put(CREATE).status_code == 405


def test_the_nav_shows_email_templates_only_to_roles_that_manage_them(client, recruiter, coordinator):
    client.force_login(recruiter)
    assert f'href="{LIST}"' in client.get(reverse("home")).text
    client.force_login(coordinator)
    assert f'href="{LIST}"' not in client.get(reverse("home")).text


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_each_name_once_with_its_languages_side_by_side(client, recruiter):
    english = save()
    chinese = save(language="zh-hans", subject="{{ job_title }}面试邀请", body="{{ candidate_name }}，您好")
    save(name="Rejection", purpose=EmailTemplate.Purpose.REJECTION, subject="About {{ job_title }}")
    client.force_login(recruiter)
    page = client.get(LIST).text
    assert page.count('data-testid="template-row"') == 2
    assert edit_url(english) in page and edit_url(chinese) in page
    rejection = EmailTemplate.objects.get(name="Rejection")
    # The missing Chinese version of the rejection is offered, starting from the English one.
    assert f"{CREATE}?from={rejection.public_id}" in page


def test_the_list_costs_the_same_few_queries_however_many_templates(client, recruiter):
    client.force_login(recruiter)
    client.get(LIST)
    save()
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(6):
        save(name=f"Template {n}")
        save(name=f"Template {n}", language="zh-hans")
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few) <= 4


# --- Create and edit ---------------------------------------------------------------------------


def test_creating_a_template_saves_it_and_returns_to_the_list(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data())
    assert response.status_code == 302 and response.url == LIST
    template = EmailTemplate.objects.get()
    assert (template.name, template.language, template.is_active) == ("Interview invite", "en", True)
    assert AuditEvent.objects.get(action="messaging.email_template.create").actor == recruiter


def test_an_htmx_save_is_followed_with_a_redirect_header(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(), **HTMX)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == LIST


def test_an_unknown_merge_field_is_refused_at_save_with_the_field_named_in_the_form(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(subject="Offer: {{ salary_band }}"), **HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response.headers
    assert "salary_band" in response.text
    assert 'id="template-form"' in response.text and "<html" not in response.text
    assert not EmailTemplate.objects.exists()


def test_the_plain_form_page_shows_the_merge_fields_to_use(client, recruiter):
    client.force_login(recruiter)
    page = client.get(CREATE).text
    assert "<html" in page and 'data-testid="merge-fields"' in page
    assert "{{ interview_time }}" in page


def test_the_htmx_form_request_gets_only_the_form_region(client, recruiter):
    client.force_login(recruiter)
    fragment = client.get(CREATE, **HTMX).text
    assert fragment.lstrip().startswith('<form id="template-form"') and "<html" not in fragment


def test_editing_changes_that_version_only_and_keeps_its_name_and_language(client, recruiter):
    english = save()
    chinese = save(language="zh-hans", subject="{{ job_title }}面试邀请", body="{{ candidate_name }}，您好")
    client.force_login(recruiter)
    data = form_data(name="Renamed", language="en", subject="{{ job_title }}：面试时间", body_html="")
    response = client.post(edit_url(chinese), data)
    assert response.status_code == 302
    chinese.refresh_from_db()
    english.refresh_from_db()
    assert (chinese.name, chinese.language, chinese.subject) == (
        "Interview invite",
        "zh-hans",
        "{{ job_title }}：面试时间",
    )
    assert english.subject == "Your interview for {{ job_title }}"
    assert EmailTemplate.objects.count() == 2


def test_the_other_language_version_starts_from_the_existing_wording(client, recruiter):
    english = save()
    client.force_login(recruiter)
    page = client.get(f"{CREATE}?from={english.public_id}").text
    assert 'value="zh-hans" selected' in page
    assert 'value="Your interview for {{ job_title }}"' in page
    response = client.post(CREATE, form_data(language="zh-hans", subject="{{ job_title }}面试邀请"))
    assert response.status_code == 302
    assert sorted(EmailTemplate.objects.filter(name="Interview invite").values_list("language", flat=True)) == [
        "en",
        "zh-hans",
    ]


# --- Preview ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Your interview for Senior Backend Engineer", "Hi Alex Morgan, see you Monday, ", "(Europe/London)"]),
        ("zh-hans", ["Your interview for 高级后端工程师", "Hi 王小明, see you ", "星期一 10:00 (Asia/Shanghai)"]),
    ],
)
def test_the_preview_renders_the_parts_with_sample_data_in_the_chosen_language(client, recruiter, language, expected):
    client.force_login(recruiter)
    response = client.post(PREVIEW, form_data(language=language), **HTMX)
    assert response.status_code == 200
    fragment = response.text
    assert fragment.lstrip().startswith('<section id="template-preview"') and "<html" not in fragment
    for text in expected:
        assert text in fragment
    assert merge_fields.sample_values(language)["recruiter_signature"].split("\n")[0] in fragment
    assert "{{" not in fragment


def test_a_saved_template_renders_in_both_languages(recruiter):
    english = save(body="Dear {{ candidate_name }}, {{ stage_name }} on {{ interview_time }}")
    chinese = save(language="zh-hans", subject="{{ job_title }}面试邀请", body="{{ candidate_name }}，{{ stage_name }}")
    en_values, zh_values = merge_fields.sample_values("en"), merge_fields.sample_values("zh-hans")
    assert merge_fields.render(english.body_text, en_values).startswith(
        "Dear Alex Morgan, Technical interview on Monday"
    )
    assert merge_fields.render(chinese.subject, zh_values) == "高级后端工程师面试邀请"
    assert merge_fields.render(chinese.body_text, zh_values) == "王小明，技术面试"


def test_the_html_preview_is_shown_as_escaped_source_never_as_markup(client, recruiter):
    client.force_login(recruiter)
    data = form_data(body_html='<p onclick="steal()">Hi {{ candidate_name }}</p><script>alert(1)</script>')
    fragment = client.post(PREVIEW, data, **HTMX).text
    assert "<script>alert(1)</script>" not in fragment and '<p onclick="steal()">' not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert "&lt;p onclick=&quot;steal()&quot;&gt;Hi Alex Morgan&lt;/p&gt;" in fragment


def test_the_preview_warns_about_unknown_merge_fields_before_saving(client, recruiter):
    client.force_login(recruiter)
    fragment = client.post(PREVIEW, form_data(body_text="Hi {{ nickname }}"), **HTMX).text
    assert "nickname" in fragment and "Unknown merge fields" in fragment


def test_without_javascript_the_preview_comes_back_on_the_whole_form_page_as_typed(client, recruiter):
    client.force_login(recruiter)
    page = client.post(PREVIEW, form_data(name="")).text
    assert "<html" in page and 'data-testid="template-preview"' in page
    assert "Hi Alex Morgan" in page
    assert 'value="Your interview for {{ job_title }}"' in page
    assert "This field is required" not in page  # a preview judges nothing
