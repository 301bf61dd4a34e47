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
    skills: dict[str, str]


def market_rows(db: Database, since: datetime) -> list[MarketRow]:
    """Postings seen since `since` that are open or closed after it, with their skills."""
    stamp = since.isoformat()
    skills: dict[int, dict[str, str]] = {}
    for pid, skill_id, level in db.execute(
        "SELECT s.posting_id, s.skill_id, s.level FROM posting_skills s "
        "JOIN postings p ON p.id = s.posting_id "
        "JOIN posting_extractions e ON e.posting_id = p.id "
        f"WHERE {_RECENT} AND s.level != 'context'",
        [stamp, stamp],
    ):
        skills.setdefault(int(pid), {})[skill_id] = level
    rows = db.execute(
        "SELECT p.id, p.title, p.company, p.locations, p.remote, e.seniority, "
        "COALESCE(p.posted_at, p.first_seen_at), p.closed_at, p.salary_min, p.salary_max, "
        "p.salary_currency, p.salary_period FROM postings p "
        f"JOIN posting_extractions e ON e.posting_id = p.id WHERE {_RECENT} ORDER BY p.id",
        [stamp, stamp],
    ).fetchall()
    return [
        MarketRow(
            posting_id=int(r[0]),
            title=r[1],
            company=r[2],
            locations=tuple(json.loads(r[3] or "[]")),
            remote=r[4],
            seniority=r[5],
            seen_at=r[6],
            closed_at=r[7],
            salary_min=r[8],
            salary_max=r[9],
            salary_currency=r[10],
            salary_period=r[11],
            skills=skills.get(int(r[0]), {}),
        )
        for r in rows
    ]


def market_stamp(db: Database) -> tuple[object, ...]:
    """Changes whenever a posting is read, changed or closed: when to rebuild market tables."""
    row = db.execute(
        "SELECT (SELECT COUNT(*) FROM posting_extractions), "
        "(SELECT MAX(extracted_at) FROM posting_extractions), "
        "(SELECT MAX(closed_at) FROM postings), (SELECT COUNT(*) FROM posting_links)"
    ).fetchone()
    return tuple(row)
