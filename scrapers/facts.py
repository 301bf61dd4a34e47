"""Facts a job seeker filters on, read the same way from every posting of every kind:
visa sponsorship, where a remote job may be done, the fewest years asked for, and the
employment type.

Where a remote job may be done has its own reader (scrapers/facts_scope.py). Every kind passes
what its board states in structured fields (an employment-type label, a
"candidate required location", an applicant-location requirement); the text is read only for
what those fields leave unknown. Each reader prefers "unknown" to a guess: a filter treats
unknown as "show it", so a wrong "no" costs a member a job while an unknown costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scrapers.facts_scope import lower_text, remote_regions
from scrapers.posting import EmploymentType, RemoteMode


@dataclass(frozen=True)
class Facts:
    visa_sponsorship: bool | None
    remote_regions: tuple[str, ...]
    min_years: int | None
    employment_type: EmploymentType | None


# ---- visa ---------------------------------------------------------------------------------

_SPONSOR = r"(?:visa\s+)?sponsor(?:ship|ing|s)?(?:\s+(?:of\s+)?(?:a\s+)?(?:work\s+)?visas?)?"
_VISA_NO = re.compile(
    r"|".join(
        (
            r"\bno\s+(?:work\s+)?(?:visa\s+)?sponsorship",
            r"\bno\s+visas?\b",
            r"\bvisa\s+sponsorship\s*(?::\s*)?(?:is\s+|will\s+)?(?:not|unavailable|n/a)\b",
            r"\bsponsorship\s+(?:is\s+|will\s+)?not\s+(?:be\s+)?(?:available|offered|provided|possible)",
            r"\b(?:unable|not\s+able|cannot|can\s*not|can't|won't|will\s+not|do\s+not|don't|"
            r"does\s+not|doesn't|are\s+not|aren't|is\s+not|not\s+in\s+a\s+position)\s+(?:to\s+)?"
            r"(?:currently\s+)?(?:provide\s+|offer\s+|support\s+)?" + _SPONSOR,
            r"\bwithout\s+(?:the\s+need\s+for\s+|requiring\s+|needing\s+|current\s+or\s+future\s+)?"
            r"(?:\w+\s+)?(?:visa\s+)?sponsorship",
            r"\bnot\s+(?:open\s+to\s+|considering\s+)?(?:candidates\s+)?(?:who\s+)?"
            r"(?:requir|need)\w*\s+(?:visa\s+)?sponsorship",
            r"\bmust\s+(?:already\s+)?(?:be\s+)?(?:legally\s+)?(?:authori[sz]ed|eligible|permitted|"
            r"entitled)\s+to\s+(?:legally\s+)?work\b|\bmust\s+be\s+able\s+to\s+legally\s+work\b",
            r"\bmust\s+(?:already\s+)?(?:have|hold|possess)\s+(?:the\s+|a\s+|full\s+|valid\s+)*"
            r"(?:right|authori[sz]ation|permit|eligibility)\s+to\s+work\b",
            r"\bmust\s+have\s+(?:a\s+)?(?:valid\s+)?work\s+(?:permit|authori[sz]ation)",
        )
    ),
    re.I,
)
_VISA_YES = re.compile(
    r"|".join(
        (
            r"\bvisa\s+sponsorship\s*(?::\s*)?(?:is\s+)?(?:available|offered|provided|possible|yes)",
            r"\bsponsorship\s+(?:is\s+)?(?:available|offered|provided|possible)",
            r"\b(?:we|will|can|do|happy\s+to|able\s+to|open\s+to)\s+(?:\w+\s+)?sponsor(?:ing)?\s+"
            r"(?:\w+\s+){0,2}(?:visas?|work\s+permits?|h-?1bs?|blue\s+cards?)\b",
            r"\bvisas?\b[^.\n]{0,30}\b(?:we|can|will)\s+(?:\w+\s+)?sponsor",
            r"\bvisas?\s+(?:sponsorship\s+|support\s+)?(?:is\s+|are\s+)?(?:possible|available|"
            r"provided|offered|ok|welcome)\b",
            r"\bvisa\s+(?:support|assistance|help)\b",
            r"\b(?:offer|provide|including|includes|with|and)\s+(?:full\s+)?"
            r"(?:visa\s+sponsorship|sponsorship\s+for\s+visas?)",
            r"\bsponsorship\s+for\s+(?:\w+\s+)?visas?",
            r"\b(?:h-?1b|blue\s+card|skilled\s+worker)\s+(?:visa\s+)?(?:sponsorship|transfers?)\s+"
            r"(?:is\s+)?(?:available|offered|possible|welcome)",
            r"\bvisa\s*:\s*yes\b",
        )
    ),
    re.I,
)


# Every visa statement holds one of these; most descriptions hold none, and substring tests
# spare them the long patterns above.
_VISA_CUES = ("visa", "sponsor", "authori", "right to work", "permit", "eligible", "entitled")


_WHERE_YOU_LIVE = re.compile(
    r"[^.\n]{0,20}?\b(?:your|the)\s+(?:own\s+)?(?:country|state|place)\s+(?:of\s+residence|"
    r"where\s+you|you\s+(?:live|reside|are\s+based))|[^.\n]{0,20}?\bwhere(?:ver)?\s+you\s+"
    r"(?:live|reside|are\s+based)",
    re.I,
)


def visa_from_text(text: str) -> bool | None:
    """True when sponsorship is offered or possible, False when a posting rules it out or asks
    for an existing right to work, None when it says neither. A refusal is read first, since
    "we cannot sponsor visas" contains the words of an offer. A right to work "in your country
    of residence" (a remote job's usual clause) holds for everyone and says nothing."""
    lowered = lower_text(text)
    if not any(cue in lowered for cue in _VISA_CUES):
        return None
    for match in _VISA_NO.finditer(text):
        if not _WHERE_YOU_LIVE.match(text, match.end()):
            return False
    if _VISA_YES.search(text):
        return True
    return None


