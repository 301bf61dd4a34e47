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

from matcher.fold import fold
from matcher.models import Years
from scrapers.facts import EXPERIENCE_NEAR, NOT_EXPERIENCE, NUMBER_WORDS

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

_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
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


def _number(token: str) -> int:
    if token.isdecimal():
        return int(token)
    value = NUMBER_WORDS.get(token.lower())
    if value is None:
        # Matched ignoring case through a dotless i or a long s ("f\u0131ve", "\u017fix").
        value = next(v for w, v in NUMBER_WORDS.items() if re.fullmatch(w, token, re.IGNORECASE))
    return value


# Every year statement ends in its year word ("years", "yrs"), and what precedes that word in a
# match is short: at most 22 characters that are not white space ("upwards of fifteen+ (10)").
# So a match lies between a year word and 32 non-blank characters before it, and the patterns
# only need to run over such windows. The year words are found in the scan's folded copy, which
# has the text's offsets and lower-case letters; no other character matches "y", "e", "a" or "r"
# under IGNORECASE, so no year word is missed.
_YEAR_WORDS = ("year", "yr")
_BEFORE_YEAR_WORD = 32


def _start_before(text: str, pos: int) -> int:
    """An offset with at least `_BEFORE_YEAR_WORD` non-blank characters between it and `pos`."""
    start, step = pos, 64
    while start > 0:
        start = max(0, start - step)
        if len("".join(text[start:pos].split())) >= _BEFORE_YEAR_WORD:
            return start
        step *= 2
    return 0


def _year_windows(text: str, folded: str) -> list[tuple[int, int]]:
    """Merged [start, end) windows of `text` that hold every match of `_YEAR_PATTERNS`."""
    anchors: list[int] = []
    for word in _YEAR_WORDS:
        at = folded.find(word)
        while at >= 0:
            anchors.append(at)
            at = folded.find(word, at + 1)
    spans = sorted(
        # The year word ends at most five characters on ("years") and `\b` looks at the next.
        (_start_before(text, at), min(len(text), at + 6))
        for at in anchors
    )
    windows: list[tuple[int, int]] = []
    for start, end in spans:
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


# Where a year statement can start: a digit, a number word, or the first word of "at least",
# "minimum", "over", "more than", "upwards of". Searched in the folded copy (lower case, same
# offsets); the case oddities of IGNORECASE are handled by falling back to the plain search.
_YEAR_START = re.compile(
    r"(?=\d|" + "|".join(sorted([*NUMBER_WORDS, "at", "min", "over", "more", "upwards"])) + ")"
)
# Characters that match an ASCII letter under IGNORECASE but do not fold to it (dotted capital
# I, dotless i, long s): with any of them in the text, the folded copy may hide a match.
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f")


def _has_case_oddities(text: str) -> bool:
    return not text.isascii() and any(odd in text for odd in _CASE_ODDITIES)


def _year_matches(text: str, folded: str) -> list[re.Match[str]]:
    """Every match of `_YEAR_PATTERNS`, pattern by pattern, in the order `finditer` gives them.

    Each pattern is tried only at the places a statement can start, inside the windows around
    year words; `finditer`'s rule that a match resumes the search where it ends is kept.
    """
    windows = _year_windows(text, folded)
    if not windows:
        return []
    if _has_case_oddities(text):
        return [m for p in _YEAR_PATTERNS for a, b in windows for m in p.finditer(text, a, b)]
    starts = [[m.start() for m in _YEAR_START.finditer(folded, a, b)] for a, b in windows]
    found: list[re.Match[str]] = []
    for pattern in _YEAR_PATTERNS:
        for (window_start, window_end), candidates in zip(windows, starts, strict=True):
            reach = window_start
            for at in candidates:
                if at < reach:
                    continue
                match = pattern.match(text, at, window_end)
                if match is not None:
                    found.append(match)
                    reach = match.end()
    return found


def read_years(text: str, folded: str) -> Years | None:
    """`years_required`, given the scan's folded copy of `text` (same length, lower case)."""
    best: Years | None = None
    taken: list[tuple[int, int]] = []
    for match in _year_matches(text, folded):
        if any(s <= match.start() < e for s, e in taken):
            continue
        after = text[match.end() : match.end() + 60]
        if NOT_EXPERIENCE.match(after) or not EXPERIENCE_NEAR.match(after):
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


def years_required(text: str) -> Years | None:
    """The years of experience asked for; with several statements, the largest minimum wins,
    because "5+ years in software, 2+ in ML" describes a five-year candidate."""
    return read_years(text, fold(text))


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


# Where `_TEXT_RULE` can match: a level word and one character before "level", or at "this".
_LEVEL_WORDS = ("entry", "junior", "mid", "senior", "staff", "principal")


def _text_rule_search(text: str, folded: str) -> re.Match[str] | None:
    """`_TEXT_RULE.search(text)`, trying the pattern only where it can start."""
    if _has_case_oddities(text):
        return _TEXT_RULE.search(text)
    starts: set[int] = set()
    at = folded.find("level")
    while at >= 0:
        starts.update(at - len(word) - 1 for word in _LEVEL_WORDS if at - len(word) - 1 >= 0)
        at = folded.find("level", at + 1)
    at = folded.find("this")
    while at >= 0:
        starts.add(at)
        at = folded.find("this", at + 1)
    for start in sorted(starts):
        match = _TEXT_RULE.match(text, start)
        if match is not None:
            return match
    return None


def read_seniority(
    title: str | None, text: str, years: Years | None, folded: str
) -> tuple[str | None, SenioritySource | None]:
    """`seniority_of`, given the scan's folded copy of `text`."""
    if title:
        level = seniority_from_title(title)
        if level:
            return level, "title"
    match = _text_rule_search(text, folded)
    if match:
        word = (match.group("level") or match.group("level2")).lower()
        level = {"entry": "junior", "mid level": "mid", "mid-level": "mid"}.get(word, word)
        return level, "text"
    if years is not None:
        return seniority_from_years(years), "years"
    return None, None


def seniority_of(
    title: str | None, text: str, years: Years | None
) -> tuple[str | None, SenioritySource | None]:
    """The posting's level and where it was read: the title, an explicit phrase, or the years."""
    return read_seniority(title, text, years, fold(text))
