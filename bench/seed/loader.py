"""The load itself: phases in dependency order inside one transaction.

1. structure (services): users, plans, clients, jobs and stages, pools;
2. the bulk tables' indexes that back no constraint are dropped (and rebuilt
   from their own definitions after the load, as pg_restore does);
3. a generator thread plans the pipeline (candidates' creation times follow
   from it) and makes the rows while this thread COPYs them: applications,
   transitions, activities, interviews, panelists, scorecards, ratings,
   feedback, pool members, candidates with tags, resumes and search texts;
   then offers (services) on the furthest applications, each waiting for
   the administrator's approval (bench/seed/offers.py);
4. search documents: the A–D texts of candidates.search.refresh went to a
   temporary table, and one UPDATE builds every ``search_vector`` with
   refresh's own expression;
5. indexes rebuilt, job dates set from their applications, sequences moved
   past the explicit ids, ANALYZE, analytics roll-up; after the commit a
   VACUUM (ANALYZE) when not inside an outer transaction.

With a superuser connection, foreign-key triggers are skipped for the bulk
rows and the roll-up (``session_replication_role = replica``): every id is
generated here, and tests/bench/test_seed.py reads the rows back through the
product. Otherwise the deferred checks all run at commit (slower). Nothing is
resumable: a failed run rolls back whole and is simply run again.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable

from django.db import connection, transaction

from analytics.services import rollup_refresh
from bench.seed.careers import seed_careers
from bench.seed.copy import blob, copy_lines, text, ts
from bench.seed.counts import RESUME_SHARE, Counts
from bench.seed.offers import seed_offers
from bench.seed.people import (
    CANDIDATE_TABLE,
    DOCUMENT_TABLE,
    _uuid,
    email_index,
    encrypted,
    names_text,
    person_make,
    phone_index,
    search_texts,
)
from bench.seed.pipeline import DAY, PipelinePlanner, plan_interviews
from bench.seed.placements import seed_placements
from bench.seed.structure import Structure, build_structure
from candidates.models import Candidate
from core import crypto
from interviews.models import Application, Interview, Scorecard

# The expression of candidates.search.refresh, applied to every row at once.
SEARCH_UPDATE = (
    "UPDATE candidates_candidate c SET search_vector ="
    " setweight(to_tsvector('simple', s.a), 'A') || setweight(to_tsvector('simple', s.b), 'B')"
    " || setweight(to_tsvector('simple', s.c), 'C') || setweight(to_tsvector('simple', s.d), 'D')"
    " FROM bench_search s WHERE c.id = s.id"
)
# Tables whose ids are written explicitly (others point at them).
EXPLICIT_IDS = (Candidate, Application, Interview, Scorecard)
# What --force-empty truncates (CASCADE reaches the rows that point at them).
EMPTIED = (
    "candidates_candidate",
    "candidates_source",
    "candidates_tag",
    "jobs_client",
    "interviews_interviewplantemplate",
    "interviews_scorecardtemplate",
    "talentpool_talentpool",
    "analytics_stagevisit",
    "analytics_rolluprun",
)
BENCH_USERS = "@bench.test"


def seed_refusal(*, debug: bool, force: bool, force_empty: bool) -> str | None:
    """Why the seed must not run here, or None."""
    if not debug and not force:
        return "bench_seed creates accounts with a known password; with DEBUG off pass --force."
    if Candidate.objects.exists() and not force_empty:
        return "This database already has candidates; pass --force-empty to delete the seeded data and seed again."
    return None


class BenchLoader:
    """Seeds the benchmark dataset; ``run()`` once, returns the row counts."""

    def __init__(
        self, *, scale: float, seed: int, log: Callable[[str], None] = print, now: float | None = None
    ) -> None:
        self.counts = Counts.for_scale(scale)
        self.scale = scale
        self.seed = seed
        self.log = log
        self.now = time.time() if now is None else now
        self.rows: dict[str, int] = {}
        self.structure: Structure | None = None

    def rng(self, part: str) -> random.Random:
        """One generator per part, so a part's values do not depend on the others'."""
        return random.Random(f"bench:{self.seed}:{part}")

    def _phase(self, name: str, seconds: float, **rows: int) -> None:
        self.rows.update(rows)
        figures = ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in rows.items())
        self.log(f"{name:<24} {seconds:7.1f}s  {figures}")

    def run(self, *, force_empty: bool = False) -> dict[str, int]:
        total = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            if force_empty:
                started = time.monotonic()
                # TRUNCATE refuses tables with foreign-key checks still queued in this transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {', '.join(EMPTIED)} CASCADE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                self._phase("emptied", time.monotonic() - started)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            started = time.monotonic()
            self.structure = build_structure(counts=self.counts, rng=self.rng("structure"))
            stages = sum(len(job.stages) for job in self.structure.jobs)
            self._phase(
                "structure (services)", time.monotonic() - started, jobs=len(self.structure.jobs), stages=stages
            )
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
            if superuser:  # no foreign-key triggers for the bulk rows (see the module docstring)
                cursor.execute("SET LOCAL session_replication_role = replica")
            self._load(cursor)
            started = time.monotonic()
            offers = _answered_offers(cursor)
            self._phase("answered offers", time.monotonic() - started, offers=offers)
            started = time.monotonic()
            offers = seed_offers(structure=self.structure, rng=self.rng("offers"))
            self._phase("open offers (services)", time.monotonic() - started, offers=offers)
            started = time.monotonic()
            for model in EXPLICIT_IDS:
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            started_placements = time.monotonic()
            placements = seed_placements(cursor)
            self._phase("placements", time.monotonic() - started_placements, placements=placements)
            started_careers = time.monotonic()
            postings = seed_careers(
                admin=self.structure.admin,
                recruiter=self.structure.recruiter,
                scale=self.scale,
                rng=self.rng("careers"),
            )
            self._phase("careers site", time.monotonic() - started_careers, postings=postings)
            cursor.execute("ANALYZE")
            self._phase("analyze", time.monotonic() - started)
            started = time.monotonic()
            run = rollup_refresh(day=None)
            self._phase("roll-up", time.monotonic() - started, stage_visits=run.visits)
            if superuser:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            started = time.monotonic()
        self._phase("commit", time.monotonic() - started)
        if not connection.in_atomic_block:
            # The visibility map, for index-only scans; impossible inside a transaction (tests).
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            self._phase("vacuum", time.monotonic() - started)
        self.log(f"{'total':<24} {time.monotonic() - total:7.1f}s  scale {self.scale}, seed {self.seed}")
        return self.rows

    # --- the bulk tables ---------------------------------------------------------

    def _next_id(self, cursor, model) -> int:
        cursor.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]

    def _drop_indexes(self, cursor) -> list[str]:
        """Drop the bulk tables' indexes that back no constraint; returns their definitions."""
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [[table for table, _columns in COPIED.values() if table != "bench_search"]],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in indexes]

    def _load(self, cursor) -> None:
        counts = self.counts
        first_candidate = self._next_id(cursor, Candidate)
        candidate_ids = list(range(first_candidate, first_candidate + counts.candidates))
        first_ids = {model: self._next_id(cursor, model) for model in (Application, Interview, Scorecard)}
        started = time.monotonic()
        indexes = self._drop_indexes(cursor)
        cursor.execute("CREATE TEMPORARY TABLE bench_search (id bigint, a text, b text, c text, d text)")
        self._phase("indexes dropped", time.monotonic() - started, indexes=len(indexes))

        # A thread generates the rows while this one copies them: PostgreSQL
        # parses and stores one chunk while Python makes the next. Foreign keys
        # are deferred (or off), so the tables may arrive in any order.
        chunks: queue.Queue = queue.Queue(maxsize=4)
        generated: dict[str, float] = {}
        producer = threading.Thread(
            target=self._produce, args=(chunks, candidate_ids, first_ids, generated), daemon=True
        )
        started = time.monotonic()
        producer.start()
        copied: dict[str, int] = dict.fromkeys(COPIED, 0)
        copy_seconds: dict[str, float] = dict.fromkeys(COPIED, 0.0)
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            name, lines = item
            table, columns = COPIED[name]
            before = time.monotonic()
            copy_lines(cursor, table, columns, lines)
            copy_seconds[name] += time.monotonic() - before
            copied[name] += len(lines)
        producer.join()
        for part, seconds in generated.items():
            self._phase(f"generate {part}", seconds)
        for name, rows in copied.items():
            self._phase(f"copy {name.replace('_', ' ')}", copy_seconds[name], **{name: rows})
        self._phase("generate and copy", time.monotonic() - started)

        started = time.monotonic()
        cursor.execute(SEARCH_UPDATE)  # before the indexes come back: they are built once, over the result
        vectors = cursor.rowcount
        cursor.execute("DROP TABLE bench_search")
        self._phase("search vectors", time.monotonic() - started, search_vectors=vectors)

        started = time.monotonic()
        for definition in indexes:
            cursor.execute(definition)
        self._phase("indexes rebuilt", time.monotonic() - started, indexes=len(indexes))

        started = time.monotonic()
        # A job opened before its first application and closed (if it is) after its last move.
        cursor.executemany(
            "UPDATE jobs_job SET created_at = %s::timestamptz, opened_at = %s::timestamptz,"
            " closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE %s::timestamptz END WHERE id = %s",
            [[ts(first - DAY), ts(first - DAY), ts(last), job_id] for job_id, (first, last) in self.job_dates.items()],
        )
        self._phase("job dates", time.monotonic() - started, jobs_dated=len(self.job_dates))

    def _produce(self, chunks: queue.Queue, candidate_ids: list[int], first_ids: dict, generated: dict) -> None:
        try:
            source_rng = self.rng("sources")
            sources = [source_rng.choice(self.structure.source_ids) for _ in candidate_ids]
            started = time.monotonic()
            planner = PipelinePlanner(
                structure=self.structure, rng=self.rng("applications"), now=self.now, candidate_ids=candidate_ids
            )
            pipeline = planner.plan(
                total=self.counts.applications,
                hot=self.counts.hot_job_applications,
                first_id=first_ids[Application],
                candidate_sources=sources,
            )
            self.job_dates = pipeline.job_dates
            generated["applications"] = time.monotonic() - started
            for name, lines in (
                ("applications", pipeline.applications),
                ("stage_transitions", pipeline.transitions),
                ("activities", pipeline.activities),
            ):
                _put(chunks, name, lines)
            started = time.monotonic()
            planned = plan_interviews(
                visits=pipeline.visits,
                structure=self.structure,
                rng=self.rng("interviews"),
                now=self.now,
                interviews=self.counts.interviews,
                scorecards=self.counts.scorecards,
                feedback=self.counts.feedback,
                first_interview_id=first_ids[Interview],
                first_scorecard_id=first_ids[Scorecard],
            )
            generated["interviews"] = time.monotonic() - started
            for name, lines in (
                ("interviews", planned.interviews),
                ("panelists", planned.panelists),
                ("scorecards", planned.scorecards),
                ("ratings", planned.ratings),
                ("candidate_feedback", planned.feedback),
            ):
                _put(chunks, name, lines)
            started = time.monotonic()
            self._pool_members(chunks, candidate_ids)
            self._candidates(chunks, candidate_ids, sources, pipeline.first_applied)
            generated["candidates"] = time.monotonic() - started
            chunks.put(None)
        except BaseException as error:  # handed to the copying thread, which raises it
            chunks.put(error)

    def _candidates(self, chunks: queue.Queue, ids: list[int], sources: list[int], first_applied: dict) -> None:
        rng = self.rng("candidates")
        structure = self.structure
        owners = [structure.recruiter.pk, *(user.pk for user in structure.recruiters)]
        version = crypto.current_version()
        batch: dict[str, list[str]] = {name: [] for name in CANDIDATE_PARTS}
        for index, candidate_id in enumerate(ids):
            person = person_make(rng, index, with_resume=rng.random() < RESUME_SHARE)
            created = self.now - rng.uniform(1, 1095) * DAY
            if index in first_applied:
                created = min(created, first_applied[index] - rng.uniform(0.1, 30) * DAY)
            owner = owners[index % len(owners)]
            public_id = person.public_id
            email = encrypted(person.email, CANDIDATE_TABLE, "email", public_id)
            phone = encrypted(person.phone, CANDIDATE_TABLE, "phone", public_id)
            batch["candidates"].append(
                f"{candidate_id}\t{ts(created)}\t{ts(created)}\t{public_id}\t{text(person.full_name)}\t"
                f"{text(person.headline)}\t{text(person.company)}\t{text(person.location)}\t{text(person.skills)}\t"
                f"{person.language}\t{person.time_zone}\t{blob(email)}\t{blob(phone)}\t"
                f"{blob(email_index(person.email))}\t{blob(phone_index(person.phone))}\t{owner}\t"
                f"{sources[index]}\t{text(names_text(person))}\t[]\t\t"
            )
            for tag in person.tags:
                batch["candidate_tags"].append(f"{candidate_id}\t{structure.tag_ids[tag]}")
            batch["activities"].append(
                f"created\t{ts(created)}\tcandidates.created\t{{}}\t\t\t{{}}\t{owner}\t{candidate_id}"
            )
            if person.resume is not None:
                document_id = _uuid(rng)
                content = encrypted(person.resume, DOCUMENT_TABLE, "text", document_id)
                suffix = "简历" if person.chinese else "CV"
                filename = f"{person.full_name.replace(' ', '_')}_{suffix}.pdf"
                batch["documents"].append(
                    f"{ts(created)}\t{ts(created)}\t{document_id}\tresume\t{text(filename)}\tapplication/pdf\t"
                    f"{len(person.resume) * 3}\tdocuments/{document_id}\t{version}\t{blob(content)}\t"
                    f"{candidate_id}\t{owner}\t\t\t{len(person.resume)}\tf"
                )
            a, b, c, d = search_texts(person)
            batch["search_texts"].append(f"{candidate_id}\t{text(a)}\t{text(b)}\t{text(c)}\t{text(d)}")
            if len(batch["candidates"]) >= CANDIDATE_CHUNK:
                for name, lines in batch.items():
                    chunks.put((name, lines))
                batch = {name: [] for name in CANDIDATE_PARTS}
        for name, lines in batch.items():
            chunks.put((name, lines))

    def _pool_members(self, chunks: queue.Queue, ids: list[int]) -> None:
        rng = self.rng("pools")
        pools = self.structure.pool_ids
        shares = [0.5, 0.25, 0.15, 0.10][: len(pools)] or [1.0]
        total = self.counts.pool_members
        sizes = [min(len(ids), int(total * share / sum(shares))) for share in shares]
        sizes[0] = min(len(ids), sizes[0] + total - sum(sizes))
        adder = self.structure.recruiter.pk
        lines = []
        # A pool keeps only those who agreed to it: one talent-pool consent per
        # member, given (recorded by the team) before their first pool add.
        consented: dict[int, float] = {}
        for pool_id, size in zip(pools, sizes, strict=False):
            for index in sorted(rng.sample(range(len(ids)), size)):
                added = self.now - rng.uniform(1, 400) * DAY
                due = self.now + rng.uniform(1, 90) * DAY
                lines.append(f"\t{ts(added)}\t\\N\t\t{ts(due)}\t\\N\t{adder}\t{ids[index]}\t{pool_id}")
                consented[ids[index]] = min(added, consented.get(ids[index], added))
        _put(chunks, "pool_members", lines)
        _put(
            chunks,
            "consents",
            [
                f"{ts(given)}\t{ts(given)}\t{candidate_id}\ttalent_pool\t\t{text(POOL_CONSENT_EVIDENCE)}\t"
                f"{ts(given)}\t\tstaff\temail\t{adder}\t"
                for candidate_id, given in sorted(consented.items())
            ],
        )


