"""`seed_demo`: the demo users and agency."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from accounts.demo import DEMO_PASSWORD_DEFAULT, DEMO_USERS
from accounts.models import User
from analytics.models import StageVisit
from candidates.models import Candidate, Document, Note
from candidates.selectors import candidate_list_for
from candidates.services import document_read
from interviews.models import (
    Application,
    CandidateFeedback,
    Criterion,
    Interview,
    InterviewPlanTemplate,
    Scorecard,
    StageKind,
    StageTransition,
    Trigger,
)
from jobs.models import Client, Job, JobMember
from jobs.selectors import job_list_for
from messaging.models import EmailTemplate
from talentpool.models import TalentPool

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One build shared by the module (it takes seconds), rolled back after its last test.

    Each test's own ``db`` transaction nests inside this one as a savepoint.
    """
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        with transaction.atomic():
            output = io.StringIO()
            call_command("seed_demo", force=True, stdout=output)
            yield output.getvalue()
            transaction.set_rollback(True)


def user(email: str) -> User:
    return User.objects.get(email=email)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Client, Job, Candidate, Document, Application, Interview, Scorecard, TalentPool, Note)
    }


def test_seed_demo_prints_a_one_line_summary(seeded, db):
    assert seeded.count("\n") == 1
    assert "7 users created" in seeded
    assert "8 jobs" in seeded
    assert "60 candidates" in seeded


def test_seed_demo_creates_the_seven_demo_users_with_their_roles_languages_and_password(seeded, db):
    for email, _name, role, language in DEMO_USERS:
        demo_user = user(email)
        assert (demo_user.role, demo_user.language) == (role, language)
        assert demo_user.check_password(DEMO_PASSWORD_DEFAULT)
        assert list(demo_user.groups.values_list("name", flat=True)) == [role]


def test_a_second_run_duplicates_nothing(seeded, db):
    before = counts()
    output = io.StringIO()
    call_command("seed_demo", force=True, stdout=output)
    assert counts() == before
    assert "already there" in output.getvalue()


def test_the_agency_has_two_clients_and_its_own_in_house_team(seeded, db):
    assert Client.objects.count() == 3
    assert Client.objects.filter(is_internal=True).count() == 1
    in_house = Client.objects.get(is_internal=True)
    assert in_house.jobs.exists()
    assert {job.recruiter.role for job in in_house.jobs.all()} <= {"administrator", "recruiter"}


def test_eight_jobs_in_at_least_four_statuses_most_of_them_open(seeded, db):
    statuses = list(Job.objects.values_list("status", flat=True))
    assert len(statuses) == 8
    assert len(set(statuses)) >= 4
    assert max(set(statuses), key=statuses.count) == Job.Status.OPEN


def test_about_sixty_candidates_with_chinese_and_english_names_and_contact_details(seeded, db):
    candidates = list(Candidate.objects.all())
    assert len(candidates) >= 55
    chinese = [c for c in candidates if CJK.search(c.full_name)]
    english = [c for c in candidates if re.fullmatch(r"[A-Za-z .'-]+", c.full_name)]
    assert len(chinese) >= 20 and len(english) >= 20
    assert sum(c.language == "zh-hans" for c in chinese) > len(chinese) / 2
    assert all(c.language == "en" for c in english)
    assert all(c.email and c.headline and c.company and c.skills and c.source_id for c in candidates)
    phones = [c.phone for c in candidates if c.phone]
    assert any(p.startswith("+861") for p in phones)
    assert any(p.startswith(("+1", "+44")) for p in phones)
    assert Candidate.objects.filter(tags__isnull=False).distinct().count() == len(candidates)
    assert len({c.time_zone for c in candidates}) >= 3


def test_every_stage_of_a_job_holds_an_active_application(seeded, db):
    def full(job: Job) -> bool:
        stages = set(job.stages.values_list("pk", flat=True))
        active = set(job.applications.filter(status=Application.Status.ACTIVE).values_list("stage", flat=True))
        return bool(stages) and stages == active

    assert any(full(job) for job in Job.objects.all())


def test_applications_end_rejected_with_a_reason_hired_or_withdrawn(seeded, db):
    rejected = Application.objects.filter(status=Application.Status.REJECTED)
    assert rejected.exists()
    assert not rejected.filter(rejection_reason="").exists()
    assert Application.objects.filter(status=Application.Status.HIRED).exists()
    assert Application.objects.filter(status=Application.Status.WITHDRAWN).exists()
    assert Application.objects.filter(status=Application.Status.ACTIVE).count() > 20


def test_past_interviews_have_submitted_scorecards_and_future_interviews_exist(seeded, db):
    now = timezone.now()
    past = Interview.objects.filter(starts_at__lt=now)
    assert past.exists()
    assert Interview.objects.filter(starts_at__gt=now).exists()
    for interview in past:
        submitted = interview.scorecards.filter(status=Scorecard.Status.SUBMITTED)
        assert submitted.exists()
        criteria = set(
            Criterion.objects.filter(template=interview.stage.scorecard_template, is_current=True).values_list(
                "pk", flat=True
            )
        )
        for scorecard in submitted:
            assert set(scorecard.ratings.values_list("criterion", flat=True)) == criteria
    assert not Scorecard.objects.filter(interview__starts_at__gt=now).exists()
    assert CandidateFeedback.objects.exists()


