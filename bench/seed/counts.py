"""How many rows of each kind a scale asks for."""

from __future__ import annotations

import math
from dataclasses import dataclass

# The dataset at scale 1: every count is multiplied by the scale.
BASE_COUNTS = {
    "candidates": 200_000,
    "clients": 20,
    "jobs": 500,
    "hot_job_applications": 2_000,
    "applications": 400_000,
    "interviews": 100_000,
    "scorecards": 150_000,
    "pool_members": 50_000,
    "pools": 4,
    "feedback": 20_000,
    "recruiters": 10,
    "interviewers": 60,
}
# Share of candidates with a resume (a Document with extracted text).
RESUME_SHARE = 0.85
# A job never takes the same candidate twice, so below scale ~0.01 there are
# more jobs than 500 × scale: enough to hold the applications.
JOB_FILL = 0.9


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


@dataclass(frozen=True)
class Counts:
    candidates: int
    clients: int
    jobs: int
    hot_job_applications: int
    applications: int
    interviews: int
    scorecards: int
    pool_members: int
    pools: int
    feedback: int
    recruiters: int
    interviewers: int

    @classmethod
    def for_scale(cls, scale: float) -> Counts:
        values = {name: scaled(count, scale) for name, count in BASE_COUNTS.items()}
        values["applications"] = max(values["applications"], values["hot_job_applications"] + 1)
        values["hot_job_applications"] = min(values["hot_job_applications"], values["candidates"])
        others = values["applications"] - values["hot_job_applications"]
        values["jobs"] = max(values["jobs"], 1 + math.ceil(others / (JOB_FILL * values["candidates"])))
        values["pool_members"] = min(values["pool_members"], values["candidates"] * values["pools"])
        return cls(**values)
