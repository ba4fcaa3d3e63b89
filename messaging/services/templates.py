"""Email templates edited in the product (the Email templates pages): one row
per name and language, every merge field checked before it is saved."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.services import audit_record
from messaging.models import EmailTemplate


@transaction.atomic
def email_template_save(
    *,
    actor: Any,
    name: str,
    purpose: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str,
    is_active: bool,
) -> EmailTemplate:
    """Create the template ``name`` in ``language``, or change it if it exists; return it.

    A template is one row per (name, language), so saving the other language
    of a name adds that version beside the first. Every ``{{ field }}`` in the
    subject and both bodies must be a merge field (messaging.merge_fields):
    a ValidationError naming the unknown fields, per part, refuses the save
    (as it does for an unknown language or purpose, or a missing subject or
    text body), and nothing is written. Rows written: one EmailTemplate and an
    AuditEvent ``messaging.email_template.create`` or ``.update`` with the
    changed field names. Queues nothing.
    """
    values = {
        "purpose": purpose,
        "subject": subject.strip(),
        "body_text": body_text,
        "body_html": body_html,
        "is_active": is_active,
    }
    name = name.strip()
    template = EmailTemplate.objects.select_for_update().filter(name=name, language=language).first()
    created = template is None
    if created:
        template = EmailTemplate(name=name, language=language)
    changed = [field for field, value in values.items() if created or getattr(template, field) != value]
    for field, value in values.items():
        setattr(template, field, value)
    template.full_clean()
    template.save()
    action = "messaging.email_template.create" if created else "messaging.email_template.update"
    audit_record(action=action, actor=actor, target=template, data={"fields": changed})
    return template
