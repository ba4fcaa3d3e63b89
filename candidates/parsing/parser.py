"""Parse a resume's plain text (as candidates.tasks.extract_text gives it:
pypdf's lines, or python-docx's paragraphs then table cells) into fields.

The text is cut into lines and sections by their headings (工作经历, Work
Experience, 教育背景, Skills…). Contact details come from labels ("邮箱：",
"Phone:") or patterns anywhere; the name from a 姓名/Name label or the first
name-shaped line above the first section of history. Work history and
education entries are anchored on date ranges, and the short lines on the
range's line and next to it are the entry's parts."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers

from candidates.parsing.dates import RANGE, range_find
from candidates.parsing.places import CITIES


@dataclass(frozen=True)
class SkillVocabularyEntry:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkEntry:
    company: str
    title: str
    start: datetime.date | None
    end: datetime.date | None  # None: to the present (or not given)


@dataclass(frozen=True)
class EducationEntry:
    school: str
    degree: str
    major: str
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class ParsedResume:
    full_name: str = ""
    email: str = ""
    phone: str = ""  # E.164
    city: str = ""
    title: str = ""
    company: str = ""
    work: tuple[WorkEntry, ...] = field(default_factory=tuple)
    education: tuple[EducationEntry, ...] = field(default_factory=tuple)
    skills: tuple[str, ...] = field(default_factory=tuple)

    def profile_values(self) -> dict[str, str]:
        """The candidate profile fields this resume gives values for."""
        values = {
            "full_name": self.full_name,
            "email": self.email,
            "phone": self.phone,
            "headline": self.title,
            "company": self.company,
            "location": self.city,
            "skills": ", ".join(self.skills),
        }
        return {key: value for key, value in values.items() if value}


# -- headings ---------------------------------------------------------------------------------------------------

WORK, EDUCATION, SKILLS, OTHER = "work", "education", "skills", "other"
HEADINGS = {
    WORK: (
        "工作经历", "工作经验", "工作履历", "职业经历", "工作背景", "实习经历", "work experience", "experience",
        "professional experience", "employment history", "employment", "work history", "career history",
        "professional background",
    ),
    EDUCATION: (
        "教育背景", "教育经历", "学历", "学历背景", "教育", "education", "education background",
        "academic background", "academic qualifications", "qualifications",
    ),
    SKILLS: (
        "技能", "专业技能", "技能特长", "技能专长", "个人技能", "技能证书", "skills", "technical skills",
        "core skills", "key skills", "skills & tools", "skills and tools", "core competencies", "expertise",
    ),
    OTHER: (
        "项目经验", "项目经历", "projects", "自我评价", "个人评价", "summary", "profile", "about", "about me",
        "个人信息", "基本信息", "个人资料", "contact", "contact details", "personal details", "personal information",
        "联系方式", "languages", "语言能力", "certifications", "certificates", "证书", "获奖情况", "awards",
        "interests", "兴趣爱好", "objective", "career objective", "references", "publications",
    ),
}  # fmt: skip
_HEADING_OF = {heading: kind for kind, headings in HEADINGS.items() for heading in headings}


def _heading_kind(line: str) -> str | None:
    key = re.sub(r"[\s:：【】\[\]()（）#*•—–_=|-]+", " ", line).strip().lower()
    if len(key) > 40:
        return None
    return _HEADING_OF.get(key) or _HEADING_OF.get(key.replace(" ", ""))


# -- word lists -------------------------------------------------------------------------------------------------

_CJK = r"\u3400-\u9fff"
_TITLE_WORDS = re.compile(
    r"工程师|经理|分析师|设计师|专员|主管|总监|会计|出纳|顾问|实习生|架构师|运营|助理|总裁|代表|主任|研究员|科学家|讲师|教师|"
    r"编辑|律师|合伙人|负责人|组长|经理人|总经理|副总|董事|秘书|策划|文员|\b(?:HRBP|CEO|CTO|CFO|COO|VP)\b|"
    r"\b(?:engineer|manager|analyst|designer|developer|scientist|accountant|recruiter|partner|executive|director|"
    r"lead|intern|consultant|specialist|officer|head|associate|architect|administrator|coordinator|assistant|"
    r"representative|president|programmer|researcher|editor|writer|teacher|lecturer|advisor|adviser|controller|"
    r"auditor|founder|owner|supervisor|technician|marketer|strategist|product owner|vp)s?\b",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"公司|集团|银行|事务所|研究院|研究所|医院|工作室|有限|股份|控股|科技|网络|汽车|保险|证券|基金|"
    r"\b(?:inc|ltd|llc|llp|plc|corp|corporation|company|co|group|bank|capital|consulting|industries|enterprises|"
    r"traders|technologies|technology|labs|partners|holdings|gmbh|ag|sa|limited|solutions|systems|studio|"
    r"agency|ventures|securities|insurance)\b\.?",
    re.IGNORECASE,
)
_SCHOOL_WORDS = re.compile(
    r"大学|学院|学校|中学|党校|\b(?:university|college|institute|school|academy|polytechnic|universit[àé])\b",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"^(?:本科|学士|硕士|硕士研究生|研究生|博士|博士研究生|博士后|大专|专科|高中|中专|MBA|EMBA|MPA|"
    r"(?:bachelor|master)(?:'?s)?(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?|ph\.?\s?d\.?|doctor(?:ate)?(?:\s+of\s+[a-z]+)?|"
    r"b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?a\.?|m\.?\s?a\.?|b\.?\s?s\.?|m\.?\s?s\.?|b\.?\s?eng\.?|m\.?\s?eng\.?|"
    r"associate(?:'s)?(?:\s+degree)?)$",
    re.IGNORECASE,
)
_DEGREE_IN = re.compile(r"^(?P<degree>.+?)\s+in\s+(?P<major>.+)$", re.IGNORECASE)
_NOT_NAMES = {
    "个人简历", "简历", "求职简历", "姓名", "性别", "男", "女", "年龄", "民族", "籍贯", "手机", "电话", "邮箱",
    "现居", "现居城市", "城市", "地址", "求职意向", "工作年限", "学历", "出生年月", "婚姻状况", "政治面貌",
    "联系方式", "个人信息", "基本信息", "汉族", "未婚", "已婚", "党员", "群众",
}  # fmt: skip
_NOT_NAME_WORDS = re.compile(
    r"\b(?:resume|curriculum|vitae|cv|profile|contact|phone|mobile|email|name|gender|city|location|address|"
    r"objective|summary|experience|education|skills|page|references)\b",
    re.IGNORECASE,
)

_CITY_OF = {alias.lower(): names[0] for names in CITIES for alias in names}
_CITY_RE = re.compile(
    "|".join(rf"(?<![A-Za-z]){re.escape(alias)}(?![A-Za-z])" for alias in sorted(_CITY_OF, key=len, reverse=True)),
    re.IGNORECASE,
)

_LABEL_VALUE = re.compile(r"^\s*(?P<label>[^:：]{1,12}?)\s*[:：]\s*(?P<value>.*)$")
_NAME_LABELS = {"姓名", "name", "full name", "名字"}
_CITY_LABELS = {
    "现居", "现居城市", "城市", "所在地", "所在城市", "居住地", "现居住地", "地址", "期望城市", "location", "city",
    "address", "based in", "current location",
}  # fmt: skip
_LABELS = _NAME_LABELS | _CITY_LABELS | {
    "电话", "手机", "邮箱", "电子邮箱", "email", "e-mail", "phone", "mobile", "tel", "性别", "gender",
}  # fmt: skip

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_BULLET = re.compile(r"^[•·\-*●▪◦■□➢✓>]\s*")
_SPLIT = re.compile(rf"\s*[|｜•,，/／;；]\s*|\s*\t+\s*|\s{{2,}}|\s+[-–—]\s+|\s+·\s+|(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def _is_cjk(text: str) -> bool:
    return bool(re.search(f"[{_CJK}]", text))


def _fragments(text: str) -> list[str]:
    return [part.strip(" :：-–—·,") for part in _SPLIT.split(text) if part and part.strip(" :：-–—·,")]


# -- the lines and their sections ---------------------------------------------------------------------------------


@dataclass
class _Section:
    kind: str
    start: int  # first line after the heading
    end: int  # exclusive


def _sections(lines: list[str]) -> list[_Section]:
    sections: list[_Section] = []
    for index, line in enumerate(lines):
        kind = _heading_kind(line)
        if kind is None:
            continue
        if sections:
            sections[-1].end = index
        sections.append(_Section(kind, index + 1, len(lines)))
    return sections


def _label_value(lines: list[str], labels: set[str], limit: int) -> str:
    """The value of the first line labelled with one of ``labels``: on the
    same line after a colon, or alone on the next line (table cells)."""
    for index, line in enumerate(lines[:limit]):
        match = _LABEL_VALUE.match(line)
        if match and match.group("label").strip().lower() in labels and match.group("value").strip():
            return match.group("value").strip()
        if line.strip(" :：").lower() in labels and index + 1 < len(lines):
            following = lines[index + 1].strip()
            if following and following.strip(" :：").lower() not in _LABELS:
                return following
    return ""


# -- the name ----------------------------------------------------------------------------------------------------


def _looks_like_name(fragment: str, skill_words: set[str]) -> bool:
    if fragment.lower() in skill_words or fragment in _NOT_NAMES or fragment.lower() in _CITY_OF:
        return False
    if _heading_kind(fragment):
        return False
    if _TITLE_WORDS.search(fragment) or _COMPANY_WORDS.search(fragment) or _SCHOOL_WORDS.search(fragment):
        return False
    if re.fullmatch(f"[{_CJK}]{{2,4}}", fragment):
        return not _DEGREE.match(fragment)
    if _NOT_NAME_WORDS.search(fragment):
        return False
    words = fragment.split()
    return 2 <= len(words) <= 4 and all(
        re.fullmatch(r"(?:[A-Z][a-z]*\.?|[A-Z][a-z]*(?:['’-][A-Z]?[a-z]+)+|[A-Z][a-z]+)", word) for word in words
    )


def _name(lines: list[str], limit: int, skill_words: set[str]) -> tuple[str, int | None]:
    labelled = _label_value(lines, _NAME_LABELS, limit)
    if labelled:
        return _fragments(labelled)[0] if _fragments(labelled) else labelled, None
    for index, line in enumerate(lines[:limit]):
        if _BULLET.match(line) or "@" in line or _LABEL_VALUE.match(line):
            continue
        parts = _fragments(line)
        if not parts:
            continue
        candidate = parts[0]
        if _looks_like_name(candidate, skill_words):
            return candidate, index
        # "ZHANG Wei" / "JOHN SMITH": a name in capitals.
        if candidate.isupper() and _looks_like_name(candidate.title(), skill_words):
            return candidate.title(), index
    return "", None


# -- contact details ----------------------------------------------------------------------------------------------


def _phone(text: str, region: str) -> str:
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def _city(lines: list[str], limit: int) -> str:
    labelled = _label_value(lines, _CITY_LABELS, len(lines))
    found = _CITY_RE.search(labelled) if labelled else None
    if found:
        return _CITY_OF[found.group().lower()]
    for line in lines[:limit]:
        for part in _fragments(line):
            if part.lower() in _CITY_OF:
                return _CITY_OF[part.lower()]
            match = _CITY_RE.fullmatch(part.split(",")[0].strip())
            if match:
                return _CITY_OF[match.group().lower()]
    return ""


def _emails(lines: list[str]) -> list[str]:
    """The addresses in ``lines``; one a narrow table cell wrapped before its
    last few letters ("example.ne" + "t") is joined again."""
    found = []
    for index, line in enumerate(lines):
        for match in EMAIL.finditer(line):
            address = match.group()
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if match.end() == len(line) and re.fullmatch(r"[a-z]{1,3}", following):
                address += following
            found.append(address)
    return found


# -- skills ------------------------------------------------------------------------------------------------------


def _skills(text: str, skills: Iterable[SkillVocabularyEntry]) -> tuple[str, ...]:
    spellings: list[tuple[str, str]] = []
    for entry in skills:
        for spelling in (entry.name, *entry.aliases):
            if spelling.strip():
                spellings.append((spelling.strip(), entry.name))
    spellings.sort(key=lambda pair: len(pair[0]), reverse=True)
    taken = [False] * len(text)
    found: list[tuple[int, str]] = []
    lowered = text.lower()
    for spelling, name in spellings:
        if _is_cjk(spelling):
            pattern = re.escape(spelling.lower())
        else:
            pattern = rf"(?<![A-Za-z0-9+#.]){re.escape(spelling.lower())}(?![A-Za-z0-9+#]|\.[A-Za-z0-9])"
        for match in re.finditer(pattern, lowered):
            if any(taken[match.start() : match.end()]):
                continue
            for position in range(match.start(), match.end()):
                taken[position] = True
            found.append((match.start(), name))
    names: list[str] = []
    for _position, name in sorted(found):
        if name not in names:
            names.append(name)
    return tuple(names)


# -- entries: work history and education ----------------------------------------------------------------------------


def _is_part(line: str) -> bool:
    """A short line that can be part of an entry (a company, a title, a
    school), not a sentence describing it."""
    if not line or _BULLET.match(line) or _heading_kind(line) or RANGE.search(line):
        return False
    if len(line) > 80 or len(line.split()) > 10:
        return False
    if line.endswith(("。", "；", ";")):
        return False
    return not (line.endswith(".") and len(line.rsplit(" ", 1)[-1]) > 5)


def _entries(lines: list[str], wanted: int) -> list[tuple[datetime.date | None, datetime.date | None, list[str]]]:
    """Each date range in ``lines`` with the parts around it: the rest of its
    line, then the short lines before it (when the first entry starts with
    its parts above its dates) or after it, up to ``wanted`` parts."""
    anchors = [index for index, line in enumerate(lines) if range_find(line)]
    if not anchors:
        return []
    parts_above = any(_is_part(line) for line in lines[: anchors[0]])
    entries = []
    for number, index in enumerate(anchors):
        start, end, _ongoing, (a, b) = range_find(lines[index])
        parts = _fragments(lines[index][:a] + "  " + lines[index][b:])
        if len(parts) < wanted:
            if parts_above:
                floor = anchors[number - 1] + 1 if number else 0
                above: list[str] = []
                cursor = index - 1
                while cursor >= floor and _is_part(lines[cursor]) and len(parts) + len(above) < wanted + 1:
                    above[:0] = _fragments(lines[cursor])
                    cursor -= 1
                parts = above + parts
            else:
                ceiling = anchors[number + 1] if number + 1 < len(anchors) else len(lines)
                cursor = index + 1
                while cursor < ceiling and _is_part(lines[cursor]) and len(parts) < wanted:
                    parts += _fragments(lines[cursor])
                    cursor += 1
        entries.append((start, end, parts))
    return entries


def _score(pattern: re.Pattern, text: str) -> int:
    return len(pattern.findall(text))


def _work(parts: list[str]) -> tuple[str, str]:
    """(company, title) out of an entry's parts."""
    for part in parts:
        at = re.match(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<company>.+)$", part)
        if at and _TITLE_WORDS.search(at.group("title")):
            return at.group("company").strip(), at.group("title").strip()
    parts = [part for part in parts if not _CITY_RE.fullmatch(part)] or parts
    if not parts:
        return "", ""
    titleness = [_score(_TITLE_WORDS, part) - _score(_COMPANY_WORDS, part) for part in parts]
    if len(parts) == 1:
        return ("", parts[0]) if titleness[0] > 0 else (parts[0], "")
    title_index = max(range(len(parts)), key=lambda i: (titleness[i], -i if titleness[i] <= 0 else i))
    if titleness[title_index] <= 0:
        # Nothing says which is which: a company comes first in most layouts.
        return parts[0], parts[1]
    rest = [part for i, part in enumerate(parts) if i != title_index]
    company = max(rest, key=lambda part: (_score(_COMPANY_WORDS, part), -rest.index(part)))
    return company, parts[title_index]


