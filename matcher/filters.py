"""Hard filters: may this member be shown this job at all?

Scores rank jobs; these rules remove jobs a member cannot or will not take, from the facts
read from every posting (scrapers/facts.py). One function, `check`, decides for `/jobs`,
digests and `archbot match` alike, so the three never disagree. The rules:

1. **Where**: a job whose posting states where it may be done (`remote_regions`) is excluded
   when none of those places overlaps the places the member can work. Places compare by the
   countries they hold: DE lies in EU, Europe and EMEA; a member who can work anywhere in the
   EU meets a job limited to Germany; `Worldwide` never excludes. UTC offsets are checked apart
   from places: when both the job and the member give offsets, the member's must be among the
   job's.
2. **Visa**: a member who needs sponsorship is not shown a job that states it offers none (or
   asks for an existing right to work).
3. **Years**: a job is excluded when it asks for more than `YEARS_SLACK` (2) years beyond the
   member's own: 3 years of experience still sees "5+ years", not "6+ years".
4. **Salary**: only when the posting states one. The most the job pays per year (its maximum,
   else its minimum) is compared with the member's yearly minimum: in the same currency
   directly, across currencies through the fixed table in matcher/money.py with a 10 % margin
   in the posting's favour. A salary in a currency the table lacks, or without a period, is
   unknown.
5. **Employment type**: a member who lists the types they accept is not shown a job of
   another type.

Unknown never excludes: a fact the posting does not state (or a preference the member did not
give) lets the job through, and the verdict names the unknown facts so they can be shown as
such.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from matcher.money import CROSS_CURRENCY_MARGIN, convert
from scrapers.posting import EMPLOYMENT_TYPES, PERIODS_PER_YEAR
from scrapers.regions import (
    REGION_NAMES,
    WORLDWIDE,
    countries_of,
    country_code,
    format_offset,
    is_offset,
    parse_offset,
    region_names,
)

YEARS_SLACK = 2

T = TypeVar("T")


class PreferenceFields(Protocol):
    """What a stored preference row offers; matcher does not import the store."""

    @property
    def work_regions(self) -> tuple[str, ...]: ...
    @property
    def needs_visa(self) -> bool | None: ...
    @property
    def years(self) -> int | None: ...
    @property
    def min_salary(self) -> float | None: ...
    @property
    def salary_currency(self) -> str | None: ...
    @property
    def employment_types(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Preferences:
    """A member's hard filters; empty or None means "no preference" for that rule."""

    work_regions: tuple[str, ...] = ()
    needs_visa: bool | None = None
    years: int | None = None
    min_salary: float | None = None
    salary_currency: str | None = None
    employment_types: tuple[str, ...] = ()

    @classmethod
    def of(cls, stored: PreferenceFields) -> Preferences:
        return cls(
            work_regions=tuple(stored.work_regions),
            needs_visa=stored.needs_visa,
            years=stored.years,
            min_salary=stored.min_salary,
            salary_currency=stored.salary_currency,
            employment_types=tuple(stored.employment_types),
        )

    @property
    def empty(self) -> bool:
        return self == Preferences()


@dataclass(frozen=True)
class JobFacts:
    """The facts of one posting the rules read."""

    remote: str = "unknown"
    remote_regions: tuple[str, ...] = ()
    visa_sponsorship: bool | None = None
    min_years: int | None = None
    employment_type: str | None = None
    salary_currency: str | None = None
    salary_yearly_min: float | None = None
    salary_yearly_max: float | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> JobFacts:
        """From a stored posting row or the JSON `archbot parse --json` prints (its `salary`
        is an object there, flat columns in the store)."""
        regions = data.get("remote_regions") or []
        if isinstance(regions, str):
            regions = json.loads(regions) if regions.startswith("[") else [regions]
        salary = data.get("salary")
        if isinstance(salary, Mapping):
            currency = salary.get("currency")
            low, high = salary.get("yearly_min"), salary.get("yearly_max")
        else:
            currency = data.get("salary_currency")
            low, high = data.get("salary_yearly_min"), data.get("salary_yearly_max")
        visa = data.get("visa_sponsorship")
        years = data.get("min_years")
        return cls(
            remote=str(data.get("remote") or "unknown"),
            remote_regions=tuple(str(r) for r in regions),
            visa_sponsorship=None if visa is None else bool(visa),
            min_years=int(years) if isinstance(years, int | float) else None,
            employment_type=data.get("employment_type") or None,
            salary_currency=currency if isinstance(currency, str) else None,
            salary_yearly_min=float(low) if isinstance(low, int | float) else None,
            salary_yearly_max=float(high) if isinstance(high, int | float) else None,
        )


