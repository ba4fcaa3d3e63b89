"""Build the search document of candidates that existed before it (data only)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from candidates.search import refresh

    Candidate = apps.get_model("candidates", "Candidate")
    for candidate_id in Candidate.objects.filter(search_vector__isnull=True).values_list("pk", flat=True).iterator():
        refresh(candidate_id)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0002_add_search_document")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
