"""Re-sync the role groups now that the domain models (and their permissions) exist."""

from django.db import migrations

from accounts.migrations import _sync


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sync_role_groups"),
        ("candidates", "0001_create_candidates"),
        ("interviews", "0001_create_plans_pipeline_scoring"),
        ("jobs", "0001_create_clients_jobs"),
        ("messaging", "0001_create_templates_notifications"),
        ("talentpool", "0001_create_pools"),
    ]

    operations = [migrations.RunPython(_sync.sync_groups, migrations.RunPython.noop)]
