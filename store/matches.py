"""Matches: (member, posting) pairs at or above the matcher's floor, with their explanations.

The match index lives in memory; this table is its durable mirror, written incrementally (a new
posting's pairs, a changed member's pairs), so /jobs and the alert sender read matches with one
indexed query and a restart loses nothing. `found_at` keeps the first time a pair was seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store.db import Database, transaction
from store.extractions import MATCHABLE


@dataclass(frozen=True)
class MatchRow:
    """One pair as written: the explanation is the matcher's JSON-ready dict."""

    user_id: int
    posting_id: int
    score: float
    explanation: dict[str, Any]


@dataclass(frozen=True)
class JobRow:
    """A match joined with what a member is shown about the posting."""

    posting_id: int
    score: float
    explanation: dict[str, Any]
    title: str
    company: str
    url: str
    locations: tuple[str, ...]
    remote: str
    posted_at: str | None
    attribution: str | None
    source: str


_UPSERT = """
INSERT INTO matches (user_id, posting_id, score, explanation, found_at)
SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE user_id = ?)
ON CONFLICT(user_id, posting_id) DO UPDATE SET
    score = excluded.score, explanation = excluded.explanation
"""


def _upsert(db: Database, rows: Iterable[MatchRow], stamp: str) -> None:
    # The EXISTS guard skips a member erased while the pairs were being computed.
    db.conn.executemany(
        _UPSERT,
        [
            (
                r.user_id,
                r.posting_id,
                r.score,
                json.dumps(r.explanation, sort_keys=True),
                stamp,
                r.user_id,
            )
            for r in rows
        ],
    )


def replace_posting_matches(
    db: Database, posting_ids: Sequence[int], rows: Iterable[MatchRow], now: datetime
) -> None:
    """Make the stored pairs of these postings exactly `rows` (new or changed postings)."""
    chosen = list(rows)
    keep = {(r.user_id, r.posting_id) for r in chosen}
    with transaction(db):
        for start in range(0, len(posting_ids), 500):
            chunk = list(posting_ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            stale = [
                (int(u), int(p))
                for u, p in db.execute(
                    f"SELECT user_id, posting_id FROM matches WHERE posting_id IN ({marks})", chunk
                )
                if (int(u), int(p)) not in keep
            ]
            db.conn.executemany("DELETE FROM matches WHERE user_id = ? AND posting_id = ?", stale)
        _upsert(db, chosen, now.isoformat())


def replace_member_matches(
    db: Database, user_id: int, rows: Iterable[MatchRow], now: datetime
) -> None:
    """Make a member's stored pairs exactly `rows` (after a profile change)."""
    chosen = [r for r in rows if r.user_id == user_id]
    keep = {r.posting_id for r in chosen}
    with transaction(db):
        stale = [
            (user_id, int(p))
            for (p,) in db.execute("SELECT posting_id FROM matches WHERE user_id = ?", [user_id])
            if int(p) not in keep
        ]
        db.conn.executemany("DELETE FROM matches WHERE user_id = ? AND posting_id = ?", stale)
        _upsert(db, chosen, now.isoformat())


def drop_posting_matches(db: Database, posting_ids: Iterable[int]) -> int:
    """Closed, removed or duplicate postings leave every member's matches."""
    ids = [(int(p),) for p in posting_ids]
    with transaction(db):
        before = db.conn.total_changes
        db.conn.executemany("DELETE FROM matches WHERE posting_id = ?", ids)
        return db.conn.total_changes - before


def match_scores(db: Database) -> dict[tuple[int, int], float]:
    """Every stored pair and its score: what a rebuild compares against."""
    return {
        (int(u), int(p)): float(s)
        for u, p, s in db.execute("SELECT user_id, posting_id, score FROM matches")
    }


def apply_match_changes(
    db: Database,
    upserts: Iterable[MatchRow],
    deletes: Iterable[tuple[int, int]],
    now: datetime,
) -> None:
    """A rebuild's difference: new or re-scored pairs written, vanished pairs removed."""
    with transaction(db):
        db.conn.executemany(
            "DELETE FROM matches WHERE user_id = ? AND posting_id = ?", list(deletes)
        )
        _upsert(db, upserts, now.isoformat())


_JOB_COLUMNS = (
    "m.posting_id, m.score, m.explanation, p.title, p.company, p.url, p.locations, p.remote, "
    "p.posted_at, p.attribution, p.kind"
)


def job_row(row: Sequence[Any]) -> JobRow:
    return JobRow(
        posting_id=int(row[0]),
        score=float(row[1]),
        explanation=json.loads(row[2]),
        title=row[3],
        company=row[4],
        url=row[5],
        locations=tuple(json.loads(row[6] or "[]")),
        remote=row[7],
        posted_at=row[8],
        attribution=row[9],
        source=row[10],
    )


# Best first; among equal scores (to one decimal, as shown) the newer posting first.
JOB_ORDER = "ORDER BY round(m.score, 1) DESC, p.posted_at IS NULL, p.posted_at DESC, m.posting_id"


def member_jobs(
    db: Database,
    user_id: int,
    *,
    min_score: float = 0.0,
    remote_only: bool = False,
    limit: int = 5,
    offset: int = 0,
) -> tuple[list[JobRow], int]:
    """A page of the member's open matches, best first, and how many there are in all."""
    where = f"m.user_id = ? AND m.score >= ? AND {MATCHABLE}"
    if remote_only:
        where += " AND p.remote = 'remote'"
    args: list[Any] = [user_id, min_score]
    base = f"FROM matches m JOIN postings p ON p.id = m.posting_id WHERE {where}"
    total = int(db.execute(f"SELECT count(*) {base}", args).fetchone()[0])
    rows = db.execute(
        f"SELECT {_JOB_COLUMNS} {base} {JOB_ORDER} LIMIT ? OFFSET ?", [*args, limit, offset]
    ).fetchall()
    return [job_row(r) for r in rows], total
