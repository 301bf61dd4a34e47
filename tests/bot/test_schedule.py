"""The daily-tip clock: local wall time in the server's zone, correct across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.schedule import (
    ALL_DAYS,
    ScheduleInputError,
    describe_days,
    due_slot,
    local_instant,
    next_slot,
    parse_days,
    parse_time,
    parse_timezone,
    search_timezones,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
GRACE = timedelta(hours=2)


def test_same_local_time_either_side_of_spring_forward() -> None:
    # Paris moved from UTC+1 to UTC+2 on 2026-03-29.
    before = local_instant(date(2026, 3, 28), time(9, 0), PARIS)
    after = local_instant(date(2026, 3, 29), time(9, 0), PARIS)
    assert before == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert after == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert after - before == timedelta(hours=23)  # never "last post + 24 h"


def test_same_local_time_either_side_of_autumn_back() -> None:
    before = local_instant(date(2026, 10, 24), time(9, 0), PARIS)
    after = local_instant(date(2026, 10, 25), time(9, 0), PARIS)
    assert after - before == timedelta(hours=25)
    assert after.astimezone(PARIS).hour == 9


def test_time_in_the_spring_gap_moves_to_first_valid_minute() -> None:
    # 02:30 does not exist in Paris on 2026-03-29 (02:00 jumps to 03:00).
    instant = local_instant(date(2026, 3, 29), time(2, 30), PARIS)
    assert instant.astimezone(PARIS).strftime("%H:%M") == "03:00"


def test_time_in_the_autumn_overlap_is_the_first_occurrence() -> None:
    # 02:30 happens twice in Paris on 2026-10-25; the first is at UTC+2.
    instant = local_instant(date(2026, 10, 25), time(2, 30), PARIS)
    assert instant == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_due_only_after_the_slot_and_within_grace() -> None:
    slot = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # 09:00 Paris in summer
    assert due_slot(slot - timedelta(seconds=1), time(9), PARIS, ALL_DAYS, GRACE) is None
    at = due_slot(slot, time(9), PARIS, ALL_DAYS, GRACE)
    assert at is not None
    assert at.local_date == date(2026, 6, 1)
    assert due_slot(slot + GRACE, time(9), PARIS, ALL_DAYS, GRACE) is not None
    assert due_slot(slot + GRACE + timedelta(seconds=1), time(9), PARIS, ALL_DAYS, GRACE) is None


def test_late_evening_slot_found_when_utc_is_already_tomorrow() -> None:
    # 23:30 in New York is 03:30 UTC the next day.
    now = datetime(2026, 6, 2, 4, 0, tzinfo=UTC)
    slot = due_slot(now, time(23, 30), NEW_YORK, ALL_DAYS, GRACE)
    assert slot is not None
    assert slot.local_date == date(2026, 6, 1)


def test_days_of_the_week_are_respected() -> None:
    saturday_slot = datetime(2026, 6, 6, 7, 0, tzinfo=UTC)
    weekdays = parse_days("weekdays")
    assert due_slot(saturday_slot, time(9), PARIS, weekdays, GRACE) is None
    assert due_slot(saturday_slot, time(9), PARIS, parse_days("weekends"), GRACE) is not None
    nxt = next_slot(saturday_slot, time(9), PARIS, weekdays)
    assert nxt is not None
    assert nxt.local_date == date(2026, 6, 8)  # Monday


@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]),
    st.times(),
)
def test_next_slot_is_always_at_the_chosen_local_time(now: datetime, zone: str, at: time) -> None:
    tz = ZoneInfo(zone)
    at = at.replace(second=0, microsecond=0)
    slot = next_slot(now, at, tz, ALL_DAYS)
    assert slot is not None
    assert slot.at_utc > now
    local = slot.at_utc.astimezone(tz)
    # Either exactly the wall time, or pushed forward out of a DST gap by under two hours.
    shifted = datetime.combine(slot.local_date, at)
    delta = local.replace(tzinfo=None) - shifted
    assert timedelta(0) <= delta < timedelta(hours=2)


@pytest.mark.parametrize("text", ["9:00", "09:00", "21.15", "7h05", " 23:59 "])
def test_parse_time_accepts_common_forms(text: str) -> None:
    assert isinstance(parse_time(text), time)


@pytest.mark.parametrize("text", ["", "25:00", "9am", "12:60", "x" * 500, "@everyone"])
def test_parse_time_refuses_with_an_example(text: str) -> None:
    with pytest.raises(ScheduleInputError, match="such as 09:00"):
        parse_time(text)


def test_timezones() -> None:
    assert parse_timezone("Europe/Paris").key == "Europe/Paris"
    for bad in ["Mars/Olympus", "", "../../etc/passwd", "Europe/Paris" * 10]:
        with pytest.raises(ScheduleInputError, match="IANA"):
            parse_timezone(bad)
    assert search_timezones("paris")[0] == "Europe/Paris"
    assert "America/New_York" in search_timezones("new york")
    assert len(search_timezones("a")) <= 25


def test_days() -> None:
    assert parse_days("every day") == ALL_DAYS
    assert describe_days(parse_days("mon, wed, fri")) == "mon, wed, fri"
    assert describe_days(parse_days("mon-fri")) == "weekdays"
    assert describe_days(parse_days("sat-sun")) == "weekends"
    assert describe_days(parse_days("fri-mon")) == "mon, fri, sat, sun"
    for bad in ["", "someday", "mon,blursday"]:
        with pytest.raises(ScheduleInputError):
            parse_days(bad)
