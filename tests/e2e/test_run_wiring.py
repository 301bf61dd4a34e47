"""`archbot run` and `sync-commands` wiring with a token, pointed at the emulator through the
DISCORD_API_BASE and DISCORD_GATEWAY_URL settings (as an operator would point them anywhere)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from archbot.botrun import run_bot, sync_commands
from archbot.scraping import SourceSummary
from archbot.settings import load_settings
from discord_emulator import Emulator
from discord_emulator.pointing import pointed_at
from store import Database


async def test_sync_commands_to_one_server_and_globally(tmp_path: Path) -> None:
    async with Emulator() as emu:
        guild = emu.create_guild("Sync")
        settings = load_settings(
            env_file=None,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
            discord_token=emu.bot_token,
            database_path=tmp_path / "s.db",
        )
        with pointed_at(emu.api_base, emu.gateway_url):  # restores discord.py's endpoints after
            said = await sync_commands(settings, emu.bot_token, guild.id)
            names = {c["name"] for c in emu.commands(guild.id)}
            assert said == f"Published {len(names)} commands to server {guild.id}."
            assert {"roadmap", "tip", "progress", "career", "settings", "help", "about"} <= names
            assert emu.commands() == []  # nothing global until asked
            await sync_commands(settings, emu.bot_token, None)
            assert {c["name"] for c in emu.commands()} == names


async def test_run_connects_with_a_token_and_migrates(tmp_path: Path) -> None:
    async with Emulator() as emu:
        guild = emu.create_guild("Run")
        settings = load_settings(
            env_file=None,
            discord_api_base=emu.api_base,
            discord_gateway_url=emu.gateway_url,
            discord_token=emu.bot_token,
            database_path=tmp_path / "run.db",
            dev_guild_id=guild.id,
        )
        scraped = asyncio.Event()

        async def no_boards(db: Database) -> list[SourceSummary]:
            # The real sources are on the internet: tests reach only 127.0.0.1.
            scraped.set()
            return []

        with pointed_at(emu.api_base, emu.gateway_url):
            task = asyncio.create_task(run_bot(settings, emu.bot_token, scrape=no_boards))
            try:
                await emu.wait_until_ready()
                await emu.wait_for_commands(guild.id)
                member = emu.create_member(guild.id, "ada")
                result = await emu.run_command(member, guild.channel_ids[0], "help")
                assert not result.failed, result.errors
                await asyncio.wait_for(scraped.wait(), timeout=10)  # the pipeline runs too
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        assert (tmp_path / "run.db").exists()
