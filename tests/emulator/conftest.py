"""Fixtures: an emulator per test, the discord.py client pointed at it, and a world to use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from discord_emulator import Channel, Emulator, Guild, Member
from tests.emulator.harness import TestBot, running


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = Emulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
def pointed(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """discord.py's REST base and gateway point at the emulator (restored after the test)."""
    monkeypatch.setattr(discord.http.Route, "BASE", emu.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(emu.gateway_url)
    )
    return emu


@dataclass
class Scene:
    """A guild with a channel, an ordinary member and an admin, and the connected bot."""

    emu: Emulator
    bot: TestBot
    guild: Guild
    channel: Channel
    member: Member
    admin: Member


@pytest.fixture
async def scene(pointed: Emulator) -> AsyncIterator[Scene]:
    emu = pointed
    guild = emu.create_guild("Test server")
    channel = emu.channel(guild.channel_ids[0])
    member = emu.create_member(guild.id, "alice")
    admin = emu.create_admin(guild.id, "boss")
    bot = TestBot()
    async with running(bot, emu):
        await emu.wait_for_commands()
        yield Scene(emu=emu, bot=bot, guild=guild, channel=channel, member=member, admin=admin)
