"""The public application form: the page in both languages, what an
application writes (candidate, resume, application, answers, consents with
their evidence, the confirmation email), where it came from, knock-outs, and
one person applying twice."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import referral_code_ensure
from candidates.models import Candidate, Consent, Document, ProposedUpdate, Source
from candidates.selectors import privacy_notice_in_force
from careers.models import Answer, Question
from careers.services.knockout import KNOCK_OUT
from core.worktime import next_working_morning
from interviews.models import Application, ClosingReason, Trigger
from interviews.services.triggers import trigger_save
from jobs.models import Job
from messaging.models import EmailTemplate, OutboundEmail
from tests import factories
from tests.careers.conftest import apply_url, post, posting_for, question, resume

pytestmark = pytest.mark.django_db


# --- The page ------------------------------------------------------------------------


def test_the_form_shows_in_english_with_the_questions_and_two_consents_on_an_in_house_job(client, posting):
    question(posting, Question.Kind.YES_NO, "Can you work in Shanghai?", label_zh_hans="你能在上海工作吗？")
    response = client.get(apply_url(posting, "lang=en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Apply for Backend Engineer" in page and "Can you work in Shanghai?" in page
    assert 'name="consent_processing"' in page and 'name="consent_talent_pool"' in page
    assert 'name="consent_share"' not in page
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    notice = privacy_notice_in_force()
    assert reverse("careers:privacy-notice", args=[notice.version]) in page


def test_the_form_speaks_chinese_with_the_chinese_labels(client, posting):
    question(posting, Question.Kind.SHORT_TEXT, "Notice period", label_zh_hans="离职通知期", required=True)
    page = client.get(apply_url(posting, "lang=zh-hans")).content.decode()
    assert "后端工程师" in page and "离职通知期" in page and "Notice period" not in page
    assert 'lang="zh-hans"' in page


def test_the_language_follows_the_browser_when_the_link_names_none(client, posting):
    page = client.get(apply_url(posting), headers={"accept-language": "zh-CN,zh;q=0.9"}).content.decode()
    assert "后端工程师" in page


def test_errors_are_named_per_field_in_chinese_and_what_was_typed_is_kept(client, posting):
    response = post(client, posting, "lang=zh-hans", email="not-an-email", consent_processing=None, full_name="王小明")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page and 'data-testid="error-email"' in page
    assert "请输入有效的邮箱地址" in page
    assert 'value="王小明"' in page
    assert 'data-testid="choose-file-again"' in page
    assert not Application.objects.exists()


def test_errors_are_in_english_on_an_english_page(client, posting):
    response = post(client, posting, "lang=en", consent_processing=None)
    assert response.status_code == 400
    assert "We can only take your application with this consent." in response.content.decode()


def test_the_agency_job_asks_a_separate_sharing_consent_naming_the_client_as_the_site_shows_it(client, agency_posting):
    page = client.get(apply_url(agency_posting, "lang=en")).content.decode()
    assert 'name="consent_share"' in page
    assert "A listed fintech company in Shanghai" in page and "Secret Fintech" not in page
    page = client.get(apply_url(agency_posting, "lang=zh-hans")).content.decode()
    assert "上海一家上市金融科技公司" in page


def test_a_closed_or_unknown_posting_gets_a_clear_page(client, posting):
    Job.objects.filter(pk=posting.job_id).update(status=Job.Status.CLOSED)
    response = client.get(apply_url(posting, "lang=en"))
    assert response.status_code == 410 and "no longer takes applications" in response.content.decode()
    response = post(client, posting, "lang=en")
    assert response.status_code == 410 and not Application.objects.exists()
    unknown = reverse("careers:apply", args=[posting.brand.slug, "00000000-0000-0000-0000-000000000000"])
    assert client.get(unknown).status_code == 404


def test_the_form_refuses_other_methods(client, posting):
    assert client.put(apply_url(posting)).status_code == 405
    assert client.post(reverse("careers:applied", args=[posting.brand.slug, posting.public_id])).status_code == 405


# --- What an application writes ------------------------------------------------------------


def test_an_application_stores_candidate_resume_application_consents_with_evidence_and_the_email(client, posting):
    agent = "Mozilla/5.0 (Test) Chrome/140"
    response = post(
        client,
        posting,
        "lang=en",
        address="203.0.113.50",
        headers={"user-agent": agent},
        consent_talent_pool="on",
        email="lena.park@example.test",
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("careers:applied", args=[posting.brand.slug, posting.public_id]))
    candidate = Candidate.objects.get()
    assert candidate.full_name == "Lena Park" and candidate.email == "lena.park@example.test"
    assert candidate.owner == posting.job.recruiter and candidate.language == "en"
    application = Application.objects.get()
    assert application.job == posting.job and application.source.name == "Careers site"
    resume_doc = Document.objects.get(candidate=candidate)
    assert resume_doc.parse_requested and resume_doc.kind == Document.Kind.RESUME
    notice = privacy_notice_in_force()
    consents = {consent.purpose: consent for consent in Consent.objects.filter(candidate=candidate)}
    assert set(consents) == {Consent.Purpose.PROCESSING, Consent.Purpose.TALENT_POOL}
    for consent in consents.values():
        assert consent.notice_version == notice.version and consent.ip_address == "203.0.113.50"
        assert consent.user_agent == agent and timezone.now() - consent.given_at < timedelta(minutes=1)
        assert str(posting.public_id) in consent.evidence and "Backend Engineer" in consent.evidence
    email = OutboundEmail.objects.get(idempotency_key=f"careers.application_received:{application.public_id}")
    assert email.to_address == "lena.park@example.test" and email.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for applying" in page and "Lena" not in page and "lena.park" not in page


def test_the_confirmation_email_is_in_the_language_of_the_page(client, posting):
    post(client, posting, "lang=zh-hans", email="wang@example.test", full_name="王小明")
    email = OutboundEmail.objects.get(template="application_received")
    assert email.language == "zh-hans"
    assert Candidate.objects.get().language == "zh-hans"


def test_the_sharing_consent_names_the_agency_client(client, agency_posting):
    post(client, agency_posting, "lang=en", consent_share="on")
    share = Consent.objects.get(purpose=Consent.Purpose.SHARE_WITH_CLIENT)
    assert share.client == agency_posting.job.client


def test_a_sharing_consent_posted_to_an_in_house_job_is_ignored(client, posting):
    post(client, posting, "lang=en", consent_share="on")
    assert not Consent.objects.filter(purpose=Consent.Purpose.SHARE_WITH_CLIENT).exists()
    assert Consent.objects.filter(purpose=Consent.Purpose.PROCESSING).count() == 1


def test_answers_of_every_kind_are_stored_and_a_file_answer_is_an_attachment(client, posting):
    short = question(posting, Question.Kind.SHORT_TEXT, "Notice period", required=True)
    long = question(posting, Question.Kind.LONG_TEXT, "Why us?")
    single = question(
        posting,
        Question.Kind.SINGLE_CHOICE,
        "Level",
        choices=[{"value": "junior", "label": "Junior"}, {"value": "senior", "label": "Senior"}],
    )
    multi = question(
        posting,
        Question.Kind.MULTIPLE_CHOICE,
        "Languages",
        choices=[{"value": "go", "label": "Go"}, {"value": "py", "label": "Python"}, {"value": "rs", "label": "Rust"}],
    )
    yes_no = question(posting, Question.Kind.YES_NO, "Relocate?")
    portfolio = question(posting, Question.Kind.FILE, "Portfolio")
    retired = question(posting, Question.Kind.SHORT_TEXT, "Old question", retired_at=timezone.now())
    response = post(
        client,
        posting,
        "lang=en",
        **{
            f"q_{short.public_id.hex}": "One month",
            f"q_{long.public_id.hex}": "Because.",
            f"q_{single.public_id.hex}": "senior",
            f"q_{multi.public_id.hex}": ["go", "rs"],
            f"q_{yes_no.public_id.hex}": "yes",
            f"q_{portfolio.public_id.hex}": resume(name="portfolio.pdf"),
            f"q_{retired.public_id.hex}": "ignored",
            "q_ffffffffffffffffffffffffffffffff": "unknown question, ignored",
        },
    )
    assert response.status_code == 302
    answers = {answer.question_id: answer for answer in Answer.objects.all()}
    assert set(answers) == {short.pk, long.pk, single.pk, multi.pk, yes_no.pk, portfolio.pk}
    assert json.loads(answers[multi.pk].value) == ["go", "rs"]
    assert json.loads(answers[single.pk].value) == "senior"
    attachment = answers[portfolio.pk].document
    assert attachment.kind == Document.Kind.ATTACHMENT and attachment.filename == "portfolio.pdf"
    assert not any(answer.is_knockout for answer in answers.values())


def test_a_required_question_left_empty_and_an_unknown_choice_are_named(client, posting):
    required = question(posting, Question.Kind.SHORT_TEXT, "Notice period", required=True)
    single = question(posting, Question.Kind.SINGLE_CHOICE, "Level", choices=[{"value": "junior", "label": "Junior"}])
    response = post(client, posting, "lang=en", **{f"q_{single.public_id.hex}": "wizard"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="error-q_{required.public_id.hex}"' in page
    assert f'data-testid="error-q_{single.public_id.hex}"' in page
    assert not Application.objects.exists()


# --- Knock-outs ----------------------------------------------------------------------------


def test_a_knock_out_answer_rejects_with_the_knock_out_reason_and_the_email_follows_the_trigger(client, posting):
    assert ClosingReason.objects.filter(kind="rejection", code=KNOCK_OUT, retired_at__isnull=True).exists()
    for language in ("en", "zh-hans"):
        EmailTemplate.objects.create(
            name="Polite no",
            purpose="rejection",
            language=language,
            subject="No: {{ job_title }}",
            body_text="Dear {{ candidate_name }}",
        )
    trigger_save(
        trigger=Trigger(
            event=Trigger.Event.REJECTION,
            rejection_reason=KNOCK_OUT,
            template_name="Polite no",
            timing=Trigger.Timing.WORKING_MORNING,
        ),
        actor=None,
    )
    permit = question(posting, Question.Kind.YES_NO, "Do you hold a work permit?", knockout_answers=["no"])
    response = post(client, posting, "lang=en", **{f"q_{permit.public_id.hex}": "no"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Application.Status.REJECTED and application.rejection_reason == KNOCK_OUT
    assert Answer.objects.get().is_knockout
    rejection = OutboundEmail.objects.get(idempotency_key=f"application:{application.pk}:rejection")
    assert rejection.due_at == next_working_morning(application.closed_at, time_zone=application.candidate.time_zone)
    assert rejection.due_at > timezone.now()
    # The confirmation still goes, and the thank-you page is the same.
    assert OutboundEmail.objects.filter(idempotency_key__startswith="careers.application_received:").count() == 1


def test_a_knock_out_among_multiple_choices_counts_too(client, posting):
    multi = question(
        posting,
        Question.Kind.MULTIPLE_CHOICE,
        "Shifts",
        knockout_answers=["night"],
        choices=[{"value": "day", "label": "Day"}, {"value": "night", "label": "Night only"}],
    )
    post(client, posting, "lang=en", **{f"q_{multi.public_id.hex}": ["day", "night"]})
    assert Application.objects.get().status == Application.Status.REJECTED


# --- Where the candidate came from -------------------------------------------------------


def test_source_names_a_known_source_whatever_its_case(client, posting):
    board = Source.objects.create(name="LinkedIn", kind=Source.Kind.JOB_BOARD)
    post(client, posting, "lang=en&source=linkedin", source="linkedin")
    application = Application.objects.get()
    assert application.source == board and application.source_detail == ""


def test_utm_source_rides_along_from_the_link_into_the_form(client, posting):
    page = client.get(apply_url(posting, "utm_source=boss%E7%9B%B4%E8%81%98&lang=en")).content.decode()
    assert 'name="utm_source"' in page and "boss直聘" in page
    post(client, posting, "lang=en", utm_source="boss直聘\x07\x00 weekly")
    application = Application.objects.get()
    assert application.source.name == "Careers site" and application.source.kind == Source.Kind.CAREER_SITE
    assert application.source_detail == "boss直聘 weekly"


def test_a_long_source_is_trimmed(client, posting):
    post(client, posting, "lang=en", source="x" * 180)
    assert Application.objects.get().source_detail == "x" * 100


def test_a_referral_code_sets_the_referral_source_and_the_referrer(client, posting, recruiter):
    code = referral_code_ensure(user=recruiter)
    assert referral_code_ensure(user=recruiter) == code and len(code) == 10
    post(client, posting, f"lang=en&ref={code}", ref=code)
    application = Application.objects.get()
    assert application.referred_by == recruiter and application.source.kind == Source.Kind.REFERRAL


def test_an_unknown_referral_code_falls_back_to_the_careers_site(client, posting):
    post(client, posting, "lang=en", ref="nobody")
    application = Application.objects.get()
    assert application.referred_by is None and application.source.name == "Careers site"


def test_the_source_survives_an_error_re_render(client, posting):
    response = post(client, posting, "lang=en", source="wechat", email="bad")
    assert 'name="source" value="wechat"' in response.content.decode()


# --- One person, twice ---------------------------------------------------------------------


def test_the_same_email_applying_twice_is_one_candidate_and_one_application_per_job(client, posting, brand):
    first = post(client, posting, "lang=en", email="li.lei@example.test", full_name="Li Lei", phone="+8613800138000")
    again = post(client, posting, "lang=en", email="Li.Lei@Example.test", full_name="Li Lei", phone="+8613911112222")
    assert first.status_code == again.status_code == 302
    assert Candidate.objects.count() == 1 and Application.objects.count() == 1
    candidate = Candidate.objects.get()
    assert candidate.documents.count() == 2  # the second resume is kept
    assert OutboundEmail.objects.filter(idempotency_key__startswith="careers.application_received:").count() == 1

    second_job = posting_for(brand, title="Frontend Engineer")
    post(client, second_job, "lang=en", email="li.lei@example.test", full_name="Lei Li", phone="+8613800138000")
    assert Candidate.objects.count() == 1
    assert set(Application.objects.values_list("job_id", flat=True)) == {posting.job_id, second_job.job_id}
    candidate.refresh_from_db()
    assert candidate.full_name == "Li Lei" and candidate.phone == "+8613800138000"
    proposed = ProposedUpdate.objects.filter(candidate=candidate, status=ProposedUpdate.Status.PENDING)
    assert {update.field for update in proposed} == {"phone", "full_name"}
    assert all(update.origin == ProposedUpdate.Origin.APPLICATION for update in proposed)


def test_a_known_phone_with_a_new_email_finds_the_candidate(client, posting):
    known = factories.candidate(full_name="Han Mei", email="han@example.test", phone="+8613700137000")
    post(client, posting, "lang=en", email="hanmei@work.test", full_name="Han Mei", phone="+86 137 0013 7000")
    assert Candidate.objects.count() == 1 and Application.objects.get().candidate == known


def test_each_member_sees_their_own_referral_link_made_on_first_view(client, recruiter, interviewer):
    client.force_login(interviewer)
    page = client.get(reverse("careers:referral")).content.decode()
    interviewer.refresh_from_db()
    assert interviewer.referral_code and f"?ref={interviewer.referral_code}" in page
    assert client.get(reverse("careers:referral")).status_code == 200
    interviewer.refresh_from_db()
    assert f"?ref={interviewer.referral_code}" in page  # the same code the second time
    assert 'data-testid="menu-referral"' in client.get(reverse("home")).content.decode()
    assert client.post(reverse("careers:referral")).status_code == 405


# --- Query counts --------------------------------------------------------------------------


def test_the_form_and_an_application_run_a_fixed_number_of_queries(client, posting, django_assert_num_queries):
    question(posting, Question.Kind.YES_NO, "Work permit?", knockout_answers=["no"])
    question(posting, Question.Kind.SHORT_TEXT, "Notice period")
    client.get(apply_url(posting, "lang=en"))  # warm the notice and the sources
    with django_assert_num_queries(FORM_QUERIES):
        assert client.get(apply_url(posting, "lang=en")).status_code == 200
    post(client, posting, "lang=en")  # the first makes the "Careers site" source
    with django_assert_num_queries(POST_QUERIES):
        assert post(client, posting, "lang=en").status_code == 302
    # Answers are one INSERT, however many questions were answered.
    answers = {f"q_{q.public_id.hex}": "yes" if q.kind == "yes_no" else "One month" for q in Question.objects.all()}
    with django_assert_num_queries(POST_QUERIES + 1):
        assert post(client, posting, "lang=en", **answers).status_code == 302


FORM_QUERIES = 3
POST_QUERIES = 50
