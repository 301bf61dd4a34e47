"""Job-match alerts: each member's settings, digests claimed before sending, and DM status.

Never twice: a digest's postings are inserted into `sent_alerts` (primary key user, posting) in
the same transaction that creates the digest, before the DM is sent. A claim that did not end in
a DM is released (its rows deleted) so the postings can go out later; a claim left by a process
that stopped mid-send is resolved by the sender, which looks for the message first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from store.db import Database, transaction
from store.extractions import MATCHABLE
from store.matches import JOB_ORDER, JOB_SELECT, JobRow, job_row
from store.members import ensure_member

FREQUENCIES = ("hours", "daily", "weekly")


@dataclass(frozen=True)
class AlertSettings:
    """A member's alert settings; a member who never ran /alerts has the defaults (off)."""

    user_id: int
    enabled: bool = False
    threshold: int = 60
    frequency: str = "daily"
    every_hours: int = 6
    digest_time: str = "09:00"
    quiet_start: str | None = None
    quiet_end: str | None = None
    paused_until: str | None = None
    guild_id: int | None = None
    last_digest_at: str | None = None
    dm_closed_at: str | None = None


_FIELDS = tuple(f.name for f in fields(AlertSettings))
_CHANGEABLE = frozenset(_FIELDS) - {"user_id"}


def _settings(row: Sequence[Any]) -> AlertSettings:
    values = dict(zip(_FIELDS, row, strict=True))
    values["enabled"] = bool(values["enabled"])
    return AlertSettings(**values)


def get_alert_settings(db: Database, user_id: int) -> AlertSettings:
    row = db.execute(
        f"SELECT {', '.join(_FIELDS)} FROM alert_settings WHERE user_id = ?", [user_id]
    ).fetchone()
    return _settings(row) if row else AlertSettings(user_id)


def update_alert_settings(
    db: Database, user_id: int, now: datetime, changes: Mapping[str, Any]
) -> AlertSettings:
    """Change some settings (creating the row with defaults first); returns the result."""
    unknown = set(changes) - _CHANGEABLE
    if unknown:
        raise ValueError(f"unknown alert settings: {', '.join(sorted(unknown))}")
    if "frequency" in changes and changes["frequency"] not in FREQUENCIES:
        raise ValueError(f"unknown frequency {changes['frequency']!r}")
    with transaction(db):
        ensure_member(db, user_id, now)
        db.execute(
            "INSERT INTO alert_settings (user_id, updated_at) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO NOTHING",
            [user_id, now.isoformat()],
        )
        if changes:
            # Column names come from the dataclass's own fields, checked above.
            assignments = ", ".join(f"{name} = ?" for name in changes)
            values = [int(v) if isinstance(v, bool) else v for v in changes.values()]
            db.execute(
                f"UPDATE alert_settings SET {assignments}, updated_at = ? WHERE user_id = ?",
                [*values, now.isoformat(), user_id],
            )
        return get_alert_settings(db, user_id)


def alert_thresholds(db: Database) -> dict[int, float]:
    """Members with alerts on and their thresholds: new matches over them wait for a digest."""
    return {
        int(u): float(t)
        for u, t in db.execute("SELECT user_id, threshold FROM alert_settings WHERE enabled = 1")
    }


@dataclass(frozen=True)
class Candidate:
    """A member who may be due a digest: alerts on, not paused, DMs not known closed, and at
    least one unsent match at or above the threshold. `zone` is the member's time zone, else
    the zone of the server where alerts were turned on, else UTC."""

    settings: AlertSettings
    zone: str
    pending: int


_PENDING = (
    "FROM matches m JOIN postings p ON p.id = m.posting_id "
    f"WHERE m.user_id = ? AND m.score >= ? AND {MATCHABLE} "
    "AND NOT EXISTS (SELECT 1 FROM sent_alerts s "
    "WHERE s.user_id = m.user_id AND s.posting_id = m.posting_id)"
)