def test_stages_come_with_a_kit_and_a_scorecard_of_grouped_anchored_criteria(seeded, db):
    job = Job.objects.get(title__startswith="Senior Backend")
    assert set(job.stages.values_list("kind", flat=True)) == set(StageKind.values)
    for stage in job.stages.all():
        assert stage.kit.kit_questions.count() >= 3
        criteria = stage.scorecard_template.criteria.filter(is_current=True)
        assert criteria.exists()
        for criterion in criteria:
            assert set(criterion.anchors) == {"1", "2", "3", "4"}
    groups = set(Criterion.objects.values_list("group", flat=True))
    assert groups == set(Criterion.Group.values)
    assert Criterion.objects.filter(weight__gt=1).exists()
    assert Criterion.objects.filter(required=False).exists()


def test_a_talent_pool_holds_members_and_checks_in_on_a_cadence(seeded, db):
    pools = TalentPool.objects.filter(cadence_days__isnull=False, memberships__isnull=False).distinct()
    assert pools.exists()
    membership = pools.first().memberships.first()
    assert membership.next_check_in_at > timezone.now()


def test_a_chinese_candidates_resume_is_a_pdf_whose_text_holds_their_chinese_name(seeded, db):
    candidate = Candidate.objects.filter(language="zh-hans", documents__isnull=False).first()
    document = candidate.documents.get()
    content = document_read(document=document)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert candidate.full_name in reader.pages[0].extract_text()
    assert candidate.full_name in document.text
    assert Document.objects.count() >= 45


def test_the_recruiters_each_see_their_own_clients_jobs_only(seeded, db):
    client_a = Job.objects.filter(recruiter__email="recruiter@demo.test").first().client
    client_b = Job.objects.filter(recruiter__email="recruiter2@demo.test").first().client
    assert client_a != client_b
    for email, own, other in [
        ("recruiter@demo.test", client_a, client_b),
        ("recruiter2@demo.test", client_b, client_a),
    ]:
        visible = job_list_for(user(email))
        assert set(own.jobs.all()) <= set(visible)
        assert not visible.filter(client=other).exists()


def test_the_coordinator_and_the_hiring_manager_are_on_client_a(seeded, db):
    client_a = Job.objects.get(title__startswith="Senior Backend").client
    assert set(job_list_for(user("coordinator@demo.test"))) >= set(client_a.jobs.all())
    managed = JobMember.objects.filter(user__email="manager@demo.test", job_role=JobMember.JobRole.HIRING_MANAGER)
    assert 1 <= managed.count() <= 2
    assert {member.job.client for member in managed} == {client_a}
    assert set(job_list_for(user("manager@demo.test"))) == {member.job for member in managed}


def test_the_interviewer_sees_exactly_the_candidates_of_their_panels(seeded, db):
    interviewer = user("interviewer@demo.test")
    seats = Interview.objects.filter(panelists__user=interviewer)
    now = timezone.now()
    assert seats.filter(starts_at__lt=now, scorecards__interviewer=interviewer).exists()
    assert seats.filter(starts_at__gt=now).exists()
    panel_candidates = set(seats.values_list("application__candidate", flat=True))
    assert set(candidate_list_for(interviewer).values_list("pk", flat=True)) == panel_candidates
    assert 0 < len(panel_candidates) < Candidate.objects.count()


def test_seed_demo_refuses_to_run_with_debug_off_unless_forced(seeded, db, settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert counts() == before
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert counts() == before


def test_the_demo_has_six_months_of_history_in_order(seeded, db):
    now = timezone.now()
    span = Application.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] - span["first"] > timedelta(days=90)
    assert span["last"] <= now
    # Every application's transitions: the first at its creation, then in order, none in the future.
    times: dict[int, list] = {}
    for application_id, at in StageTransition.objects.order_by("application", "pk").values_list(
        "application", "created_at"
    ):
        times.setdefault(application_id, []).append(at)
    for application in Application.objects.all():
        history = times[application.pk]
        assert history[0] == application.created_at
        assert history == sorted(history) and history[-1] <= now
        if application.status == Application.Status.ACTIVE:
            assert application.closed_at is None and application.stage_entered_at == history[-1]
        else:
            assert application.closed_at == history[-1]
    # Jobs opened before their applications came in; a filled job closed at its last hire.
    for job in Job.objects.exclude(status=Job.Status.DRAFT):
        first = job.applications.aggregate(first=Min("created_at"))["first"]
        assert job.opened_at < now - timedelta(days=90)
        assert first is None or job.opened_at < first
    filled = Job.objects.get(status=Job.Status.FILLED)
    hires = filled.applications.filter(status=Application.Status.HIRED)
    assert filled.closed_at == hires.aggregate(last=Max("closed_at"))["last"]


