"""Postings as the market views read them: recent postings with their skills, pay and dates.

The plan and the weekly pulse count what postings ask for over a window of weeks, so they read
open postings and those closed inside the window (a role filled last week still says what the
market wanted), never a cross-source duplicate, and only postings whose current text was read.
Skills of the `context` level (a mention in the company blurb, say) never count as asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from store.db import Database

_RECENT = (
    "COALESCE(p.posted_at, p.first_seen_at) >= ? AND (p.closed_at IS NULL OR p.closed_at >= ?) "
    "AND NOT EXISTS (SELECT 1 FROM posting_links l WHERE l.posting_id = p.id) "
    "AND e.content_hash = p.content_hash"
)


@dataclass(frozen=True)
class MarketRow:
    posting_id: int
    title: str
    company: str
    locations: tuple[str, ...]
    remote: str
    seniority: str | None
    seen_at: str
    closed_at: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    skill_levels: str | None  # "skill=level skill=level", read on demand

    @property
    def skills(self) -> dict[str, str]:
        text = self.skill_levels
        return dict(pair.split("=", 1) for pair in text.split(" ")) if text else {}


def market_rows(db: Database, since: datetime) -> list[MarketRow]:
    """Postings seen since `since` that are open or closed after it, with their skills.

    Each posting's skills come back as one "skill=level" list (one row per posting, not per
    skill), which keeps reading 50,000 postings to a couple of seconds.
    """
    stamp = since.isoformat()
    rows = db.execute(
        "SELECT p.id, p.title, p.company, p.locations, p.remote, e.seniority, "
        "COALESCE(p.posted_at, p.first_seen_at), p.closed_at, p.salary_min, p.salary_max, "
        "p.salary_currency, p.salary_period, "
        "(SELECT group_concat(s.skill_id || '=' || s.level, ' ') FROM posting_skills s "
        " WHERE s.posting_id = p.id AND s.level != 'context') "
        "FROM postings p "
        f"JOIN posting_extractions e ON e.posting_id = p.id WHERE {_RECENT} ORDER BY p.id",
        [stamp, stamp],
    ).fetchall()
    places: dict[str, tuple[str, ...]] = {}
    found: list[MarketRow] = []
    for r in rows:
        where = r[3] or "[]"
        if where not in places:
            places[where] = tuple(json.loads(where))
        found.append(
            MarketRow(
                posting_id=int(r[0]),
                title=r[1],
                company=r[2],
                locations=places[where],
                remote=r[4],
                seniority=r[5],
                seen_at=r[6],
                closed_at=r[7],
                salary_min=r[8],
                salary_max=r[9],
                salary_currency=r[10],
                salary_period=r[11],
                skill_levels=r[12],
            )
        )
    return found


def market_stamp(db: Database) -> tuple[object, ...]:
    """Changes whenever a posting is read, changed or closed: when to rebuild market tables."""
    row = db.execute(
        "SELECT (SELECT COUNT(*) FROM posting_extractions), "
        "(SELECT MAX(extracted_at) FROM posting_extractions), "
        "(SELECT MAX(closed_at) FROM postings), (SELECT COUNT(*) FROM posting_links)"
    ).fetchone()
    return tuple(row)
