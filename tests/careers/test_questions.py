"""The staff editor of a job's application questions: who reads and who
changes it, adding (choices as lines, knock-outs checked), editing, moving,
and retiring (a question with answers is kept)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.models import Answer, Posting, Question
from core.models import AuditEvent
from jobs.services import client_create, client_grant
from tests import factories
from tests.careers.conftest import question

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def job(recruiter, coordinator, admin_user):
    client = client_create(actor=admin_user, name="Acme Careers", is_internal=True)
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    return factories.job(recruiter=recruiter, client=client, title="Backend Engineer")


@pytest.fixture
def posting(job):
    from careers.models import Brand

    brand = Brand.objects.create(client=job.client, slug="acme", display_name="Acme", is_published=True)
    return Posting.objects.create(
        job=job, brand=brand, title="Backend Engineer", description="x", published_at=timezone.now()
    )


def list_url(job) -> str:
    return reverse("careers:question-list", args=[job.public_id])


def add_url(job) -> str:
    return reverse("careers:question-create", args=[job.public_id])


CHOICE = {
    "kind": "single_choice",
    "label": "Level",
    "label_zh_hans": "级别",
    "choices": "junior | Junior | 初级\nsenior | Senior | 高级",
    "knockout_answers": "junior",
    "required": "on",
}


def test_the_recruiter_adds_a_choice_question_with_a_knock_out(client, recruiter, job, posting):
    client.force_login(recruiter)
    response = client.post(add_url(job), CHOICE)
    assert response.status_code == 302 and response["Location"] == list_url(job)
    added = Question.objects.get()
    assert added.choices == [
        {"value": "junior", "label": "Junior", "label_zh_hans": "初级"},
        {"value": "senior", "label": "Senior", "label_zh_hans": "高级"},
    ]
    assert added.knockout_answers == ["junior"] and added.required
    assert AuditEvent.objects.filter(action="careers.question.create").exists()
    page = client.get(list_url(job)).content.decode()
    assert "Level" in page and "级别" in page


def test_a_knock_out_that_is_not_a_choice_is_named(client, recruiter, job, posting):
    client.force_login(recruiter)
    response = client.post(add_url(job), {**CHOICE, "knockout_answers": "wizard"}, **HTMX)
    assert response.status_code == 200
    assert "Knock-out answers must be among the answers offered: wizard." in response.content.decode()
    assert not Question.objects.exists()
    response = client.post(add_url(job), {"kind": "short_text", "label": "Notice", "knockout_answers": "no"})
    assert response.status_code == 400 and not Question.objects.exists()


def test_the_htmx_add_answers_with_the_questions_region(client, recruiter, job, posting):
    client.force_login(recruiter)
    response = client.post(add_url(job), {"kind": "yes_no", "label": "Work permit?", "knockout_answers": "no"}, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="questions"')


def test_the_coordinator_reads_the_form_but_may_not_change_it(client, coordinator, job, posting):
    question(posting, Question.Kind.SHORT_TEXT, "Notice period")
    client.force_login(coordinator)
    page = client.get(list_url(job)).content.decode()
    assert "Notice period" in page and 'data-testid="add-question"' not in page
    assert client.post(add_url(job), CHOICE).status_code == 403
    target = Question.objects.get()
    assert client.post(reverse("careers:question-retire", args=[target.public_id])).status_code == 403


def test_an_interviewer_gets_403_and_an_outsider_404(client, interviewer, outsider, job, posting):
    client.force_login(outsider)
    assert client.get(list_url(job)).status_code == 404
    target = question(posting, Question.Kind.SHORT_TEXT, "Notice period")
    assert client.get(reverse("careers:question-edit", args=[target.public_id])).status_code == 404
    client.force_login(interviewer)
    assert client.get(list_url(job)).status_code in (403, 404)


def test_the_list_refuses_post_and_the_actions_refuse_get(client, recruiter, job, posting):
    client.force_login(recruiter)
    target = question(posting, Question.Kind.SHORT_TEXT, "Notice period")
    assert client.post(list_url(job)).status_code == 405
    assert client.get(add_url(job)).status_code == 405
    assert client.get(reverse("careers:question-retire", args=[target.public_id])).status_code == 405
    assert client.get(reverse("careers:question-move", args=[target.public_id])).status_code == 405


def test_moving_and_editing_a_question(client, recruiter, job, posting):
    first = question(posting, Question.Kind.SHORT_TEXT, "First")
    second = question(posting, Question.Kind.SHORT_TEXT, "Second")
    client.force_login(recruiter)
    client.post(reverse("careers:question-move", args=[second.public_id]), {"direction": "up"})
    assert list(posting.questions.order_by("order").values_list("label", flat=True)) == ["Second", "First"]
    edit = reverse("careers:question-edit", args=[first.public_id])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"kind": "long_text", "label": "First, longer", "label_zh_hans": "第一"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.kind == "long_text" and first.label_zh_hans == "第一"


def test_a_question_with_answers_is_retired_and_one_without_is_removed(client, recruiter, job, posting):
    answered = question(posting, Question.Kind.SHORT_TEXT, "Answered")
    unanswered = question(posting, Question.Kind.SHORT_TEXT, "Unanswered")
    application = factories.application(job_=job)
    Answer.objects.create(application=application, question=answered, value='"yes"')
    client.force_login(recruiter)
    client.post(reverse("careers:question-retire", args=[answered.public_id]))
    client.post(reverse("careers:question-retire", args=[unanswered.public_id]))
    answered.refresh_from_db()
    assert answered.retired_at is not None and not Question.objects.filter(pk=unanswered.pk).exists()
    assert Answer.objects.count() == 1
    # A retired question is no longer asked.
    apply_page = client.get(reverse("careers:apply", args=[posting.brand.slug, posting.public_id])).content.decode()
    assert "Answered" not in apply_page


def test_a_job_without_a_posting_says_so(client, recruiter, job):
    client.force_login(recruiter)
    page = client.get(list_url(job)).content.decode()
    assert 'data-testid="no-posting"' in page
    response = client.post(add_url(job), CHOICE)
    assert response.status_code == 302 and not Question.objects.exists()


def test_the_job_page_links_to_the_application_form(client, recruiter, job):
    client.force_login(recruiter)
    page = client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
    assert list_url(job) in page


def test_the_reviewer_reads_the_form_and_every_change_is_refused(client, reviewer, job, posting):
    target = question(posting, Question.Kind.SHORT_TEXT, "Notice period")
    client.force_login(reviewer)
    assert client.get(list_url(job)).status_code == 200
    for url, data in [
        (add_url(job), CHOICE),
        (reverse("careers:question-edit", args=[target.public_id]), {"kind": "short_text", "label": "Changed"}),
        (reverse("careers:question-move", args=[target.public_id]), {"direction": "down"}),
        (reverse("careers:question-retire", args=[target.public_id]), {}),
    ]:
        assert client.post(url, data).status_code in (403, 404)
    target.refresh_from_db()
    assert target.label == "Notice period" and target.retired_at is None and Question.objects.count() == 1
