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
EmploymentType = Literal["full-time", "part-time", "contract", "internship", "temporary"]
EMPLOYMENT_TYPES: tuple[EmploymentType, ...] = (
    "full-time",
    "part-time",
    "contract",
    "internship",
    "temporary",
)

# Paid units in a year, for comparing ranges stated per hour, day, week or month with yearly
# ones: 40-hour weeks, 5-day weeks, 52 weeks, no unpaid leave assumed.
PERIODS_PER_YEAR: dict[SalaryPeriod, int] = {
    "year": 1,
    "month": 12,
    "week": 52,
    "day": 260,
    "hour": 2080,
}


@dataclass(frozen=True)
class Salary:
    """A stated pay range. Either bound may be missing ("from 90k"); amounts are in units."""

    min: float | None
    max: float | None
    currency: str | None
    period: SalaryPeriod | None

    @property
    def yearly_period(self) -> SalaryPeriod | None:
        """The stated period, or "year" for an unlabelled amount of 10,000 or more (nobody
        states an hourly or monthly rate that high)."""
        if self.period is not None:
            return self.period
        if max(self.min or 0, self.max or 0) >= 10_000:
            return "year"
        return None

    def _yearly(self, amount: float | None) -> float | None:
        period = self.yearly_period
        if amount is None or period is None:
            return None
        return round(amount * PERIODS_PER_YEAR[period], 2)

    @property
    def yearly_min(self) -> float | None:
        """The lower bound as a yearly amount in the same currency (None when unknown)."""
        return self._yearly(self.min)

    @property
    def yearly_max(self) -> float | None:
        return self._yearly(self.max)

    def as_dict(self) -> dict[str, Any]:
        return {
            "min": self.min,
            "max": self.max,
            "currency": self.currency,
            "period": self.period,
            "yearly_min": self.yearly_min,
            "yearly_max": self.yearly_max,
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
    employment_type: EmploymentType | None = None
    seniority: Seniority | None = None
    salary: Salary | None = None
    posted_at: datetime | None = None
    description: str = ""
    attribution: str | None = None
    visa_sponsorship: bool | None = None
    remote_regions: tuple[str, ...] = ()
    min_years: int | None = None
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
            "visa_sponsorship": self.visa_sponsorship,
            "remote_regions": list(self.remote_regions),
            "min_years": self.min_years,
            "content_hash": self.content_hash,
        }


def compute_hash(posting: Posting) -> str:
    """SHA-256 over the fields a reader sees; timestamps are left out on purpose. The facts read
    from the text are included, so a better extractor refreshes stored rows on the next scrape."""
    material = {
        "url": posting.url,
        "title": posting.title,
        "company": posting.company,
        "locations": list(posting.locations),
        "remote": posting.remote,
        "employment_type": posting.employment_type,
        "salary": posting.salary.as_dict() if posting.salary else None,
        "description": posting.description,
        "visa_sponsorship": posting.visa_sponsorship,
        "remote_regions": list(posting.remote_regions),
        "min_years": posting.min_years,
    }
    encoded = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
