import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    EmployeeStory = apps.get_model("careers", "EmployeeStory")
    for story in EmployeeStory.objects.filter(public_id__isnull=True).only("pk"):
        EmployeeStory.objects.filter(pk=story.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="employeestory",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="employeestory",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        ),
    ]
