"""The bot says, per server, whether it may post where it is configured to: in the start-up
log and in /settings show."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from archbot.local import LocalBot
from discord_emulator import Permission
from tests.e2e.conftest import Server


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed["fields"]}


async def configure_tips(server: Server) -> None:
    result = await server.emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {"channel": server.tips, "enabled": True},
        subcommand="daily-tip",
    )
    assert not result.failed, result.errors


async def deny(bot: LocalBot, server: Server, permissions: int) -> None:
    """Deny the bot permissions in the tips channel and wait until the bot has heard of it."""
    updated = asyncio.ensure_future(
        bot.wait_for(
            "guild_channel_update", check=lambda _, after: after.id == server.tips.id, timeout=10
        )
    )
    server.emu.deny_bot(server.tips.id, permissions)
    await updated


async def test_settings_show_names_missing_permissions(server: Server, bot: LocalBot) -> None:
    await configure_tips(server)
    shown = await server.emu.run_command(
        server.manager, server.general.id, "settings", subcommand="show"
    )
    assert fields(shown.embeds[0])["Bot permissions"] == "ok in every configured channel"

    await deny(bot, server, Permission.SEND_MESSAGES | Permission.ATTACH_FILES)
    shown = await server.emu.run_command(
        server.manager, server.general.id, "settings", subcommand="show"
    )
    warning = fields(shown.embeds[0])["⚠️ The bot cannot post everywhere it should"]
    # discord.py (like Discord) takes Embed Links and Attach Files away with Send Messages.
    assert warning == (
        f"daily tip <#{server.tips.id}>: missing Send Messages, Embed Links, Attach Files"
    )


async def test_start_up_log_reports_each_server(
    server: Server, bot: LocalBot, caplog: pytest.LogCaptureFixture
) -> None:
    await configure_tips(server)
    await deny(bot, server, Permission.EMBED_LINKS)
    guild = bot.get_guild(server.guild.id)
    assert guild is not None
    with caplog.at_level(logging.INFO, logger="archbot.bot"):
        await bot.report_access(guild)
    assert (
        f"server {guild.id} ({guild.name}): daily tip <#{server.tips.id}>: missing Embed Links"
        in (caplog.text)
    )
