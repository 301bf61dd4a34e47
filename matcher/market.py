"""Postings as the market views see them: scoring facts plus title, company, dates and pay.

The plan and the weekly pulse read the same rows (from the store, or a postings file through the
real extraction); this module holds that record and turns a postings file into it, so the CLI and
the bot compute from the same shape. Discord-free and store-free.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from matcher.models import PostingFacts
from matcher.places import tokens
from matcher.postings import PostingFileError, posting_facts, record_from_dict
from matcher.roles import family_of
from matcher.taxonomy import Taxonomy


@dataclass(frozen=True)
class Pay:
    """A stated salary range as the posting gives it; `period` is year, month, day or hour."""

    low: float | None
    high: float | None
    currency: str | None
    period: str | None


@dataclass(frozen=True)
class MarketPosting:
    facts: PostingFacts
    title: str
    company: str
    family: str | None
    seen_at: datetime | None  # when it was posted (or first seen when the board gives no date)
    closed_at: datetime | None = None
    pay: Pay | None = None
    regions: tuple[str, ...] = ()


# Where a salary's figures are grouped: a region per country token of `matcher.places`.
_REGIONS = {
    "North America": "us canada mexico",
    "Latin America": "brazil argentina colombia chile",
    "Europe": """uk nl germany france spain italy portugal ireland poland sweden norway denmark
        finland switzerland austria belgium estonia romania ukraine czechia greece hungary
        luxembourg lithuania latvia croatia serbia bulgaria""",
    "Asia": "india china japan singapore korea taiwan vietnam indonesia philippines",
    "Oceania": "australia newzealand",
    "Middle East": "ae israel turkey egypt",
    "Africa": "nigeria kenya southafrica",
}
_REGION_OF: dict[str, str] = {
    country: region for region, names in _REGIONS.items() for country in names.split()
}


@lru_cache(maxsize=16_384)
def regions_of(locations: tuple[str, ...]) -> tuple[str, ...]:
    """The regions a posting's places lie in (countries, or cities that name one)."""
    found: list[str] = []
    for location in locations:
        _, countries = tokens(location)
        for country in sorted(countries):
            region = _REGION_OF.get(country)
            if region is not None and region not in found:
                found.append(region)
    return tuple(found)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def pay_from_dict(data: object) -> Pay | None:
    """The `salary` object of `archbot parse --json` output, when it states a figure."""
    if not isinstance(data, Mapping):
        return None
    low, high = _number(data.get("min")), _number(data.get("max"))
    if low is None and high is None:
        return None
    currency = data.get("currency")
    period = data.get("period")
    return Pay(
        low,
        high,
        currency if isinstance(currency, str) else None,
        period if isinstance(period, str) else None,
    )


def read_market_file(path: Path, taxonomy: Taxonomy) -> list[MarketPosting]:
    """Postings of a JSON-lines file (as `archbot parse --json` prints), read by the real
    extraction; a broken line is reported with its number."""
    found: list[MarketPosting] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("is not a JSON object")
                record = record_from_dict(data, default_id=f"{path.name}:{number}")
            except ValueError as exc:
                raise PostingFileError(f"{path}:{number}: {exc}") from exc
            facts, _ = posting_facts(record, taxonomy)
            found.append(
                MarketPosting(
                    facts=facts,
                    title=record.title,
                    company=record.company,
                    family=family_of(record.title),
                    seen_at=record.posted_at,
                    pay=pay_from_dict(data.get("salary")),
                    regions=regions_of(record.locations),
                )
            )
    return found