CANDIDATE_CHUNK = 5_000
CANDIDATE_PARTS = ("candidates", "documents", "candidate_tags", "activities", "search_texts")
LINES_CHUNK = 100_000


def _put(chunks: queue.Queue, name: str, lines: list[str]) -> None:
    for start in range(0, len(lines), LINES_CHUNK):
        chunks.put((name, lines[start : start + LINES_CHUNK]))


CANDIDATE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "public_id",
    "full_name",
    "headline",
    "company",
    "location",
    "skills",
    "language",
    "time_zone",
    "email",
    "phone",
    "email_index",
    "phone_index",
    "owner_id",
    "source_id",
    "search_names",
    "from_resume",
    "contact_opt_out_reason",
    "legal_hold_reason",
)
DOCUMENT_COLUMNS = (
    "created_at",
    "updated_at",
    "public_id",
    "kind",
    "filename",
    "content_type",
    "size",
    "storage_name",
    "file_key_version",
    "text",
    "candidate_id",
    "uploaded_by_id",
    "text_issue",
    "text_issue_detail",
    "text_length",
    "parse_requested",
)
ACTIVITY_COLUMNS = (
    "kind",
    "occurred_at",
    "message_id",
    "params",
    "target_type",
    "target_id",
    "data",
    "actor_id",
    "candidate_id",
)
APPLICATION_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "public_id",
    "status",
    "rejection_reason",
    "rejection_note",
    "withdrawal_reason",
    "withdrawal_note",
    "stage_entered_at",
    "closed_at",
    "candidate_id",
    "created_by_id",
    "job_id",
    "source_id",
    "stage_id",
)
TRANSITION_COLUMNS = (
    "from_status",
    "to_status",
    "created_at",
    "note",
    "actor_id",
    "application_id",
    "from_stage_id",
    "to_stage_id",
    "override_reason",
)
INTERVIEW_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "public_id",
    "starts_at",
    "ends_at",
    "location",
    "video_url",
    "status",
    "sequence",
    "application_id",
    "created_by_id",
    "stage_id",
)
SCORECARD_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "status",
    "recommendation",
    "summary",
    "submitted_at",
    "interview_id",
    "interviewer_id",
    "revision",
)
FEEDBACK_COLUMNS = (
    "satisfaction",
    "recommend_score",
    "comment",
    "submitted_at",
    "application_id",
    "interview_id",
    "stage_id",
    "to_improve",
    "went_well",
)
POOL_CONSENT_EVIDENCE = "Agreed by email to stay in the talent pool."
CONSENT_COLUMNS = (
    "created_at",
    "updated_at",
    "candidate_id",
    "purpose",
    "notice_version",
    "evidence",
    "given_at",
    "user_agent",
    "channel",
    "method",
    "recorded_by_id",
    "withdrawn_channel",
)
MEMBERSHIP_COLUMNS = (
    "reason",
    "added_at",
    "removed_at",
    "removed_reason",
    "next_check_in_at",
    "last_check_in_at",
    "added_by_id",
    "candidate_id",
    "pool_id",
)

