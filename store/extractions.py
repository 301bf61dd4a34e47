"""Skills read from postings: which postings still need reading, and what was read.

A posting is read again only when its content hash differs from the one recorded here, so a
scrape that touches 5,000 unchanged postings costs one query, not 5,000 extractions. Only open,
canonical postings (not a duplicate of another source's posting) are matched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store.db import Database, transaction

# Open and not a cross-source duplicate of another open posting.
MATCHABLE = (
    "p.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM posting_links l WHERE l.posting_id = p.id)"
)


@dataclass(frozen=True)
class PostingText:
    """What the matcher reads from one stored posting."""

    id: int
    title: str
    company: str
    url: str
    description: str
    locations: tuple[str, ...]
    remote: str
    seniority: str | None
    posted_at: str | None
    content_hash: str


@dataclass(frozen=True)
class ExtractedSkills:
    """The result of reading one posting: each skill once, at its strongest level."""

    posting_id: int
    content_hash: str
    skills: Mapping[str, str]
    seniority: str | None
    years_min: int | None = None
    years_max: int | None = None
    mentions: int = 0


@dataclass(frozen=True)
class StoredFacts:
    """A matchable posting's facts as scoring needs them, without reading its text again."""

    posting_id: int
    skills: Mapping[str, str]
    seniority: str | None
    remote: str
    locations: tuple[str, ...]
    posted_at: str | None


_TEXT_COLUMNS = (
    "p.id, p.title, p.company, p.url, p.description, p.locations, p.remote, p.seniority, "
    "p.posted_at, p.content_hash"
)


def _text(row: Sequence[Any]) -> PostingText:
    return PostingText(
        id=int(row[0]),
        title=row[1],
        company=row[2],
        url=row[3],
        description=row[4],
        locations=tuple(json.loads(row[5] or "[]")),
        remote=row[6],
        seniority=row[7],
        posted_at=row[8],
        content_hash=row[9],
    )


def postings_to_extract(db: Database, limit: int = 500) -> list[PostingText]:
    """Matchable postings never read, or changed since they were read; oldest first."""
    rows = db.execute(
        f"SELECT {_TEXT_COLUMNS} FROM postings p "
        "LEFT JOIN posting_extractions e ON e.posting_id = p.id "
        f"WHERE {MATCHABLE} AND (e.content_hash IS NULL OR e.content_hash != p.content_hash) "
        "ORDER BY p.id LIMIT ?",
        [limit],
    ).fetchall()
    return [_text(r) for r in rows]


def posting_texts(db: Database, posting_ids: Sequence[int]) -> list[PostingText]:
    """The stored text of these postings, whatever their state."""
    found: list[PostingText] = []
    for start in range(0, len(posting_ids), 500):
        chunk = list(posting_ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(f"SELECT {_TEXT_COLUMNS} FROM postings p WHERE p.id IN ({marks})", chunk)
        found.extend(_text(r) for r in rows)
    return found


def matchable_postings(db: Database) -> list[PostingText]:
    """Every matchable posting with its text (`archbot match` reads these)."""
    rows = db.execute(
        f"SELECT {_TEXT_COLUMNS} FROM postings p WHERE {MATCHABLE} ORDER BY p.id"
    ).fetchall()
    return [_text(r) for r in rows]


def save_extractions(db: Database, results: Iterable[ExtractedSkills], now: datetime) -> int:
    """Record what was read, replacing a posting's earlier skills, in one transaction."""
    stamp = now.isoformat()
    count = 0
    with transaction(db):
        for result in results:
            db.execute("DELETE FROM posting_skills WHERE posting_id = ?", [result.posting_id])
            db.execute(
                """
                INSERT INTO posting_extractions
                    (posting_id, content_hash, seniority, years_min, years_max, mentions,
                     extracted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(posting_id) DO UPDATE SET
                    content_hash = excluded.content_hash, seniority = excluded.seniority,
                    years_min = excluded.years_min, years_max = excluded.years_max,
                    mentions = excluded.mentions, extracted_at = excluded.extracted_at
                """,
                [
                    result.posting_id,
                    result.content_hash,
                    result.seniority,
                    result.years_min,
                    result.years_max,
                    result.mentions,
                    stamp,
                ],
            )
            db.conn.executemany(
                "INSERT INTO posting_skills (posting_id, skill_id, level) VALUES (?, ?, ?)",
                [(result.posting_id, s, lvl) for s, lvl in sorted(result.skills.items())],
            )
            count += 1
    return count


def matchable_ids(db: Database) -> set[int]:
    """Ids of matchable postings whose current content has been read."""
    return {
        int(r[0])
        for r in db.execute(
            "SELECT p.id FROM postings p JOIN posting_extractions e ON e.posting_id = p.id "
            f"WHERE {MATCHABLE} AND e.content_hash = p.content_hash"
        )
    }


def stored_facts(db: Database, posting_ids: Iterable[int]) -> list[StoredFacts]:
    """Scoring facts of the given postings (those read and matchable), in id order."""
    wanted = sorted(set(posting_ids))
    facts: list[StoredFacts] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        skills: dict[int, dict[str, str]] = {}
        for pid, skill_id, level in db.execute(
            f"SELECT posting_id, skill_id, level FROM posting_skills WHERE posting_id IN ({marks})",
            chunk,
        ):
            skills.setdefault(int(pid), {})[skill_id] = level
        for pid, seniority, remote, locations, posted_at in db.execute(
            "SELECT p.id, e.seniority, p.remote, p.locations, p.posted_at FROM postings p "
            f"JOIN posting_extractions e ON e.posting_id = p.id WHERE p.id IN ({marks}) "
            f"AND {MATCHABLE} ORDER BY p.id",
            chunk,
        ):
            facts.append(
                StoredFacts(
                    posting_id=int(pid),
                    skills=skills.get(int(pid), {}),
                    seniority=seniority,
                    remote=remote,
                    locations=tuple(json.loads(locations or "[]")),
                    posted_at=posted_at,
                )
            )
    return facts
