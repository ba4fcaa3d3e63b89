"""Date ranges as resumes write them: 2019.03 - 2021.06, 2019年3月至今,
Mar 2019 – Present, 03/2019-06/2021, 2019-03 to 2021-06, 2019 - 2021."""

from __future__ import annotations

import datetime
import re

MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
DATE = (
    rf"(?:{_MONTH}\.?,?\s*{_YEAR}"
    rf"|{_YEAR}\s*年\s*\d{{1,2}}\s*月?"
    rf"|{_YEAR}\s*[./-]\s*\d{{1,2}}(?![\d])"
    rf"|\d{{1,2}}\s*[./]\s*{_YEAR}"
    rf"|{_YEAR}(?:\s*年)?(?![\d./年-]*\d))"
)
PRESENT = r"(?:至今|现在|目前|今|present|current|now|today|ongoing)"
SEPARATOR = r"(?:--?|–|—|~|～|至|to|until|till)"
RANGE = re.compile(rf"(?<![\d\w])({DATE})\s*{SEPARATOR}\s*({DATE}|{PRESENT})(?![\w])", re.IGNORECASE)


def date_parse(token: str) -> datetime.date | None:
    """The first of the month a date token names; None for "present"."""
    token = token.strip().lower()
    if re.fullmatch(PRESENT, token, re.IGNORECASE):
        return None
    year_match = re.search(_YEAR, token)
    if year_match is None:
        return None
    year = int(year_match.group())
    month = 1
    name = re.match(r"[a-z]+", token)
    if name and name.group()[:3] in MONTH_NAMES:
        month = MONTH_NAMES[name.group()[:3]]
    else:
        rest = token[: year_match.start()] + " " + token[year_match.end() :]
        digits = re.search(r"\d{1,2}", rest)
        if digits and 1 <= int(digits.group()) <= 12:
            month = int(digits.group())
    return datetime.date(year, month, 1)


def range_find(line: str) -> tuple[datetime.date | None, datetime.date | None, bool, tuple[int, int]] | None:
    """The first date range in ``line``: (start, end, ongoing, span) or None.
    ``end`` is None when the range runs to the present (``ongoing``)."""
    match = RANGE.search(line)
    if match is None:
        return None
    start = date_parse(match.group(1))
    if start is None:
        return None
    end = date_parse(match.group(2))
    ongoing = end is None
    return start, end, ongoing, match.span()
