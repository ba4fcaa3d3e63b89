"""`manage.py seed_demo`: the demo users (accounts.demo) and agency (demo.builder)."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD_DEFAULT, DEMO_USERS
from analytics.services import rollup_catch_up
from demo.builder import build_agency, demo_users_ensure
from jobs.models import Client


class Command(BaseCommand):
    help = (
        "Create the demo users and a demo agency (clients, jobs, candidates, pipelines, interviews, pools). "
        "Idempotent. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with a known password; with DEBUG off pass --force.")
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        started = time.monotonic()
        with transaction.atomic():
            created = demo_users_ensure(password=password)
            users = f"{created} users created, {len(DEMO_USERS) - created} already there"
            # The agency is all or nothing (one transaction), so any client means it was built.
            if Client.objects.exists():
                self.stdout.write(f"Demo data ready: {users}; the demo agency is already there.")
                return
            counts = build_agency(now=timezone.now())
            rollup_catch_up()  # the dashboards' figures, as the nightly refresh would
        self.stdout.write(
            f"Demo data ready: {users}; built {counts['clients']} clients, {counts['jobs']} jobs, "
            f"{counts['candidates']} candidates ({counts['resumes']} resumes), "
            f"{counts['applications']} applications ({counts['applications hired']} hired, "
            f"{counts['applications rejected']} rejected, {counts['applications withdrawn']} withdrawn), "
            f"{counts['interviews past']} past and {counts['interviews upcoming']} upcoming interviews, "
            f"{counts['scorecards']} scorecards, {counts['feedback']} feedback answers, "
            f"{counts['pools']} talent pools ({counts['pool members']} members), {counts['notes']} notes "
            f"in {time.monotonic() - started:.1f}s."
        )
