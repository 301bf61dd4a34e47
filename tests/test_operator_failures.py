"""Every known failure of the real `archbot` command ends as one line on stderr, a non-zero exit
and no traceback, and leaves the database exactly as it was (issue: first real run)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from discord_emulator import Emulator
from store import latest_version, migrate, open_db
from tests.operator_cli import WRONG_TOKEN, Outcome, cli_env, closed_port, run_cli, snapshot

TOKEN = "MTIz.shape-only.token-never-sent"


def migrated(path: Path, *, target: int | None = None) -> Path:
    db = open_db(path)
    migrate(db, target=target)
    db.close()
    return path


def damage_a_page(path: Path) -> None:
    """Overwrite the root page of one table with noise: SQLite still opens the file, but its
    integrity check cannot read that page."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'postings'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def offline(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A token and an API address that nothing answers: the database checks come first."""
    port = closed_port()
    return cli_env(
        tmp_path,
        discord_token=TOKEN,
        discord_api_base=f"http://127.0.0.1:{port}/api/v10",
        discord_gateway_url=f"ws://127.0.0.1:{port}/gateway",
        **settings,
    )


# ---- Discord ------------------------------------------------------------------------------


async def test_wrong_token_is_one_line(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    before = snapshot(db_path)
    async with Emulator() as emu:
        emu.create_guild("Server")
        env = cli_env(
            tmp_path,
            discord_token=WRONG_TOKEN,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
        )
        for args in (["run"], ["sync-commands"]):
            outcome = await run_cli(args, env, tmp_path)
            line = outcome.assert_one_line_failure("refused the token", "DISCORD_TOKEN")
            assert WRONG_TOKEN not in line
        assert emu.requests.by_status.get(401, 0) >= 2
        assert emu.identify_count == 0
    assert snapshot(db_path) == before


async def test_no_network_is_one_line(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    before = snapshot(db_path)
    outcome = await run_cli(["run"], offline(tmp_path), tmp_path)
    outcome.assert_one_line_failure("cannot connect to 127.0.0.1", "no network")
    assert snapshot(db_path) == before


async def test_no_dns_is_one_line(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    before = snapshot(db_path)
    env = cli_env(tmp_path, discord_token=TOKEN, discord_api_base="http://discord.invalid/api/v10")
    for args in (["run"], ["sync-commands"]):
        outcome = await run_cli(args, env, tmp_path, fault="no-dns")
        outcome.assert_one_line_failure("cannot resolve discord.invalid", "DNS")
    assert snapshot(db_path) == before


async def test_discord_unavailable_is_one_line(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    before = snapshot(db_path)
    async with Emulator() as emu:
        emu.faults.configure(error_rate=1.0, error_statuses=(503,))
        env = cli_env(
            tmp_path,
            discord_token=emu.bot_token,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
        )
        outcome = await run_cli(["run"], env, tmp_path)
        outcome.assert_one_line_failure("Discord is unavailable", "503")
    assert snapshot(db_path) == before


async def test_sync_to_a_server_the_bot_is_not_in_is_one_line(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    before = snapshot(db_path)
    async with Emulator() as emu:
        emu.create_guild("Joined")
        env = cli_env(
            tmp_path,
            discord_token=emu.bot_token,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
        )
        outcome = await run_cli(["sync-commands", "--guild", "424242"], env, tmp_path)
        line = outcome.assert_one_line_failure("424242", "Missing Access", "50001")
        assert "not in that server" in line
        assert f"client_id={emu.application_id}" in line  # the invite link to fix it
        assert emu.commands(None) == []
    assert snapshot(db_path) == before


# ---- the database -------------------------------------------------------------------------

DB_COMMANDS = [
    ["run"],
    ["db", "migrate"],
    ["sources", "list"],
    ["scrape"],
    ["sources", "add", "greenhouse:acme"],
]


@pytest.mark.parametrize("args", DB_COMMANDS, ids=" ".join)
async def test_database_parent_is_a_file(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n")
    env = offline(tmp_path, database_path=str(blocker / "archbot.db"))
    outcome = await run_cli(args, env, tmp_path)
    outcome.assert_one_line_failure("DATABASE_PATH", "is a file, not a folder")
    assert blocker.read_text() == "a file where a folder should be\n"


@pytest.mark.parametrize("args", [["run"], ["db", "migrate"], ["scrape"]], ids=" ".join)
async def test_database_under_proc(tmp_path: Path, args: list[str]) -> None:
    env = offline(tmp_path, database_path="/proc/archbot-test.db")
    outcome = await run_cli(args, env, tmp_path)
    outcome.assert_one_line_failure("/proc/archbot-test.db", "DATABASE_PATH")


@pytest.mark.parametrize(
    "args", [["run"], ["db", "migrate"], ["sources", "add", "lever:acme"]], ids=" ".join
)
async def test_read_only_database_file(tmp_path: Path, args: list[str]) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    db_path.chmod(0o444)
    before = snapshot(db_path)
    outcome = await run_cli(args, offline(tmp_path), tmp_path)
    outcome.assert_one_line_failure("read-only", "DATABASE_PATH")
    assert snapshot(db_path) == before


async def test_read_only_folder_for_a_new_database(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    env = offline(tmp_path, database_path=str(folder / "archbot.db"))
    try:
        outcome = await run_cli(["run"], env, tmp_path)
        outcome.assert_one_line_failure("cannot create files in", "DATABASE_PATH")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_read_only_database_can_still_be_checked(tmp_path: Path) -> None:
    """`db check` only reads: a read-only file is checked, not called unreadable."""
    import subprocess

    from tests.operator_cli import command

    db_path = migrated(tmp_path / "archbot.db")
    db_path.chmod(0o444)
    tmp_path.chmod(0o555)  # not even the -shm file can be made beside it
    try:
        done = subprocess.run(
            command(["db", "check"]),
            env=offline(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        tmp_path.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "integrity:      ok" in done.stdout


@pytest.mark.parametrize(
    "args",
    [["run"], ["db", "migrate"], ["sources", "list"], ["match", "--skills", "python"]],
    ids=" ".join,
)
async def test_not_a_database(tmp_path: Path, args: list[str]) -> None:
    db_path = tmp_path / "archbot.db"
    db_path.write_bytes(os.urandom(3 * 4096))
    before = snapshot(db_path)
    outcome = await run_cli(args, offline(tmp_path), tmp_path)
    outcome.assert_one_line_failure("archbot.db", "not a SQLite database")
    assert snapshot(db_path) == before


@pytest.mark.parametrize("args", [["run"], ["db", "migrate"], ["sources", "list"]], ids=" ".join)
async def test_truncated_database(tmp_path: Path, args: list[str]) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    before = snapshot(db_path)
    outcome = await run_cli(args, offline(tmp_path), tmp_path)
    outcome.assert_one_line_failure("archbot.db", "damaged")
    assert snapshot(db_path) == before


async def test_damaged_page_stops_run_and_db_check_reports_it(tmp_path: Path) -> None:
    db_path = migrated(tmp_path / "archbot.db")
    damage_a_page(db_path)
    before = snapshot(db_path)
    env = offline(tmp_path)
    started = await run_cli(["run"], env, tmp_path)
    started.assert_one_line_failure("archbot.db is damaged", "restore")
    checked = await run_cli(["db", "check"], env, tmp_path)
    checked.assert_one_line_failure("damaged")
    assert "integrity:      damaged" in checked.stdout
    refused = await run_cli(["db", "backup", str(tmp_path / "copy.db")], env, tmp_path)
    refused.assert_one_line_failure("fails its integrity check", "--force")
    assert not (tmp_path / "copy.db").exists()
    assert snapshot(db_path) == before
    forced = await run_cli(["db", "backup", "--force", str(tmp_path / "copy.db")], env, tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "copy.db").is_file()


@pytest.mark.parametrize("args", [["db", "migrate"], ["run"]], ids=" ".join)
async def test_disk_full_during_a_migration(tmp_path: Path, args: list[str]) -> None:
    """The disk is full when a schema upgrade needs room (SQLite refuses to grow the file,
    through tests/cli_boot.py: it answers exactly as on a full disk)."""
    db_path = migrated(tmp_path / "archbot.db", target=latest_version() - 1)
    before = snapshot(db_path)
    outcome = await run_cli(args, offline(tmp_path), tmp_path, fault="disk-full")
    outcome.assert_one_line_failure("is full", "free some space", "rolled back")
    assert snapshot(db_path) == before


def test_one_line_even_at_the_default_log_level(tmp_path: Path) -> None:
    """At INFO the start-up lines come first; the failure is still one line, last, untraced."""
    import subprocess

    from tests.operator_cli import command

    db_path = migrated(tmp_path / "archbot.db")
    damage_a_page(db_path)
    env = offline(tmp_path, log_level="INFO")
    done = subprocess.run(
        command(["run"]),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    outcome = Outcome(done.returncode, done.stdout, done.stderr)
    assert outcome.returncode == 1
    assert "Traceback" not in outcome.stderr
    assert outcome.error_lines[-1].startswith("Error: ")
    assert sum(line.startswith("Error: ") for line in outcome.error_lines) == 1


async def test_privileged_intents_refused_reads_as_one_line() -> None:
    """The bot asks for no privileged intent, so Discord cannot refuse it one; a client that
    does ask, against an application that has them switched off, gets close code 4014, and the
    line says where to switch it on."""
    import discord

    from archbot.failures import explain
    from discord_emulator.pointing import pointed_at

    async with Emulator() as emu:
        emu.create_guild("Server")
        emu.set_privileged_intents(members=False, presences=False, message_content=False)
        intents = discord.Intents.default()
        intents.members = True
        client = discord.Client(intents=intents)
        with (
            pointed_at(emu.api_base, emu.gateway_url),
            pytest.raises(discord.PrivilegedIntentsRequired) as refused,
        ):
            async with client:
                await client.start(emu.bot_token)
    line = explain(refused.value)
    assert line is not None
    assert "4014" in line
    assert "Privileged Gateway Intents" in line
