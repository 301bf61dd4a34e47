"""Members: the identity row, roadmap progress and the tips each member has seen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from store.db import Database, transaction

PROGRESS_STATUSES = ("done", "learning", "skipped")


def ensure_member(db: Database, user_id: int, now: datetime) -> None:
    db.execute(
        "INSERT INTO members (user_id, created_at) VALUES (?, ?) ON CONFLICT(user_id) DO NOTHING",
        [user_id, now.isoformat()],
    )


def set_member_timezone(db: Database, user_id: int, timezone: str | None, now: datetime) -> None:
    with transaction(db):
        ensure_member(db, user_id, now)
        db.execute("UPDATE members SET timezone = ? WHERE user_id = ?", [timezone, user_id])


def member_timezone(db: Database, user_id: int) -> str | None:
    row = db.execute("SELECT timezone FROM members WHERE user_id = ?", [user_id]).fetchone()
    return row[0] if row else None


def set_progress(
    db: Database, user_id: int, topic_ids: Iterable[str], status: str | None, now: datetime
) -> None:
    """Set (or with None, clear) the status of one or more topics in one transaction."""
    if status is not None and status not in PROGRESS_STATUSES:
        raise ValueError(f"unknown progress status {status!r}")
    topics = list(topic_ids)
    with transaction(db):
        ensure_member(db, user_id, now)
        if status is None:
            db.conn.executemany(
                "DELETE FROM topic_progress WHERE user_id = ? AND topic_id = ?",
                [(user_id, t) for t in topics],
            )
            return
        db.conn.executemany(
            """
            INSERT INTO topic_progress (user_id, topic_id, status, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT(user_id, topic_id) DO UPDATE SET
                status = excluded.status, updated_at = excluded.updated_at
            """,
            [(user_id, t, status, now.isoformat()) for t in topics],
        )


def progress_of(db: Database, user_id: int) -> dict[str, str]:
    """topic id -> status. Unknown topic ids (content since edited) are kept, not shown."""
    rows = db.execute(
        "SELECT topic_id, status FROM topic_progress WHERE user_id = ?", [user_id]
    ).fetchall()
    return dict(rows)


def record_tip_seen(db: Database, user_id: int, tip_id: str, now: datetime) -> None:
    with transaction(db):
        ensure_member(db, user_id, now)
        db.execute(
            """
            INSERT INTO tips_seen (user_id, tip_id, seen_at) VALUES (?, ?, ?)
            ON CONFLICT(user_id, tip_id) DO UPDATE SET seen_at = excluded.seen_at
            """,
            [user_id, tip_id, now.isoformat()],
        )


def tips_seen(db: Database, user_id: int) -> Mapping[str, str]:
    """tip id -> when the member last saw it (ISO text, sorts chronologically)."""
    rows = db.execute("SELECT tip_id, seen_at FROM tips_seen WHERE user_id = ?", [user_id])
    return dict(rows.fetchall())


def erase_member(db: Database, user_id: int) -> int:
    """Delete everything held about a member; member-owned tables cascade from `members`."""
    with transaction(db):
        return db.execute("DELETE FROM members WHERE user_id = ?", [user_id]).rowcount
