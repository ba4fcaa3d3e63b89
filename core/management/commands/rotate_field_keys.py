"""Re-encrypt every encrypted value and file under the newest key.

Resumable: each batch commits on its own and rows already under the newest key
are skipped by the query, so an interrupted run (Ctrl-C, a crash, a deploy) is
simply run again. Rows are locked with SKIP LOCKED so the command can run while
the product is in use; a row being edited is picked up by the next run.

Steps to rotate: add ``N:newkey`` to FIELD_ENCRYPTION_KEYS (keep the old
versions), deploy, run this until it reports nothing left, then remove the old
versions.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from core import crypto
from core.fields import encrypted_fields, reencrypt
from core.files import file_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt encrypted columns and files under the newest FIELD_ENCRYPTION_KEYS version (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--max-batches", type=int, default=None, help="stop after this many batches (spread the work over runs)"
        )

    def handle(self, *args, batch_size: int, max_batches: int | None, **options):
        version = crypto.current_version()
        batches = 0
        total = 0
        for model in apps.get_models():
            field_names = [f.name for f in encrypted_fields(model)]
            has_file = hasattr(model, "ENCRYPTED_FILE_COLUMN")
            if not field_names and not has_file:
                continue
            stale = Q()
            for name in field_names:
                stale |= Q(**{f"{name}__isnull": False}) & ~Q(**{f"{name}__key_version": version})
            if has_file:
                stale |= ~Q(file_key_version=version)
            done = 0
            while max_batches is None or batches < max_batches:
                with transaction.atomic():
                    rows = list(
                        model._base_manager.filter(stale)
                        .order_by("pk")
                        .select_for_update(skip_locked=True)[:batch_size]
                    )
                    if not rows:
                        break
                    for row in rows:
                        changed = [name for name in field_names if reencrypt(row, name)]
                        if changed:
                            fields = {name: row._meta.get_field(name).raw(row) for name in changed}
                            model._base_manager.filter(pk=row.pk).update(**fields)
                        if has_file and row.file_key_version != version:
                            file_reencrypt(row)
                batches += 1
                done += len(rows)
            if done:
                self.stdout.write(f"{model._meta.label}: {done} rows re-encrypted")
            total += done
            if max_batches is not None and batches >= max_batches:
                self.stdout.write(f"Stopped after {batches} batches; run again to continue.")
                return
        self.stdout.write(f"Done: {total} rows re-encrypted; every value now uses key version {version}.")
