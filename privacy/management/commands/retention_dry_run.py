"""List what the next retention sweep will do, without doing it."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand

from candidates.models import Candidate
from privacy.models import RetentionPolicy
from privacy.selectors import retention_plan


class Command(BaseCommand):
    help = "List the renewal requests and anonymisations the next retention sweep will make (changes nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--at", help="As the sweep would run at this ISO 8601 time (default: now).", type=datetime.fromisoformat
        )

    def handle(self, *args, **options) -> None:
        plan = retention_plan(now=options.get("at"))
        policies = RetentionPolicy.objects.in_bulk()
        ids = Candidate.objects.in_bulk([action.candidate_id for action in plan], field_name="pk")
        for action in plan:
            # The public id, not the name: the list may be pasted into a ticket.
            self.stdout.write(
                f"{action.kind}\t{ids[action.candidate_id].public_id}\t{action.deadline:%Y-%m-%d}\t"
                f"{policies[action.policy_id].name}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(plan)} action(s)"))
