"""Resume parsing: the fields a resume's extracted text tells about its
candidate. Plain Python (no models): the skills vocabulary comes in as an
argument, so the parser runs anywhere, the benchmark included."""

from candidates.parsing.parser import (
    EducationEntry,
    ParsedResume,
    SkillVocabularyEntry,
    WorkEntry,
    resume_parse,
)

__all__ = ["EducationEntry", "ParsedResume", "SkillVocabularyEntry", "WorkEntry", "resume_parse"]