def alert_candidates(db: Database, now: datetime) -> list[Candidate]:
    """Members with alerts on, not paused, DMs not known closed, and something to send: one
    grouped query, however many members there are."""
    rows = db.execute(
        f"SELECT {', '.join('a.' + f for f in _FIELDS)}, "
        "coalesce(mb.timezone, g.timezone, 'UTC'), count(*) "
        "FROM alert_settings a "
        "LEFT JOIN members mb ON mb.user_id = a.user_id "
        "LEFT JOIN guild_settings g ON g.guild_id = a.guild_id "
        "JOIN matches m ON m.user_id = a.user_id AND m.score >= a.threshold "
        "JOIN postings p ON p.id = m.posting_id "
        "WHERE a.enabled = 1 AND a.dm_closed_at IS NULL "
        f"AND (a.paused_until IS NULL OR a.paused_until <= ?) AND {MATCHABLE} "
        "AND NOT EXISTS (SELECT 1 FROM sent_alerts s "
        "WHERE s.user_id = m.user_id AND s.posting_id = m.posting_id) "
        "GROUP BY a.user_id ORDER BY a.user_id",
        [now.isoformat()],
    ).fetchall()
    return [Candidate(_settings(row[:-2]), row[-2], int(row[-1])) for row in rows]


def member_zone(db: Database, user_id: int, guild_id: int | None) -> tuple[str, str]:
    """(zone, where it came from): the member's own, the server's, or UTC."""
    own = db.execute("SELECT timezone FROM members WHERE user_id = ?", [user_id]).fetchone()
    if own and own[0]:
        return own[0], "yours"
    if guild_id is not None:
        server = db.execute(
            "SELECT timezone FROM guild_settings WHERE guild_id = ?", [guild_id]
        ).fetchone()
        if server and server[0]:
            return server[0], "the server's"
    return "UTC", "default"


def pending_alerts(
    db: Database,
    user_id: int,
    threshold: float,
    limit: int,
    excluded: Iterable[int] = (),
) -> tuple[list[JobRow], int]:
    """The best unsent open matches at or above the threshold, leaving out the `excluded`
    postings (those the member's hard filters exclude), and how many there are."""
    where = f"{_PENDING} AND m.posting_id NOT IN (SELECT value FROM json_each(?))"
    args = [user_id, threshold, json.dumps(sorted({int(i) for i in excluded}))]
    total = int(db.execute(f"SELECT count(*) {where}", args).fetchone()[0])
    rows = db.execute(f"{JOB_SELECT} {where} {JOB_ORDER} LIMIT ?", [*args, limit]).fetchall()
    return [job_row(r) for r in rows], total


def claim_digest(
    db: Database, user_id: int, postings: Sequence[JobRow], claimer: str, now: datetime
) -> tuple[int, list[int]] | None:
    """Claim these postings for one digest, in one transaction, before the DM is sent.

    Postings closed or sent (by anyone) since they were selected are left out; None when
    nothing is left. Returns the digest id and the posting ids it holds.
    """
    with transaction(db):
        alive = db.execute("SELECT 1 FROM members WHERE user_id = ?", [user_id]).fetchone()
        if alive is None:
            return None
        chosen: list[JobRow] = []
        for job in postings:
            ok = db.execute(
                f"SELECT 1 FROM postings p WHERE p.id = ? AND {MATCHABLE} AND NOT EXISTS "
                "(SELECT 1 FROM sent_alerts WHERE user_id = ? AND posting_id = p.id)",
                [job.posting_id, user_id],
            ).fetchone()
            if ok:
                chosen.append(job)
        if not chosen:
            return None
        cursor = db.execute(
            "INSERT INTO alert_digests (user_id, status, claimed_by, claimed_at) "
            "VALUES (?, 'claimed', ?, ?)",
            [user_id, claimer, now.isoformat()],
        )
        digest_id = int(cursor.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO sent_alerts (user_id, posting_id, digest_id, score) VALUES (?, ?, ?, ?)",
            [(user_id, j.posting_id, digest_id, j.score) for j in chosen],
        )
        return digest_id, [j.posting_id for j in chosen]


def finish_digest(
    db: Database, digest_id: int, channel_id: int, message_id: int, now: datetime
) -> None:
    """The DM went out: the digest is sent and the member's window starts again."""
    with transaction(db):
        db.execute(
            "UPDATE alert_digests SET status = 'sent', sent_at = ?, channel_id = ?, "
            "message_id = ? WHERE digest_id = ?",
            [now.isoformat(), channel_id, message_id, digest_id],
        )
        db.execute(
            "INSERT INTO alert_settings (user_id, last_digest_at, updated_at) "
            "SELECT user_id, ?, ? FROM alert_digests WHERE digest_id = ? "
            "ON CONFLICT(user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at",
            [now.isoformat(), now.isoformat(), digest_id],
        )