@dataclass(frozen=True)
class Verdict:
    """Whether the job is shown, why not (one sentence per failed rule), and which facts the
    member cares about that the posting leaves unknown."""

    shown: bool
    reasons: tuple[str, ...] = ()
    unknown: tuple[str, ...] = field(default=())


def _places(values: Iterable[str]) -> list[str]:
    return [v for v in values if not is_offset(v)]


def _offsets(values: Iterable[str]) -> set[str]:
    return {v for v in values if is_offset(v)}


def _overlap(job_places: list[str], member_places: list[str]) -> bool:
    if WORLDWIDE in job_places or WORLDWIDE in member_places:
        return True
    for job_place in job_places:
        job_set = countries_of(job_place)
        for member_place in member_places:
            member_set = countries_of(member_place)
            if job_set is not None and member_set is not None and job_set & member_set:
                return True
    return False


def _where(prefs: Preferences, facts: JobFacts) -> tuple[str | None, bool]:
    """(reason to exclude or None, whether it is unknown)."""
    if not prefs.work_regions:
        return None, False
    if not facts.remote_regions:
        # An on-site or hybrid job is where its office is (the profile's location rule);
        # only a job that is, or may be, remote has an unknown scope.
        return None, facts.remote not in {"onsite", "hybrid"}
    job_places, member_places = _places(facts.remote_regions), _places(prefs.work_regions)
    job_zones, member_zones = _offsets(facts.remote_regions), _offsets(prefs.work_regions)
    known = False
    if job_places and member_places:
        known = True
        if not _overlap(job_places, member_places):
            stated = ", ".join(job_places)
            return f"open only to people working from {stated}", False
    if job_zones and member_zones and WORLDWIDE not in job_places:
        known = True
        if not job_zones & member_zones:
            return f"asks for time zones {_zone_span(job_zones)}", False
    return None, not known


def _zone_span(zones: set[str]) -> str:
    ordered = sorted(zones, key=lambda z: parse_offset(z) or 0)
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"


def _salary(prefs: Preferences, facts: JobFacts) -> tuple[str | None, bool]:
    if prefs.min_salary is None or prefs.salary_currency is None:
        return None, False
    top = facts.salary_yearly_max or facts.salary_yearly_min
    if top is None or facts.salary_currency is None:
        return None, True
    converted = convert(top, facts.salary_currency, prefs.salary_currency)
    if converted is None:
        return None, True
    floor = prefs.min_salary
    if facts.salary_currency != prefs.salary_currency:
        floor *= CROSS_CURRENCY_MARGIN
    if converted < floor:
        return (
            f"pays at most {top:,.0f} {facts.salary_currency} a year, under your "
            f"{prefs.min_salary:,.0f} {prefs.salary_currency}",
            False,
        )
    return None, False


def _visa(prefs: Preferences, facts: JobFacts) -> tuple[str | None, bool]:
    if not prefs.needs_visa:
        return None, False
    if facts.visa_sponsorship is False:
        return "offers no visa sponsorship", False
    return None, facts.visa_sponsorship is None


