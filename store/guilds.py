"""Servers: the identity row, daily-tip settings and the server's own tips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.db import Database, transaction

ALL_DAYS = 0b1111111

_SETTING_COLUMNS = ("tip_channel_id", "tip_time", "timezone", "tip_days", "tips_enabled")


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    tip_channel_id: int | None
    tip_time: str
    timezone: str
    tip_days: int
    tips_enabled: bool


@dataclass(frozen=True)
class GuildTip:
    tip_id: str
    guild_id: int
    step: str
    topic: str | None
    text: str
    author_id: int
    created_at: str


def ensure_guild(db: Database, guild_id: int, name: str, now: datetime) -> None:
    db.execute(
        """
        INSERT INTO guilds (guild_id, name, joined_at) VALUES (?, ?, ?)
        ON CONFLICT(guild_id) DO UPDATE SET name = excluded.name, left_at = NULL
        """,
        [guild_id, name, now.isoformat()],
    )


def mark_guild_left(db: Database, guild_id: int, now: datetime) -> None:
    db.execute("UPDATE guilds SET left_at = ? WHERE guild_id = ?", [now.isoformat(), guild_id])


def _row_to_settings(row: tuple[object, ...]) -> GuildSettings:
    guild_id, channel, time, tz, days, enabled = row
    return GuildSettings(
        guild_id=int(guild_id),  # type: ignore[call-overload]
        tip_channel_id=int(channel) if channel is not None else None,  # type: ignore[call-overload]
        tip_time=str(time),
        timezone=str(tz),
        tip_days=int(days),  # type: ignore[call-overload]
        tips_enabled=bool(enabled),
    )


def read_settings_row(
    db: Database, *, table: str, columns: tuple[str, ...], guild_id: int
) -> tuple[object, ...] | None:
    """A server's settings row (guild_id first, then `columns`), None before any change."""
    row: tuple[object, ...] | None = db.execute(
        f"SELECT guild_id, {', '.join(columns)} FROM {table} WHERE guild_id = ?", [guild_id]
    ).fetchone()
    return row


def enabled_settings_rows(
    db: Database, *, table: str, columns: tuple[str, ...], enabled: str, channel: str
) -> list[tuple[object, ...]]:
    """The settings rows of servers still joined with the feature on and a channel chosen."""
    rows: list[tuple[object, ...]] = db.execute(
        f"""
        SELECT s.guild_id, {", ".join("s." + c for c in columns)}
        FROM {table} s JOIN guilds g ON g.guild_id = s.guild_id
        WHERE s.{enabled} = 1 AND s.{channel} IS NOT NULL AND g.left_at IS NULL
        """
    ).fetchall()
    return rows


def guild_settings(db: Database, guild_id: int) -> GuildSettings:
    """The server's settings, or the defaults when it never changed any."""
    row = read_settings_row(db, table="guild_settings", columns=_SETTING_COLUMNS, guild_id=guild_id)
    if row is None:
        return GuildSettings(guild_id, None, "09:00", "UTC", ALL_DAYS, False)
    return _row_to_settings(row)


def write_settings_row(
    db: Database,
    *,
    table: str,
    columns: tuple[str, ...],
    guild_id: int,
    guild_name: str,
    now: datetime,
    stamp: str,
    changes: dict[str, object],
) -> None:
    """Create a server's settings row if needed and change the named columns, in one go.

    Column names come from code, never from members; an unknown one is a programming error.
    """
    unknown = set(changes) - set(columns)
    if unknown:
        raise ValueError(f"unknown {table} columns: {sorted(unknown)}")
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        db.execute(
            f"INSERT INTO {table} (guild_id, updated_at) VALUES (?, ?) "
            "ON CONFLICT(guild_id) DO NOTHING",
            [guild_id, stamp],
        )
        if changes:
            assignments = ", ".join(f"{name} = ?" for name in changes)
            db.execute(
                f"UPDATE {table} SET {assignments}, updated_at = ? WHERE guild_id = ?",
                [*changes.values(), stamp, guild_id],
            )


def update_guild_settings(
    db: Database, /, guild_id: int, guild_name: str, now: datetime, **changes: object
) -> GuildSettings:
    """Change some daily-tip settings; unknown names are a programming error, not user input."""
    write_settings_row(
        db,
        table="guild_settings",
        columns=_SETTING_COLUMNS,
        guild_id=guild_id,
        guild_name=guild_name,
        now=now,
        stamp=now.isoformat(),
        changes=changes,
    )
    return guild_settings(db, guild_id)


def enabled_tip_guilds(db: Database) -> list[GuildSettings]:
    """Servers with the daily tip switched on and a channel chosen."""
    rows = enabled_settings_rows(
        db,
        table="guild_settings",
        columns=_SETTING_COLUMNS,
        enabled="tips_enabled",
        channel="tip_channel_id",
    )
    return [_row_to_settings(r) for r in rows]


def add_guild_tip(
    db: Database,
    *,
    guild_id: int,
    guild_name: str,
    step: str,
    topic: str | None,
    text: str,
    author_id: int,
    now: datetime,
) -> GuildTip:
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        count = db.execute(
            "SELECT count(*) FROM guild_tips WHERE guild_id = ?", [guild_id]
        ).fetchone()[0]
        tip_id = f"server.{guild_id}.{count + 1}"
        while db.execute("SELECT 1 FROM guild_tips WHERE tip_id = ?", [tip_id]).fetchone():
            count += 1
            tip_id = f"server.{guild_id}.{count + 1}"
        db.execute(
            "INSERT INTO guild_tips (tip_id, guild_id, step, topic, text, author_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tip_id, guild_id, step, topic, text, author_id, now.isoformat()],
        )
    return GuildTip(tip_id, guild_id, step, topic, text, author_id, now.isoformat())


def guild_tips(db: Database, guild_id: int) -> list[GuildTip]:
    rows = db.execute(
        "SELECT tip_id, guild_id, step, topic, text, author_id, created_at FROM guild_tips "
        "WHERE guild_id = ? ORDER BY created_at, tip_id",
        [guild_id],
    ).fetchall()
    return [GuildTip(*row) for row in rows]
