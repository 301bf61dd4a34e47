"""The bot's own permission checks on `/settings quiz`, with an emulator that does not hide
admin commands (Discord lets server admins re-assign who may use a command, so the bot must
refuse members itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from archbot.local import LocalBot
from discord_emulator import Emulator
from store import quiz_settings as admin
from tests.e2e.conftest import Server


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(bot_name="ArchBot", enforce_command_permissions=False) as emulator:
        yield emulator


@pytest.mark.parametrize(
    ("sub", "options"),
    [
        ("show", {}),
        ("reports", {}),
        ("defaults", {"repeat_days": 0}),
        ("resolve", {"question": "q.maths.001"}),
        ("add-question", {"step": "2", "topic": "maths.linear-algebra", "difficulty": "easy"}),
    ],
)
async def test_members_are_refused_and_nothing_changes(
    server: Server, bot: LocalBot, sub: str, options: dict[str, object]
) -> None:
    result = await server.emu.run_command(
        server.member, server.general.id, "settings", options, subcommand=("quiz", sub)
    )
    assert not result.failed, result.errors
    assert result.ephemeral
    assert "Manage Server" in result.content
    assert result.modal is None
    settings = await bot.services.db(admin.quiz_settings, server.guild.id)
    assert settings == admin.QuizSettings(server.guild.id)


async def test_channel_switch_refused_for_members(server: Server, bot: LocalBot) -> None:
    result = await server.emu.run_command(
        server.member,
        server.general.id,
        "settings",
        {"channel": server.general, "enabled": False},
        subcommand=("quiz", "channel"),
    )
    assert "Manage Server" in result.content
    assert await bot.services.db(admin.channel_switches, server.guild.id) == {}
    allowed = await bot.services.db(admin.quiz_allowed, server.guild.id, server.general.id)
    assert allowed
