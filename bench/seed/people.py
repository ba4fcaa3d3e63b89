"""Candidates as the services would make them, decided in Python before COPY:
names, contact details (encrypted, with blind indexes), resume text, and the
four weighted texts of the search document (candidates.search)."""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass

from bench.seed import vocab
from candidates import search
from core import crypto

CANDIDATE_TABLE = "candidates_candidate"
DOCUMENT_TABLE = "candidates_document"

_COMMON_WEIGHTS = [1.0 / (rank + 1) for rank in range(len(vocab.COMMON_WORDS))]
_COMMON_CUMULATIVE = [sum(_COMMON_WEIGHTS[: n + 1]) for n in range(len(_COMMON_WEIGHTS))]
RESUME_BODY_WORDS = 270  # plus a ~30-word header: ~300 words
# Names repeat: pinyin is looked up once per name.
pinyin_forms = functools.lru_cache(maxsize=200_000)(search.pinyin_forms)


@dataclass
class Person:
    public_id: str
    full_name: str
    chinese: bool
    headline: str
    company: str
    location: str
    time_zone: str
    language: str
    skills: str
    tags: list[str]
    email: str
    phone: str | None  # E.164, as candidates.services stores it
    resume: str | None


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def person_make(rng: random.Random, index: int, *, with_resume: bool) -> Person:
    """One candidate; ``index`` makes the email and phone unique."""
    chinese = rng.random() < 0.5
    if chinese:
        surname = rng.choice(vocab.CHINESE_SURNAMES)
        given = "".join(rng.choice(vocab.CHINESE_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        full_name = surname + given
        roman = "".join(pinyin_forms(full_name).split()[:-1]) or "candidate"
        overseas = rng.random() < 0.15
        location, time_zone = rng.choice(vocab.LOCATIONS_EN if overseas else vocab.LOCATIONS_ZH)
        language = "en" if overseas else "zh-hans"
        headline = rng.choice(vocab.TITLES_EN if overseas else vocab.TITLES_ZH)
        company = rng.choice(vocab.COMPANIES_EN if overseas else vocab.COMPANIES_ZH)
        phone = f"+861{rng.choice('3578')}{index:09d}"
    else:
        first, last = rng.choice(vocab.ENGLISH_FIRST), rng.choice(vocab.ENGLISH_LAST)
        full_name, roman = f"{first} {last}", f"{first}.{last}".lower()
        location, time_zone = rng.choice(vocab.LOCATIONS_EN)
        language = "en"
        headline = rng.choice(vocab.TITLES_EN)
        company = rng.choice(vocab.COMPANIES_EN)
        phone = f"+447{index:09d}"
    if rng.random() < 0.08:
        phone = None
    skills = ", ".join(rng.sample(vocab.SKILLS, k=rng.randint(3, 6)))
    tags = sorted(rng.sample(vocab.TAGS, k=rng.choice((0, 0, 1, 2, 3))))
    email = f"{roman}.{index}@example.com"
    person = Person(
        public_id=_uuid(rng),
        full_name=full_name,
        chinese=chinese,
        headline=headline,
        company=company,
        location=location,
        time_zone=time_zone,
        language=language,
        skills=skills,
        tags=tags,
        email=email,
        phone=phone,
        resume=None,
    )
    if with_resume:
        person.resume = resume_text(rng, person)
    return person


def resume_text(rng: random.Random, person: Person) -> str:
    """About 300 words as extracted from a PDF: a header with contact details
    (which the search document leaves out), a summary, then the body. The body
    has no digits, "@" or CJK, so search_texts can treat it as it is."""
    years = rng.randint(2, 15)
    header = [
        person.full_name,
        f"{person.headline} · {person.company}",
        " | ".join(part for part in (person.location, person.email, person.phone) if part),
    ]
    if person.chinese:
        header.append(rng.choice(vocab.SUMMARIES_ZH))
    header.append(f"Summary: {years} years of experience as {person.headline} with {person.skills}.")
    words = rng.choices(vocab.COMMON_WORDS, cum_weights=_COMMON_CUMULATIVE, k=RESUME_BODY_WORDS)
    words[rng.randrange(RESUME_BODY_WORDS)] = rng.choice(vocab.RARE_WORDS)
    lines = [" ".join(words[start : start + 15]) + "." for start in range(0, RESUME_BODY_WORDS, 15)]
    return "\n".join([*header, BODY_MARK, *lines, f"Skills: {person.skills}"])


BODY_MARK = "Experience"
# segment() of the short, repeated pieces (titles, companies, places, summaries).
_segment = functools.lru_cache(maxsize=100_000)(search.segment)


def _segment_lines(text: str) -> str:
    # segment() rewrites each run of CJK characters on its own, and a line
    # break ends a run, so segmenting line by line gives the same text.
    return "\n".join(_segment(line) for line in text.split("\n"))


def encrypted(value: str | None, table: str, column: str, public_id: str) -> bytes | None:
    """What core.fields.EncryptedTextField.pre_save stores for ``value``."""
    if not value:
        return None
    return crypto.encrypt_text(value, crypto.associated_data(table, column, public_id))


def email_index(email: str) -> bytes:
    # crypto.email_index without the normalising: the generated addresses are normal already.
    return crypto.blind_index("email", email)


def phone_index(phone: str | None) -> bytes | None:
    # The generated numbers are E.164 already (crypto.normalize_phone is the identity on them).
    return crypto.blind_index("phone", phone) if phone else None


def search_texts(person: Person) -> tuple[str, str, str, str]:
    """The A–D texts candidates.search.refresh weighs for this candidate,
    computed piecewise: the pieces are joined by spaces or line breaks, which
    neither scrub() nor segment() match across (tests/bench/test_seed.py
    compares the result with candidates.search.refresh)."""
    b = " ".join(
        (
            _segment(person.headline),
            _segment(person.company),
            person.skills,
            " ".join(person.tags),
            _segment(person.location),
        )
    )
    d = ""
    if person.resume:
        header, _mark, body = person.resume.partition(f"\n{BODY_MARK}\n")
        d = f"{_segment_lines(search.scrub(header))}\n{BODY_MARK}\n{body}"
    return (f"{search.segment(person.full_name)} {pinyin_forms(person.full_name)}", b, "", d)


def names_text(person: Person) -> str:
    """candidates.search.names_text, with the pinyin looked up once per name."""
    parts = (person.full_name, pinyin_forms(person.full_name), person.company)
    return " ".join(part for part in parts if part).lower()