def test_interviews_scorecards_and_feedback_fit_the_history(seeded, db):
    now = timezone.now()
    assert not Scorecard.objects.filter(submitted_at__lt=F("interview__ends_at")).exists()
    assert not Scorecard.objects.filter(submitted_at__gt=now).exists()
    # Each interview falls within the application's stay in the interview's stage.
    for interview in Interview.objects.filter(starts_at__lt=now):
        visit = StageVisit.objects.get(application=interview.application_id, stage=interview.stage_id)
        assert visit.entered_at <= interview.starts_at
        assert visit.left_at is None or interview.ends_at <= visit.left_at
    # Some scorecards come back days later; most the same day.
    lags = [card.submitted_at - card.interview.ends_at for card in Scorecard.objects.select_related("interview")]
    assert any(lag > timedelta(days=1) for lag in lags)
    assert sum(lag < timedelta(hours=12) for lag in lags) > len(lags) / 2
    # Survey answers come after the process (or the stage they are about) ended; five or more a job.
    for feedback in CandidateFeedback.objects.select_related("application"):
        assert feedback.submitted_at >= (feedback.application.closed_at or feedback.interview.ends_at)
        assert feedback.submitted_at <= now
    per_job = CandidateFeedback.objects.values("application__job").annotate(n=Count("pk"))
    assert per_job and all(row["n"] >= 5 for row in per_job)
    assert len(set(CandidateFeedback.objects.values_list("satisfaction", flat=True))) >= 3


def test_the_roll_up_shows_stages_that_take_different_times_and_applications_still_waiting(seeded, db):
    visits = StageVisit.objects.exclude(outcome=StageVisit.Outcome.OPEN)
    days = {}
    for kind in (StageKind.SCREENING, StageKind.TECHNICAL):
        stays = sorted((visit.left_at - visit.entered_at) for visit in visits.filter(stage_kind=kind))
        days[kind] = stays[len(stays) // 2]
    assert days[StageKind.TECHNICAL] > days[StageKind.SCREENING] + timedelta(days=2)
    assert StageVisit.objects.filter(outcome=StageVisit.Outcome.OPEN).count() >= 20
    over_sla = [
        visit
        for visit in StageVisit.objects.select_related("stage")
        if (visit.left_at or timezone.now()) - visit.entered_at > timedelta(days=visit.stage.sla_days)
    ]
    assert over_sla and len(over_sla) < StageVisit.objects.count() / 2


def test_sources_and_interviewers_differ(seeded, db):
    rates = {
        row["source__name"]: row["hired"] / row["n"]
        for row in Application.objects.values("source__name").annotate(
            n=Count("pk"), hired=Count("pk", filter=Q(status=Application.Status.HIRED))
        )
    }
    assert rates["Employee referral"] >= 0.25
    assert sum(rate == 0 for rate in rates.values()) >= 3

    def mean(email: str) -> float:
        scores = Scorecard.objects.filter(interviewer__email=email).values_list("ratings__score", flat=True)
        return sum(scores) / len(scores)

    assert mean("tom.baker@demo.test") > mean("min.chen@demo.test") + 1


def test_every_demo_email_template_has_an_english_and_a_chinese_version(seeded, db):
    versions: dict[str, set[str]] = {}
    for name, language, subject in EmailTemplate.objects.values_list("name", "language", "subject"):
        versions.setdefault(name, set()).add(language)
        assert bool(CJK.search(subject)) == (language == "zh-hans"), subject
    assert len(versions) >= 3
    assert all(languages == {"en", "zh-hans"} for languages in versions.values()), versions


def test_a_jobs_stages_are_named_in_its_recruiters_language_and_both_languages_occur(seeded, db):
    languages = set()
    for job in Job.objects.select_related("recruiter"):
        names = list(job.stages.values_list("name", flat=True))
        chinese = job.recruiter.language == "zh-hans"
        assert all(bool(CJK.search(name)) == chinese for name in names), (job.title, names)
        languages.add(job.recruiter.language)
    assert languages == {"en", "zh-hans"}
    assert set(InterviewPlanTemplate.objects.values_list("name", flat=True)) >= {
        "技术岗位招聘流程",
        "Engineering hiring plan",
    }


def test_a_candidates_source_is_named_in_the_candidates_language(seeded, db):
    for language, source in Candidate.objects.values_list("language", "source__name"):
        assert bool(CJK.search(source)) == (language == "zh-hans"), (language, source)
    names = set(Candidate.objects.values_list("source__name", flat=True))
    assert {"员工内推", "Employee referral", "BOSS直聘", "LinkedIn Jobs"} <= names


def test_the_thank_you_trigger_sends_the_demo_template_in_the_candidates_language(seeded, db):
    trigger = Trigger.objects.get(event=Trigger.Event.THANK_YOU)
    assert trigger.template_name == "Interview thank-you"
    assert EmailTemplate.objects.filter(name=trigger.template_name, purpose="thank_you").count() == 2
