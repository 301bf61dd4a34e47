"""`archbot doctor`: all ok against a healthy set-up, and each check failing on its own."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner, Result

import archbot.commands.scrape as scrape_commands
from archbot.cli import cli
from discord_emulator import Emulator, Permission
from scrapers import KINDS
from store import migrate, open_db
from store.guilds import update_guild_settings
from tests.operator_cli import WRONG_TOKEN, closed_port

T = TypeVar("T")


class ThreadedEmulator:
    """The emulator on its own loop in a thread: the CLI under test runs its own loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.emu = Emulator(bot_name="DoctorBot")
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.emu.start())
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a world change on the emulator's loop and return its result."""

        async def run() -> T:
            return fn(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.emu.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def emulator() -> Iterator[ThreadedEmulator]:
    threaded = ThreadedEmulator()
    yield threaded
    threaded.stop()


@pytest.fixture
def boards_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point every job-board kind at one local address (the doctor only opens a connection)."""

    def point(url: str) -> None:
        urls = dict.fromkeys(KINDS, url)
        monkeypatch.setattr(scrape_commands, "client_options", lambda: {"base_urls": urls})

    return point


@pytest.fixture
def healthy(
    tmp_path: Path, emulator: ThreadedEmulator, boards_at, monkeypatch: pytest.MonkeyPatch
) -> ThreadedEmulator:
    """Settings pointing at the emulator, a migrated database, commands published."""
    emu = emulator.emu
    emulator.call(emu.create_guild, "Community")
    monkeypatch.setenv("DISCORD_TOKEN", emu.bot_token)
    monkeypatch.setenv("DISCORD_API_BASE", emu.api_base)
    monkeypatch.setenv("DISCORD_GATEWAY_URL", emu.gateway_url)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "archbot.db"))
    monkeypatch.chdir(tmp_path)
    boards_at(emu.base_url)
    published = CliRunner().invoke(cli, ["sync-commands"])
    assert published.exit_code == 0, published.output
    return emulator


def doctor(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "doctor", "--plain"])


def rows(result: Result, status: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(f"{status} ")]


def test_all_ok(healthy: ThreadedEmulator) -> None:
    result = doctor()
    assert result.exit_code == 0, result.output
    assert rows(result, "fail") == []
    assert rows(result, "warn") == []
    assert "token accepted: bot DoctorBot" in result.output
    assert f"application id {healthy.emu.application_id}" in result.output
    assert "in 1 server(s)" in result.output
    assert "current" in result.output  # the published commands are this version's
    assert "integrity ok" in result.output
    assert "0 failure(s)" in result.output


def test_unknown_env_key_is_a_warning_with_the_nearest_setting(
    healthy: ThreadedEmulator, tmp_path: Path
) -> None:
    env = tmp_path / "typo.env"
    env.write_text("DISCORD_TOKN=abc\nSCRAPE_INTERVAL=60\n")
    result = doctor("--env-file", str(env))
    assert result.exit_code == 0, result.output
    warned = "\n".join(rows(result, "warn"))
    assert "DISCORD_TOKN is not a setting" in warned
    assert "rename it to DISCORD_TOKEN" in warned
    assert "SCRAPE_INTERVAL is not a setting" in warned


def test_invalid_setting_fails(healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "chatty")
    result = doctor()
    assert result.exit_code == 1
    assert "LOG_LEVEL" in "\n".join(rows(result, "fail"))


def test_damaged_database_fails(healthy: ThreadedEmulator, tmp_path: Path) -> None:
    from tests.test_operator_failures import damage_a_page

    damage_a_page(tmp_path / "archbot.db")
    result = doctor()
    assert result.exit_code == 1
    assert "integrity check failed" in "\n".join(rows(result, "fail"))


def test_unwritable_database_path_fails(
    healthy: ThreadedEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blocker").write_text("")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "blocker" / "archbot.db"))
    result = doctor()
    assert result.exit_code == 1
    assert "is a file, not a folder" in "\n".join(rows(result, "fail"))


def test_broken_content_fails(healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    import content
    from content import ContentError
    from content.loader import Problem

    def broken(*args: object, **kwargs: object) -> object:
        raise ContentError([Problem("data/tips/x.toml", "t1", "text is empty")])

    monkeypatch.setattr(content, "load_content", broken)
    result = doctor()
    assert result.exit_code == 1
    assert "x.toml [t1]" in "\n".join(rows(result, "fail"))


def test_offline_boards_are_unreachable_within_the_time_out(
    healthy: ThreadedEmulator, boards_at
) -> None:
    boards_at(f"http://127.0.0.1:{closed_port()}")
    result = doctor()
    assert result.exit_code == 1
    assert "unreachable" in "\n".join(rows(result, "fail"))


def test_refused_token_fails(healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", WRONG_TOKEN)
    result = doctor()
    assert result.exit_code == 1
    assert "token was refused (401" in "\n".join(rows(result, "fail"))
    assert WRONG_TOKEN not in result.output


def test_offline_discord_is_unreachable(
    healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("DISCORD_API_BASE", f"http://127.0.0.1:{port}/api/v10")
    result = doctor()
    assert result.exit_code == 1
    failed = "\n".join(rows(result, "fail"))
    assert "unreachable" in failed
    assert "discord" in failed


def test_missing_permissions_in_a_configured_channel_warn(
    healthy: ThreadedEmulator, tmp_path: Path
) -> None:
    emu = healthy.emu
    guild = next(iter(emu.world.guilds.values()))
    channel = healthy.call(emu.create_channel, guild.id, "daily-tips")
    healthy.call(emu.deny_bot, channel.id, Permission.SEND_MESSAGES | Permission.EMBED_LINKS)
    db = open_db(tmp_path / "archbot.db")
    migrate(db)
    update_guild_settings(db, guild.id, guild.name, datetime.now(UTC), tip_channel_id=channel.id)
    db.close()
    result = doctor()
    assert result.exit_code == 0, result.output  # a warning, not a failure
    warned = "\n".join(rows(result, "warn"))
    assert "daily tip #daily-tips: missing Send Messages, Embed Links" in warned


def test_stale_commands_warn(healthy: ThreadedEmulator, tmp_path: Path) -> None:
    db = open_db(tmp_path / "archbot.db")
    db.execute("UPDATE published_commands SET fingerprint = 'older-version'")
    db.close()
    result = doctor()
    assert result.exit_code == 0
    assert "stale" in "\n".join(rows(result, "warn"))


def test_no_token_is_a_warning(healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN")
    result = doctor()
    assert result.exit_code == 0
    assert "no DISCORD_TOKEN" in "\n".join(rows(result, "warn"))


def test_no_token_because_of_a_typo_says_which_key_to_rename(
    healthy: ThreadedEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN")
    env = tmp_path / "typo.env"
    env.write_text("DISCORD_TOKN=MTIz.abc.def\n")
    result = doctor("--env-file", str(env))
    assert result.exit_code == 0
    line = next(r for r in rows(result, "warn") if "discord:" in r)
    assert f"rename DISCORD_TOKN to DISCORD_TOKEN in {env}" in line


def record(
    db_path: Path, ref: str, status: str, seen: int, day: int, error: str | None = None
) -> None:
    from store import record_run, start_run

    kind, key = ref.split(":")
    db = open_db(db_path)
    migrate(db)
    when = datetime(2026, 11, day, 6, 0, tzinfo=UTC)
    row = start_run(db, f"run-{day}", kind, key, when)
    record_run(db, row, status, when, seen=seen, error=error)
    db.close()


def test_emptied_and_failing_boards_warn(healthy: ThreadedEmulator, tmp_path: Path) -> None:
    db_path = tmp_path / "archbot.db"
    add = CliRunner().invoke(cli, ["sources", "add", "greenhouse:acme", "--company", "Acme"])
    assert add.exit_code == 0, add.output
    add = CliRunner().invoke(cli, ["sources", "add", "lever:brokenco", "--company", "Broken"])
    assert add.exit_code == 0, add.output
    record(db_path, "greenhouse:acme", "ok", 12, 1)
    record(db_path, "greenhouse:acme", "ok", 0, 2)  # the board went empty
    record(db_path, "lever:brokenco", "failed", 0, 2, error="HTTP 404 from the board")
    result = doctor()
    assert result.exit_code == 0, result.output
    warned = "\n".join(rows(result, "warn"))
    assert "had postings, now none: greenhouse:acme" in warned
    assert "failing: lever:brokenco (HTTP 404 from the board)" in warned
    assert "last run 2026-11-02T06:00" in warned


def test_emptied_sources_reads_the_runs_table(tmp_path: Path) -> None:
    from store.scraping import emptied_sources

    db_path = tmp_path / "runs.db"
    record(db_path, "greenhouse:empty-now", "ok", 5, 1)
    record(db_path, "greenhouse:empty-now", "ok", 0, 3)
    record(db_path, "greenhouse:always-empty", "ok", 0, 1)
    record(db_path, "greenhouse:back-again", "ok", 0, 1)
    record(db_path, "greenhouse:back-again", "ok", 4, 2)
    record(db_path, "greenhouse:failed-last", "ok", 7, 1)
    record(db_path, "greenhouse:failed-last", "failed", 0, 2)
    db = open_db(db_path)
    found = emptied_sources(db)
    db.close()
    assert [(e.ref, e.last_with_postings[:10]) for e in found] == [
        ("greenhouse:empty-now", "2026-11-01")
    ]
