"""End-to-end fixtures: the local Discord emulator, a server with members, and the real bot
connected to it over HTTP and websockets on 127.0.0.1 with a SQLite file of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archbot.local import LocalBot, ManualClock, running_bot
from content import Content, load_content
from discord_emulator import Channel, Emulator, Guild, Member


@dataclass
class Server:
    emu: Emulator
    guild: Guild
    general: Channel
    tips: Channel
    member: Member
    manager: Member


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    """The emulator with its full validator: after each test, no payload the bot sent may have
    been one Discord refuses (400 Invalid Form Body)."""
    async with Emulator(bot_name="ArchBot") as emulator:
        yield emulator
        refused = [f.detail for f in emulator.failures if f.kind == "invalid_body"]
        assert not refused, f"Discord would refuse what the bot sent: {refused}"


@pytest.fixture
def server(emu: Emulator) -> Server:
    guild = emu.create_guild("AI Architects")
    general = emu.channel(guild.channel_ids[0])
    tips = emu.create_channel(guild.id, "daily-tips")
    member = emu.create_member(guild.id, "ada")
    manager = emu.create_manager(guild.id, "grace")
    return Server(emu, guild, general, tips, member, manager)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


StartBot = Callable[..., AbstractAsyncContextManager[LocalBot]]


@pytest.fixture
def start_bot(
    emu: Emulator, server: Server, db_path: Path, clock: ManualClock, content: Content
) -> StartBot:
    """`async with start_bot() as bot:` runs the bot; call it again later to 'restart' it."""

    def start(**config: Any) -> AbstractAsyncContextManager[LocalBot]:
        return running_bot(
            emu, db_path, guild_id=server.guild.id, clock=clock, content=content, **config
        )

    return start


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[LocalBot]:
    async with start_bot() as running:
        yield running
