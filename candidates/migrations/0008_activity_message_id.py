"""Timeline entries stored as a message id with parameters instead of text in
the writer's language: each existing summary that reads as a known message
(in English or Chinese) becomes that message, any other stays literal text."""

from django.db import migrations, models

BATCH = 2000


def summaries_to_messages(apps, schema_editor):
    from messaging.messages import message_from_text

    Activity = apps.get_model("candidates", "Activity")
    rows = Activity.objects.order_by("pk").only("pk", "summary")
    changed = []
    for activity in rows.iterator(chunk_size=BATCH):
        message = message_from_text(activity.summary)
        activity.message_id, activity.params = message.message_id, message.params
        changed.append(activity)
        if len(changed) == BATCH:
            Activity.objects.bulk_update(changed, ["message_id", "params"])
            changed = []
    Activity.objects.bulk_update(changed, ["message_id", "params"])


def messages_to_summaries(apps, schema_editor):
    from django.utils import translation

    from messaging.messages import MESSAGES

    Activity = apps.get_model("candidates", "Activity")
    changed = []
    with translation.override("en"):
        for activity in Activity.objects.order_by("pk").iterator(chunk_size=BATCH):
            activity.summary = MESSAGES.render(activity.message_id, activity.params)[:300]
            changed.append(activity)
    Activity.objects.bulk_update(changed, ["summary"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0007_add_candidate_contact_opt_out")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="message_id",
            field=models.CharField(default="text", max_length=100, verbose_name="message"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="activity",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="message parameters"),
        ),
        migrations.AlterField(
            model_name="activity",
            name="summary",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="summary"),
        ),
        migrations.RunPython(summaries_to_messages, messages_to_summaries),
        migrations.RemoveField(model_name="activity", name="summary"),
    ]
