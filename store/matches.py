"""Matches: each member's kept best matches, the pairs waiting for a digest, and the worker's
queue of profile changes.

Rows with `kept = 1` mirror the worker's bounded index: for each member an exact prefix of
their ranking (best first) of open postings, complete or not (`match_state`). Rows with
`kept = 0` only wait for the member's next digest. No explanation is stored: it is computed
from the profile and the posting's stored skills when a match is shown.

Filters (remote only, a minimum score, and later the posting facts) are SQL conditions on the
posting `p` and the score, applied the same way to the kept rows and to an exact scan
(`scan_scores`), so both answer the same question.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.db import Database, transaction
from store.extractions import MATCHABLE

# How many waiting (not kept) pairs a member may have: the best of them, by score.
WAITING_CAP = 200


@dataclass(frozen=True)
class JobRow:
    """A match joined with what a member is shown about the posting. The explanation is
    filled in by the reader when the match is shown."""

    posting_id: int
    score: float
    title: str
    company: str
    url: str
    locations: tuple[str, ...]
    remote: str
    posted_at: str | None
    attribution: str | None
    source: str
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    """What ranking and filtering read about one matched posting."""

    posting_id: int
    score: float
    posted_at: str | None


@dataclass(frozen=True)
class Filter:
    """A condition on the posting `p` (SQL over the postings table) and a least score."""

    min_score: float = 0.0
    where: str = ""
    args: tuple[Any, ...] = ()

    def posting_condition(self) -> tuple[str, list[Any]]:
        """The SQL condition on `p` (open, canonical, and the filter's own condition)."""
        text = MATCHABLE
        if self.where:
            text += f" AND ({self.where})"
        return text, list(self.args)


REMOTE_ONLY = "p.remote = 'remote'"


def excluding(chosen: Filter, posting_ids: Iterable[int]) -> Filter:
    """The filter, further leaving out these postings (those a member's hard filters exclude):
    one parameter however many there are."""
    ids = sorted({int(i) for i in posting_ids})
    if not ids:
        return chosen
    condition = "p.id NOT IN (SELECT value FROM json_each(?))"
    where = f"({chosen.where}) AND {condition}" if chosen.where else condition
    return Filter(chosen.min_score, where, (*chosen.args, json.dumps(ids)))


_STATED = (
    "(p.remote_regions != '[]' OR p.visa_sponsorship IS NOT NULL OR p.min_years IS NOT NULL "
    "OR p.employment_type IS NOT NULL OR p.salary_yearly_min IS NOT NULL "
    "OR p.salary_yearly_max IS NOT NULL)"
)


def stated_filter_facts(db: Database) -> list[dict[str, Any]]:
    """The hard-filter facts of every open posting that states any of them: the only postings
    a member's preferences can exclude (unknown never excludes)."""
    cursor = db.execute(
        "SELECT p.id, p.remote, p.remote_regions, p.visa_sponsorship, p.min_years, "
        "p.employment_type, p.salary_currency, p.salary_yearly_min, p.salary_yearly_max "
        f"FROM postings p WHERE {MATCHABLE} AND {_STATED}"
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        row["remote_regions"] = json.loads(row["remote_regions"] or "[]")
    return rows


_NOT_SENT = (
    "NOT EXISTS (SELECT 1 FROM sent_alerts s WHERE s.user_id = matches.user_id "
    "AND s.posting_id = matches.posting_id)"
)
_WAITS = (
    "EXISTS (SELECT 1 FROM alert_settings a WHERE a.user_id = matches.user_id "
    f"AND a.enabled = 1 AND matches.score >= a.threshold) AND {_NOT_SENT}"
)


def _present(db: Database, user_ids: Iterable[int]) -> set[int]:
    """Which of these members still exist (one erased while its pairs were computed is
    skipped, not an error)."""
    wanted = sorted(set(user_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            int(r[0])
            for r in db.execute(f"SELECT user_id FROM members WHERE user_id IN ({marks})", chunk)
        )
    return found


# (user id, posting id, score, the posting's date as a timestamp or None)
PairRow = tuple[int, int, float, float | None]


def _keep(db: Database, rows: Sequence[PairRow]) -> None:
    """Upsert kept rows, in key order (SQLite appends to its B-trees much faster so)."""
    present = _present(db, (r[0] for r in rows))
    db.conn.executemany(
        "INSERT INTO matches (user_id, posting_id, score, kept, posted) VALUES (?, ?, ?, 1, ?) "
        "ON CONFLICT(user_id, posting_id) DO UPDATE SET score = excluded.score, kept = 1, "
        "posted = excluded.posted",
        sorted(r for r in rows if r[0] in present),
    )


def _unkeep(db: Database, pairs: Sequence[tuple[int, int]]) -> None:
    """Pairs no longer kept: still waiting for a digest (alerts on, over the threshold, not
    sent) they stay as waiting rows; otherwise they go."""
    db.conn.executemany(
        "UPDATE matches SET kept = 0 WHERE user_id = ? AND posting_id = ? AND kept = 1 "
        f"AND {_WAITS}",
        pairs,
    )
    db.conn.executemany(
        "DELETE FROM matches WHERE user_id = ? AND posting_id = ? AND kept = 1", pairs
    )


def _cap_waiting(db: Database, user_ids: Iterable[int]) -> None:
    for user_id in user_ids:
        db.execute(
            "DELETE FROM matches WHERE user_id = ? AND kept = 0 AND posting_id NOT IN "
            "(SELECT posting_id FROM matches WHERE user_id = ? AND kept = 0 "
            "ORDER BY score DESC, posting_id LIMIT ?)",
            [user_id, user_id, WAITING_CAP],
        )


def apply_kept_changes(
    db: Database,
    kept: Sequence[PairRow],
    dropped: Sequence[tuple[int, int]],
    waiting: Sequence[PairRow],
) -> None:
    """Write one batch of the index's changes: new waiting pairs, newly kept pairs, pairs
    trimmed away (which stay as waiting when a digest still owes them)."""
    with transaction(db):
        present = _present(db, (r[0] for r in waiting))
        db.conn.executemany(
            "INSERT INTO matches (user_id, posting_id, score, kept, posted) "
            "SELECT ?, ?, ?, 0, ? WHERE NOT EXISTS (SELECT 1 FROM sent_alerts s "
            "WHERE s.user_id = ? AND s.posting_id = ?) "
            "ON CONFLICT(user_id, posting_id) DO NOTHING",
            sorted((u, p, s, at, u, p) for u, p, s, at in waiting if u in present),
        )
        _keep(db, kept)
        _unkeep(db, dropped)
        _cap_waiting(db, sorted({r[0] for r in waiting}))


@dataclass(frozen=True)
class KeptSet:
    """One member's kept matches as the index holds them: (posting, score, the posting's
    date as a timestamp or None), best first."""

    user_id: int
    rows: Sequence[tuple[int, float, float | None]]
    complete: bool
    queue_seq: int | None = None  # the queued profile change this answers, if any


def replace_kept(
    db: Database, sets: Sequence[KeptSet], now: datetime, *, drop_waiting: bool = False
) -> int:
    """Make each member's kept matches exactly its set, writing only what differs; returns
    the rows written. After a profile change (`drop_waiting`) the member's waiting pairs go
    too, since they were scored for the old profile; the queue entry that asked for it is
    removed in the same transaction."""
    written = 0
    with transaction(db):
        for kept in sets:
            user_id = kept.user_id
            if drop_waiting:
                db.execute("DELETE FROM matches WHERE user_id = ? AND kept = 0", [user_id])
            stored = {
                int(p): float(s)
                for p, s in db.execute(
                    "SELECT posting_id, score FROM matches WHERE user_id = ? AND kept = 1",
                    [user_id],
                )
            }
            new = {p for p, _s, _at in kept.rows}
            _unkeep(db, [(user_id, p) for p in stored if p not in new])
            changed = [(user_id, p, s, at) for p, s, at in kept.rows if stored.get(p) != s]
            _keep(db, changed)
            written += len(changed)
            if kept.queue_seq is not None:
                db.execute("DELETE FROM match_queue WHERE seq = ?", [kept.queue_seq])
        set_match_states(db, [(k.user_id, k.complete) for k in sets], now)
    return written


def forget_member_matches(db: Database, user_id: int, queue_seq: int | None = None) -> None:
    """A member without skills: no matches, no state (their profile was emptied)."""
    with transaction(db):
        db.execute("DELETE FROM matches WHERE user_id = ?", [user_id])
        db.execute("DELETE FROM match_state WHERE user_id = ?", [user_id])
        if queue_seq is not None:
            db.execute("DELETE FROM match_queue WHERE seq = ?", [queue_seq])


def set_match_states(db: Database, states: Iterable[tuple[int, bool]], now: datetime) -> None:
    db.conn.executemany(
        "INSERT INTO match_state (user_id, complete, updated_at) "
        "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE user_id = ?) "
        "ON CONFLICT(user_id) DO UPDATE SET complete = excluded.complete, "
        "updated_at = excluded.updated_at",
        [(u, int(c), now.isoformat(), u) for u, c in states],
    )


def use_large_cache(db: Database, megabytes: int) -> None:
    """A bigger page cache for the worker's connection: writing a few million kept rows
    touches the by-posting index all over, and SQLite's default cache is 2 MB."""
    db.execute(f"PRAGMA cache_size = -{int(megabytes) * 1024}")


def members_with_skills(db: Database) -> set[int]:
    """Members the worker should hold: those whose profile names a skill."""
    return {int(r[0]) for r in db.execute("SELECT DISTINCT user_id FROM profile_skills")}


def kept_member_ids(db: Database) -> set[int]:
    return {int(r[0]) for r in db.execute("SELECT DISTINCT user_id FROM match_state")}


def drop_posting_matches(db: Database, posting_ids: Iterable[int]) -> int:
    """Closed, removed, duplicate or changed postings leave every member's matches."""
    ids = [(int(p),) for p in posting_ids]
    with transaction(db):
        before = db.conn.total_changes
        db.conn.executemany("DELETE FROM matches WHERE posting_id = ?", ids)
        return db.conn.total_changes - before


def forget_sent_waiting(db: Database) -> int:
    """Waiting pairs a digest has sent since: nothing owes them any more."""
    with transaction(db):
        cursor = db.execute(f"DELETE FROM matches WHERE kept = 0 AND NOT ({_NOT_SENT})")
        return cursor.rowcount


def match_scores(db: Database, *, kept_only: bool = True) -> dict[tuple[int, int], float]:
    """Every stored pair and its score (tests and checks compare these)."""
    where = " WHERE kept = 1" if kept_only else ""
    return {
        (int(u), int(p)): float(s)
        for u, p, s in db.execute(f"SELECT user_id, posting_id, score FROM matches{where}")
    }


def match_state(db: Database, user_id: int) -> bool | None:
    """Whether the member's kept matches are complete; None when the worker has not written
    them yet."""
    row = db.execute("SELECT complete FROM match_state WHERE user_id = ?", [user_id]).fetchone()
    return None if row is None else bool(row[0])


# -- the worker's queue ------------------------------------------------------------------------


def queue_member(db: Database, user_id: int, now: datetime) -> None:
    """A profile changed: the worker re-scores the member (a newer change replaces the row)."""
    with transaction(db):
        db.execute("DELETE FROM match_queue WHERE user_id = ?", [user_id])
        db.execute(
            "INSERT INTO match_queue (user_id, queued_at) "
            "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE user_id = ?)",
            [user_id, now.isoformat(), user_id],
        )


def queued_members(db: Database, limit: int = 100) -> list[tuple[int, int]]:
    """(seq, user id) of the oldest queued profile changes."""
    return [
        (int(seq), int(user_id))
        for seq, user_id in db.execute(
            "SELECT seq, user_id FROM match_queue ORDER BY seq LIMIT ?", [limit]
        )
    ]


def is_queued(db: Database, user_id: int) -> bool:
    row = db.execute("SELECT 1 FROM match_queue WHERE user_id = ?", [user_id]).fetchone()
    return row is not None


def queue_length(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM match_queue").fetchone()[0])


# -- worker status -----------------------------------------------------------------------------


WORKER_COUNTS = ("members", "postings", "pairs")


def set_worker_status(
    db: Database,
    pid: int,
    phase: str,
    now: datetime,
    counts: Mapping[str, int] | None = None,
    *,
    starting: bool = False,
) -> None:
    """One row per worker process. A starting worker also clears the rows of stopped ones."""
    counts = {k: v for k, v in (counts or {}).items() if k in WORKER_COUNTS}
    columns = ["pid", "phase", "updated_at", *counts]
    values: list[Any] = [pid, phase, now.isoformat(), *counts.values()]
    if starting:
        columns += ["started_at", "ready_at"]
        values += [now.isoformat(), None]
    if phase == "ready":
        columns.append("ready_at")
        values.append(now.isoformat())
    # Column names come from this function and WORKER_COUNTS, checked above.
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    with transaction(db):
        if starting:
            db.execute("DELETE FROM worker_status WHERE phase = 'stopped'")
        db.execute(
            f"INSERT INTO worker_status ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT(pid) DO UPDATE SET {updates}",
            values,
        )


def worker_status(db: Database, pid: int | None = None) -> dict[str, Any] | None:
    """The status of one worker process, or of the one heard from last."""
    if pid is None:
        cursor = db.execute("SELECT * FROM worker_status ORDER BY updated_at DESC, pid LIMIT 1")
    else:
        cursor = db.execute("SELECT * FROM worker_status WHERE pid = ?", [pid])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


# -- reading -----------------------------------------------------------------------------------


def kept_page(
    db: Database, user_id: int, chosen: Filter, limit: int, offset: int
) -> tuple[list[Ranked], int]:
    """A page of the member's kept matches that pass the filter, in the index's order (score,
    then the newer posting, then the lower id), and how many pass."""
    condition, args = chosen.posting_condition()
    base = (
        "FROM matches m JOIN postings p ON p.id = m.posting_id "
        f"WHERE m.user_id = ? AND m.kept = 1 AND m.score >= ? AND {condition}"
    )
    values = [user_id, chosen.min_score, *args]
    total = int(db.execute(f"SELECT count(*) {base}", values).fetchone()[0])
    rows = db.execute(
        f"SELECT m.posting_id, m.score, p.posted_at {base} "
        "ORDER BY m.score DESC, m.posted IS NULL, m.posted DESC, m.posting_id LIMIT ? OFFSET ?",
        [*values, limit, offset],
    ).fetchall()
    return [Ranked(int(p), float(s), at) for p, s, at in rows], total


@dataclass(frozen=True)
class Scanned:
    """One posting an exact scan reached: the weighted credit the member earns in it, its total
    weight, and what the score's factor and the location filter need."""

    posting_id: int
    credit: float
    total: float
    seniority: str | None
    remote: str
    locations: tuple[str, ...]
    posted_at: str | None


def scan_scores(
    db: Database,
    credits: Mapping[str, float],
    weights: Mapping[str, float],
    chosen: Filter,
) -> list[Scanned]:
    """Every matchable posting sharing a skill with `credits` (skill -> the member's credit),
    through the skill -> postings index, with the sums scoring needs. `chosen.min_score` is
    not applied here (the score is computed by the caller); its SQL condition is.

    Weights and credits are small binary fractions, so the sums are exact in any order and
    equal the index's.
    """
    if not credits:
        return []
    condition, args = chosen.posting_condition()
    level_weight = " ".join("WHEN ? THEN ?" for _ in weights)
    level_args = [x for item in weights.items() for x in item]
    values = ", ".join("(?, ?)" for _ in credits)
    credit_args = [x for item in credits.items() for x in item]
    weight = f"(CASE ps.level {level_weight} ELSE 0.0 END)"
    sql = f"""
        WITH c(skill_id, credit) AS (VALUES {values}),
        reached AS (
            SELECT DISTINCT ps.posting_id FROM c
            JOIN posting_skills ps ON ps.skill_id = c.skill_id
        ),
        sums AS (
            SELECT ps.posting_id, sum({weight} * coalesce(c.credit, 0.0)) AS credit,
                   sum({weight}) AS total
            FROM reached r JOIN posting_skills ps ON ps.posting_id = r.posting_id
            LEFT JOIN c ON c.skill_id = ps.skill_id
            GROUP BY ps.posting_id
        )
        SELECT s.posting_id, s.credit, s.total, e.seniority, p.remote, p.locations, p.posted_at
        FROM sums s JOIN postings p ON p.id = s.posting_id
        JOIN posting_extractions e ON e.posting_id = p.id AND e.content_hash = p.content_hash
        WHERE s.credit > 0 AND {condition}
    """
    rows = db.execute(sql, [*credit_args, *level_args, *level_args, *args]).fetchall()
    return [
        Scanned(
            posting_id=int(r[0]),
            credit=float(r[1]),
            total=float(r[2]),
            seniority=r[3],
            remote=r[4],
            locations=tuple(json.loads(r[5] or "[]")),
            posted_at=r[6],
        )
        for r in rows
    ]


_JOB_COLUMNS = (
    "p.id, p.title, p.company, p.url, p.locations, p.remote, p.posted_at, p.attribution, p.kind"
)


def job_rows(db: Database, scored: Sequence[tuple[int, float]]) -> list[JobRow]:
    """What a member is shown about these postings, in the order given."""
    if not scored:
        return []
    marks = ", ".join("?" for _ in scored)
    found = {
        int(r[0]): r
        for r in db.execute(
            f"SELECT {_JOB_COLUMNS} FROM postings p WHERE p.id IN ({marks})",
            [p for p, _s in scored],
        )
    }
    rows = []
    for posting_id, score in scored:
        r = found.get(posting_id)
        if r is not None:
            rows.append(job_row([r[0], score, *r[1:]]))
    return rows


def job_row(row: Sequence[Any]) -> JobRow:
    """(posting id, score, title, company, url, locations, remote, posted_at, attribution,
    kind) as a JobRow without its explanation."""
    return JobRow(
        posting_id=int(row[0]),
        score=float(row[1]),
        title=row[2],
        company=row[3],
        url=row[4],
        locations=tuple(json.loads(row[5] or "[]")),
        remote=row[6],
        posted_at=row[7],
        attribution=row[8],
        source=row[9],
    )


# Digests: best first, among equal scores the newer posting first.
JOB_ORDER = "ORDER BY m.score DESC, p.posted_at IS NULL, p.posted_at DESC, m.posting_id"
JOB_SELECT = (
    "SELECT m.posting_id, m.score, p.title, p.company, p.url, p.locations, p.remote, "
    "p.posted_at, p.attribution, p.kind"
)
