"""The weekly market pulse: what the postings fitting a server's focus asked for this week.

Figures, all from postings seen in the week (and the four weeks before, for comparison):
the most demanded skills (share of postings, and how often required), what rose and fell in
share against the four weeks before, the remote share, stated salary ranges by seniority and
region (yearly equivalents, with counts, over the five weeks: one week rarely states enough),
and the most active hiring companies. Discord-free and store-free: the CLI, the poster and
/career salaries compute from the same function.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from matcher.market import MarketPosting
from matcher.score import LEVEL_WEIGHT
from matcher.taxonomy import Taxonomy

PULSE_BASELINE_WEEKS = 4
TOP_SKILLS = 10
MOVERS = 5
TOP_COMPANIES = 8
MIN_MOVER_POSTINGS = 3  # a skill asked by fewer postings in both periods is noise, not a trend
# Yearly equivalents of a stated period: 52 weeks, 220 working days, 1,880 working hours.
_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 220.0, "hour": 1880.0}
SALARY_CAVEAT = (
    "Only postings that state pay are counted (often a minority, and more often in places where "
    "the law requires it); ranges are what employers advertise, not what people are paid. "
    "Figures are yearly equivalents in the posting's currency, never converted."
)


@dataclass(frozen=True)
class SkillShare:
    skill_id: str
    name: str
    postings: int
    share: float
    required_share: float
    share_before: float

    @property
    def change(self) -> float:
        return self.share - self.share_before

    def as_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "postings": self.postings,
            "share": round(self.share, 4),
            "required_share": round(self.required_share, 4),
            "share_before": round(self.share_before, 4),
            "change": round(self.change, 4),
        }


@dataclass(frozen=True)
class SalaryRange:
    seniority: str
    region: str
    currency: str
    count: int
    low: float  # median of the stated minimums (yearly)
    high: float  # median of the stated maximums (yearly)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seniority": self.seniority,
            "region": self.region,
            "currency": self.currency,
            "count": self.count,
            "low": round(self.low),
            "high": round(self.high),
        }


@dataclass(frozen=True)
class Pulse:
    week_start: datetime
    week_end: datetime
    focus: tuple[str, ...]
    postings: int
    baseline_postings: int
    skills: tuple[SkillShare, ...]
    rising: tuple[SkillShare, ...]
    falling: tuple[SkillShare, ...]
    remote_share: float
    remote_share_before: float
    salaries: tuple[SalaryRange, ...]
    companies: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.date().isoformat(),
            "week_end": self.week_end.date().isoformat(),
            "focus": list(self.focus),
            "postings": self.postings,
            "baseline_postings": self.baseline_postings,
            "skills": [s.as_dict() for s in self.skills],
            "rising": [s.as_dict() for s in self.rising],
            "falling": [s.as_dict() for s in self.falling],
            "remote_share": round(self.remote_share, 4),
            "remote_share_before": round(self.remote_share_before, 4),
            "salaries": [s.as_dict() for s in self.salaries],
            "salary_caveat": SALARY_CAVEAT,
            "companies": [{"company": c, "postings": n} for c, n in self.companies],
        }


def _counts(postings: Sequence[MarketPosting]) -> tuple[Counter[str], Counter[str]]:
    asked: Counter[str] = Counter()
    required: Counter[str] = Counter()
    for posting in postings:
        for skill, level in posting.facts.skills.items():
            if level not in LEVEL_WEIGHT:  # a mention for context only never counts
                continue
            asked[skill] += 1
            if level == "required":
                required[skill] += 1
    return asked, required


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def yearly(amount: float, period: str | None) -> float | None:
    """A stated amount as a yearly figure; an unstated period counts as yearly only when the
    figure looks yearly (10,000 or more), since hourly rates are often posted without a unit."""
    if period is None:
        return amount if amount >= 10_000 else None
    factor = _PER_YEAR.get(period)
    return amount * factor if factor is not None else None


def salary_ranges(postings: Iterable[MarketPosting]) -> tuple[SalaryRange, ...]:
    """Stated pay grouped by seniority, region and currency; biggest groups first."""
    groups: dict[tuple[str, str, str], tuple[list[float], list[float]]] = {}
    for posting in postings:
        pay = posting.pay
        if pay is None or not pay.currency:
            continue
        low = yearly(pay.low, pay.period) if pay.low is not None else None
        high = yearly(pay.high, pay.period) if pay.high is not None else None
        if low is None and high is None:
            continue
        low = low if low is not None else high
        high = high if high is not None else low
        assert low is not None
        assert high is not None
        region = posting.regions[0] if posting.regions else "Unstated"
        if posting.facts.remote == "remote" and not posting.regions:
            region = "Remote"
        key = (posting.facts.seniority or "unstated", region, pay.currency.upper())
        lows, highs = groups.setdefault(key, ([], []))
        lows.append(low)
        highs.append(high)
    ranges = [
        SalaryRange(s, r, c, len(lows), statistics.median(lows), statistics.median(highs))
        for (s, r, c), (lows, highs) in groups.items()
    ]
    ranges.sort(key=lambda x: (-x.count, x.region, x.seniority, x.currency))
    return tuple(ranges)


def compute_pulse(
    postings: Iterable[MarketPosting],
    taxonomy: Taxonomy,
    week_start: datetime,
    focus: Sequence[str],
) -> Pulse:
    """The figures of the week starting at `week_start` for postings of the `focus` families."""
    week_end = week_start + timedelta(days=7)
    base_start = week_start - timedelta(weeks=PULSE_BASELINE_WEEKS)
    wanted = set(focus)
    week: list[MarketPosting] = []
    before: list[MarketPosting] = []
    for posting in postings:
        if posting.family not in wanted or posting.seen_at is None:
            continue
        if week_start <= posting.seen_at < week_end:
            week.append(posting)
        elif base_start <= posting.seen_at < week_start:
            before.append(posting)
    asked, required = _counts(week)
    asked_before, _ = _counts(before)
    every = set(asked) | set(asked_before)
    shares = {
        skill: SkillShare(
            skill,
            taxonomy.name(skill),
            asked[skill],
            _share(asked[skill], len(week)),
            _share(required[skill], len(week)),
            _share(asked_before[skill], len(before)),
        )
        for skill in every
    }
    top = sorted((shares[s] for s in asked), key=lambda x: (-x.postings, x.name))[:TOP_SKILLS]
    movers = [
        s
        for s in shares.values()
        if max(asked[s.skill_id], asked_before[s.skill_id]) >= MIN_MOVER_POSTINGS
        and week
        and before
    ]
    rising = sorted((s for s in movers if s.change > 0), key=lambda x: (-x.change, x.name))
    falling = sorted((s for s in movers if s.change < 0), key=lambda x: (x.change, x.name))
    companies = Counter(p.company.strip() for p in week if p.company.strip())
    return Pulse(
        week_start=week_start,
        week_end=week_end,
        focus=tuple(focus),
        postings=len(week),
        baseline_postings=len(before),
        skills=tuple(top),
        rising=tuple(rising[:MOVERS]),
        falling=tuple(falling[:MOVERS]),
        remote_share=_share(sum(p.facts.remote == "remote" for p in week), len(week)),
        remote_share_before=_share(sum(p.facts.remote == "remote" for p in before), len(before)),
        salaries=salary_ranges([*week, *before]),
        companies=tuple(sorted(companies.items(), key=lambda x: (-x[1], x[0]))[:TOP_COMPANIES]),
    )


def money(amount: float, currency: str) -> str:
    if amount >= 1000:
        return f"{currency} {amount / 1000:,.0f}k"
    return f"{currency} {amount:,.0f}"


def pulse_lines(pulse: Pulse) -> list[str]:
    """The pulse as plain text lines (the CLI; the bot renders its own embed)."""
    lines = [
        f"Week {pulse.week_start:%Y-%m-%d} to {pulse.week_end:%Y-%m-%d}: {pulse.postings} postings "
        f"({pulse.baseline_postings} in the {PULSE_BASELINE_WEEKS} weeks before)",
        f"Remote: {pulse.remote_share:.0%} (before: {pulse.remote_share_before:.0%})",
        "Most demanded:",
        *(f"  {s.name}: {s.share:.0%} (required in {s.required_share:.0%})" for s in pulse.skills),
    ]
    if pulse.rising:
        lines += ["Rising:", *(f"  {s.name}: {s.change * 100:+.0f} points" for s in pulse.rising)]
    if pulse.falling:
        lines += ["Falling:", *(f"  {s.name}: {s.change * 100:+.0f} points" for s in pulse.falling)]
    if pulse.salaries:
        lines.append("Stated salaries (yearly, median of ranges):")
        lines += [
            f"  {r.seniority}, {r.region}: {money(r.low, r.currency)}-{money(r.high, r.currency)}"
            f" ({r.count} postings)"
            for r in pulse.salaries[:10]
        ]
        lines.append(f"  {SALARY_CAVEAT}")
    if pulse.companies:
        lines.append("Most active: " + ", ".join(f"{c} ({n})" for c, n in pulse.companies))
    return lines
