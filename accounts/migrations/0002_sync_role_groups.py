"""One Group per role of accounts/roles.py, holding the role's permissions.

Data only. Later migrations that add models named in a role's permissions run
``sync_role_groups`` again so those permissions reach the groups.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync_groups(apps, schema_editor):
    from accounts.roles import sync_role_groups

    # Permissions are normally created after migrate; make them exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_create_auditevent"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