def _education(parts: list[str]) -> tuple[str, str, str]:
    """(school, degree, major) out of an entry's parts."""
    school = degree = major = ""
    rest: list[str] = []
    for part in parts:
        if not school and _SCHOOL_WORDS.search(part):
            school = part
            continue
        if not degree and _DEGREE.match(part):
            degree = part
            continue
        split = _DEGREE_IN.match(part)
        if not degree and split and _DEGREE.match(split.group("degree")):
            degree, major = split.group("degree"), split.group("major")
            continue
        rest.append(part)
    if not major and rest:
        major = rest[0]
    return school, degree, major


# -- the whole ---------------------------------------------------------------------------------------------------


def resume_parse(text: str, *, skills: Iterable[SkillVocabularyEntry], region: str = "CN") -> ParsedResume:
    """The fields ``text`` (a resume's extracted text) gives; "" or empty
    where it gives none. ``skills`` is the vocabulary to recognise; phone
    numbers without a country code are read as numbers of ``region``."""
    text = (text or "").replace("\u00a0", " ").replace("\u3000", " ")
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    vocabulary = list(skills)
    skill_words = {spelling.lower() for entry in vocabulary for spelling in (entry.name, *entry.aliases)}
    sections = _sections(lines)
    history = [section.start - 1 for section in sections if section.kind in (WORK, EDUCATION)]
    top = history[0] if history else min(len(lines), 15)

    full_name, name_line = _name(lines, top, skill_words)
    if name_line is not None:
        # A sidebar's name and headline open the main column: they end the
        # section the sidebar left open.
        for section in sections:
            if section.start <= name_line < section.end:
                section.end = name_line

    emails = _emails(lines)
    work_lines = [line for s in sections if s.kind == WORK for line in lines[s.start : s.end]]
    education_lines = [line for s in sections if s.kind == EDUCATION for line in lines[s.start : s.end]]
    skill_text = " ".join(line for s in sections if s.kind == SKILLS for line in lines[s.start : s.end])

    work = tuple(
        WorkEntry(company=company, title=title, start=start, end=end)
        for start, end, parts in _entries(work_lines, 2)
        for company, title in [_work(parts)]
        if company or title
    )
    education = tuple(
        EducationEntry(school=school, degree=degree, major=major, start=start, end=end)
        for start, end, parts in _entries(education_lines, 3)
        for school, degree, major in [_education(parts)]
        if school or degree
    )
    current = next((entry for entry in work if entry.end is None), work[0] if work else None)
    return ParsedResume(
        full_name=full_name,
        email=emails[0] if emails else "",
        phone=_phone(text, region),
        city=_city(lines, top),
        title=current.title if current else "",
        company=current.company if current else "",
        work=work,
        education=education,
        # No skills section: a resume without headings names them anywhere; one
        # with headings but no skills section would only give false matches
        # (a "会计主管" is no skill of accounting).
        skills=_skills(skill_text if skill_text.strip() or sections else text, vocabulary),
    )
