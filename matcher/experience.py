"""Years of experience and seniority, read from a posting's title and text.

Seniority uses the scrapers' vocabulary (intern, junior, senior, lead, staff, principal, head) plus
"mid", so a level stated by a board and one read from text compare directly. The title is the
best evidence; then an explicit phrase in the text ("senior-level role"); then the years asked
for. Years only count next to words about experience, so "founded 10 years ago" and "3 years of
vesting" are not requirements.
"""

from __future__ import annotations

import re
from typing import Literal

from matcher.models import Years

SENIORITY_RANK: dict[str, int] = {
    "intern": 0,
    "junior": 1,
    "mid": 2,
    "senior": 3,
    "lead": 4,
    "staff": 4,
    "principal": 5,
    "head": 6,
}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS_WORD = r"\s*\+?\s*(?:\(\d{1,2}\)\s*)?(?:years?|yrs?)\b"
_YEAR_PATTERNS = (
    re.compile(_NUM + r"\s*\+?\s*(?:-|\u2013|\u2014|to)\s*" + _NUM + _YEARS_WORD, re.IGNORECASE),
    re.compile(
        r"(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|upwards\s+of)\s+"
        + _NUM
        + _YEARS_WORD,
        re.IGNORECASE,
    ),
    re.compile(_NUM + r"\s*(?:\+|plus|or\s+more)\s*(?:years?|yrs?)\b", re.IGNORECASE),
    re.compile(_NUM + _YEARS_WORD, re.IGNORECASE),
)
_EXPERIENCE_AFTER = re.compile(
    r"^[^.\n;]{0,50}?\b(?:experience|exp\b|working|work\b|in\s|with\s|of\s|building|developing|"
    r"designing|professional|industry|hands[\s-]on|practical|shipping|leading|writing)",
    re.IGNORECASE,
)
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:of\s+|in\s+)?(?:ago|old|age|warranty|vesting|runway|history)", re.IGNORECASE
)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def years_required(text: str) -> Years | None:
    """The years of experience asked for; with several statements, the largest minimum wins,
    because "5+ years in software, 2+ in ML" describes a five-year candidate."""
    best: Years | None = None
    taken: list[tuple[int, int]] = []
    for pattern in _YEAR_PATTERNS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            after = text[match.end() : match.end() + 60]
            if _NOT_EXPERIENCE.match(after) or not _EXPERIENCE_AFTER.match(after):
                continue
            groups = [g for g in match.groups() if g is not None]
            low = _number(groups[0])
            high = _number(groups[1]) if len(groups) > 1 else None
            if low > 30 or (high is not None and high < low):
                continue
            taken.append((match.start(), match.end()))
            if best is None or low > best.min:
                best = Years(low, high)
    return best


_TITLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("intern", re.compile(r"\b(intern|internship|werkstudent|working student|trainee)\b", re.I)),
    (
        "head",
        re.compile(r"\b(head of|director|vp|vice president|chief [a-z]+ officer|cto|cio)\b", re.I),
    ),
    ("principal", re.compile(r"\bprincipal\b", re.I)),
    ("staff", re.compile(r"\bstaff\b(?!\s+(?:accountant|nurse))", re.I)),
    ("lead", re.compile(r"\b(lead|tech lead|team lead)\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?)(?=\W|$)", re.I)),
    ("mid", re.compile(r"\b(mid[- ]?level|mid[- ]senior|intermediate|mid)\b", re.I)),
    ("junior", re.compile(r"\b(junior|jr\.?|entry[- ]level|graduate|new grad)(?=\W|$)", re.I)),
)
_TEXT_RULE = re.compile(
    r"\b(?P<level>entry|junior|mid|senior|staff|principal)[- ]level\b"
    r"|\bthis\s+is\s+an?\s+(?P<level2>junior|mid[- ]level|senior|staff|principal|lead)\s+"
    r"(?:role|position)\b",
    re.IGNORECASE,
)


def seniority_from_title(title: str) -> str | None:
    """The highest level a title states ("Senior Staff" is staff)."""
    for level, pattern in _TITLE_RULES:
        if pattern.search(title):
            return level
    return None


def seniority_from_years(years: Years) -> str:
    if years.min <= 1:
        return "junior"
    if years.min <= 4:
        return "mid"
    if years.min <= 7:
        return "senior"
    return "staff"


SenioritySource = Literal["title", "text", "years"]


def seniority_of(
    title: str | None, text: str, years: Years | None
) -> tuple[str | None, SenioritySource | None]:
    """The posting's level and where it was read: the title, an explicit phrase, or the years."""
    if title:
        level = seniority_from_title(title)
        if level:
            return level, "title"
    match = _TEXT_RULE.search(text)
    if match:
        word = (match.group("level") or match.group("level2")).lower()
        level = {"entry": "junior", "mid level": "mid", "mid-level": "mid"}.get(word, word)
        return level, "text"
    if years is not None:
        return seniority_from_years(years), "years"
    return None, None
