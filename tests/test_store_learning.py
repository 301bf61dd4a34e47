"""Progress, tips seen, server settings and daily-tip claims on a real SQLite file."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store import Database, guilds, members, open_db
from store import daily_tips as posts

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_progress_round_trip_and_clear(db: Database) -> None:
    members.set_progress(db, 1, ["a.x", "a.y"], "done", NOW)
    members.set_progress(db, 1, ["a.y"], "learning", NOW)
    assert members.progress_of(db, 1) == {"a.x": "done", "a.y": "learning"}
    members.set_progress(db, 1, ["a.x"], None, NOW)
    assert members.progress_of(db, 1) == {"a.y": "learning"}
    with pytest.raises(ValueError, match="unknown progress status"):
        members.set_progress(db, 1, ["a.x"], "finished", NOW)
    assert members.progress_of(db, 2) == {}


def test_erasing_a_member_removes_everything_they_own(db: Database) -> None:
    members.set_progress(db, 5, ["a.x"], "done", NOW)
    members.record_tip_seen(db, 5, "tip.1", NOW)
    members.set_progress(db, 6, ["a.x"], "done", NOW)
    assert members.erase_member(db, 5) == 1
    assert members.progress_of(db, 5) == {}
    assert members.tips_seen(db, 5) == {}
    assert members.progress_of(db, 6) == {"a.x": "done"}


def test_settings_defaults_update_and_enabled_list(db: Database) -> None:
    assert guilds.guild_settings(db, 10).tips_enabled is False
    updated = guilds.update_guild_settings(
        db, 10, "Guild", NOW, tip_channel_id=99, tips_enabled=1, timezone="Europe/Paris"
    )
    assert updated.tip_channel_id == 99
    assert updated.timezone == "Europe/Paris"
    assert [s.guild_id for s in guilds.enabled_tip_guilds(db)] == [10]
    guilds.mark_guild_left(db, 10, NOW)
    assert guilds.enabled_tip_guilds(db) == []
    with pytest.raises(ValueError, match="unknown guild_settings columns"):
        guilds.update_guild_settings(db, 10, "Guild", NOW, colour="red")


def test_guild_tips_get_fresh_ids(db: Database) -> None:
    a = guilds.add_guild_tip(
        db, guild_id=3, guild_name="G", step="s", topic=None, text="t" * 30, author_id=1, now=NOW
    )
    b = guilds.add_guild_tip(
        db, guild_id=3, guild_name="G", step="s", topic="s.t", text="u" * 30, author_id=1, now=NOW
    )
    assert a.tip_id != b.tip_id
    assert [t.tip_id for t in guilds.guild_tips(db, 3)] == [a.tip_id, b.tip_id]


def _claim(db: Database, who: str) -> bool:
    return posts.claim_daily_tip(
        db,
        guild_id=10,
        local_date="2026-11-30",
        slot_utc=NOW,
        tip_id="tip.1",
        channel_id=99,
        claimer=who,
        now=NOW,
    )


def test_only_one_claim_wins(db: Database) -> None:
    guilds.ensure_guild(db, 10, "G", NOW)
    assert _claim(db, "first") is True
    assert _claim(db, "second") is False
    posts.finish_daily_tip(db, 10, "2026-11-30", NOW, message_id=5)
    last = posts.last_daily_post(db, 10)
    assert last is not None
    assert (last.status, last.message_id) == ("sent", 5)


def test_claim_race_between_processes(db: Database, db_path: Path) -> None:
    """Eight connections (as eight processes would) claim the same post at once: one wins."""
    guilds.ensure_guild(db, 10, "G", NOW)
    connections = [open_db(db_path) for _ in range(8)]
    barrier = threading.Barrier(len(connections))
    wins: list[bool] = []

    def race(conn: Database, n: int) -> None:
        barrier.wait()
        wins.append(_claim(conn, f"p{n}"))

    threads = [threading.Thread(target=race, args=(c, n)) for n, c in enumerate(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_stale_claims_become_visible_failures(db: Database) -> None:
    guilds.ensure_guild(db, 10, "G", NOW)
    _claim(db, "crashed")
    assert posts.expire_stale_claims(db, NOW.replace(hour=13), NOW) == 1
    last = posts.last_daily_post(db, 10)
    assert last is not None
    assert last.status == "failed"
    assert last.error is not None
    assert "interrupted" in last.error
    assert posts.tip_use_counts(db, 10) == {"tip.1": 1}
