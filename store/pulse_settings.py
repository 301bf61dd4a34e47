"""Each server's weekly market pulse: where and when it is posted, and what was posted.

Posts are claimed with the same statements as the daily tip (`store.daily_tips.claim_post` on
the `pulse_posts` table), keyed by the local date of the weekly slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.daily_tips import claim_post, claimed_dates, expire_claims, finish_post
from store.db import Database
from store.guilds import enabled_settings_rows, read_settings_row, write_settings_row

TABLE = "pulse_posts"
_COLUMNS = ("channel_id", "weekday", "post_time", "timezone", "enabled")


@dataclass(frozen=True)
class PulseSettings:
    guild_id: int
    channel_id: int | None
    weekday: int  # 0 = Monday
    post_time: str
    timezone: str
    enabled: bool


@dataclass(frozen=True)
class PulsePost:
    local_date: str
    status: str
    message_id: int | None
    error: str | None


def _settings(row: tuple[object, ...]) -> PulseSettings:
    guild_id, channel, weekday, at, zone, enabled = row
    return PulseSettings(
        guild_id=int(str(guild_id)),
        channel_id=int(str(channel)) if channel is not None else None,
        weekday=int(str(weekday)),
        post_time=str(at),
        timezone=str(zone),
        enabled=bool(enabled),
    )


def pulse_settings(db: Database, guild_id: int) -> PulseSettings:
    """The server's pulse settings, or the defaults (off, Mondays 09:00 UTC)."""
    row = read_settings_row(db, table="guild_pulse_settings", columns=_COLUMNS, guild_id=guild_id)
    return _settings(row) if row else PulseSettings(guild_id, None, 0, "09:00", "UTC", False)


def update_pulse_settings(
    db: Database, /, guild_id: int, guild_name: str, now: datetime, **changes: object
) -> PulseSettings:
    write_settings_row(
        db,
        table="guild_pulse_settings",
        columns=_COLUMNS,
        guild_id=guild_id,
        guild_name=guild_name,
        now=now,
        stamp=now.isoformat(),
        changes=changes,
    )
    return pulse_settings(db, guild_id)


def enabled_pulse_guilds(db: Database) -> list[PulseSettings]:
    rows = enabled_settings_rows(
        db, table="guild_pulse_settings", columns=_COLUMNS, enabled="enabled", channel="channel_id"
    )
    return [_settings(r) for r in rows]


def claim_pulse(
    db: Database,
    *,
    guild_id: int,
    local_date: str,
    slot_utc: datetime,
    channel_id: int,
    claimer: str,
    now: datetime,
) -> bool:
    return claim_post(
        db,
        TABLE,
        guild_id=guild_id,
        local_date=local_date,
        slot_utc=slot_utc,
        channel_id=channel_id,
        claimer=claimer,
        now=now,
    )


def finish_pulse(
    db: Database,
    guild_id: int,
    local_date: str,
    now: datetime,
    *,
    message_id: int | None = None,
    error: str | None = None,
) -> None:
    finish_post(db, TABLE, guild_id, local_date, now, message_id=message_id, error=error)


def expire_stale_pulses(db: Database, claimed_before: datetime, now: datetime) -> int:
    return expire_claims(db, TABLE, claimed_before, now)


def pulsed_dates(db: Database, local_dates: list[str]) -> set[tuple[int, str]]:
    return claimed_dates(db, TABLE, local_dates)


def pulse_posts(db: Database, guild_id: int) -> list[PulsePost]:
    rows = db.execute(
        "SELECT local_date, status, message_id, error FROM pulse_posts WHERE guild_id = ? "
        "ORDER BY local_date",
        [guild_id],
    ).fetchall()
    return [PulsePost(*r) for r in rows]
