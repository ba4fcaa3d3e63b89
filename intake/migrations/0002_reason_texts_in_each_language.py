"""The reasons a message waits, and why an attachment was refused, are kept in
each language (core.languages) instead of once in the mailbox owner's, so a
reader in the other language reads them in theirs. A text kept before is
carried over as the owner's language's."""

from django.conf import settings
from django.db import migrations, models


def carry_over(apps, schema_editor):
    IntakeMessage = apps.get_model("intake", "IntakeMessage")
    IntakeAttachment = apps.get_model("intake", "IntakeAttachment")
    for message in IntakeMessage.objects.exclude(reason_text="").select_related("mailbox__owner"):
        language = message.mailbox.owner.language or settings.LANGUAGE_CODE
        IntakeMessage.objects.filter(pk=message.pk).update(reason_texts={language: message.reason_text})
    for attachment in IntakeAttachment.objects.exclude(refused="").select_related("message__mailbox__owner"):
        language = attachment.message.mailbox.owner.language or settings.LANGUAGE_CODE
        IntakeAttachment.objects.filter(pk=attachment.pk).update(refusal_texts={language: attachment.refused})


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_mailboxes_and_intake_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="intakemessage",
            name="reason_texts",
            field=models.JSONField(blank=True, default=dict, verbose_name="reason in words"),
        ),
        migrations.AddField(
            model_name="intakeattachment",
            name="refusal_texts",
            field=models.JSONField(blank=True, default=dict, verbose_name="refused because"),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="intakemessage", name="reason_text"),
        migrations.RemoveField(model_name="intakeattachment", name="refused"),
    ]