def _years(prefs: Preferences, facts: JobFacts) -> tuple[str | None, bool]:
    if prefs.years is None:
        return None, False
    if facts.min_years is None:
        return None, True
    if facts.min_years > prefs.years + YEARS_SLACK:
        return f"asks for {facts.min_years}+ years of experience", False
    return None, False


def _employment(prefs: Preferences, facts: JobFacts) -> tuple[str | None, bool]:
    if not prefs.employment_types:
        return None, False
    if facts.employment_type is None:
        return None, True
    if facts.employment_type not in prefs.employment_types:
        return f"is {facts.employment_type}", False
    return None, False


_RULES = (
    ("where", _where),
    ("visa", _visa),
    ("years", _years),
    ("salary", _salary),
    ("employment_type", _employment),
)


def check(prefs: Preferences, facts: JobFacts) -> Verdict:
    """The one decision `/jobs`, digests and `archbot match` share (rules in the docstring)."""
    reasons: list[str] = []
    unknown: list[str] = []
    for name, rule in _RULES:
        reason, is_unknown = rule(prefs, facts)
        if reason:
            reasons.append(reason)
        elif is_unknown:
            unknown.append(name)
    return Verdict(shown=not reasons, reasons=tuple(reasons), unknown=tuple(unknown))


def split_by_verdict(
    prefs: Preferences, items: Iterable[T], facts_of: Callable[[T], JobFacts]
) -> tuple[list[tuple[T, Verdict]], list[tuple[T, Verdict]]]:
    """(shown, hidden) with each item's verdict, order kept: how a list of matches is filtered
    wherever it is shown. With no preferences every item is shown, nothing is read."""
    shown: list[tuple[T, Verdict]] = []
    hidden: list[tuple[T, Verdict]] = []
    for item in items:
        verdict = Verdict(shown=True) if prefs.empty else check(prefs, facts_of(item))
        (shown if verdict.shown else hidden).append((item, verdict))
    return shown, hidden


# ---- reading what a member types ------------------------------------------------------------


def parse_work_regions(text: str) -> tuple[str, ...]:
    """'Germany, EU, UTC+2' -> ('DE', 'EU', 'UTC+02:00'). Raises ValueError naming the first
    entry that is not a country, a region of the fixed set or a UTC offset."""
    found: list[str] = []
    for raw in re.split(r"[,;\n]+", text):
        entry = raw.strip()
        if not entry:
            continue
        offset = parse_offset(entry)
        regions = region_names(entry)
        code = country_code(entry) or (country_code(entry.upper()) if len(entry) == 2 else None)
        if offset is not None:
            value = format_offset(offset)
        elif code is not None:
            value = code
        elif len(regions) == 1:
            value = regions[0]
        else:
            raise ValueError(
                f"{entry!r} is not a country, a UTC offset (UTC+02:00) or one of the regions "
                f"{', '.join(REGION_NAMES)}"
            )
        if value not in found:
            found.append(value)
    return tuple(found)


def parse_employment_types(values: Iterable[str]) -> tuple[str, ...]:
    """'full-time', 'contract' ... checked against the one vocabulary."""
    found: list[str] = []
    for raw in values:
        for entry in re.split(r"[,\s]+", raw.strip().lower()):
            if not entry:
                continue
            if entry not in EMPLOYMENT_TYPES:
                raise ValueError(
                    f"{entry!r} is not an employment type; use {', '.join(EMPLOYMENT_TYPES)}"
                )
            if entry not in found:
                found.append(entry)
    return tuple(found)


def parse_salary(text: str) -> tuple[float, str]:
    """'90000 EUR', '90k EUR', 'EUR 90,000', '$120k' -> (yearly amount, ISO currency)."""
    from scrapers.salary import salary_from_text

    stated = salary_from_text(text)
    if stated is None or stated.currency is None or stated.min is None:
        raise ValueError(f"{text!r} is not an amount with a currency, e.g. '90000 EUR' or '$120k'")
    period = stated.period or "year"
    return stated.min * PERIODS_PER_YEAR[period], stated.currency
