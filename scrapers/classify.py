"""Small, shared judgements: seniority from a title, remote mode from structured fields or a
location line, employment type, company-name folding and timestamps in UTC.

Remote is never guessed from the description: "we are not a remote team" and "remote sensing"
both contain the word. Only structured fields, and failing those a location field, decide it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapers.posting import RemoteMode, Seniority

_SENIORITY_RULES: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    ("intern", re.compile(r"\b(intern|internship|werkstudent|working student|trainee)\b", re.I)),
    (
        "head",
        re.compile(
            r"\b(head of|director|vp|v\.p\.|vice president|chief [a-z]+ officer|cto|cio)\b", re.I
        ),
    ),
    ("principal", re.compile(r"\bprincipal\b", re.I)),
    ("staff", re.compile(r"\bstaff\b", re.I)),
    ("lead", re.compile(r"\b(lead|tech lead|team lead|leader)\b(?!\s+gen(eration)?\b)", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?)(?=\W|$)", re.I)),
    ("junior", re.compile(r"\b(junior|jr\.?|entry[- ]level|graduate)(?=\W|$)", re.I)),
)
_NOT_STAFF = re.compile(r"\bstaff(ing)?\s+(accountant|nurse)\b|\bstaffing\b", re.I)


def seniority_from_title(title: str) -> Seniority | None:
    """The seniority a title states, the highest that applies ("Senior Staff" is staff)."""
    for level, pattern in _SENIORITY_RULES:
        if level == "staff" and _NOT_STAFF.search(title):
            continue
        if pattern.search(title):
            return level
    return None


_REMOTE_WORD = re.compile(r"\b(remote|anywhere|work from home|wfh|telecommute)\b", re.I)
_HYBRID_WORD = re.compile(r"\bhybrid\b", re.I)
_ONSITE_WORD = re.compile(r"\b(on-?site|in[- ]office)\b", re.I)


def remote_from_flags(
    *, remote: bool | None = None, hybrid: bool | None = None, onsite: bool | None = None
) -> RemoteMode:
    """Explicit booleans a board sends. Hybrid wins over remote: it is the narrower claim."""
    if hybrid:
        return "hybrid"
    if remote:
        return "remote"
    if onsite:
        return "onsite"
    return "unknown"


def remote_from_label(label: object) -> RemoteMode:
    """A workplace-type label: remote, hybrid, onsite / on-site / OnSite / in office."""
    if not isinstance(label, str):
        return "unknown"
    folded = re.sub(r"[\s_\-]", "", label).casefold()
    if folded in {"remote", "fullyremote", "remoteonly", "telecommute"}:
        return "remote"
    if folded == "hybrid":
        return "hybrid"
    if folded in {"onsite", "inoffice", "office", "inperson"}:
        return "onsite"
    return "unknown"


def remote_from_locations(locations: tuple[str, ...] | list[str]) -> RemoteMode:
    """Second-best evidence: the location field itself says "Remote" or "Hybrid"."""
    if not locations:
        return "unknown"
    if any(_HYBRID_WORD.search(loc) for loc in locations):
        return "hybrid"
    if all(_REMOTE_WORD.search(loc) for loc in locations):
        return "remote"
    if any(_ONSITE_WORD.search(loc) for loc in locations):
        return "onsite"
    return "unknown"


def first_known(*modes: RemoteMode) -> RemoteMode:
    for mode in modes:
        if mode != "unknown":
            return mode
    return "unknown"


_EMPLOYMENT = (
    ("internship", re.compile(r"intern", re.I)),
    ("part-time", re.compile(r"part[\s_\-]?time", re.I)),
    ("contract", re.compile(r"contract|freelance|temporary|temp\b|contractor", re.I)),
    ("full-time", re.compile(r"full[\s_\-]?time|permanent|regular", re.I)),
)


def employment_type(value: object) -> str | None:
    """Fold a board's label ("FullTime", "FULL_TIME", "Full-time") into one vocabulary."""
    labels = value if isinstance(value, list) else [value]
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            continue
        for name, pattern in _EMPLOYMENT:
            if pattern.search(label):
                return name
        return label.strip().lower()
    return None


def as_utc(value: datetime) -> datetime:
    """Aware datetimes converted to UTC; naive ones are taken to be UTC already."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_epoch(value: float, unit: str) -> datetime | None:
    seconds = value / 1000 if unit == "ms" else float(value)
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_text(text: str) -> datetime | None:
    iso = text.replace(" UTC", "+00:00").replace("Z", "+00:00").replace("z", "+00:00")
    if re.match(r"^\d{4}-\d{2}-\d{2} \d", iso):
        iso = iso.replace(" ", "T", 1)
    try:
        return as_utc(datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def parse_time(value: object, *, epoch_unit: str = "s") -> datetime | None:
    """A timestamp in any form boards use (ISO 8601, '... UTC', RFC 822, epoch s or ms)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _from_epoch(value, epoch_unit)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return _from_epoch(int(text), epoch_unit)
    return _from_text(text)
