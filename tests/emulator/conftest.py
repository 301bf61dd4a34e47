"""Fixtures: emulators, the discord.py client pointed at them, and a ready-made scene."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from discord_emulator import Channel, Emulator, Guild, Member
from discord_emulator.pointing import pointed_at
from tests.emulator.harness import TestBot, running

MakeEmulator = Callable[..., Awaitable[Emulator]]


@pytest.fixture
async def make_emulator() -> AsyncIterator[MakeEmulator]:
    """Start an Emulator(**options) and point discord.py at it; all restored afterwards."""
    started: list[Emulator] = []
    with contextlib.ExitStack() as stack:

        async def make(**options: Any) -> Emulator:
            emulator = Emulator(**options)
            await emulator.start()
            started.append(emulator)
            stack.enter_context(pointed_at(emulator.api_base, emulator.gateway_url))
            return emulator

        yield make
        for emulator in started:
            await emulator.stop()


@pytest.fixture
async def pointed(make_emulator: MakeEmulator) -> Emulator:
    """A default emulator with discord.py pointed at it."""
    return await make_emulator()


@dataclass
class Scene:
    """A guild with a channel, an ordinary member and an admin, and the connected bot."""

    emu: Emulator
    bot: TestBot
    guild: Guild
    channel: Channel
    member: Member
    admin: Member


@contextlib.asynccontextmanager
async def build_scene(emu: Emulator) -> AsyncIterator[Scene]:
    """Create the scene's world, run the test bot against `emu`, and wait for its commands."""
    guild = emu.create_guild("Test server")
    channel = emu.channel(guild.channel_ids[0])
    member = emu.create_member(guild.id, "alice")
    admin = emu.create_admin(guild.id, "boss")
    bot = TestBot()
    async with running(bot, emu):
        await emu.wait_for_commands()
        yield Scene(emu=emu, bot=bot, guild=guild, channel=channel, member=member, admin=admin)


@pytest.fixture
async def scene(pointed: Emulator) -> AsyncIterator[Scene]:
    async with build_scene(pointed) as built:
        yield built
