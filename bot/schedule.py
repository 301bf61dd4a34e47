"""When a server's daily tip is due, computed from its local clock and time zone.

Every slot is derived from a local date and a wall-clock time, never from "the last post plus
24 hours", so posts do not drift and daylight-saving changes move the UTC instant, not the
local time. Discord-free, so the rules are tested directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS = 0b1111111
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


class ScheduleInputError(ValueError):
    """A member typed a time, zone or day list the scheduler cannot use; the text says why."""


@dataclass(frozen=True)
class Slot:
    """One daily-tip occasion: the server's local date and the UTC instant it falls on."""

    local_date: date
    at_utc: datetime


def parse_time(text: str) -> time:
    """'9:00', '09:30', '21.15' or '7h05' -> time; anything else is refused with an example."""
    match = _TIME.match(text)
    if not match:
        raise ScheduleInputError("Use a 24-hour time such as 09:00 or 18:30.")
    return time(int(match.group(1)), int(match.group(2)))


def parse_timezone(text: str) -> ZoneInfo:
    name = text.strip()
    if not name or len(name) > 64 or name not in timezone_names():
        raise ScheduleInputError(
            "Use an IANA time zone such as Europe/Paris or America/New_York "
            "(start typing and pick one from the list)."
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleInputError(f"The time zone {name} is not available here.") from exc


_ZONES: tuple[str, ...] = ()


def timezone_names() -> tuple[str, ...]:
    global _ZONES  # noqa: PLW0603 (computed once; the zone list never changes while running)
    if not _ZONES:
        _ZONES = tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))
    return _ZONES


def search_timezones(query: str, limit: int = 25) -> list[str]:
    """Zones for autocomplete: prefix matches on the city first, then anywhere."""
    needle = query.strip().lower().replace(" ", "_")
    zones = timezone_names()
    if not needle:
        popular = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
        return popular[:limit]
    city_first = [z for z in zones if z.lower().rsplit("/", 1)[-1].startswith(needle)]
    anywhere = [z for z in zones if needle in z.lower() and z not in city_first]
    return (city_first + anywhere)[:limit]


def parse_days(text: str) -> int:
    """'every day', 'weekdays', 'weekends' or a list like 'mon, wed, fri' / 'mon-fri' -> bitmask."""
    cleaned = text.strip().lower()
    presets = {"every day": ALL_DAYS, "daily": ALL_DAYS, "all": ALL_DAYS}
    presets |= {"weekdays": 0b0011111, "weekends": 0b1100000}
    if cleaned in presets:
        return presets[cleaned]
    mask = 0
    for part in re.split(r"[,\s]+", cleaned):
        if not part:
            continue
        if "-" in part:
            start, _, end = part.partition("-")
            first, last = _day_index(start), _day_index(end)
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            for index in span:
                mask |= 1 << index
        else:
            mask |= 1 << _day_index(part)
    if mask == 0:
        raise ScheduleInputError("Name at least one day, such as mon,wed,fri or weekdays.")
    return mask


def _day_index(word: str) -> int:
    key = word.strip()[:3]
    if key not in DAY_NAMES or len(word.strip()) > 9:
        raise ScheduleInputError(
            "Days are mon, tue, wed, thu, fri, sat, sun (or every day, weekdays, weekends)."
        )
    return DAY_NAMES.index(key)


def describe_days(mask: int) -> str:
    if mask & ALL_DAYS == ALL_DAYS:
        return "every day"
    if mask == 0b0011111:
        return "weekdays"
    if mask == 0b1100000:
        return "weekends"
    return ", ".join(name for i, name in enumerate(DAY_NAMES) if mask & (1 << i))


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`.

    In the spring-forward gap the slot moves to the first valid minute after it (02:30 becomes
    03:00 local where clocks jump from 02:00 to 03:00); in the autumn overlap the first of the
    two instants is used, so the tip is never posted twice in one night.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    roundtrip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if roundtrip != naive:  # the wall time does not exist that day
        later = naive
        while True:
            later += timedelta(minutes=1)
            candidate = later.replace(tzinfo=zone, fold=0)
            if candidate.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == later:
                return candidate.astimezone(UTC)
    return first.astimezone(UTC)


def due_slot(now: datetime, at: time, zone: ZoneInfo, days: int, grace: timedelta) -> Slot | None:
    """The slot that should be posted now, if any: its instant has passed by at most `grace`.

    Yesterday's local date is considered too, so a slot late in the evening is still found when
    UTC has already moved to the next day, and after downtime a missed slot is posted once if it
    is still within the grace window.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        if not days & (1 << day.weekday()):
            continue
        instant = local_instant(day, at, zone)
        if instant <= now <= instant + grace:
            return Slot(day, instant)
    return None


def next_slot(now: datetime, at: time, zone: ZoneInfo, days: int) -> Slot | None:
    """The next slot strictly after `now` (for previews and /settings), or None with no days."""
    if days & ALL_DAYS == 0:
        return None
    today = now.astimezone(zone).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if days & (1 << day.weekday()):
            instant = local_instant(day, at, zone)
            if instant > now:
                return Slot(day, instant)
    return None
