"""The demo agency that seed_demo loads, built through the services.

Every row is written by the owning app's service (reference rows through
``core.services.reference_save``), so the demo exercises the same validation,
timeline and audit paths as the product. Times are relative to ``now`` (the
demo always has interviews coming up) and every choice comes from one seeded
``random.Random``: two builds from an empty database look the same.

The agency has about six months of history, so the analytics have durations
to measure. Each application's history is planned first (``_history``: when
it came in, when each interview took place and each scorecard came back, when
it moved on or closed), then written through the services as today's rows,
then those rows are backdated with queryset ``update()`` (``_backdate``):
StageTransition is append-only through ``save()``, and rewriting its time is
the demo loader's privilege. Plans are shifted in whole weeks or days that
keep interviews on working days at their slot times.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, DateTimeField, Min, OuterRef, Subquery, Value, When
from django.utils import timezone

from accounts.demo import DEMO_USERS
from accounts.models import User
from accounts.services import user_create, user_set_role
from candidates.models import Activity, Candidate, Consent
from candidates.services import candidate_create, document_create, note_create, source_get_or_create
from candidates.services.consents import consent_record
from careers.services import site as careers_site
from core.services import reference_save
from demo.data import (
    ACTIVE,
    BEHAVIOUR_RUBRIC,
    CAREERS_POSTINGS,
    CAREERS_SITES,
    CAREERS_STORIES,
    CHINESE_PEOPLE,
    CLIENT_ROOMS,
    CLIENT_TIME_ZONES,
    CLIENTS,
    COMPANIES_EN,
    COMPANIES_ZH,
    EMAIL_TEMPLATES,
    ENGLISH_PEOPLE,
    EXTRA_TAGS,
    EXTRA_USERS,
    FAMILIES,
    FAMILY_SIZES,
    FEEDBACK_COMMENTS,
    FEEDBACK_PER_JOB,
    FINANCE_EN,
    FINANCE_ZH,
    HIRED,
    INTERVIEW_KINDS,
    JOB_OPENED_DAYS,
    JOBS,
    KITS,
    LOCATIONS,
    MOODS,
    NOTES,
    OVERSEAS,
    PANELS,
    PIPELINE_FAMILY,
    PIPELINES,
    PLANS,
    POOLS,
    QUESTIONS,
    RATING_BIAS,
    RATING_NOTES,
    REJECTED,
    SATISFACTION_WEIGHTS,
    SCHEDULERS,
    SCORECARD_HOURS,
    SCORECARDS,
    SEED,
    SLOW_SCORECARDS,
    SOURCE_NAMES_ZH,
    SOURCE_TIERS,
    SOURCES,
    STAGE_DAYS,
    STAGE_OVERRUN,
    SUMMARIES,
    TECHNICAL_RUBRIC,
    UNIVERSITIES_EN,
    UNIVERSITIES_ZH,
    WITHDRAWN,
    WORKING_HOURS,
    Family,
)
from demo.resumes import Position, Resume, resume_pdf
from interviews.models import (
    Application,
    CandidateFeedback,
    Criterion,
    Interview,
    InterviewKit,
    InterviewPlanTemplate,
    KitQuestion,
    Question,
    Scorecard,
    ScorecardTemplate,
    Stage,
    StageKind,
    StageTransition,
    Trigger,
)
from interviews.selectors.closing import application_reason_label
from interviews.services import (
    application_create,
    application_move,
    application_reject,
    application_withdraw,
    candidate_feedback_record,
    interview_schedule,
    job_create,
    plan_template_create,
    scorecard_submit,
)
from interviews.services.triggers import trigger_save
from jobs.models import Client, Job
from jobs.services import client_create, client_grant, contact_create, job_set_status
from messaging.models import EmailTemplate
from offers.services import offer_approval_decide, offer_approvers_set, offer_create, offer_submit
from placements.models import Placement
from placements.services import application_hire_record
from privacy.services.requests import deletion_ask, privacy_request_record
from talentpool.services import pool_create, pool_member_add

# What the recruiter noted when the candidate agreed, by phone, to stay in a pool.
POOL_CONSENT_EVIDENCE = {
    "en": "Agreed on a call to hear about future roles.",
    "zh-hans": "电话中同意以后有合适职位时联系。",
}

DAY, WEEK = timedelta(days=1), timedelta(days=7)
SLOTS = [(10, 0), (11, 0), (14, 0), (15, 30), (16, 0)]
# The timeline entries an application's own transitions write.
APPLICATION_KINDS = {Activity.Kind.APPLICATION, Activity.Kind.STAGE_CHANGE, Activity.Kind.REJECTION}


def _at(times: dict[int, datetime]) -> Case:
    """A CASE giving each primary key its time, for one UPDATE of many rows."""
    return Case(*(When(pk=pk, then=Value(at)) for pk, at in times.items()), output_field=DateTimeField())


def demo_users_ensure(*, password: str) -> int:
    """Create the demo logins that are missing and fix drifted roles; returns how many were created."""
    created = 0
    for email, full_name, role, language in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user_create(email=email, full_name=full_name, role=role, password=password, language=language)
            created += 1
        elif user.role != role:
            user_set_role(user=user, role=role)
    return created


def companies_for(family: Family, *, chinese: bool) -> tuple[str, ...]:
    if family.finance:
        return FINANCE_ZH if chinese else FINANCE_EN
    return COMPANIES_ZH if chinese else COMPANIES_EN


@dataclass
class Person:
    """One demo candidate, decided before anything is written."""

    full_name: str
    family: str
    language: str
    location: str
    time_zone: str
    email: str
    phone: str
    headline: str
    company: str
    skills: list[str]
    tags: list[str]
    source: str
    has_resume: bool
    resume: Resume | None = None


@dataclass
class Planned:
    """One interview of an application's planned history."""

    stage: Stage
    scheduled_at: datetime
    starts_at: datetime
    panel: list[User]
    mood: str
    # When each panelist submits (None: not yet, or not before ``now``).
    submitted: list[datetime | None] = field(default_factory=list)
    left_at: datetime | None = None  # when the application left the stage
    interview: Interview | None = None  # once scheduled

    def shifted(self, by: timedelta) -> None:
        self.scheduled_at += by
        self.starts_at += by
        self.submitted = [at + by if at is not None else None for at in self.submitted]
        if self.left_at is not None:
            self.left_at += by


