"""REST behaviour the client relies on: errors with codes, rate limits, injected faults."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest

from discord_emulator import Emulator, Permission
from tests.emulator.conftest import MakeEmulator, Scene, build_scene
from tests.emulator.harness import TestBot, running

POST_MESSAGE = "POST /channels/{channel_id}/messages"


class CountingClock:
    """A clock that advances a fixed step each time it is read (once per request)."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def text_channel(scene: Scene, channel_id: int) -> discord.TextChannel:
    channel = scene.bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_missing_permissions_and_deleted_channel(scene: Scene) -> None:
    emu = scene.emu
    locked = emu.create_channel(scene.guild.id, "locked")
    await asyncio.wait_for(scene.bot.created_channels.get(), 5)
    emu.deny_bot(locked.id, Permission.SEND_MESSAGES)
    with pytest.raises(discord.Forbidden) as refused:
        await text_channel(scene, locked.id).send("hello")
    assert refused.value.code == 50013
    assert refused.value.text == "Missing Permissions"

    emu.set_overwrite(locked.id, emu.bot_user_id, deny=int(Permission.EMBED_LINKS))
    channel = text_channel(scene, locked.id)
    await channel.send("plain text is fine")
    with pytest.raises(discord.Forbidden):
        await channel.send(embed=discord.Embed(title="but no embeds"))
    assert [m.content for m in emu.channel_messages(locked.id)] == ["plain text is fine"]

    emu.delete_channel(locked.id)
    with pytest.raises(discord.NotFound) as gone:
        await channel.send("anyone there?")
    assert gone.value.code == 10003


async def test_closed_dms_are_forbidden(scene: Scene) -> None:
    emu = scene.emu
    user = await scene.bot.fetch_user(scene.member.id)
    await user.send("welcome")
    assert [m.content for m in emu.dm_messages(scene.member.id)] == ["welcome"]
    emu.close_dms(scene.member.id)
    with pytest.raises(discord.Forbidden) as refused:
        await user.send("are you there?")
    assert refused.value.code == 50007
    emu.open_dms(scene.member.id)
    await user.send("back again")
    assert len(emu.dm_messages(scene.member.id)) == 2


async def test_route_429_is_retried_by_the_client(scene: Scene) -> None:
    emu = scene.emu
    emu.rate_limits.set_route_limit(POST_MESSAGE, 1, 0.3)
    url = f"{emu.api_base}/channels/{scene.channel.id}/messages"
    headers = {"Authorization": f"Bot {emu.bot_token}"}
    async with aiohttp.ClientSession() as http:
        # Another process with the same token spends the channel's bucket first.
        first = await http.post(url, json={"content": "other process"}, headers=headers)
        assert first.status == 200
        assert first.headers["X-RateLimit-Remaining"] == "0"
    await text_channel(scene, scene.channel.id).send("after waiting")
    assert emu.requests.rate_limited == 1
    assert emu.requests.by_status[429] == 1
    contents = [m.content for m in emu.channel_messages(scene.channel.id)]
    assert contents == ["other process", "after waiting"]


async def test_global_limit_and_interaction_exemption(scene: Scene) -> None:
    emu = scene.emu
    emu.rate_limits.global_limit = 3
    emu.rate_limits.global_per = 1.0
    # Time moves 0.3 s per request, not with the machine: any four sends in a row fall within
    # one second, so the fourth is refused however slowly the client got them out.
    emu.rate_limits.use_clock(CountingClock(step=0.3))
    channels = [emu.create_channel(scene.guild.id, f"fan-{i}") for i in range(7)]
    for _ in channels:
        await asyncio.wait_for(scene.bot.created_channels.get(), 5)
    await asyncio.gather(*(text_channel(scene, c.id).send("tip") for c in channels))
    assert all(len(emu.channel_messages(c.id)) == 1 for c in channels)
    assert emu.requests.global_rate_limited >= 1

    emu.rate_limits.global_limit = 1
    emu.rate_limits.global_per = 60.0
    before = emu.requests.global_rate_limited
    for _ in range(3):
        result = await emu.run_command(scene.member, scene.channel.id, "echo", {"text": "x"})
        assert result.content == "x for nobody"
    assert emu.requests.global_rate_limited == before