# ---- years --------------------------------------------------------------------------------

NUMBER_WORDS = {
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
_N = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_YEARS = re.compile(
    r"(?:(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+)?"
    + _N
    + r"(?:\s*(?:\+|plus)|\s*(?:-|\u2013|to)\s*"
    + _N
    + r")?\s*\+?\s*(?:\(\d{1,2}\)\s*)?(?:years?|yrs?)\b(?:\s*\+)?",
    re.I,
)
# What follows a number of years when it is experience: "of experience", "in SRE roles",
# "with Kubernetes", "building iOS apps". The matcher's own years reader uses these same cues.
EXPERIENCE_NEAR = re.compile(
    r"^[^.\n;]{0,50}?\b(?:experience|exp\b|working|work\b|in\s|with\s|of\s|building|developing|"
    r"designing|professional|industry|hands[\s-]on|practical|shipping|leading|writing)",
    re.I,
)
NOT_EXPERIENCE = re.compile(
    r"^\s*(?:of\s+|in\s+)?(?:ago|old|age|warranty|vesting|runway|history|in\s+business)", re.I
)


def _number(token: str) -> int:
    return int(token) if token.isdecimal() else NUMBER_WORDS[token.lower()]


def min_years_from_text(text: str) -> int | None:
    """The smallest number of years of experience a posting asks for ("3-5 years of
    experience" -> 3, "5+ yrs working with Go" and "2 years in a similar role" -> 2)."""
    found: list[int] = []
    lowered = lower_text(text)
    if "year" not in lowered and "yr" not in lowered:
        return None
    for match in _YEARS.finditer(text):
        after = text[match.end() : match.end() + 80]
        if NOT_EXPERIENCE.match(after) or not EXPERIENCE_NEAR.match(after):
            continue
        low = _number(match.group(1))
        if match.group(2):
            low = min(low, _number(match.group(2)))
        if 0 < low <= 30:
            found.append(low)
    return min(found) if found else None


# ---- employment type ----------------------------------------------------------------------

_EMPLOYMENT_LABELS: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = (
    (
        "internship",
        re.compile(
            r"\bintern(ship)?s?\b|trainee|werkstudent|working[\s_]*student|apprentice", re.I
        ),
    ),
    ("temporary", re.compile(r"temporary|\btemp\b|seasonal|fixed[\s_-]?term|befristet", re.I)),
    ("contract", re.compile(r"contract|freelance|consultant|\bb2b\b|per[\s_]?diem", re.I)),
    ("part-time", re.compile(r"part[\s_\-]?time|teilzeit|minijob", re.I)),
    ("full-time", re.compile(r"full[\s_\-]?time|permanent|regular|vollzeit|festanstellung", re.I)),
)


def employment_from_label(value: object) -> EmploymentType | None:
    """A board's structured label ("FullTime", "FULL_TIME", "Permanent (Full-time)",
    "fulltime_permanent", "CONTRACTOR", ["FULL_TIME", "CONTRACTOR"]) -> the one vocabulary.
    Several labels give the first that is known; a label outside the vocabulary gives None."""
    labels = value if isinstance(value, list | tuple) else [value]
    for raw in labels:
        label = (
            raw.get("label") or raw.get("id") or raw.get("name") if isinstance(raw, dict) else raw
        )
        if not isinstance(label, str) or not label.strip():
            continue
        for name, pattern in _EMPLOYMENT_LABELS:
            if pattern.search(label):
                return name
    return None


_TEXT_EMPLOYMENT: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = (
    ("internship", re.compile(r"\b(internship|intern)\b", re.I)),
    ("temporary", re.compile(r"\b(temporary|fixed[- ]term)\s+(position|role|contract)", re.I)),
    ("contract", re.compile(r"\b(contract|freelance)\s+(position|role|basis|engagement)\b", re.I)),
    ("part-time", re.compile(r"\bpart[- ]time\s+(position|role|job|basis)\b", re.I)),
    ("full-time", re.compile(r"\bfull[- ]time\b", re.I)),
)


def employment_from_text(title: str, text: str) -> EmploymentType | None:
    """A type read from the title ("Contract ML Engineer", "Intern") or a clear phrase in the
    text ("This is a contract role"); benefits prose such as "full-time employees get..." does
    say full-time, which is what such a posting is."""
    from_title = employment_from_label(title)
    if from_title is not None and from_title != "full-time":
        return from_title
    lowered = lower_text(text)
    if not any(cue in lowered for cue in ("temporary", "fixed", "contract", "freelance", "time")):
        return None
    for name, pattern in _TEXT_EMPLOYMENT:
        if name == "internship":
            continue  # "intern" in a description is too often about mentoring interns
        if pattern.search(text):
            return name
    return None


def read_facts(
    *,
    title: str,
    text: str,
    remote: RemoteMode,
    locations: Sequence[str],
    employment_label: object = None,
    scope: Iterable[str] = (),
    visa: bool | None = None,
    years: int | None = None,
) -> Facts:
    """All four facts of one posting: structured values first, the text for the rest."""
    return Facts(
        visa_sponsorship=visa if visa is not None else visa_from_text(text),
        remote_regions=remote_regions(remote, locations, scope, text),
        min_years=years if years is not None else min_years_from_text(text),
        employment_type=employment_from_label(employment_label)
        or employment_from_text(title, text),
    )
