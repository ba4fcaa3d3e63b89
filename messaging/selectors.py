"""Reads of messaging (STYLE.md: selectors read)."""

from __future__ import annotations

from messaging.models import EmailTemplate


def email_template_names(*, purpose: str) -> list[str]:
    """Names of the active templates for ``purpose``, each once whatever its languages."""
    return list(
        EmailTemplate.objects.filter(purpose=purpose, is_active=True)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def email_template_for(*, name: str, language: str) -> EmailTemplate | None:
    """The active template ``name`` in ``language``, else in any other language."""
    templates = {t.language: t for t in EmailTemplate.objects.filter(name=name, is_active=True)}
    return templates.get(language) or next(iter(sorted(templates.items())), (None, None))[1]
