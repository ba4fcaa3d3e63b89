"""Applications, their StageTransitions, interviews with panels, scorecards with
ratings and candidate feedback, as COPY lines.

Each application walks its job's stages in order (one in ten goes back a stage
once), one transition per move, with times increasing; a closed application
ends with a closing transition (same stage, status active → its status) at
``closed_at``. ``stage_entered_at`` is the time of the last move, as
interviews.services leaves it. Interviews are drawn from the stage visits
(offer stages have none): past ones completed (a few cancelled), some of the
active applications' current ones still to come.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from bench.seed import vocab
from bench.seed.copy import NULL, text, ts
from bench.seed.people import _uuid
from bench.seed.structure import JobRow, StageRow, Structure
from interviews.models import Interview, Scorecard, StageKind

DAY = 86_400.0
ACTIVE, HIRED, REJECTED, WITHDRAWN = "active", "hired", "rejected", "withdrawn"
OPEN_JOB_STATUSES = ((ACTIVE, 25), (REJECTED, 62), (WITHDRAWN, 10), (HIRED, 3))
CLOSED_JOB_STATUSES = ((REJECTED, 85), (WITHDRAWN, 12), (HIRED, 3))
# Codes of the seeded closing reasons (interviews migration 0007_seed_closing_reasons).
REASONS = ("skills", "culture", "compensation", "location", "position_filled", "no_show", "other")
WITHDRAWAL_REASONS = ("accepted_other_offer", "compensation", "not_interested", "location", "personal", "other")
RECOMMENDATIONS = (Scorecard.Recommendation.values, (1, 3, 4, 2))


@dataclass
class Visit:
    """A stay of an application in a stage: where an interview may happen."""

    application_id: int
    stage: StageRow
    entered: float
    left: float | None  # None: it is still there
    active: bool
    recruiter_id: int


@dataclass
class Pipeline:
    applications: list[str] = field(default_factory=list)
    transitions: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    first_applied: dict[int, float] = field(default_factory=dict)  # candidate index → earliest application
    job_dates: dict[int, tuple[float, float]] = field(default_factory=dict)  # job id → (first, last) time


def _allocate(rng: random.Random, total: int, jobs: list[JobRow], candidates: int) -> list[int]:
    """How many applications each (non-hot) job gets: uneven, never more than the candidates."""
    if not jobs:
        return []
    even = total / len(jobs) > candidates / 2
    weights = [1.0 if even else rng.uniform(0.4, 1.6) for _ in jobs]
    scale = total / sum(weights)
    counts = [min(candidates, int(weight * scale)) for weight in weights]
    for n in range(len(jobs) * 2):
        if sum(counts) >= total:
            break
        index = n % len(jobs)
        counts[index] = min(candidates, counts[index] + max(1, (total - sum(counts)) // len(jobs)))
    return counts


class PipelinePlanner:
    def __init__(self, *, structure: Structure, rng: random.Random, now: float, candidate_ids: list[int]) -> None:
        self.s = structure
        self.rng = rng
        self.now = now
        self.candidate_ids = candidate_ids
        self.out = Pipeline()

    def plan(self, *, total: int, hot: int, first_id: int, candidate_sources: list[int]) -> Pipeline:
        rng, jobs = self.rng, self.s.jobs
        n_candidates = len(self.candidate_ids)
        allocation = [hot, *_allocate(rng, total - hot, jobs[1:], n_candidates)]
        next_id = first_id
        for job, count in zip(jobs, allocation, strict=True):
            is_hot = job is jobs[0]
            opened = self.now - (120 if is_hot else rng.uniform(60, 720)) * DAY
            closes = None if job.status == "open" else min(opened + rng.uniform(60, 300) * DAY, self.now - 2 * DAY)
            for index in rng.sample(range(n_candidates), count):
                self._application(
                    next_id, job, index, candidate_sources[index], opened=opened, closes=closes, hot=is_hot
                )
                next_id += 1
        return self.out

    def _path(self, stages: int, status: str, hot: bool) -> list[int]:
        rng = self.rng
        if status == HIRED:
            reach = stages - 1
        elif hot:
            reach = rng.choices(range(stages), weights=[stages - n for n in range(stages)])[0]
        else:
            reach = min(stages - 1, int(rng.triangular(0, stages, 3)))
        path = list(range(reach + 1))
        if reach >= 2 and rng.random() < 0.1:
            back = rng.randint(1, reach - 1)
            path = [*path[: back + 1], back - 1, back, *path[back + 1 :]]
        return path

    def _application(
        self, app_id: int, job: JobRow, index: int, source_id: int, *, opened: float, closes: float | None, hot: bool
    ) -> None:
        rng, out = self.rng, self.out
        if hot:
            status = ACTIVE
        else:
            choices = OPEN_JOB_STATUSES if closes is None else CLOSED_JOB_STATUSES
            status = rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]
        stages = job.stages
        path = self._path(len(stages), status, hot)
        gaps = [rng.uniform(0.5, 8) * DAY for _ in path[1:]]
        closing = rng.uniform(0.5, 6) * DAY if status != ACTIVE else 0.0
        span = sum(gaps) + closing
        if status == ACTIVE:
            start = self.now - span - rng.uniform(0.05, 20) * DAY
        else:
            latest = (closes if closes is not None else self.now - 0.5 * DAY) - span
            start = rng.uniform(opened, latest) if latest > opened else latest
        times = [start]
        for gap in gaps:
            times.append(times[-1] + gap)
        closed_at = times[-1] + closing if status != ACTIVE else None
        public_id = _uuid(rng)
        candidate_id = self.candidate_ids[index]
        recruiter = job.recruiter_id
        reason = rng.choice(REASONS) if status == REJECTED else ""
        withdrawal = rng.choice(WITHDRAWAL_REASONS) if status == WITHDRAWN else ""
        current = stages[path[-1]]
        last = closed_at if closed_at is not None else times[-1]
        out.applications.append(
            f"{app_id}\t{ts(start)}\t{ts(last)}\t{public_id}\t{status}\t{reason}\t\t{withdrawal}\t\t{ts(times[-1])}\t"
            f"{ts(closed_at)}\t{candidate_id}\t{recruiter}\t{job.id}\t{source_id}\t{current.id}"
        )
        previous = None
        for step, at in zip(path, times, strict=True):
            stage = stages[step]
            from_stage = NULL if previous is None else previous.id
            from_status = "" if previous is None else ACTIVE
            out.transitions.append(
                f"{from_status}\tactive\t{ts(at)}\t\t{recruiter}\t{app_id}\t{from_stage}\t{stage.id}\t"
            )
            previous = stage
        if closed_at is not None:
            out.transitions.append(
                f"active\t{status}\t{ts(closed_at)}\t\t{recruiter}\t{app_id}\t{current.id}\t{current.id}\t"
            )
        for n, step in enumerate(path):
            stage = stages[step]
            if stage.kind == StageKind.OFFER:
                continue
            left = times[n + 1] if n + 1 < len(times) else closed_at
            out.visits.append(Visit(app_id, stage, times[n], left, status == ACTIVE, recruiter))
        first_stage = stages[path[0]]
        params = text(json.dumps({"job": job.title, "stage": first_stage.name}))
        out.activities.append(
            f"application\t{ts(start)}\tinterviews.applied\t{params}\tinterviews.application\t{public_id}\t{{}}\t"
            f"{recruiter}\t{candidate_id}"
        )
        if status == REJECTED:
            params = text(json.dumps({"text": f"{job.title}: rejected at {current.name}"}))
            out.activities.append(
                f"rejection\t{ts(closed_at)}\ttext\t{params}\tinterviews.application\t{public_id}\t{{}}\t"
                f"{recruiter}\t{candidate_id}"
            )
        if start < out.first_applied.get(index, float("inf")):
            out.first_applied[index] = start
        first, latest_time = out.job_dates.get(job.id, (start, last))
        out.job_dates[job.id] = (min(first, start), max(latest_time, last))


@dataclass
class Interviews:
    interviews: list[str] = field(default_factory=list)
    panelists: list[str] = field(default_factory=list)
    scorecards: list[str] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


def plan_interviews(
    *,
    visits: list[Visit],
    structure: Structure,
    rng: random.Random,
    now: float,
    interviews: int,
    scorecards: int,
    feedback: int,
    first_interview_id: int,
    first_scorecard_id: int,
) -> Interviews:
    out = Interviews()
    interviewer_ids = [user.pk for user in structure.interviewers]
    seats: list[tuple[int, int, float, int | None]] = []
    completed: list[tuple[int, int, int, float]] = []
    chosen = sorted(rng.sample(range(len(visits)), min(interviews, len(visits))))
    for n, visit_index in enumerate(chosen):
        visit = visits[visit_index]
        interview_id = first_interview_id + n
        stage = visit.stage
        upcoming = False
        if visit.left is not None:
            starts = visit.entered + rng.uniform(0.15, 0.85) * (visit.left - visit.entered)
        elif rng.random() < 0.5:
            starts, upcoming = now + rng.uniform(0.1, 14) * DAY, True
        else:
            starts = visit.entered + rng.uniform(0.1, 0.9) * (now - visit.entered)
        starts -= starts % 900  # on the quarter hour
        ends = starts + stage.duration_minutes * 60
        if upcoming:
            status = Interview.Status.SCHEDULED
        else:
            status = Interview.Status.CANCELLED if rng.random() < 0.07 else Interview.Status.COMPLETED
        created = max(visit.entered, min(starts, now) - 3 * DAY)
        updated = created if upcoming else min(ends, now)
        where = f"Meeting room {rng.randint(1, 12)}"
        out.interviews.append(
            f"{interview_id}\t{ts(created)}\t{ts(updated)}\t{_uuid(rng)}\t{ts(starts)}\t{ts(ends)}\t{where}\t\t"
            f"{status}\t0\t{visit.application_id}\t{visit.recruiter_id}\t{stage.id}"
        )
        panel_size = min(len(interviewer_ids), stage.interviewers_needed + (rng.random() < 0.5))
        for user_id in rng.sample(interviewer_ids, panel_size):
            out.panelists.append(f"{interview_id}\t{user_id}")
            if status == Interview.Status.COMPLETED and ends < now:
                seats.append((interview_id, user_id, ends, stage.template_id))
        if status == Interview.Status.COMPLETED and ends < now:
            completed.append((visit.application_id, interview_id, stage.id, ends))

    recommendations, weights = RECOMMENDATIONS
    for n, seat_index in enumerate(sorted(rng.sample(range(len(seats)), min(scorecards, len(seats))))):
        interview_id, user_id, ends, template_id = seats[seat_index]
        scorecard_id = first_scorecard_id + n
        written = min(ends + rng.uniform(0.5, 48) * 3600, now)
        if rng.random() < 0.05:  # a draft: not submitted, no ratings yet
            out.scorecards.append(
                f"{scorecard_id}\t{ts(written)}\t{ts(written)}\tdraft\t\t\t{NULL}\t{interview_id}\t{user_id}\t0"
            )
            continue
        recommendation = rng.choices(recommendations, weights)[0]
        summary = text(rng.choice(vocab.SUMMARIES))
        out.scorecards.append(
            f"{scorecard_id}\t{ts(written)}\t{ts(written)}\tsubmitted\t{recommendation}\t{summary}\t{ts(written)}\t"
            f"{interview_id}\t{user_id}\t0"
        )
        mood = rng.uniform(1.2, 3.8)
        for criterion_id in structure.criteria.get(template_id, []):
            score = min(4, max(1, round(rng.gauss(mood, 0.7))))
            out.ratings.append(f"{score}\t{text(rng.choice(vocab.RATING_NOTES))}\t{criterion_id}\t{scorecard_id}")

    for application_id, interview_id, stage_id, ends in (
        completed[n] for n in sorted(rng.sample(range(len(completed)), min(feedback, len(completed))))
    ):
        satisfaction = rng.choices(range(1, 6), weights=(1, 2, 4, 6, 4))[0]
        nps = rng.randint(max(0, satisfaction * 2 - 2), min(10, satisfaction * 2 + 1))
        when = min(ends + rng.uniform(2, 72) * 3600, now)
        out.feedback.append(
            f"{satisfaction}\t{nps}\t{text(rng.choice(vocab.FEEDBACK_TEXT))}\t{ts(when)}\t{application_id}\t"
            f"{interview_id}\t{stage_id}\t{text(rng.choice(vocab.FEEDBACK_TEXT))}\t{text(rng.choice(vocab.FEEDBACK_TEXT))}"
        )
    return out