# The offers report reads these: an accepted offer for every hire, a declined or expired one for
# an application closed at the offer stage (reasons in turn). Set-based from the loaded
# applications; the terms (encrypted) are left empty. Placements come from bench.seed.placements.
OFFERS_SQL = """
INSERT INTO offers_offer (created_at, updated_at, public_id, application_id, status, language, sent_at,
                          expires_at, answered_at, decline_reason, decline_note, withdrawn_note)
SELECT a.closed_at - interval '9 days', a.closed_at, gen_random_uuid(), a.id,
       CASE WHEN a.status = 'hired' THEN 'accepted' WHEN a.id % 4 = 0 THEN 'expired' ELSE 'declined' END,
       'en', a.closed_at - interval '7 days', a.closed_at,
       CASE WHEN a.status = 'hired' OR a.id % 4 <> 0 THEN a.closed_at - (a.id % 120) * interval '1 hour' END,
       CASE WHEN a.status <> 'hired' AND a.id % 4 <> 0
            THEN (ARRAY['compensation', 'other_offer', 'role', 'location', 'start_date', 'personal', 'other'])[
                 1 + a.id % 7]
            ELSE '' END,
       '', ''
FROM interviews_application a JOIN interviews_stage s ON s.id = a.stage_id
WHERE a.closed_at IS NOT NULL AND (a.status = 'hired' OR (a.status IN ('rejected', 'withdrawn') AND s.kind = 'offer'))
"""


