"""`manage.py bench_seed`: the benchmark dataset (bench/seed)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.seed import BenchLoader, seed_refusal


class Command(BaseCommand):
    help = (
        "Load the benchmark dataset at bulk speed: at --scale 1, 200,000 candidates, 400,000 applications with "
        "~2M stage transitions, 100,000 interviews, 150,000 scorecards, 50,000 pool members. Deterministic for a "
        "--seed. Refuses a database that has candidates unless --force-empty, and DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count (default 1)")
        parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
        parser.add_argument(
            "--database-url",
            help="seed this database instead of the settings' one (same as DATABASE_URL for this run)",
        )
        parser.add_argument(
            "--force-empty",
            action="store_true",
            help="first TRUNCATE the seeded tables (candidates, sources, tags, clients and their jobs, plans, "
            "scorecard templates, pools, roll-ups) and everything pointing at them",
        )
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, scale: float, seed: int, database_url: str | None, force_empty: bool, force: bool, **o):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if database_url:
            _use_database(database_url)
        refusal = seed_refusal(debug=settings.DEBUG, force=force, force_empty=force_empty)
        if refusal:
            raise CommandError(refusal)
        loader = BenchLoader(scale=scale, seed=seed, log=self.stdout.write)
        loader.run(force_empty=force_empty)


def _use_database(url: str) -> None:
    """Point the default connection at ``url``, read as settings reads DATABASE_URL."""
    from django.db import connections

    from recruitcrm.env import Env

    config = Env({"DATABASE_URL": url}).database_url("DATABASE_URL")
    connections["default"].close()
    settings.DATABASES["default"].update(config)
    connections["default"].settings_dict.update(config)
