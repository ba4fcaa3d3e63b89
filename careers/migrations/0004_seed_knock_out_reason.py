from django.db import migrations

# Its own copy, as it was then (careers.services.knockout keeps the live one).
CODE = "knock_out"
LABELS = ("Did not meet a requirement of the application form", "不符合申请表中的要求")


def seed(apps, schema_editor):
    reasons = apps.get_model("interviews", "ClosingReason").objects.using(schema_editor.connection.alias)
    if reasons.filter(kind="rejection", code=CODE).exists():
        return
    last = reasons.filter(kind="rejection").order_by("-order").values_list("order", flat=True).first()
    reasons.create(
        kind="rejection", code=CODE, label_en=LABELS[0], label_zh_hans=LABELS[1], order=0 if last is None else last + 1
    )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_posting_brand_updated_index"),
        ("interviews", "0007_seed_closing_reasons"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
