"""One Group per role of accounts/roles.py, holding the role's permissions.

Data only. Later migrations that add models named in a role's permissions run
the same sync again so those permissions reach the groups.
"""

from django.db import migrations

from accounts.migrations._sync import sync_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_create_auditevent"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