@dataclass
class History:
    """An application's planned history: one time per StageTransition, its interviews."""

    times: list[datetime]
    interviews: list[Planned]
    current: Planned | None = None  # the current stage's interview of an active application

    def shift(self, by: timedelta) -> None:
        self.times = [at + by for at in self.times]
        for planned in self.interviews:
            planned.shifted(by)


class DemoAgency:
    """Builds the agency: call ``build()`` once, inside a transaction."""

    def __init__(self, *, now: datetime, seed: int = SEED) -> None:
        self.now = now
        self.rng = random.Random(seed)
        self.counts: Counter[str] = Counter()
        self.users: dict[str, User] = {}
        self.clients: dict[str, Client] = {}
        self.jobs: dict[str, Job] = {}
        self.stages: dict[str, list[Stage]] = {}
        self.people: list[tuple[Person, Candidate]] = []
        self.applications: dict[str, list[tuple[Application, str, int]]] = {}
        self.criteria: dict[int, list[Criterion]] = {}
        self.past_interviews: list[Interview] = []
        self.unplaced: dict[str, list[Candidate]] = {}
        self.scorecards_left_open = 0
        self.names: dict[int, str] = {}
        self.final_status: dict[str, str] = {}
        self.histories: dict[int, History] = {}

    def build(self) -> Counter[str]:
        self._cast()
        plans = self._plans()
        self._clients_and_jobs(plans)
        self._candidates()
        self._pipelines()
        self._close_jobs()
        self._careers()
        self._offers()
        self._feedback()
        self._pools()
        self._notes()
        self._email_templates()
        self._triggers()
        self._privacy_requests()
        return self.counts

    # --- people -----------------------------------------------------------------

    def _cast(self) -> None:
        for email, _name, _role, _language in DEMO_USERS:
            self.users[email.split("@")[0]] = User.objects.get(email=email)
        for email, full_name, role, language, time_zone in EXTRA_USERS:
            user = User.objects.filter(email=email).first() or user_create(
                email=email, full_name=full_name, role=role, language=language, time_zone=time_zone
            )
            self.users[email.split("@")[0]] = user
        self.names = {user.pk: name for name, user in self.users.items()}

    # --- plans ------------------------------------------------------------------

    def _plans(self) -> dict[str, dict[str, InterviewPlanTemplate]]:
        admin = self.users["admin"]
        questions = {}
        for slug, (competency, text, good_answer, technical) in QUESTIONS.items():
            question = Question(
                competency=competency,
                text=text,
                good_answer=good_answer,
                rubric=TECHNICAL_RUBRIC if technical else BEHAVIOUR_RUBRIC,
            )
            questions[slug] = reference_save(instance=question, actor=admin)
        self.counts["questions"] += len(questions)
        kits, scorecards = {}, {}
        for kind, (name, slugs) in KITS.items():
            kit = reference_save(instance=InterviewKit(name=name), actor=admin)
            for order, slug in enumerate(slugs, start=1):
                reference_save(instance=KitQuestion(kit=kit, question=questions[slug], order=order), actor=admin)
            kits[kind] = kit
        for kind, (name, criteria) in SCORECARDS.items():
            template = reference_save(instance=ScorecardTemplate(name=name), actor=admin)
            for order, (group, criterion_name, looks_for, weight, required) in enumerate(criteria, start=1):
                criterion = Criterion(
                    template=template,
                    group=group,
                    name=criterion_name,
                    description=f"Looks for {looks_for}.",
                    anchors={
                        "1": f"No evidence of {looks_for}.",
                        "2": f"Some {looks_for}, with clear gaps.",
                        "3": f"Solid {looks_for}: meets the bar.",
                        "4": f"Exceptional {looks_for}: raises the bar.",
                    },
                    weight=weight,
                    required=required,
                    order=order,
                )
                reference_save(instance=criterion, actor=admin)
            scorecards[kind] = template
        self.counts["kits"] += len(kits)

        def stages(rows):
            return [
                {
                    "kind": kind,
                    "name": name,
                    "goal": goal,
                    "duration_minutes": minutes,
                    "interviewers_needed": needed,
                    "sla_days": sla,
                    "kit": kits[kind],
                    "scorecard_template": scorecards[kind],
                }
                for kind, name, goal, minutes, needed, sla in rows
            ]

        plans: dict[str, dict[str, InterviewPlanTemplate]] = {}
        for key, versions in PLANS.items():
            for language, (name, description, rows) in versions.items():
                plans.setdefault(key, {})[language] = plan_template_create(
                    actor=admin, name=name, description=description, stages=stages(rows)
                )
        self.counts["plans"] += sum(len(versions) for versions in plans.values())
        return plans

    # --- clients and jobs ---------------------------------------------------------

    def _clients_and_jobs(self, plans: dict[str, dict[str, InterviewPlanTemplate]]) -> None:
        u = self.users
        admin = u["admin"]
        owners = {"A": u["recruiter"], "B": u["recruiter2"], "HOUSE": admin}
        for key, (name, internal, website, notes) in CLIENTS.items():
            self.clients[key] = client_create(
                actor=admin, name=name, is_internal=internal, website=website, notes=notes, owner=owners[key]
            )
        a, b, house = self.clients["A"], self.clients["B"], self.clients["HOUSE"]
        client_grant(client=a, user=u["recruiter"], actor=admin)
        client_grant(client=a, user=u["coordinator"], actor=admin)
        client_grant(client=b, user=u["recruiter2"], actor=admin)
        client_grant(client=house, user=u["jun.liu"], actor=admin)
        contact_create(
            client=a,
            actor=u["recruiter"],
            full_name=u["manager"].full_name,
            title="工程总监 Engineering Director",
            email="manager@demo.test",
            phone="13900001111",
            user=u["manager"],
        )
        contact_create(
            client=a, actor=u["recruiter"], full_name="周敏", title="HRBP", email="zhou.min@nebulacloud.example"
        )
        contact_create(
            client=b,
            actor=u["recruiter2"],
            full_name=u["emma.clark"].full_name,
            title="Head of Credit Risk",
            email="emma.clark@demo.test",
            phone="+852 5123 0042",
            user=u["emma.clark"],
        )
        contact_create(
            client=b,
            actor=u["recruiter2"],
            full_name="David Lee",
            title="Talent Acquisition Lead",
            email="david.lee@harbourbank.example",
            phone="+44 20 7946 0123",
        )
        self.counts["clients"] += len(self.clients)
        for key, (client, title, status, location, headcount, plan, recruiter, team, description) in JOBS.items():
            if key in PIPELINES and status in (Job.Status.FILLED, Job.Status.CLOSED):
                # Its applications came in while it was open: open it now, close it after them.
                self.final_status[key], status = status, Job.Status.OPEN
            job = job_create(
                actor=admin,
                client=self.clients[client],
                title=title,
                recruiter=u[recruiter],
                # The recruiter sets the job up, so its stages are named in their language.
                plan=plans[plan][u[recruiter].language],
                status=status,
                location=location,
                description=description,
                headcount=headcount,
                team=[(u[member], job_role) for member, job_role in team],
            )
            self.jobs[key] = job
            self.stages[key] = list(job.stages.order_by("order"))
        self.counts["jobs"] += len(self.jobs)

    # --- careers sites ----------------------------------------------------------

    def _careers(self) -> None:
        """The in-house careers site (the main one) and an anonymous client's,
        bilingual, with stories and a few open jobs published."""
        admin = self.users["admin"]
        for key, site in CAREERS_SITES.items():
            slug, anonymous, name, name_zh, tagline, tagline_zh, accent, culture, culture_zh = site
            brand = careers_site.brand_create(
                actor=admin,
                client=self.clients[key],
                slug=slug,
                is_anonymous=anonymous,
                display_name=name,
                display_name_zh_hans=name_zh,
                tagline=tagline,
                tagline_zh_hans=tagline_zh,
                accent_colour=accent,
                culture=culture,
                culture_zh_hans=culture_zh,
            )
            for order, (person, role, body, body_zh) in enumerate(CAREERS_STORIES.get(key, [])):
                careers_site.story_create(
                    brand=brand, actor=admin, name=person, role=role, body=body, body_zh_hans=body_zh, order=order
                )
            careers_site.brand_publish(brand=brand, actor=admin)
            if key == "HOUSE":
                careers_site.brand_make_primary(brand=brand, actor=admin)
            self.counts["careers sites"] += 1
        for job_key, (title_zh, department, workplace, text, text_zh, low, high) in CAREERS_POSTINGS.items():
            job = self.jobs[job_key]
            posting = careers_site.posting_create(
                job=job,
                actor=admin,
                title_zh_hans=title_zh,
                department=department,
                workplace=workplace,
                description=text,
                description_zh_hans=text_zh,
                salary_min=low,
                salary_max=high,
            )
            if job.status == Job.Status.OPEN:
                careers_site.posting_publish(posting=posting, actor=admin)
                self.counts["careers postings"] += 1

    # --- candidates -------------------------------------------------------------

    def _phone(self, region: str, index: int) -> str:
        rng = self.rng
        if region == "cn":
            prefix = rng.choice(["138", "139", "136", "135", "186", "187", "150", "158", "177", "199"])
            return f"{prefix}{rng.randint(0, 9999):04d}{index:04d}"
        if region == "hk":
            return f"+852 {rng.choice('569')}{rng.randint(100, 999)} {index:04d}"
        if region == "gb":
            return f"+44 7700 900{index:03d}"
        if region == "sg":
            return f"+65 8{rng.randint(100, 999)} {index:04d}"
        if region == "ca":
            return f"+1 416 555 01{index % 100:02d}"
        return f"+1 {rng.choice(['415', '212', '646'])} 555 01{index % 100:02d}"

    @staticmethod
    def _tiers() -> dict[str, list[str]]:
        """How far each family's candidates will get, in the order the pipelines take them."""
        tiers: dict[str, list[str]] = {}
        for job_key, outcomes in PIPELINES.items():
            for outcome, target, _reason, _note in outcomes:
                if outcome == HIRED or target >= 3:
                    tier = "far"
                elif outcome in (REJECTED, WITHDRAWN) and target <= 1:
                    tier = "early"
                else:
                    tier = "middle"
                tiers.setdefault(PIPELINE_FAMILY.get(job_key, job_key), []).append(tier)
        return tiers

    def _source(self, tier: str | None, language: str) -> str:
        rng = self.rng
        if tier is None:  # not in a process: any channel
            source = "job board" if rng.random() < 0.35 else rng.choice([name for name, _kind in SOURCES[3:]])
        else:
            names, weights = zip(*SOURCE_TIERS[tier], strict=True)
            source = rng.choices(names, weights=weights)[0]
        if source == "job board":  # Chinese ones for Chinese speakers
            return rng.choice(["BOSS直聘", "智联招聘"]) if language == "zh-hans" else "LinkedIn Jobs"
        return SOURCE_NAMES_ZH.get(source, source) if language == "zh-hans" else source

    def _people(self) -> list[Person]:
        rng = self.rng
        chinese, english = iter(CHINESE_PEOPLE), iter(ENGLISH_PEOPLE)
        people: list[Person] = []
        chinese_seen = 0
        tiers = self._tiers()
        for family_key, (n_zh, n_en) in FAMILY_SIZES.items():
            family = FAMILIES[family_key]
            family_tiers = iter(tiers.get(family_key, []))
            names = [(name, roman, True) for name, roman in (next(chinese) for _ in range(n_zh))]
            names += [(name, name.lower().replace(" ", "."), False) for name in (next(english) for _ in range(n_en))]
            rng.shuffle(names)
            for full_name, roman, chinese_name in names:
                index = len(people)
                chinese_seen += chinese_name
                overseas = chinese_name and chinese_seen % 8 == 0
                if chinese_name and not overseas:
                    location = rng.choice(family.zh_locations)
                    language, email = "zh-hans", f"{roman}{rng.randint(1, 99)}@example.com"
                elif chinese_name:
                    location = rng.choice(OVERSEAS)
                    language, email = "en", f"{roman}@example.net"
                else:
                    location = rng.choice(family.en_locations)
                    language, email = "en", f"{roman}@example.org"
                time_zone, region = LOCATIONS[location]
                titles = family.titles_zh if language == "zh-hans" else family.titles_en
                source = self._source(next(family_tiers, None), language)
                people.append(
                    Person(
                        full_name=full_name,
                        family=family_key,
                        language=language,
                        location=location,
                        time_zone=time_zone,
                        email=email,
                        phone="" if index % 13 == 12 else self._phone(region, index),
                        headline=rng.choice(titles),
                        company=rng.choice(companies_for(family, chinese=language == "zh-hans")),
                        skills=rng.sample(family.skills, k=min(len(family.skills), rng.randint(4, 6))),
                        tags=[*family.tags, *rng.sample(EXTRA_TAGS, k=rng.randint(0, 2))],
                        source=source,
                        has_resume=index % 8 != 7,
                    )
                )
        return people

    def _resume(self, person: Person) -> Resume:
        rng = self.rng
        family = FAMILIES[person.family]
        zh = person.language == "zh-hans"
        years = rng.randint(3, 12)
        this_year = self.now.year
        joined = this_year - rng.randint(1, min(4, years - 1))
        started = this_year - years
        previous = rng.choice([c for c in companies_for(family, chinese=zh) if c != person.company])
        bullets = family.bullets_zh if zh else family.bullets_en
        current_bullets = rng.sample(bullets, k=2)
        previous_bullets = [b for b in bullets if b not in current_bullets][:1]
        titles = family.titles_zh if zh else family.titles_en
        university = rng.choice(UNIVERSITIES_ZH if zh else UNIVERSITIES_EN)
        contact = " | ".join(part for part in (person.location, person.email, person.phone) if part)
        return Resume(
            name=person.full_name,
            headline=f"{person.headline} · {person.company}",
            contact=contact,
            summary=(family.summary_zh if zh else family.summary_en).format(years=years),
            positions=[
                Position(
                    f"{joined}.{rng.randint(1, 12):02d} - {'至今' if zh else 'present'}",
                    person.company,
                    person.headline,
                    current_bullets,
                ),
                Position(f"{started}.{rng.randint(1, 12):02d} - {joined}", previous, titles[1], previous_bullets),
            ],
            education=f"{started - 4} - {started}  {university}  {family.degree_zh if zh else family.degree_en}",
            skills=", ".join(person.skills),
            chinese=zh,
        )

    def _candidates(self) -> None:
        named = [*SOURCES, *((SOURCE_NAMES_ZH[name], kind) for name, kind in SOURCES if name in SOURCE_NAMES_ZH)]
        sources = {name: source_get_or_create(name=name, kind=kind) for name, kind in named}
        self.counts["sources"] += len(sources)
        for person in self._people():
            owner = self.users[FAMILIES[person.family].owner]
            candidate = candidate_create(
                actor=owner,
                full_name=person.full_name,
                tags=person.tags,
                headline=person.headline,
                company=person.company,
                location=person.location,
                skills=", ".join(person.skills),
                owner=owner,
                source=sources[person.source],
                language=person.language,
                time_zone=person.time_zone,
                email=person.email,
                phone=person.phone,
            )
            if person.has_resume:
                person.resume = self._resume(person)
                suffix = "简历" if person.resume.chinese else "CV"
                document_create(
                    candidate=candidate,
                    actor=owner,
                    filename=f"{person.full_name.replace(' ', '_')}_{suffix}.pdf",
                    content=resume_pdf(person.resume),
                    content_type="application/pdf",
                    text=person.resume.text(),
                )
                self.counts["resumes"] += 1
            self.people.append((person, candidate))
        self.counts["candidates"] += len(self.people)

    # --- pipelines --------------------------------------------------------------

    def _pipelines(self) -> None:
        by_family: dict[str, list[Candidate]] = {}
        for person, candidate in self.people:
            by_family.setdefault(person.family, []).append(candidate)
        self.unplaced = by_family
        for job_key, outcomes in PIPELINES.items():
            family = self.unplaced[PIPELINE_FAMILY.get(job_key, job_key)]
            hired_at = None
            for outcome, target, reason, note in outcomes:
                # A filled job's other candidates are out before the hire.
                not_after = hired_at if self.final_status.get(job_key) == Job.Status.FILLED else None
                application = self._application(
                    job_key, family.pop(0), outcome, target, reason, note, not_after=not_after
                )
                if outcome == HIRED:
                    hired_at = application.closed_at
        # One engineer turned down for the backend role is a better fit for data.
        turned_down = next(
            app for app, outcome, target in self.applications["backend"] if outcome == REJECTED and target == 2
        )
        self._application("data", turned_down.candidate, ACTIVE, 0, "", "", not_before=turned_down.closed_at)
        # Candidates' records (and their timelines' first entries) date from their first application.
        first = Application.objects.filter(candidate=OuterRef("pk")).order_by().values("candidate")
        Candidate.objects.filter(applications__isnull=False).distinct().update(
            created_at=Subquery(first.annotate(at=Min("created_at")).values("at")[:1]) - DAY
        )
        Activity.objects.filter(
            kind__in=[Activity.Kind.CREATED, Activity.Kind.DOCUMENT], candidate__applications__isnull=False
        ).distinct().update(
            occurred_at=Subquery(Candidate.objects.filter(pk=OuterRef("candidate")).values("created_at")[:1])
        )

    def _close_jobs(self) -> None:
        """Open each job months ago; close the filled and closed ones after their last application."""
        opened_at: dict[int, datetime] = {}
        closed_at: dict[int, datetime] = {}
        created_at: dict[int, datetime] = {}
        for key, job in self.jobs.items():
            apps = self.applications.get(key, [])
            if key in self.final_status:
                job_set_status(job=job, status=self.final_status[key], actor=self.users["admin"])
            days = JOB_OPENED_DAYS[key]
            if days is None:  # a draft, written last week
                created_at[job.pk] = self.now - timedelta(days=self.rng.uniform(5, 12))
                continue
            opened = self.now - timedelta(days=days)
            if apps:
                first = min(app.created_at for app, _o, _t in apps)
                opened = min(opened, first - timedelta(days=self.rng.uniform(1, 5)))
            opened_at[job.pk] = opened
            created_at[job.pk] = opened - timedelta(days=self.rng.uniform(1, 6))
            if job.status == Job.Status.FILLED:
                closed_at[job.pk] = max(app.closed_at for app, outcome, _t in apps if outcome == HIRED)
            elif job.status == Job.Status.CLOSED:
                last = max((app.closed_at or app.created_at for app, _o, _t in apps), default=opened + 60 * DAY)
                closed_at[job.pk] = min(last + timedelta(days=self.rng.uniform(3, 10)), self.now - DAY)
        Job.objects.filter(pk__in=created_at).update(created_at=_at(created_at), updated_at=_at(created_at))
        Job.objects.filter(pk__in=opened_at).update(opened_at=_at(opened_at))
        if closed_at:
            Job.objects.filter(pk__in=closed_at).update(closed_at=_at(closed_at), updated_at=_at(closed_at))

    def _offers(self) -> None:
        """Offers on the active applications at an offer stage: the first on
        each job waits for the hiring manager's approval (or the
        administrator's, on a job without one), the next is approved."""
        u = self.users
        today = timezone.localdate(self.now)
        for job_key, rows in self.applications.items():
            at_offer = [
                application
                for application, outcome, _target in rows
                if outcome == ACTIVE and application.stage.kind == StageKind.OFFER
            ]
            if not at_offer:
                continue
            job = self.jobs[job_key]
            approver = u["manager"] if job.client == self.clients["A"] else u["admin"]
            offer_approvers_set(job=job, users=[approver], actor=u["admin"])
            chinese = job.client != self.clients["B"]
            for index, application in enumerate(at_offer[:2]):
                offer = offer_create(
                    application=application,
                    actor=job.recruiter,
                    base_salary=str(45000 + 5000 * index) if chinese else str(68000 + 4000 * index),
                    currency="CNY" if chinese else "HKD",
                    pay_period="month",
                    periods_per_year=14 if chinese else 13,
                    bonus="年终奖 2 个月" if chinese else "Discretionary bonus",
                    start_date=today + timedelta(days=35),
                    work_location=job.location,
                    expires_on=today + timedelta(days=10),
                )
                offer_submit(offer=offer, actor=job.recruiter)
                if index == 1:
                    offer_approval_decide(offer=offer, actor=approver, approve=True)
                self.counts["offers"] += 1

    def _scheduler(self, job_key: str) -> User:
        return self.users[SCHEDULERS[JOBS[job_key][0]]]

    # --- history ------------------------------------------------------------------

    def _zone(self, job_key: str) -> ZoneInfo:
        return ZoneInfo(CLIENT_TIME_ZONES[JOBS[job_key][0]])

    def _working(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """``moment`` if it falls in office hours in ``zone``, else a time early on the next working day."""
        local = moment.astimezone(zone)
        start, end = WORKING_HOURS
        if local.weekday() < 5 and start <= local.hour < end:
            return moment
        day = local.date() if local.hour < start else local.date() + DAY
        while day.weekday() >= 5:
            day += DAY
        return datetime.combine(day, time(start), tzinfo=zone) + timedelta(minutes=self.rng.randint(0, 150))

    def _slot(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """The first interview slot at or after ``moment``, on a working day in ``zone``."""
        hour, minute = self.rng.choice(SLOTS)
        day = moment.astimezone(zone).date()
        while True:
            slot = datetime.combine(day, time(hour, minute), tzinfo=zone)
            if day.weekday() < 5 and slot >= moment:
                return slot
            day += DAY

    @staticmethod
    def _weekdays(history: History, by: timedelta, zone: ZoneInfo) -> bool:
        """Whether shifting ``history`` by ``by`` keeps its times and interviews on working days."""
        moments = [*history.times, *(planned.starts_at for planned in history.interviews)]
        return all((moment + by).astimezone(zone).weekday() < 5 for moment in moments)

    def _stay(self, stage: Stage) -> timedelta:
        """How long an application stays in ``stage``; now and then well past its SLA."""
        low, high = STAGE_DAYS[stage.kind]
        days = self.rng.uniform(low, high)
        if self.rng.random() < STAGE_OVERRUN:
            days = max(days, stage.sla_days * self.rng.uniform(1.2, 2.5))
        return timedelta(days=days)

    def _lag(self, user: User) -> timedelta:
        """From an interview's end to ``user``'s scorecard."""
        low, high = SLOW_SCORECARDS.get(self.names[user.pk], SCORECARD_HOURS)
        hours = self.rng.uniform(low, high)
        if self.rng.random() < 0.06:  # anyone forgets one now and then
            hours += self.rng.uniform(24, 72)
        return timedelta(hours=hours)

    def _planned(self, job_key: str, stage: Stage, entered: datetime, starts_at: datetime, mood: str) -> Planned:
        ends_at = starts_at + timedelta(minutes=stage.duration_minutes)
        panel = self._panel(job_key, stage)
        lead = min(timedelta(days=1), (starts_at - entered) / 2)
        return Planned(
            stage=stage,
            scheduled_at=entered + lead * self.rng.uniform(0.2, 1),
            starts_at=starts_at,
            panel=panel,
            mood=mood,
            submitted=[ends_at + self._lag(user) for user in panel],
        )

    def _through(self, job_key: str, stage: Stage, entered: datetime, mood: str, history: History) -> datetime:
        """Plan a stay in ``stage`` from ``entered``, with its interview; returns when it ends."""
        zone = self._zone(job_key)
        stay = self._stay(stage)
        if stage.kind not in INTERVIEW_KINDS:
            return self._working(entered + stay, zone)
        starts_at = self._slot(entered + stay * self.rng.uniform(0.15, 0.45), zone)
        planned = self._planned(job_key, stage, entered, starts_at, mood)
        history.interviews.append(planned)
        decided = max(entered + stay, max(planned.submitted) + timedelta(hours=self.rng.uniform(1, 12)))
        planned.left_at = self._working(decided, zone)
        return planned.left_at

    def _history(
        self,
        job_key: str,
        outcome: str,
        target: int,
        *,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> History:
        """Plan one application from a provisional start, then shift it into place: by whole
        weeks (and, for an open one, whole days), so its times stay on working days."""
        stages, zone, rng, now = self.stages[job_key], self._zone(job_key), self.rng, self.now
        entered = self._working(now - timedelta(days=400), zone)
        history = History(times=[entered], interviews=[])
        for index in range(target):
            entered = self._through(job_key, stages[index], entered, rng.choice(["strong", "good"]), history)
            history.times.append(entered)
        current = stages[target]
        if outcome == ACTIVE:
            waited = self._stay(current) * rng.uniform(0.1, 0.8)
            latest = now - waited  # when it entered its current stage, at the latest
            if current.kind in INTERVIEW_KINDS:
                roll = rng.random()
                if roll < 0.65:
                    starts_at = self._when(rng.randint(1, 9), CLIENT_TIME_ZONES[JOBS[job_key][0]])
                    history.current = self._planned(job_key, current, now - timedelta(hours=6), starts_at, "")
                    history.current.scheduled_at = now - timedelta(hours=rng.uniform(1, 30))
                    history.current.submitted = [None] * len(history.current.panel)
                elif roll < 0.9:
                    starts_at = self._when(-rng.randint(1, 2), CLIENT_TIME_ZONES[JOBS[job_key][0]])
                    latest = min(latest, starts_at - 1.5 * DAY)
                    history.current = self._planned(
                        job_key, current, starts_at - DAY, starts_at, rng.choice(list(MOODS))
                    )
                    history.current.submitted = [
                        at if at < now else now - timedelta(minutes=rng.randint(5, 90))
                        for at in history.current.submitted
                    ]
            # Whole weeks, then as many whole days as keep every time on a working day.
            weeks = WEEK * ((latest - entered) // WEEK)
            days = next(
                d
                for d in range(6, -1, -1)
                if history.times[-1] + weeks + d * DAY <= latest and self._weekdays(history, weeks + d * DAY, zone)
            )
            history.shift(weeks + days * DAY)
            if not_before is not None and history.times[0] <= not_before:
                # Came back after an earlier process: the first entry waits for it.
                history.times[0] = not_before + timedelta(hours=rng.uniform(2, 30))
                after = [now, *history.times[1:]]
                if history.current is not None:
                    after.append(history.current.starts_at)
                assert history.times[0] < min(after), "demo history out of order"
            if history.current is not None:  # scheduled after it entered the stage
                entry = history.times[-1] + timedelta(minutes=rng.randint(10, 120))
                history.current.scheduled_at = min(max(history.current.scheduled_at, entry), now)
            return history
        if outcome == REJECTED and current.kind in INTERVIEW_KINDS:
            ended = self._through(job_key, current, entered, "weak", history)
        else:
            stay = self._stay(current) * (rng.uniform(0.3, 1) if outcome == WITHDRAWN else 1)
            ended = self._working(entered + stay, zone)
        history.times.append(ended)
        took = ended - history.times[0]
        opened = now - timedelta(days=JOB_OPENED_DAYS[job_key]) + DAY
        last = min(now - 2 * DAY, not_after or now) - took
        start = opened + (last - opened) * rng.random() if last > opened else opened
        weeks = (start - history.times[0]) // WEEK
        while history.times[-1] + WEEK * weeks > min(now - DAY, not_after or now):
            weeks -= 1
        history.shift(WEEK * weeks)
        return history

    # --- applications ---------------------------------------------------------------

    def _application(
        self,
        job_key: str,
        candidate: Candidate,
        outcome: str,
        target: int,
        reason: str,
        note: str,
        *,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> Application:
        job, stages = self.jobs[job_key], self.stages[job_key]
        actor = self._scheduler(job_key)
        history = self._history(job_key, outcome, target, not_before=not_before, not_after=not_after)
        planned = {item.stage.pk: item for item in history.interviews}
        activity_floor = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        interviews: list[tuple[Interview, Planned, list[Scorecard]]] = []
        application = application_create(candidate=candidate, job=job, actor=actor)
        for index in range(1, target + 1):
            done = stages[index - 1]
            if done.pk in planned:
                interviews.append(self._interview(job_key, application, planned[done.pk]))
            application = application_move(application=application, to_stage=stages[index], actor=actor)
        current = stages[target]
        if outcome == ACTIVE and history.current is not None:
            interviews.append(self._interview(job_key, application, history.current))
        elif outcome == REJECTED:
            if current.pk in planned:
                interviews.append(self._interview(job_key, application, planned[current.pk]))
            application = application_reject(application=application, actor=job.recruiter, reason=reason, note=note)
        elif outcome == HIRED:
            # An agency job's hire is a placement too (placed on the hire's day, set by _backdate).
            hong_kong = job.client == self.clients["B"]
            application = application_hire_record(
                application=application,
                actor=job.recruiter,
                first_year_base=Decimal("884000") if hong_kong else Decimal("630000"),
                currency="HKD" if hong_kong else "CNY",
            )
        elif outcome == WITHDRAWN:
            application = application_withdraw(application=application, actor=actor, reason=reason, note=note)
        self._backdate(application, outcome, history, interviews, activity_floor)
        self.histories[application.pk] = history
        self.applications.setdefault(job_key, []).append((application, outcome, target))
        self.counts["applications"] += 1
        self.counts[f"applications {outcome}"] += 1
        return application

    def _backdate(
        self,
        application: Application,
        outcome: str,
        history: History,
        interviews: list[tuple[Interview, Planned, list[Scorecard]]],
        activity_floor: int,
    ) -> None:
        """Move the rows the services just wrote to the planned times (queryset ``update()``)."""
        times = history.times
        transitions = list(
            StageTransition.objects.filter(application=application).order_by("pk").values_list("pk", flat=True)
        )
        moved = dict(zip(transitions, times, strict=True))  # raises if the plan and the rows disagree
        StageTransition.objects.filter(pk__in=transitions).update(created_at=_at(moved))
        closed = outcome != ACTIVE
        application.created_at = times[0]
        application.stage_entered_at = times[-2] if closed else times[-1]
        application.closed_at = times[-1] if closed else None
        Application.objects.filter(pk=application.pk).update(
            created_at=application.created_at,
            updated_at=times[-1],
            stage_entered_at=application.stage_entered_at,
            closed_at=application.closed_at,
        )
        if outcome == HIRED:
            placement = Placement.objects.filter(application=application).first()
            if placement is not None:
                placed_on = timezone.localdate(application.closed_at)
                Placement.objects.filter(pk=placement.pk).update(
                    placed_on=placed_on,
                    guarantee_ends_on=placed_on + timedelta(days=placement.guarantee_days),
                    created_at=application.closed_at,
                )
        scheduled = {interview.pk: planned.scheduled_at for interview, planned, _cards in interviews}
        if scheduled:
            Interview.objects.filter(pk__in=scheduled).update(created_at=_at(scheduled), updated_at=_at(scheduled))
        submitted = {
            card.pk: at
            for _interview, planned, cards in interviews
            for card, at in zip(cards, [at for at in planned.submitted if at is not None], strict=True)
        }
        if submitted:
            Scorecard.objects.filter(pk__in=submitted).update(
                submitted_at=_at(submitted), created_at=_at(submitted), updated_at=_at(submitted)
            )
        # The timeline: each entry at the time of what it records.
        moves = iter(times)  # the application's own entries: one per transition
        stamps = {
            "interviews.interview": {str(i.public_id): p.scheduled_at for i, p, _cards in interviews},
            "interviews.scorecard": {str(pk): at for pk, at in submitted.items()},
        }
        occurred = {}
        for pk, kind, target_type, target_id in (
            Activity.objects.filter(candidate=application.candidate_id, pk__gt=activity_floor)
            .order_by("pk")
            .values_list("pk", "kind", "target_type", "target_id")
        ):
            if target_type == "interviews.application" and kind in APPLICATION_KINDS:
                at = next(moves, None)
            else:
                at = stamps.get(target_type, {}).get(target_id)
            if at is not None:
                occurred[pk] = at
        if occurred:
            Activity.objects.filter(pk__in=occurred).update(occurred_at=_at(occurred))

    def _when(self, days: int, time_zone: str) -> datetime:
        """A working-day slot ``days`` from today in ``time_zone``; never today."""
        zone = ZoneInfo(time_zone)
        day: date = self.now.astimezone(zone).date() + timedelta(days=days)
        step = timedelta(days=-1 if days < 0 else 1)
        while day.weekday() >= 5:
            day += step
        hour, minute = self.rng.choice(SLOTS)
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    def _panel(self, job_key: str, stage: Stage) -> list[User]:
        always, others = PANELS[job_key][stage.kind]
        wanted = max(stage.interviewers_needed, len(always))
        if others and self.rng.random() < 0.25:
            wanted += 1  # a shadowing interviewer
        names = always + self.rng.sample(others, k=min(len(others), max(0, wanted - len(always))))
        return [self.users[name] for name in names]

    def _interview(
        self, job_key: str, application: Application, planned: Planned
    ) -> tuple[Interview, Planned, list[Scorecard]]:
        """Schedule a planned interview and submit its scorecards (those due before now)."""
        client, stage, starts_at = JOBS[job_key][0], planned.stage, planned.starts_at
        online = stage.kind == StageKind.SCREENING or self.rng.random() < 0.6
        slug = "-".join("".join(self.rng.choices(string.ascii_lowercase, k=4)) for _ in range(3))
        interview = interview_schedule(
            application=application,
            actor=self._scheduler(job_key),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=stage.duration_minutes),
            panel=planned.panel,
            stage=stage,
            location="" if online else CLIENT_ROOMS[client],
            video_url=f"https://meet.example.com/{slug}" if online else "",
        )
        planned.interview = interview
        if starts_at > self.now:
            self.counts["interviews upcoming"] += 1
            return interview, planned, []
        self.counts["interviews past"] += 1
        self.past_interviews.append(interview)
        cards = []
        for index, panelist in enumerate(planned.panel):
            # Leave a couple of scorecards due, so "my scorecards" has something to do.
            if planned.left_at is None and panelist == self.users["interviewer"] and self.scorecards_left_open < 2:
                self.scorecards_left_open += 1
                planned.submitted[index] = None
                continue
            cards.append(self._scorecard(interview, panelist, planned.mood))
        return interview, planned, cards

    def _scorecard(self, interview: Interview, panelist: User, mood: str) -> Scorecard:
        template_id = interview.stage.scorecard_template_id
        if template_id not in self.criteria:
            self.criteria[template_id] = list(Criterion.objects.filter(template_id=template_id, is_current=True))
        language = panelist.language if panelist.language in RATING_NOTES else "en"
        bias = RATING_BIAS.get(self.names[panelist.pk], 0.0)
        ratings = {}
        for criterion in self.criteria[template_id]:
            score = min(4, max(1, round(self.rng.gauss(MOODS[mood] + bias, 0.5))))
            note = RATING_NOTES[language][score] if self.rng.random() < 0.5 else ""
            ratings[criterion.pk] = (score, note)
        average = sum(score for score, _note in ratings.values()) / len(ratings)
        if average >= 3.5:
            recommendation = Scorecard.Recommendation.STRONG_YES
        elif average >= 2.75:
            recommendation = Scorecard.Recommendation.YES
        elif average >= 2:
            recommendation = Scorecard.Recommendation.NO
        else:
            recommendation = Scorecard.Recommendation.STRONG_NO
        scorecard = scorecard_submit(
            interview=interview,
            interviewer=panelist,
            ratings=ratings,
            recommendation=recommendation,
            summary=SUMMARIES[language][recommendation],
        )
        self.counts["scorecards"] += 1
        return scorecard

    def _feedback(self) -> None:
        """Survey answers from candidates whose process (or a stage of it) is over:
        FEEDBACK_PER_JOB a job at most, none for a job with fewer than five."""
        rng, latest = self.rng, self.now - timedelta(hours=1)
        for apps in self.applications.values():
            answers = []
            for application, outcome, _target in apps:
                history = self.histories[application.pk]
                done = [planned for planned in history.interviews if planned.left_at is not None]
                if not done:
                    continue
                # After the end of the process, or of the last stage it has left.
                ended = application.closed_at if outcome != ACTIVE else done[-1].left_at
                answers.append((application, outcome, done[-1], ended))
            if len(answers) < 5:
                continue
            rng.shuffle(answers)
            written = {}
            for application, outcome, planned, ended in answers[:FEEDBACK_PER_JOB]:
                satisfaction = rng.choices(range(1, 6), weights=SATISFACTION_WEIGHTS[outcome])[0]
                language = application.candidate.language
                feedback = candidate_feedback_record(
                    application=application,
                    interview=planned.interview,
                    satisfaction=satisfaction,
                    recommend_score=min(10, max(0, round(2 * satisfaction + rng.uniform(-1.5, 1.5)))),
                    comment=rng.choice(FEEDBACK_COMMENTS.get(language, FEEDBACK_COMMENTS["en"])),
                )
                written[feedback.pk] = min(ended + timedelta(hours=rng.uniform(3, 96)), latest)
                self.counts["feedback"] += 1
            CandidateFeedback.objects.filter(pk__in=written).update(submitted_at=_at(written))

    # --- pools and notes -----------------------------------------------------------

    def _pool_members(self, which: str) -> list[tuple[Candidate, str]]:
        if which == "engineering":
            return [
                (candidate, "Not in a process right now; strong profile.")
                for family in ("backend", "frontend", "data")
                for candidate in self.unplaced[family]
            ]
        if which == "silver":
            return [
                (
                    app.candidate,
                    f"{app.job.title}: {application_reason_label(app)}",
                )
                for job_key in ("backend", "frontend", "risk")
                for app, outcome, target in self.applications[job_key]
                if outcome in (REJECTED, WITHDRAWN) and target >= 1
            ]
        if which == "finance":
            rejected_risk = [app.candidate for app, outcome, _t in self.applications["risk"] if outcome == REJECTED]
            compliance = [app.candidate for app, outcome, _t in self.applications["compliance"] if outcome != HIRED]
            return [(c, "合规背景扎实。") for c in compliance] + [
                (c, "风控方向，可考虑其他岗位。") for c in rejected_risk[:1]
            ]
        return [(c, "For the design and product openings.") for f in ("design", "product") for c in self.unplaced[f]]

    def _pools(self) -> None:
        for name, (owner, cadence, description, which) in POOLS.items():
            pool = pool_create(actor=self.users[owner], name=name, description=description, cadence_days=cadence)
            self.counts["pools"] += 1
            for candidate, reason in self._pool_members(which):
                # A pool keeps only those who agreed to it (talent-pool consent).
                consent_record(
                    candidate=candidate,
                    purpose=Consent.Purpose.TALENT_POOL,
                    channel=Consent.Channel.STAFF,
                    method=Consent.Method.PHONE,
                    evidence=POOL_CONSENT_EVIDENCE["zh-hans" if candidate.language == "zh-hans" else "en"],
                    actor=self.users[owner],
                )
                pool_member_add(pool=pool, candidate=candidate, actor=self.users[owner], reason=reason)
                self.counts["pool members"] += 1

    def _notes(self) -> None:
        chosen = self.rng.sample(self.people, k=24)
        for person, candidate in chosen:
            author = self.users[FAMILIES[person.family].owner]
            language = author.language if author.language in NOTES else "en"
            note_create(candidate=candidate, author=author, body=self.rng.choice(NOTES[language]))
            self.counts["notes"] += 1
        for app, _outcome, _target in self.applications["backend"][:4]:
            note_create(
                candidate=app.candidate,
                author=self.users["coordinator"],
                body="Availability collected; prefers Tuesday or Thursday afternoons.",
            )
            self.counts["notes"] += 1

    # --- candidates' data requests ---------------------------------------------------

    def _privacy_requests(self) -> None:
        """Three requests in the queue: a correction and a copy recorded by the
        recruiter, and a deletion they asked for, waiting for a second person
        (the reviewer or an administrator) to confirm."""
        recruiter = self.users["recruiter"]
        (_p1, corrected), (_p2, copied), (_p3, deleted) = self.people[1:4]
        privacy_request_record(
            candidate=corrected, kind="correction", details="Phoned: her mobile number changed.", actor=recruiter
        )
        privacy_request_record(candidate=copied, kind="access", details="Asked by email.", actor=recruiter)
        deletion = privacy_request_record(
            candidate=deleted, kind="deletion", details="Asked by email.", actor=recruiter
        )
        deletion_ask(request=deletion, actor=recruiter, outcome="Identity checked against the application email.")
        self.counts["data requests"] += 3

    # --- email templates ----------------------------------------------------------

    def _email_templates(self) -> None:
        """The demo's email templates, each in English and Chinese: the
        rejection offered on the board's reject forms, the thank-you the
        trigger sends after an interview, and a welcome for a stage's entry."""
        for name, (purpose, versions) in EMAIL_TEMPLATES.items():
            for language, subject, body in versions:
                reference_save(
                    instance=EmailTemplate(
                        name=name, purpose=purpose, language=language, subject=subject, body_text=body
                    ),
                    actor=self.users["admin"],
                )
                self.counts["email templates"] += 1

    def _triggers(self) -> None:
        """Rejections go out the next working morning; a thank-you two hours
        after each interview. Made last, so the history built above sends nothing."""
        for trigger in (
            Trigger(
                event=Trigger.Event.REJECTION,
                template_name="Standard rejection",
                timing=Trigger.Timing.WORKING_MORNING,
            ),
            Trigger(event=Trigger.Event.THANK_YOU, template_name="Interview thank-you", delay_hours=2),
        ):
            trigger_save(trigger=trigger, actor=self.users["admin"])
            self.counts["triggers"] += 1


def build_agency(*, now: datetime) -> Counter[str]:
    """Build the whole demo agency; the caller holds the transaction."""
    return DemoAgency(now=now).build()
