"""Scheduled posts (the daily tip, the weekly pulse): one row per server and local date, claimed
before the message is sent.

The primary key (guild_id, local_date) is the lock: whichever process inserts the row first owns
the post, so a restart or a second process can never post the same day twice. A crash between
claim and send loses that one post rather than risking a double (at most once, by design).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from store.db import Database


@dataclass(frozen=True)
class DailyPost:
    guild_id: int
    local_date: str
    slot_utc: str
    tip_id: str
    channel_id: int
    status: str
    message_id: int | None
    error: str | None
    finished_at: str | None


_COLUMNS = (
    "guild_id, local_date, slot_utc, tip_id, channel_id, status, message_id, error, finished_at"
)


# Scheduled posts claimed per server and local date: the daily tip and the weekly pulse. Both
# tables have the same claim columns; the names come from this tuple, never from input.
POST_TABLES = ("daily_tip_posts", "pulse_posts")


def _table(table: str) -> str:
    if table not in POST_TABLES:
        raise ValueError(f"not a scheduled-post table: {table!r}")
    return table


def claim_post(
    db: Database,
    table: str,
    *,
    guild_id: int,
    local_date: str,
    slot_utc: datetime,
    channel_id: int,
    claimer: str,
    now: datetime,
    extra: Mapping[str, object] | None = None,
) -> bool:
    """Claim the post of `local_date`; True only for the one caller that inserted the row."""
    columns = {
        "guild_id": guild_id,
        "local_date": local_date,
        "slot_utc": slot_utc.isoformat(),
        "channel_id": channel_id,
        "claimed_at": now.isoformat(),
        "claimed_by": claimer,
        "status": "claimed",
        **(extra or {}),
    }
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    cursor = db.execute(
        f"INSERT INTO {_table(table)} ({names}) VALUES ({marks}) "
        "ON CONFLICT(guild_id, local_date) DO NOTHING",
        list(columns.values()),
    )
    return cursor.rowcount == 1


def finish_post(
    db: Database,
    table: str,
    guild_id: int,
    local_date: str,
    now: datetime,
    *,
    message_id: int | None = None,
    error: str | None = None,
) -> None:
    status = "failed" if error else "sent"
    db.execute(
        f"UPDATE {_table(table)} SET status = ?, message_id = ?, error = ?, finished_at = ? "
        "WHERE guild_id = ? AND local_date = ?",
        [status, message_id, error, now.isoformat(), guild_id, local_date],
    )


def expire_claims(db: Database, table: str, claimed_before: datetime, now: datetime) -> int:
    """Claims never finished (the process stopped mid-send) become failures admins can see."""
    return db.execute(
        f"UPDATE {_table(table)} SET status = 'failed', finished_at = ?, "
        "error = 'interrupted: the bot stopped before it could confirm the post' "
        "WHERE status = 'claimed' AND claimed_at < ?",
        [now.isoformat(), claimed_before.isoformat()],
    ).rowcount


def claimed_dates(db: Database, table: str, local_dates: list[str]) -> set[tuple[int, str]]:
    """(guild, date) pairs already claimed among `local_dates`: lets a tick skip them cheaply."""
    if not local_dates:
        return set()
    marks = ", ".join("?" for _ in local_dates)
    rows = db.execute(
        f"SELECT guild_id, local_date FROM {_table(table)} WHERE local_date IN ({marks})",
        local_dates,
    ).fetchall()
    return {(g, d) for g, d in rows}


def claim_daily_tip(
    db: Database,
    *,
    guild_id: int,
    local_date: str,
    slot_utc: datetime,
    tip_id: str,
    channel_id: int,
    claimer: str,
    now: datetime,
) -> bool:
    """Claim the daily tip of `local_date`; True only for the one caller that inserted the row."""
    return claim_post(
        db,
        "daily_tip_posts",
        guild_id=guild_id,
        local_date=local_date,
        slot_utc=slot_utc,
        channel_id=channel_id,
        claimer=claimer,
        now=now,
        extra={"tip_id": tip_id},
    )


def finish_daily_tip(
    db: Database,
    guild_id: int,
    local_date: str,
    now: datetime,
    *,
    message_id: int | None = None,
    error: str | None = None,
) -> None:
    finish_post(
        db, "daily_tip_posts", guild_id, local_date, now, message_id=message_id, error=error
    )


def expire_stale_claims(db: Database, claimed_before: datetime, now: datetime) -> int:
    return expire_claims(db, "daily_tip_posts", claimed_before, now)


def tip_use_counts(db: Database, guild_id: int) -> dict[str, int]:
    """How often each tip was the daily tip of this server (failed posts count as used)."""
    rows = db.execute(
        "SELECT tip_id, count(*) FROM daily_tip_posts WHERE guild_id = ? GROUP BY tip_id",
        [guild_id],
    ).fetchall()
    return dict(rows)


def last_daily_post(db: Database, guild_id: int) -> DailyPost | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM daily_tip_posts WHERE guild_id = ? "
        "ORDER BY local_date DESC LIMIT 1",
        [guild_id],
    ).fetchone()
    return DailyPost(*row) if row else None


def daily_posts(db: Database, guild_id: int) -> list[DailyPost]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM daily_tip_posts WHERE guild_id = ? ORDER BY local_date",
        [guild_id],
    ).fetchall()
    return [DailyPost(*row) for row in rows]


def posted_dates(db: Database, local_dates: list[str]) -> set[tuple[int, str]]:
    return claimed_dates(db, "daily_tip_posts", local_dates)
