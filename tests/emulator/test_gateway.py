"""Login, READY and GUILD_CREATE, later dispatches, RESUME and a forced re-identify."""

from __future__ import annotations

import asyncio

import discord
import discord.gateway
import discord.http
import pytest

from discord_emulator import Emulator
from discord_emulator.pointing import pointed_at
from tests.emulator.conftest import MakeEmulator, Scene
from tests.emulator.harness import TestBot, running


async def test_login_ready_and_guild_create(pointed: Emulator) -> None:
    emu = pointed
    guild = emu.create_guild("Readiness", channel_names=("general", "tips"))
    member = emu.create_member(guild.id, "alice")
    bot = TestBot()
    async with running(bot, emu):
        assert bot.user is not None
        assert bot.user.id == emu.bot_user_id
        assert bot.application_id == emu.application_id
        cached = bot.get_guild(guild.id)
        assert cached is not None
        assert cached.name == "Readiness"
        assert [c.name for c in cached.text_channels] == ["general", "tips"]
        assert cached.default_role.id == guild.id
        assert cached.me is not None
        assert cached.me.guild_permissions.send_messages
        assert cached.self_role is not None
        assert cached.self_role.id == guild.bot_role_id
        assert cached.member_count == len(guild.members)
        assert emu.identify_count == 1
        assert bot.readies == 1
        assert member.id in guild.members


async def test_channel_and_guild_dispatches_after_ready(scene: Scene) -> None:
    emu, bot = scene.emu, scene.bot
    created = emu.create_channel(scene.guild.id, "new-channel", topic="fresh")
    channel = await asyncio.wait_for(bot.created_channels.get(), 5)
    assert channel.id == created.id
    assert isinstance(channel, discord.TextChannel)
    assert channel.topic == "fresh"

    emu.delete_channel(created.id)
    deleted = await asyncio.wait_for(bot.deleted_channels.get(), 5)
    assert deleted.id == created.id
    assert bot.get_channel(created.id) is None
    with pytest.raises(discord.NotFound) as gone:
        await bot.http.send_message(created.id, params=_text("hello"))
    assert gone.value.code == 10003

    other = emu.create_guild("Joined later")
    joined = await asyncio.wait_for(bot.joined.get(), 5)
    assert joined.id == other.id
    emu.delete_guild(other.id)
    removed = await asyncio.wait_for(bot.removed.get(), 5)
    assert removed.id == other.id
    assert bot.get_guild(other.id) is None


async def test_resume_replays_missed_dispatches(scene: Scene) -> None:
    emu, bot = scene.emu, scene.bot
    made: list[int] = []
    await emu.drop_connection(
        resume=True,
        while_down=lambda: made.append(emu.create_channel(scene.guild.id, "missed").id),
    )
    await asyncio.wait_for(bot.resumed.wait(), 5)
    channel = await asyncio.wait_for(bot.created_channels.get(), 5)
    assert channel.id == made[0]
    assert emu.identify_count == 1
    assert emu.resume_count == 1
    result = await emu.run_command(scene.member, scene.channel.id, "echo", {"text": "hi"})
    assert result.content == "hi for nobody"


async def test_forced_reidentify(scene: Scene) -> None:
    emu, bot = scene.emu, scene.bot
    await emu.drop_connection(resume=False)
    assert emu.identify_count == 2
    assert emu.resume_count == 0
    assert bot.get_guild(scene.guild.id) is not None
    result = await emu.run_command(scene.member, scene.channel.id, "echo", {"text": "again"})
    assert result.content == "again for nobody"


def _text(content: str) -> discord.http.MultipartParameters:
    return discord.http.handle_message_parameters(content=content)


async def test_members_intent_chunks_every_member(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator()
    guild = emu.create_guild("Crowded")
    for index in range(30):
        emu.create_member(guild.id, f"user{index}")
    intents = discord.Intents.default()
    intents.members = True
    bot = TestBot(intents=intents)
    async with running(bot, emu):
        cached = bot.get_guild(guild.id)
        assert cached is not None
        assert cached.chunked
        assert len(cached.members) == len(guild.members) == 32


async def test_pointing_is_restored() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    with pointed_at("http://127.0.0.1:1/api/v10", "ws://127.0.0.1:1/gateway"):
        assert discord.http.Route.BASE == "http://127.0.0.1:1/api/v10"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:1/gateway"
    assert before == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
