"""Slash commands are published at start without a manual step, only when they changed, and
never listed twice in one server."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import discord
from discord import app_commands

from archbot.local import LocalBot, running_bot
from discord_emulator import Emulator
from store import open_db
from store.published_commands import published_scopes
from tests.operator_cli import cli_env, command

GLOBAL_PUT = "PUT /applications/{application_id}/commands"
GUILD_PUT = "PUT /applications/{application_id}/guilds/{guild_id}/commands"


async def start_and_stop_run(emu: Emulator, env: dict[str, str], cwd: Path) -> str:
    """Start the real `archbot run`, wait for its gateway session, stop it as systemd does
    (SIGTERM); returns what it logged."""
    identified = emu.identify_count
    log_path = cwd / f"run-{identified}.log"

    def connected() -> bool:
        live = emu.gateway.live_sessions()
        return emu.identify_count > identified and any(s.ready for s in live)

    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            *command(["run"]), cwd=cwd, env=env, stderr=log_file, stdout=log_file
        )
        try:
            await emu.gateway.changed.wait_for(connected, 60)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), timeout=60)
            except TimeoutError:
                proc.kill()
                await proc.wait()
                raise AssertionError(log_path.read_text()) from None
    logged = log_path.read_text()
    assert proc.returncode == 0, logged
    return logged


async def test_run_publishes_global_commands_once_and_not_again(tmp_path: Path) -> None:
    async with Emulator() as emu:
        emu.create_guild("Community")
        env = cli_env(
            tmp_path,
            discord_token=emu.bot_token,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
            scrape_interval_minutes="0",
            log_level="INFO",
        )
        first = await start_and_stop_run(emu, env, tmp_path)
        assert emu.requests.count(GLOBAL_PUT) == 1
        names = {c["name"] for c in emu.commands()}
        assert {"roadmap", "quiz", "settings", "jobs"} <= names
        assert f"published {len(names)} slash commands globally" in first
        assert f"application id {emu.application_id}" in first
        assert "invite URL: https://discord.com/oauth2/authorize?client_id=" in first
        assert "permissions=274878024704" in first

        second = await start_and_stop_run(emu, env, tmp_path)
        assert emu.requests.count(GLOBAL_PUT) == 1  # nothing published on the second start
        assert emu.requests.count(GUILD_PUT) == 0
        assert "nothing to publish globally" in second
        assert "Traceback" not in first + second


class WithAnExtraCommand(LocalBot):
    """The same bot after a developer added a command."""

    async def setup_hook(self) -> None:
        @app_commands.command(name="ping", description="Answers pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

        self.tree.add_command(ping)
        await super().setup_hook()


async def test_a_changed_command_tree_is_published_again(tmp_path: Path) -> None:
    db_path = tmp_path / "bot.db"
    async with Emulator() as emu:
        emu.create_guild("Community")
        async with running_bot(emu, db_path, guild_id=None):
            pass
        async with running_bot(emu, db_path, guild_id=None):
            pass
        assert emu.requests.count(GLOBAL_PUT) == 1
        async with running_bot(emu, db_path, guild_id=None, bot_class=WithAnExtraCommand):
            pass
        assert emu.requests.count(GLOBAL_PUT) == 2
        assert "ping" in {c["name"] for c in emu.commands()}
        async with running_bot(emu, db_path, guild_id=None, bot_class=WithAnExtraCommand):
            pass
        assert emu.requests.count(GLOBAL_PUT) == 2


async def test_dev_guild_gets_the_only_copy_and_leaving_dev_mode_removes_it(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "bot.db"
    async with Emulator() as emu:
        guild = emu.create_guild("Dev server")
        async with running_bot(emu, db_path, guild_id=guild.id):
            pass
        async with running_bot(emu, db_path, guild_id=guild.id):
            pass
        assert emu.requests.count(GUILD_PUT) == 1
        assert emu.commands() == []  # not global: the dev server lists each command once
        assert len(emu.commands(guild.id)) > 5

        # The same database without DEV_GUILD_ID: global publish, and the server's copy goes.
        async with running_bot(emu, db_path, guild_id=None):
            pass
        assert len(emu.commands()) > 5
        assert emu.commands(guild.id) == []
        db = open_db(db_path)
        scopes = [(p.guild_id, p.command_count) for p in published_scopes(db)]
        db.close()
        assert scopes == [(0, len(emu.commands()))]


async def test_dev_mode_warns_when_the_application_also_has_global_commands(
    tmp_path: Path, caplog: object
) -> None:
    import logging

    import pytest

    assert isinstance(caplog, pytest.LogCaptureFixture)
    async with Emulator() as emu:
        guild = emu.create_guild("Dev server")
        async with running_bot(emu, tmp_path / "prod.db", guild_id=None):
            pass
        with caplog.at_level(logging.WARNING, logger="archbot.commands"):
            async with running_bot(emu, tmp_path / "dev.db", guild_id=guild.id):
                pass
        assert f"server {guild.id} lists them twice" in caplog.text
        assert "sync-commands --clear-global" in caplog.text


async def test_sync_commands_forces_a_publish_and_can_clear_the_global_ones(
    tmp_path: Path,
) -> None:
    from archbot.botrun import sync_commands
    from archbot.settings import load_settings
    from discord_emulator.pointing import pointed_at

    async with Emulator() as emu:
        emu.create_guild("Community")
        settings = load_settings(
            env_file=None,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
            discord_token=emu.bot_token,
            database_path=tmp_path / "s.db",
        )
        with pointed_at(emu.api_base, emu.gateway_url):
            first = await sync_commands(settings, emu.bot_token, None)
            again = await sync_commands(settings, emu.bot_token, None)
            assert emu.requests.count(GLOBAL_PUT) == 2  # forced: unchanged or not
            assert (
                first == again == f"Published {len(emu.commands())} commands to all servers "
                "(may take up to an hour)."
            )
            cleared = await sync_commands(settings, emu.bot_token, None, clear_global=True)
            assert cleared.startswith("Removed the global slash commands")
            assert emu.commands() == []
        db = open_db(tmp_path / "s.db")
        assert published_scopes(db) == []
        db.close()
