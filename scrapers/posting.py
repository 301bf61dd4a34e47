"""The one normalised record every source kind produces.

Parsers differ wildly in what a board calls a title, a location or a salary; everything after
parsing (storage, dedup, the matcher) sees only `Posting`. It is frozen so a record cannot drift
between being hashed and being stored, and the content hash covers only what a reader would
notice changing, so a board that bumps `updated_at` without editing the job is not "updated".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

RemoteMode = Literal["remote", "hybrid", "onsite", "unknown"]
REMOTE_MODES: tuple[RemoteMode, ...] = ("remote", "hybrid", "onsite", "unknown")

Seniority = Literal["intern", "junior", "senior", "lead", "staff", "principal", "head"]
SalaryPeriod = Literal["year", "month", "week", "day", "hour"]


@dataclass(frozen=True)
class Salary:
    """A stated pay range. Either bound may be missing ("from 90k"); amounts are in units."""

    min: float | None
    max: float | None
    currency: str | None
    period: SalaryPeriod | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "min": self.min,
            "max": self.max,
            "currency": self.currency,
            "period": self.period,
        }


@dataclass(frozen=True)
class Posting:
    """A job posting as every later stage sees it, whatever board it came from."""

    kind: str
    key: str
    source_id: str
    url: str
    title: str
    company: str
    locations: tuple[str, ...] = ()
    remote: RemoteMode = "unknown"
    employment_type: str | None = None
    seniority: Seniority | None = None
    salary: Salary | None = None
    posted_at: datetime | None = None
    description: str = ""
    attribution: str | None = None
    content_hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.posted_at is not None and self.posted_at.utcoffset() is None:
            raise ValueError("posted_at must be timezone-aware (UTC)")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", compute_hash(self))

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by `archbot parse --json` and used in tests."""
        return {
            "kind": self.kind,
            "key": self.key,
            "source_id": self.source_id,
            "title": self.title,
            "company": self.company,
            "url": self.url,
            "locations": list(self.locations),
            "remote": self.remote,
            "employment_type": self.employment_type,
            "seniority": self.seniority,
            "salary": self.salary.as_dict() if self.salary else None,
            "posted_at": self.posted_at.isoformat() if self.posted_at else None,
            "description": self.description,
            "attribution": self.attribution,
            "content_hash": self.content_hash,
        }


def compute_hash(posting: Posting) -> str:
    """SHA-256 over the fields a reader sees; timestamps are left out on purpose."""
    material = {
        "url": posting.url,
        "title": posting.title,
        "company": posting.company,
        "locations": list(posting.locations),
        "remote": posting.remote,
        "employment_type": posting.employment_type,
        "salary": posting.salary.as_dict() if posting.salary else None,
        "description": posting.description,
    }
    encoded = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
