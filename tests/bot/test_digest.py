"""When digests are due: windows on the member's local clock, quiet hours across daylight-saving
changes, pauses, closed DMs, and at most one digest per window."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest import Schedule, in_quiet_hours, is_due, next_window, window_start, zone_of
from store.alerts import AlertSettings

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NINE = time(9, 0)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_daily_window_opens_at_local_digest_time() -> None:
    # 08:30 UTC on a summer day is 09:30 in London: today's window is open
    assert window_start(utc(2026, 7, 1, 8, 30), LONDON, "daily", 6, NINE) == utc(2026, 7, 1, 8)
    # 07:30 UTC is 08:30 local: still yesterday's window
    assert window_start(utc(2026, 7, 1, 7, 30), LONDON, "daily", 6, NINE) == utc(2026, 6, 30, 8)
    # in winter the same local time is a different UTC instant
    assert window_start(utc(2026, 1, 10, 9, 30), LONDON, "daily", 6, NINE) == utc(2026, 1, 10, 9)


def test_every_n_hours_windows_follow_local_midnight() -> None:
    # New York in summer is UTC-4: local slots 00, 06, 12, 18 are UTC 04, 10, 16, 22
    now = utc(2026, 7, 1, 15, 59)
    assert window_start(now, NEW_YORK, "hours", 6, NINE) == utc(2026, 7, 1, 10)
    assert window_start(utc(2026, 7, 1, 3), NEW_YORK, "hours", 6, NINE) == utc(2026, 6, 30, 22)
    assert next_window(now, NEW_YORK, "hours", 6, NINE) == utc(2026, 7, 1, 16)


def test_weekly_window_is_monday_at_digest_time() -> None:
    wednesday = utc(2026, 7, 8, 12)
    assert window_start(wednesday, LONDON, "weekly", 6, NINE) == utc(2026, 7, 6, 8)
    assert next_window(wednesday, LONDON, "weekly", 6, NINE) == utc(2026, 7, 13, 8)
    early_monday = utc(2026, 7, 13, 7)  # 08:00 local, before 09:00
    assert window_start(early_monday, LONDON, "weekly", 6, NINE) == utc(2026, 7, 6, 8)


def test_daily_window_keeps_local_time_across_spring_forward() -> None:
    # Clocks go forward in London on 2026-03-29: 09:00 local is 09:00 UTC before, 08:00 after.
    before = window_start(utc(2026, 3, 28, 12), LONDON, "daily", 6, NINE)
    after = window_start(utc(2026, 3, 29, 12), LONDON, "daily", 6, NINE)
    assert before == utc(2026, 3, 28, 9)
    assert after == utc(2026, 3, 29, 8)
    assert after - before == timedelta(hours=23)


def test_every_n_hours_across_fall_back() -> None:
    # London falls back on 2026-10-25 (02:00 BST -> 01:00 GMT): the day has 25 hours, and the
    # 06:00 local slot is 06:00 UTC, no longer 05:00 UTC.
    assert window_start(utc(2026, 10, 25, 6, 30), LONDON, "hours", 6, NINE) == utc(2026, 10, 25, 6)
    assert window_start(utc(2026, 10, 25, 5, 30), LONDON, "hours", 6, NINE) == utc(2026, 10, 24, 23)


@pytest.mark.parametrize(
    ("instant", "quiet"),
    [
        (utc(2026, 1, 15, 6, 30), True),  # winter: 06:30 local
        (utc(2026, 1, 15, 7, 0), False),  # winter: 07:00 local, quiet hours over
        (utc(2026, 7, 15, 5, 30), True),  # summer: 06:30 local (UTC+1)
        (utc(2026, 7, 15, 6, 30), False),  # summer: 07:30 local
        (utc(2026, 3, 29, 5, 59), True),  # the spring-forward day: 06:59 BST
        (utc(2026, 3, 29, 6, 0), False),  # 07:00 BST
        (utc(2026, 10, 25, 6, 59), True),  # the fall-back day: 06:59 GMT
        (utc(2026, 10, 25, 21, 59), False),  # 21:59 GMT
        (utc(2026, 10, 25, 22, 0), True),  # 22:00 GMT
    ],
)
def test_quiet_hours_wrap_midnight_in_local_time_across_dst(instant: datetime, quiet: bool) -> None:
    assert in_quiet_hours(instant, LONDON, time(22), time(7)) is quiet


def test_quiet_hours_inside_one_day_and_off() -> None:
    assert in_quiet_hours(utc(2026, 1, 1, 13), LONDON, time(12), time(14))
    assert not in_quiet_hours(utc(2026, 1, 1, 14), LONDON, time(12), time(14))
    assert not in_quiet_hours(utc(2026, 1, 1, 13), LONDON, None, None)
    assert not in_quiet_hours(utc(2026, 1, 1, 13), LONDON, time(9), time(9))


ON = AlertSettings(user_id=1, enabled=True, frequency="daily", digest_time="09:00")


def test_first_digest_is_due_at_once_then_one_per_window() -> None:
    now = utc(2026, 7, 1, 12)  # 13:00 in London
    assert is_due(ON, "Europe/London", now)
    sent = replace(ON, last_digest_at=now.isoformat())
    assert not is_due(sent, "Europe/London", now + timedelta(hours=19))  # 08:00 next day
    assert is_due(sent, "Europe/London", now + timedelta(hours=20))  # 09:00 next day


def test_quiet_hours_hold_a_due_digest_until_they_end() -> None:
    quiet = replace(
        ON,
        last_digest_at=utc(2026, 6, 30, 12).isoformat(),
        digest_time="06:00",
        quiet_start="22:00",
        quiet_end="07:00",
    )
    assert not is_due(quiet, "Europe/London", utc(2026, 7, 1, 5, 30))  # 06:30 local
    assert is_due(quiet, "Europe/London", utc(2026, 7, 1, 6, 0))  # 07:00 local


def test_off_paused_and_closed_dms_are_never_due() -> None:
    now = utc(2026, 7, 1, 12)
    assert not is_due(replace(ON, enabled=False), "UTC", now)
    paused = replace(ON, paused_until=(now + timedelta(days=1)).isoformat())
    assert not is_due(paused, "UTC", now)
    assert is_due(paused, "UTC", now + timedelta(days=1))
    assert not is_due(replace(ON, dm_closed_at=now.isoformat()), "UTC", now)


def test_unknown_zone_falls_back_to_utc_and_schedule_describes_itself() -> None:
    assert zone_of("Mars/Olympus") == ZoneInfo("UTC")
    assert zone_of(None) == ZoneInfo("UTC")
    hours = Schedule.of(replace(ON, frequency="hours", every_hours=4), "UTC")
    assert hours.describe() == "every 4 hours"
    weekly = Schedule.of(replace(ON, frequency="weekly", digest_time="18:30"), "UTC")
    assert weekly.describe() == "weekly, Mondays from 18:30"
    broken = Schedule.of(replace(ON, digest_time="25:99"), "UTC")
    assert broken.digest_time == NINE