def release_digest(db: Database, digest_id: int) -> None:
    """The DM did not go out: its postings become pending again."""
    with transaction(db):
        db.execute(
            "DELETE FROM alert_digests WHERE digest_id = ? AND status = 'claimed'", [digest_id]
        )


def drop_digest(db: Database, digest_id: int, now: datetime) -> None:
    """Discord refused the digest for its content, also in its plainest form: its postings are
    not offered by DM again (they stay in /jobs), so the same refused message is never retried.
    Recorded as sent without a message; the member's window is left as it was, so their other
    matches go out at the next check."""
    with transaction(db):
        db.execute(
            "UPDATE alert_digests SET status = 'sent', sent_at = ? "
            "WHERE digest_id = ? AND status = 'claimed'",
            [now.isoformat(), digest_id],
        )


def mark_dms_closed(db: Database, user_id: int, digest_id: int | None, now: datetime) -> None:
    """Discord refused the DM (403, 50007): release the digest and stop trying until the
    member next uses a command."""
    with transaction(db):
        if digest_id is not None:
            release_digest(db, digest_id)
        db.execute(
            "UPDATE alert_settings SET dm_closed_at = ? WHERE user_id = ?",
            [now.isoformat(), user_id],
        )


def dms_closed_at(db: Database, user_id: int) -> str | None:
    row = db.execute(
        "SELECT dm_closed_at FROM alert_settings WHERE user_id = ?", [user_id]
    ).fetchone()
    return row[0] if row else None


def take_dms_closed(db: Database, user_id: int) -> str | None:
    """Clear the closed-DMs mark and return it (None if there was none), in one transaction:
    the member is about to be told how to open their DMs, so the next digest may try again.

    This runs after every command, so the common case (no mark) is a plain read that never
    waits for the write lock another process (the matching worker) may be holding."""
    if dms_closed_at(db, user_id) is None:
        return None
    with transaction(db):
        found = dms_closed_at(db, user_id)
        if found is not None:
            db.execute("UPDATE alert_settings SET dm_closed_at = NULL WHERE user_id = ?", [user_id])
        return found


def restore_dms_closed(db: Database, user_id: int, stamp: str) -> None:
    """Put a mark back when the notice could not be delivered after all."""
    db.execute(
        "UPDATE alert_settings SET dm_closed_at = ? WHERE user_id = ? AND dm_closed_at IS NULL",
        [stamp, user_id],
    )


@dataclass(frozen=True)
class StaleClaim:
    digest_id: int
    user_id: int
    claimed_at: str
    posting_ids: tuple[int, ...]


def stale_claims(db: Database, claimer: str, claimed_before: datetime) -> list[StaleClaim]:
    """Claims another sender made before `claimed_before` and never finished: that sender
    stopped mid-send (a live one finishes a send within seconds)."""
    found = []
    for digest_id, user_id, claimed_at in db.execute(
        "SELECT digest_id, user_id, claimed_at FROM alert_digests "
        "WHERE status = 'claimed' AND claimed_by != ? AND claimed_at < ? ORDER BY digest_id",
        [claimer, claimed_before.isoformat()],
    ).fetchall():
        postings = tuple(
            int(r[0])
            for r in db.execute(
                "SELECT posting_id FROM sent_alerts WHERE digest_id = ? ORDER BY posting_id",
                [digest_id],
            )
        )
        found.append(StaleClaim(int(digest_id), int(user_id), claimed_at, postings))
    return found


def sent_posting_ids(db: Database, user_id: int) -> set[int]:
    """Postings this member was sent (or is being sent)."""
    return {
        int(r[0])
        for r in db.execute("SELECT posting_id FROM sent_alerts WHERE user_id = ?", [user_id])
    }


def digest_count(db: Database, user_id: int) -> int:
    row = db.execute(
        "SELECT count(*) FROM alert_digests WHERE user_id = ? AND status = 'sent'", [user_id]
    ).fetchone()
    return int(row[0])
