"""Where a remote job may be done, read from a posting: its structured scope fields, its
location lines and a few explicit phrases in its text, as country codes, region names and UTC
offsets (the vocabulary of scrapers/regions.py).

A wrong scope hides a job from members who could take it, so only explicit statements count:
"Remote - Germany", "US only", "must be based in the EU", "UTC+3 +/- 2h". A remote job listed
under its hub city, or a zone that is merely "preferred", states no scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from scrapers.posting import RemoteMode
from scrapers.regions import (
    WORLDWIDE,
    countries_in,
    format_offset,
    parse_offset,
    region_names,
)


@lru_cache(maxsize=4)
def lower_text(text: str) -> str:
    """The text in lower case, computed once per posting: the readers test it for cue words
    before running their patterns, and a description can be 60,000 characters."""
    return text.lower()


_TZ_ABBREVIATIONS = {
    "GMT": 0,
    "WET": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "MSK": 180,
    "GST": 240,
    "IST": 330,
    "SGT": 480,
    "JST": 540,
    "AEST": 600,
    "NZST": 720,
    "ET": -300,
    "EST": -300,
    "EDT": -240,
    "CT": -360,
    "CST": -360,
    "MT": -420,
    "MST": -420,
    "PT": -480,
    "PST": -480,
    "PDT": -420,
}
_OFFSET = r"(?:utc|gmt)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?|(?:utc|gmt)(?![+\-\w])"
_TZ_WORD = "|".join(sorted(_TZ_ABBREVIATIONS, key=len, reverse=True))
_ZONE = re.compile(
    rf"(?P<zone>{_OFFSET}|\b(?:{_TZ_WORD})\b)"
    r"(?:\s*(?:\+/-|\u00b1|\+-|plus\s+or\s+minus|\+\s*/\s*-)\s*(?P<spread>\d{1,2})\s*(?:h|hours?|hrs?)?\b)?",
    re.I,
)
_ZONE_CONTEXT = re.compile(r"time\s*zones?|timezones?|hours|overlap|\butc\b|\bgmt\b|remote", re.I)
_PREFERRED = re.compile(r"\b(preferred|ideally|bonus|nice to have|plus)\b", re.I)


def offsets_in(text: str) -> list[str]:
    """UTC offsets a phrase requires: "UTC+3 +/- 2h" gives UTC+01:00 ... UTC+05:00 (each
    whole hour inside the window), "CET" gives UTC+01:00. A zone merely "preferred" is not a
    requirement and gives nothing."""
    found: list[str] = []
    for match in _ZONE.finditer(text):
        raw = match.group("zone")
        upper = raw.upper()
        if upper in _TZ_ABBREVIATIONS:
            if raw != upper:
                continue  # "et" or "pt" in lower case are words, not zones
            window = text[max(0, match.start() - 40) : match.end() + 40]
            if not _ZONE_CONTEXT.search(window):
                continue
            centre: int | None = _TZ_ABBREVIATIONS[upper]
        else:
            centre = parse_offset(raw)
        if centre is None:
            continue
        tail = text[match.end() : match.end() + 30]
        if _PREFERRED.search(re.split(r"[.;\n]", tail, maxsplit=1)[0]):
            continue
        spread = int(match.group("spread") or 0) * 60
        step = 60 if spread else 0
        minutes = centre - spread
        while minutes <= centre + spread:
            if -12 * 60 <= minutes <= 14 * 60:
                label = format_offset(minutes)
                if label not in found:
                    found.append(label)
            if step == 0:
                break
            minutes += step
    return found


@lru_cache(maxsize=4096)
def _scope_of(text: str) -> tuple[str, ...]:
    """Regions, countries and offsets named in one scope statement, Worldwide alone if named.
    Cached: boards repeat the same few location lines across thousands of postings."""
    regions = region_names(text)
    if WORLDWIDE in regions:
        return (WORLDWIDE,)
    return (*regions, *countries_in(text), *offsets_in(text))


_REMOTE_WORD = re.compile(r"\b(remote|anywhere|distributed|work from home|wfh)\b", re.I)
_WHERE = r"(?P<where>[A-Z][\w .'/&-]{1,60}?)"
_WHERE_END = r"(?=[.;:,)\n]|\s+(?:only|time|and\s+[a-z]|or\s+[a-z])|$)"
# Each phrase with the words that must occur for it to match: most descriptions hold none of
# them, and a substring test is far cheaper than running the pattern.
_SCOPE_PHRASES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("remote",),
        re.compile(
            r"\b(?i:remote)\s*(?:\(|-|\u2013|:|,)?\s*(?i:only\s+)?(?i:within|in|from|across)\s+"
            r"(?i:the\s+)?" + _WHERE + _WHERE_END
        ),
    ),
    (
        ("based", "located", "living", "resid"),
        re.compile(
            r"\b(?i:must|need\s+to|should|required\s+to)\s+(?i:be\s+)?"
            r"(?i:based|located|living|reside|resident)\s+(?i:in|within)\s+(?i:the\s+)?"
            + _WHERE
            + _WHERE_END
        ),
    ),
    (
        ("only",),
        re.compile(
            r"(?P<where>\b(?:US|USA|UK|EU|Europe|Canada|LATAM|EMEA|APAC|[A-Z][a-z]+)"
            r"(?:\s*/\s*[A-Z][A-Za-z]+)?)[\s-]+(?i:only)\b"
        ),
    ),
    (
        ("open to", "hiring"),
        re.compile(
            r"\b(?i:open\s+to|hiring)\s+(?i:candidates\s+)?(?i:based\s+)?(?i:in|from|across)\s+"
            r"(?i:the\s+)?" + _WHERE + _WHERE_END
        ),
    ),
)
_ZONE_WORD = re.compile(r"\b(?:time\s*zones?|timezones?|overlap|working\s+hours)\b", re.I)


def _zone_sentences(text: str) -> list[str]:
    """The stretch of its sentence (60 characters either side) around each time-zone word:
    found from the word outwards, since scanning every position for it is slow on long text."""
    found: list[str] = []
    lowered = lower_text(text)
    if not any(cue in lowered for cue in ("zone", "overlap", "hours")):
        return found
    for match in _ZONE_WORD.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 60]
        before = re.split(r"[.\n]", before)[-1]
        after = re.split(r"[.\n]", after, maxsplit=1)[0]
        found.append(before + match.group(0) + after)
    return found


def remote_regions(
    remote: RemoteMode,
    locations: Sequence[str],
    stated: Iterable[str] = (),
    text: str = "",
) -> tuple[str, ...]:
    """Where a remote job may be done, as the posting states it; empty when it does not.

    `stated` holds what a board's structured fields say about the scope (Remotive's
    candidate_required_location, We Work Remotely's region, a JSON-LD
    applicantLocationRequirements): read whatever the mode. A location line counts when it is
    about remote work ("Remote - Germany", "Remote (EMEA)") and the job is not on-site, or,
    for a remote job, when it names only countries or regions ("Europe", "US"), never a city:
    a remote job listed under its hub city ("San Francisco") says nothing about who may apply.
    The text counts only for explicit scope phrases ("remote within Germany", "US only",
    "must be based in the EU", "UTC+3 +/- 2h") and only for remote jobs.
    """
    found: list[str] = []

    def add(values: Iterable[str]) -> None:
        for value in values:
            if value not in found:
                found.append(value)

    for line in stated:
        add(_scope_of(line))
    if remote != "onsite":
        for line in locations:
            scope = _scope_of(line)
            if not scope:
                continue
            rest = re.sub(
                r"\b(remote|only|anywhere|fully|global|worldwide|world)\b", " ", line, flags=re.I
            )
            pure = not rest.strip(" -,()") or _only_scope_words(rest)
            if _REMOTE_WORD.search(line) or (remote == "remote" and pure):
                add(scope)
    if remote == "remote" and text:
        lowered = lower_text(text)
        for cues, pattern in _SCOPE_PHRASES:
            if any(cue in lowered for cue in cues):
                for match in pattern.finditer(text):
                    add(_scope_of(match.group("where")))
        for sentence in _zone_sentences(text):
            add(offsets_in(sentence))
    if WORLDWIDE in found:
        return (WORLDWIDE,)
    return tuple(found)


@lru_cache(maxsize=4096)
def _only_scope_words(text: str) -> bool:
    """True when every piece of a location line is a country, a region or an offset."""
    pieces = [
        p for p in re.split(r"[,;/|()]|\bor\b|\band\b|&|\s-\s", text, flags=re.I) if p.strip()
    ]
    return bool(pieces) and all(_scope_of(p) for p in pieces)
