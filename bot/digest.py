"""When a member's job-match digest is due. Discord-free, so the rules are tested directly.

A member gets at most one digest per window. Windows follow the member's local clock (their own
time zone, else the server's, else UTC), never "the last digest plus 24 hours", so they do not
drift and daylight-saving changes move the UTC instant, not the local time:
* every N hours: windows open at local 00:00, N:00, 2N:00...;
* daily: at the member's digest time (default 09:00);
* weekly: Mondays at the digest time.
A digest is due when a window has opened since the last digest (or none was ever sent), the
member has unsent matches above their threshold, and it is not their quiet hours; a digest held
back by quiet hours goes out when they end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.schedule import ScheduleInputError, local_instant, parse_time
from store.alerts import AlertSettings

EVERY_HOURS_CHOICES = (2, 3, 4, 6, 8, 12)
DEFAULT_DIGEST_TIME = time(9, 0)
PAUSE_FOR = timedelta(days=7)


def zone_of(name: str | None) -> ZoneInfo:
    """The named zone, or UTC when the name is missing or unknown here."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _time_or(text: str | None, default: time) -> time:
    try:
        return parse_time(text) if text else default
    except ScheduleInputError:
        return default


def window_start(
    now: datetime, zone: ZoneInfo, frequency: str, every_hours: int, digest_time: time
) -> datetime:
    """The UTC instant the current window opened: the latest slot at or before `now`."""
    today = now.astimezone(zone).date()
    if frequency == "hours":
        step = max(1, min(24, every_hours))
        for day in (today, today - timedelta(days=1)):
            for hour in reversed(range(0, 24, step)):
                instant = local_instant(day, time(hour, 0), zone)
                if instant <= now:
                    return instant
    elif frequency == "weekly":
        monday = today - timedelta(days=today.weekday())
        for day in (monday, monday - timedelta(days=7)):
            instant = local_instant(day, digest_time, zone)
            if instant <= now:
                return instant
    else:
        for day in (today, today - timedelta(days=1)):
            instant = local_instant(day, digest_time, zone)
            if instant <= now:
                return instant
    raise AssertionError("a window always opened within the last two days or weeks")


def next_window(
    now: datetime, zone: ZoneInfo, frequency: str, every_hours: int, digest_time: time
) -> datetime:
    """The UTC instant the next window opens (strictly after `now`), for /alerts status."""
    probe = now
    current = window_start(now, zone, frequency, every_hours, digest_time)
    step = timedelta(hours=1) if frequency == "hours" else timedelta(hours=6)
    for _ in range(24 * 8 + 2):
        probe += step
        opened = window_start(probe, zone, frequency, every_hours, digest_time)
        if opened != current:
            return opened
    return probe


def in_quiet_hours(now: datetime, zone: ZoneInfo, start: time | None, end: time | None) -> bool:
    """Whether local `now` falls in [start, end); a range may wrap midnight (22:00-07:00)."""
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


@dataclass(frozen=True)
class Schedule:
    """A member's digest rules, parsed once from their stored settings."""

    zone: ZoneInfo
    frequency: str
    every_hours: int
    digest_time: time
    quiet_start: time | None
    quiet_end: time | None

    @classmethod
    def of(cls, settings: AlertSettings, zone_name: str | None) -> Schedule:
        quiet_start = _time_or(settings.quiet_start, time(0)) if settings.quiet_start else None
        quiet_end = _time_or(settings.quiet_end, time(0)) if settings.quiet_end else None
        return cls(
            zone=zone_of(zone_name),
            frequency=settings.frequency,
            every_hours=settings.every_hours,
            digest_time=_time_or(settings.digest_time, DEFAULT_DIGEST_TIME),
            quiet_start=quiet_start,
            quiet_end=quiet_end,
        )

    def window_start(self, now: datetime) -> datetime:
        return window_start(now, self.zone, self.frequency, self.every_hours, self.digest_time)

    def next_window(self, now: datetime) -> datetime:
        return next_window(now, self.zone, self.frequency, self.every_hours, self.digest_time)

    def quiet(self, now: datetime) -> bool:
        return in_quiet_hours(now, self.zone, self.quiet_start, self.quiet_end)

    def describe(self) -> str:
        at = self.digest_time.strftime("%H:%M")
        if self.frequency == "hours":
            return f"every {self.every_hours} hours"
        if self.frequency == "weekly":
            return f"weekly, Mondays from {at}"
        return f"daily from {at}"


def _parse_instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def paused(settings: AlertSettings, now: datetime) -> bool:
    until = _parse_instant(settings.paused_until)
    return until is not None and until > now


def is_due(settings: AlertSettings, zone_name: str | None, now: datetime) -> bool:
    """Whether a digest may go out now (the caller knows there is something to send)."""
    if not settings.enabled or settings.dm_closed_at is not None or paused(settings, now):
        return False
    schedule = Schedule.of(settings, zone_name)
    if schedule.quiet(now):
        return False
    last = _parse_instant(settings.last_digest_at)
    return last is None or schedule.window_start(now) > last
