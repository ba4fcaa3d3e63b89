"""The skills vocabulary every deployment starts with, so resumes give skills
from the first day. The team extends it in Settings (Skills vocabulary)."""

from __future__ import annotations


def skill_vocabulary_ensure(sender=None, **kwargs) -> None:
    """Create the starting vocabulary when there is no skill at all
    (post_migrate: a database emptied by ``flush`` gets it back; a team that
    edited its vocabulary keeps it as it is)."""
    from candidates.models import SkillTerm
    from candidates.parsing.vocabulary import DEFAULT_SKILLS

    if not SkillTerm.objects.exists():
        SkillTerm.objects.bulk_create(
            [SkillTerm(name=name, aliases=list(aliases)) for name, aliases in DEFAULT_SKILLS],
            ignore_conflicts=True,
        )
