"""Notifications stored as a message id with parameters instead of text in
the recipient's language at the time: each existing message that reads as a
known message (in English or Chinese) becomes that message, any other stays
literal text."""

from django.db import migrations, models

BATCH = 2000


def texts_to_messages(apps, schema_editor):
    from messaging.messages import message_from_text

    Notification = apps.get_model("messaging", "Notification")
    changed = []
    for notification in Notification.objects.order_by("pk").only("pk", "message").iterator(chunk_size=BATCH):
        message = message_from_text(notification.message)
        notification.message_id, notification.params = message.message_id, message.params
        changed.append(notification)
        if len(changed) == BATCH:
            Notification.objects.bulk_update(changed, ["message_id", "params"])
            changed = []
    Notification.objects.bulk_update(changed, ["message_id", "params"])


def messages_to_texts(apps, schema_editor):
    from django.utils import translation

    from messaging.messages import MESSAGES

    Notification = apps.get_model("messaging", "Notification")
    changed = []
    with translation.override("en"):
        for notification in Notification.objects.order_by("pk").iterator(chunk_size=BATCH):
            notification.message = MESSAGES.render(notification.message_id, notification.params)[:300]
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["message"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_add_outboundemail")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="message_id",
            field=models.CharField(default="text", max_length=100, verbose_name="message"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="message parameters"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="message",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="message"),
        ),
        migrations.RunPython(texts_to_messages, messages_to_texts),
        migrations.RemoveField(model_name="notification", name="message"),
    ]
