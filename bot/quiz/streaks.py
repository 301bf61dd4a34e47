"""Streaks: days in a row with at least one answered question, in the member's time zone.

The zone is the member's own (members.timezone) when set, else the server's
(guild_settings.timezone), else UTC, so "today" ends at the member's midnight, not at UTC's.
A streak survives until the end of the day after its last active day; then it reads 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    last_date: date


def zone_for(member_zone: str | None, server_zone: str | None) -> ZoneInfo:
    for name in (member_zone, server_zone):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC_ZONE


def local_date(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def week_of(now: datetime, zone: ZoneInfo) -> str:
    """The calendar week `now` falls in, named by its Monday (YYYY-MM-DD) in `zone`: the key of
    a server's weekly leaderboard, which starts afresh every Monday at local midnight."""
    today = local_date(now, zone)
    return (today - timedelta(days=today.weekday())).isoformat()


def advance(streak: Streak | None, today: date) -> Streak:
    """The streak after an answer on `today`."""
    if streak is None:
        return Streak(1, 1, today)
    if today <= streak.last_date:  # same day (or a clock/zone change moved us back): no change
        return streak
    current = streak.current + 1 if today - streak.last_date == timedelta(days=1) else 1
    return Streak(current, max(streak.best, current), today)


def current_length(streak: Streak | None, today: date) -> int:
    """The streak as it stands today: still alive if the last active day was today or
    yesterday, otherwise broken (0)."""
    if streak is None or today - streak.last_date > timedelta(days=1):
        return 0
    return streak.current