def _answered_offers(cursor) -> int:
    cursor.execute(OFFERS_SQL)
    return cursor.rowcount


# name: (table, columns) of every COPY, in the order they are reported.
COPIED = {
    "candidates": (CANDIDATE_TABLE, CANDIDATE_COLUMNS),
    "documents": (DOCUMENT_TABLE, DOCUMENT_COLUMNS),
    "candidate_tags": ("candidates_candidate_tags", ("candidate_id", "tag_id")),
    "search_texts": ("bench_search", ("id", "a", "b", "c", "d")),
    "applications": ("interviews_application", APPLICATION_COLUMNS),
    "stage_transitions": ("interviews_stagetransition", TRANSITION_COLUMNS),
    "activities": ("candidates_activity", ACTIVITY_COLUMNS),
    "interviews": ("interviews_interview", INTERVIEW_COLUMNS),
    "panelists": ("interviews_panelist", ("interview_id", "user_id")),
    "scorecards": ("interviews_scorecard", SCORECARD_COLUMNS),
    "ratings": ("interviews_rating", ("score", "note", "criterion_id", "scorecard_id")),
    "candidate_feedback": ("interviews_candidatefeedback", FEEDBACK_COLUMNS),
    "pool_members": ("talentpool_poolmembership", MEMBERSHIP_COLUMNS),
    "consents": ("candidates_consent", CONSENT_COLUMNS),
}