async def test_injected_server_error_is_retried(scene: Scene) -> None:
    emu = scene.emu
    emu.faults.configure(error_rate=1.0, error_statuses=(500,), routes={POST_MESSAGE}, max_errors=1)
    await text_channel(scene, scene.channel.id).send("eventually")
    assert emu.requests.injected_errors == 1
    assert emu.requests.by_status[500] == 1
    assert [m.content for m in emu.channel_messages(scene.channel.id)] == ["eventually"]
    assert emu.requests.count(POST_MESSAGE) == 2


async def test_injected_latency(scene: Scene) -> None:
    emu = scene.emu
    emu.faults.configure(latency_ms=80, routes={"/api/v10/users"})
    loop = asyncio.get_running_loop()
    started = loop.time()
    await scene.bot.fetch_user(scene.member.id)
    assert loop.time() - started >= 0.08


async def test_raw_http_shapes(pointed: Emulator) -> None:
    emu = pointed
    headers = {"Authorization": f"Bot {emu.bot_token}"}
    async with aiohttp.ClientSession() as http:
        me = await http.get(f"{emu.api_base}/users/@me", headers=headers)
        assert me.headers["Content-Type"] == "application/json"
        assert me.headers["X-RateLimit-Limit"] == "50"
        assert "X-RateLimit-Bucket" in me.headers
        assert float(me.headers["X-RateLimit-Reset-After"]) <= 1.0
        assert (await me.json())["id"] == str(emu.bot_user_id)

        missing = await http.get(f"{emu.api_base}/no/such/route", headers=headers)
        assert missing.status == 404
        assert missing.headers["Content-Type"] == "application/json"
        assert await missing.json() == {"message": "404: Not Found", "code": 0}

        stranger = await http.get(f"{emu.api_base}/users/@me", headers={"Authorization": "Bot x"})
        assert stranger.status == 401


async def test_bad_token_fails_login(pointed: Emulator) -> None:
    bot = TestBot()
    with pytest.raises(discord.LoginFailure):
        await bot.login("not.the.token")
    await bot.close()


async def test_sharded_client_gets_its_guilds(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator()
    guilds = [emu.create_guild(f"g{i}") for i in range(4)]

    class ShardedBot(discord.AutoShardedClient):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            """No 5-second pause between shard IDENTIFYs in tests."""

    bot = ShardedBot(intents=discord.Intents.default(), shard_count=2, guild_ready_timeout=0.05)
    async with running(bot, emu):
        assert {g.id for g in bot.guilds} == {g.id for g in guilds}
        assert emu.identify_count == 2
        for guild in bot.guilds:
            assert guild.shard_id == (guild.id >> 22) % 2


async def test_scene_builder_reusable(make_emulator: MakeEmulator) -> None:
    emu = await make_emulator(global_limit=100)
    async with build_scene(emu) as scene:
        assert emu.rate_limits.global_limit == 100
        result = await emu.run_command(scene.admin, scene.channel.id, "echo", {"text": "ok"})
        assert result.content == "ok for nobody"


async def test_malformed_link_and_oversized_embeds_answer_discords_400(scene: Scene) -> None:
    channel = text_channel(scene, scene.channel.id)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(
            embed=discord.Embed(title="job", url="https://jobs.example/ai architect")
        )
    assert refused.value.status == 400
    assert refused.value.code == 50035
    assert "In embeds.0.url: Not a well formed URL." in refused.value.text
    five = [discord.Embed(title="t", description="d" * 1300) for _ in range(5)]
    with pytest.raises(discord.HTTPException) as too_big:
        await channel.send(embeds=five)
    assert "Embed size exceeds maximum size of 6000" in too_big.value.text
    assert scene.emu.channel_messages(scene.channel.id) == []
