"""Seed the closing-reason lists: the rejection reasons that were fixed
choices until now (same codes, their English and Chinese labels as the
catalogue had them) and a list of withdrawal reasons. Timeline entries of past
rejections stored the reason's code, translated when shown; they now keep the
reason's labels per language, as new entries do, so they still read right
once an administrator edits or retires the reason."""

from django.db import migrations

REJECTION = [
    ("skills", "skills or experience", "技能或经验"),
    ("culture", "culture or values", "文化或价值观"),
    ("compensation", "compensation", "薪资"),
    ("location", "location", "地点"),
    ("position_filled", "position filled", "职位已招满"),
    ("no_show", "did not attend", "未到场"),
    ("other", "other", "其他"),
]
WITHDRAWAL = [
    ("accepted_other_offer", "accepted another offer", "已接受其他录用"),
    ("compensation", "compensation", "薪资不符合预期"),
    ("not_interested", "no longer interested", "不再感兴趣"),
    ("location", "relocation or location", "搬迁或工作地点"),
    ("personal", "personal reasons", "个人原因"),
    ("other", "other", "其他"),
]


def seed(apps, schema_editor):
    ClosingReason = apps.get_model("interviews", "ClosingReason")
    for kind, rows in (("rejection", REJECTION), ("withdrawal", WITHDRAWAL)):
        for order, (code, label_en, label_zh) in enumerate(rows):
            ClosingReason.objects.update_or_create(
                kind=kind, code=code, defaults={"label_en": label_en, "label_zh_hans": label_zh, "order": order}
            )
    labels = {code: {"en": en, "zh-hans": zh} for code, en, zh in REJECTION}
    Activity = apps.get_model("candidates", "Activity")
    for activity in Activity.objects.filter(message_id="interviews.rejected").iterator():
        code = (activity.params or {}).get("reason")
        if isinstance(code, str) and code in labels:
            activity.params["reason"] = {"id": "per_language", "params": {"labels": labels[code]}}
            activity.save(update_fields=["params"])


def unseed(apps, schema_editor):
    # Timeline entries keep the labels: they read the same either way.
    apps.get_model("interviews", "ClosingReason").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0006_closing_reasons"),
        ("candidates", "0009_add_document_text_issue"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
