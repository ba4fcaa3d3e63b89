"""The skills vocabulary the resume parser recognises (Settings → Skills
vocabulary): the team adds, edits and deletes terms."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import SkillTerm
from core.services import audit_record

ALIASES_MAX = 30
SPELLING_MAX = 100


def aliases_split(text: str) -> list[str]:
    """The aliases written in one box: separated by commas (either width),
    顿号, semicolons or new lines; blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for alias in re.split(r"[,，、;；\n]+", text or ""):
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            seen[alias.casefold()] = alias
    return list(seen.values())


def _validated(name: str, aliases: Iterable[str], *, term: SkillTerm | None = None) -> tuple[str, list[str]]:
    name = " ".join((name or "").split())
    aliases = [alias for alias in aliases_split("\n".join(aliases)) if alias.casefold() != name.casefold()]
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Write the skill's name.")
    elif len(name) > SPELLING_MAX:
        errors["name"] = _("A name has at most %(limit)d characters.") % {"limit": SPELLING_MAX}
    elif SkillTerm.objects.filter(name__iexact=name).exclude(pk=term.pk if term else None).exists():
        errors["name"] = _("“%(name)s” is in the vocabulary already.") % {"name": name}
    if len(aliases) > ALIASES_MAX:
        errors["aliases"] = _("At most %(limit)d other spellings.") % {"limit": ALIASES_MAX}
    elif any(len(alias) > SPELLING_MAX for alias in aliases):
        errors["aliases"] = _("Each spelling has at most %(limit)d characters.") % {"limit": SPELLING_MAX}
    if errors:
        raise ValidationError(errors)
    return name, aliases


def _saved(term: SkillTerm) -> SkillTerm:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:  # two people adding the same name at once
        raise ValidationError({"name": _("“%(name)s” is in the vocabulary already.") % {"name": term.name}}) from error
    return term


@transaction.atomic
def skill_term_create(*, name: str, aliases: Iterable[str] = (), actor: User | None) -> SkillTerm:
    """Add a skill with its other spellings. Writes the SkillTerm and a
    ``candidates.skill_term.create`` AuditEvent. Raises ValidationError for
    an empty or taken name (any case) or too many or too long spellings."""
    name, aliases = _validated(name, aliases)
    term = _saved(SkillTerm(name=name, aliases=aliases))
    audit_record(action="candidates.skill_term.create", actor=actor, target=term, data={"name": name})
    return term


@transaction.atomic
def skill_term_update(*, term: SkillTerm, name: str, aliases: Iterable[str], actor: User | None) -> SkillTerm:
    """Change a skill's name or spellings. Writes a
    ``candidates.skill_term.update`` AuditEvent; profiles keep the skills
    written before. Raises ValidationError like skill_term_create."""
    term = SkillTerm.objects.select_for_update().get(pk=term.pk)
    name, aliases = _validated(name, aliases, term=term)
    before = {"name": term.name, "aliases": list(term.aliases)}
    term.name, term.aliases = name, aliases
    _saved(term)
    changed = sorted(key for key, value in {"name": name, "aliases": aliases}.items() if before[key] != value)
    if changed:
        audit_record(action="candidates.skill_term.update", actor=actor, target=term, data={"fields": changed})
    return term


@transaction.atomic
def skill_term_delete(*, term: SkillTerm, actor: User | None) -> None:
    """Take a skill out of the vocabulary: resumes parsed from now on do not
    find it; profiles keep what was written. Writes a
    ``candidates.skill_term.delete`` AuditEvent."""
    audit_record(action="candidates.skill_term.delete", actor=actor, target=term, data={"name": term.name})
    SkillTerm.objects.filter(pk=term.pk).delete()
