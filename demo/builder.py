"""The demo agency of DESIGN.md "Demo data", built through the services.

Every row is written by the owning app's service (reference rows through
``core.services.reference_save``), so the demo exercises the same validation,
timeline and audit paths as the product. Times are relative to ``now`` (the
demo always has interviews coming up) and every choice comes from one seeded
``random.Random``: two builds from an empty database look the same.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from accounts.demo import DEMO_USERS
from accounts.models import User
from accounts.services import user_create, user_set_role
from candidates.models import Candidate
from candidates.services import candidate_create, document_create, note_create, source_get_or_create
from core.services import reference_save
from demo.data import (
    ACTIVE,
    BEHAVIOUR_RUBRIC,
    BUSINESS_STAGES,
    CHINESE_PEOPLE,
    CLIENT_ROOMS,
    CLIENT_TIME_ZONES,
    CLIENTS,
    COMPANIES_EN,
    COMPANIES_ZH,
    ENGINEERING_STAGES,
    ENGLISH_PEOPLE,
    EXTRA_TAGS,
    EXTRA_USERS,
    FAMILIES,
    FAMILY_SIZES,
    FEEDBACK_COMMENTS,
    FINANCE_EN,
    FINANCE_ZH,
    HIRED,
    INTERVIEW_KINDS,
    JOBS,
    KITS,
    LOCATIONS,
    MOODS,
    NOTES,
    OVERSEAS,
    PANELS,
    PIPELINES,
    POOLS,
    QUESTIONS,
    RATING_NOTES,
    REJECTED,
    REJECTION_EMAILS,
    SCHEDULERS,
    SCORECARDS,
    SEED,
    SOURCES,
    SUMMARIES,
    TECHNICAL_RUBRIC,
    UNIVERSITIES_EN,
    UNIVERSITIES_ZH,
    WITHDRAWN,
    Family,
)
from demo.resumes import Position, Resume, resume_pdf
from interviews.models import (
    Application,
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
    Trigger,
)
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_withdraw,
    candidate_feedback_record,
    interview_schedule,
    job_create,
    plan_template_create,
    scorecard_submit,
)
from interviews.services.automation import trigger_save
from jobs.models import Client, Job
from jobs.services import client_create, client_grant, contact_create
from messaging.models import EmailTemplate
from talentpool.services import pool_create, pool_member_add


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

    def build(self) -> Counter[str]:
        self._cast()
        plans = self._plans()
        self._clients_and_jobs(plans)
        self._candidates()
        self._pipelines()
        self._feedback()
        self._pools()
        self._notes()
        self._email_templates()
        self._triggers()
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

    # --- plans ------------------------------------------------------------------

    def _plans(self) -> dict[str, InterviewPlanTemplate]:
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

        plans = {
            "engineering": plan_template_create(
                name="Engineering hiring plan",
                description="Six stages for engineering roles, with a technical and a behavioural round.",
                stages=stages(ENGINEERING_STAGES),
            ),
            "business": plan_template_create(
                name="Business roles plan",
                description="Five stages ending in a case study presented to the panel.",
                stages=stages(BUSINESS_STAGES),
            ),
        }
        self.counts["plans"] += len(plans)
        return plans

    # --- clients and jobs ---------------------------------------------------------

    def _clients_and_jobs(self, plans: dict[str, InterviewPlanTemplate]) -> None:
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
            job = job_create(
                actor=admin,
                client=self.clients[client],
                title=title,
                recruiter=u[recruiter],
                plan=plans[plan],
                status=status,
                location=location,
                description=description,
                headcount=headcount,
                team=[(u[member], job_role) for member, job_role in team],
            )
            self.jobs[key] = job
            self.stages[key] = list(job.stages.order_by("order"))
        self.counts["jobs"] += len(self.jobs)

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

    def _people(self) -> list[Person]:
        rng = self.rng
        chinese, english = iter(CHINESE_PEOPLE), iter(ENGLISH_PEOPLE)
        people: list[Person] = []
        chinese_seen = 0
        for family_key, (n_zh, n_en) in FAMILY_SIZES.items():
            family = FAMILIES[family_key]
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
                if rng.random() < 0.35:  # job boards: Chinese ones for Chinese speakers
                    source = rng.choice(["BOSS直聘", "智联招聘"]) if language == "zh-hans" else "LinkedIn Jobs"
                else:
                    source = rng.choice([name for name, _kind in SOURCES[3:]])
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
        sources = {name: source_get_or_create(name=name, kind=kind) for name, kind in SOURCES}
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
            family = self.unplaced[job_key]
            for outcome, target, reason, note in outcomes:
                self._application(job_key, family.pop(0), outcome, target, reason, note)
        # One engineer turned down for the backend role is a better fit for data.
        second_chance = next(
            app.candidate
            for app, outcome, target in self.applications["backend"]
            if outcome == REJECTED and target == 2
        )
        self._application("data", second_chance, ACTIVE, 0, "", "")

    def _scheduler(self, job_key: str) -> User:
        return self.users[SCHEDULERS[JOBS[job_key][0]]]

    def _application(
        self, job_key: str, candidate: Candidate, outcome: str, target: int, reason: str, note: str
    ) -> None:
        job, stages = self.jobs[job_key], self.stages[job_key]
        actor = self._scheduler(job_key)
        application = application_create(candidate=candidate, job=job, actor=actor)
        for index in range(1, target + 1):
            done = stages[index - 1]
            if done.kind in INTERVIEW_KINDS:
                days_ago = (target - index + 1) * self.rng.randint(4, 6) + self.rng.randint(1, 2)
                self._interview(job_key, application, done, -days_ago, mood=self.rng.choice(["strong", "good"]))
            application = application_move(application=application, to_stage=stages[index], actor=actor)
        current = stages[target]
        if outcome == ACTIVE and current.kind in INTERVIEW_KINDS:
            roll = self.rng.random()
            if roll < 0.65:
                self._interview(job_key, application, current, self.rng.randint(1, 9))
            elif roll < 0.9:
                mood = self.rng.choice(list(MOODS))
                self._interview(job_key, application, current, -self.rng.randint(1, 2), mood=mood, awaiting=True)
        elif outcome == REJECTED:
            if current.kind in INTERVIEW_KINDS:
                self._interview(job_key, application, current, -self.rng.randint(1, 3), mood="weak")
            application = application_reject(application=application, actor=job.recruiter, reason=reason, note=note)
        elif outcome == HIRED:
            application = application_hire(application=application, actor=job.recruiter)
        elif outcome == WITHDRAWN:
            application = application_withdraw(application=application, actor=actor, note=note)
        self.applications.setdefault(job_key, []).append((application, outcome, target))
        self.counts["applications"] += 1
        self.counts[f"applications {outcome}"] += 1

    def _when(self, days: int, time_zone: str) -> datetime:
        """A working-day slot ``days`` from today in ``time_zone``; never today."""
        zone = ZoneInfo(time_zone)
        day: date = self.now.astimezone(zone).date() + timedelta(days=days)
        step = timedelta(days=-1 if days < 0 else 1)
        while day.weekday() >= 5:
            day += step
        hour, minute = self.rng.choice([(10, 0), (11, 0), (14, 0), (15, 30), (16, 0)])
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    def _panel(self, job_key: str, stage: Stage) -> list[User]:
        always, others = PANELS[job_key][stage.kind]
        wanted = max(stage.interviewers_needed, len(always))
        if others and self.rng.random() < 0.25:
            wanted += 1  # a shadowing interviewer
        names = always + self.rng.sample(others, k=min(len(others), max(0, wanted - len(always))))
        return [self.users[name] for name in names]

    def _interview(
        self,
        job_key: str,
        application: Application,
        stage: Stage,
        days: int,
        *,
        mood: str = "",
        awaiting: bool = False,
    ) -> Interview:
        client = JOBS[job_key][0]
        starts_at = self._when(days, CLIENT_TIME_ZONES[client])
        online = stage.kind == StageKind.SCREENING or self.rng.random() < 0.6
        slug = "-".join("".join(self.rng.choices(string.ascii_lowercase, k=4)) for _ in range(3))
        panel = self._panel(job_key, stage)
        interview = interview_schedule(
            application=application,
            actor=self._scheduler(job_key),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=stage.duration_minutes),
            panel=panel,
            stage=stage,
            location="" if online else CLIENT_ROOMS[client],
            video_url=f"https://meet.example.com/{slug}" if online else "",
        )
        if days > 0:
            self.counts["interviews upcoming"] += 1
            return interview
        self.counts["interviews past"] += 1
        self.past_interviews.append(interview)
        for panelist in panel:
            # Leave a couple of scorecards due, so "my scorecards" has something to do.
            if awaiting and panelist == self.users["interviewer"] and self.scorecards_left_open < 2:
                self.scorecards_left_open += 1
                continue
            self._scorecard(interview, panelist, mood)
        return interview

    def _scorecard(self, interview: Interview, panelist: User, mood: str) -> None:
        template_id = interview.stage.scorecard_template_id
        if template_id not in self.criteria:
            self.criteria[template_id] = list(Criterion.objects.filter(template_id=template_id, is_current=True))
        language = panelist.language if panelist.language in RATING_NOTES else "en"
        ratings = {}
        for criterion in self.criteria[template_id]:
            score = min(4, max(1, round(self.rng.gauss(MOODS[mood], 0.6))))
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
        scorecard_submit(
            interview=interview,
            interviewer=panelist,
            ratings=ratings,
            recommendation=recommendation,
            summary=SUMMARIES[language][recommendation],
        )
        self.counts["scorecards"] += 1

    def _feedback(self) -> None:
        for interview in self.rng.sample(self.past_interviews, k=min(12, len(self.past_interviews))):
            application = interview.application
            language = application.candidate.language
            candidate_feedback_record(
                application=application,
                interview=interview,
                satisfaction=self.rng.choice([3, 4, 4, 5, 5]),
                recommend_score=self.rng.randint(5, 10),
                comment=self.rng.choice(FEEDBACK_COMMENTS.get(language, FEEDBACK_COMMENTS["en"])),
            )
            self.counts["feedback"] += 1

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
                    f"{app.job.title}: {app.get_rejection_reason_display() if outcome == REJECTED else 'withdrew'}",
                )
                for job_key in ("backend", "frontend", "risk")
                for app, outcome, target in self.applications[job_key]
                if outcome in (REJECTED, WITHDRAWN) and target >= 1
            ]
        if which == "finance":
            rejected_risk = [app.candidate for app, outcome, _t in self.applications["risk"] if outcome == REJECTED]
            return [(c, "合规背景扎实。") for c in self.unplaced["compliance"]] + [
                (c, "风控方向，可考虑其他岗位。") for c in rejected_risk[:1]
            ]
        return [(c, "For the design and product openings.") for f in ("design", "product") for c in self.unplaced[f]]

    def _pools(self) -> None:
        for name, (owner, cadence, description, which) in POOLS.items():
            pool = pool_create(actor=self.users[owner], name=name, description=description, cadence_days=cadence)
            self.counts["pools"] += 1
            for candidate, reason in self._pool_members(which):
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

    # --- email templates ----------------------------------------------------------

    def _email_templates(self) -> None:
        """A rejection email in both languages, offered on the board's reject forms."""
        for language, subject, body in REJECTION_EMAILS:
            reference_save(
                instance=EmailTemplate(
                    name="Standard rejection",
                    purpose=EmailTemplate.Purpose.REJECTION,
                    language=language,
                    subject=subject,
                    body_text=body,
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
            Trigger(event=Trigger.Event.THANK_YOU, delay_hours=2),
        ):
            trigger_save(trigger=trigger, actor=self.users["admin"])
            self.counts["triggers"] += 1


def build_agency(*, now: datetime) -> Counter[str]:
    """Build the whole demo agency; the caller holds the transaction."""
    return DemoAgency(now=now).build()
