"""The benchmark dataset: ``manage.py bench_seed``.

This loader is the one exception to the rule that every write goes through a
service: the few structural rows (users, clients, plans, jobs with their stages,
pools) are made through the services, and the big tables are written with
PostgreSQL COPY, in dependency order, in one transaction. The rows are shaped
as the services shape them — encrypted contact fields and resume text bound to
(table, column, public_id), blind indexes, a StageTransition per move with a
closing one for closed applications — and tests/bench/test_seed.py compares
them with what the services and selectors make of them.
"""

from bench.seed.counts import BASE_COUNTS, Counts
from bench.seed.loader import BenchLoader, seed_refusal

__all__ = ["BASE_COUNTS", "BenchLoader", "Counts", "seed_refusal"]
