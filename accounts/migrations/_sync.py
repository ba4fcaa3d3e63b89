"""The RunPython body of every migration that re-syncs role groups."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions


def sync_groups(apps, schema_editor):
    from accounts.roles import sync_role_groups

    # Permissions are normally created after migrate; make them exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    sync_role_groups(apps)
