"""Deferrals, follow-ups, edits, ephemeral replies, files, mentions, limits and deadlines."""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from tests.emulator.conftest import MakeEmulator, Scene, build_scene
from tests.emulator.harness import tiny_png


class FakeClock:
    """A clock the test moves by hand: deadlines are judged on it, nobody sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_defer_followup_then_edit_original(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(scene.member, scene.channel.id, "slow")
    assert result.deferred
    assert result.response_type == 5
    message = result.message
    assert message is not None
    # The first follow-up fills in the "thinking" message; the edit then changes it.
    await emu.wait_until(lambda: message.content == "done")
    assert not message.loading
    assert [v.content for v in message.history] == ["working"]
    assert result.followups == []
    assert not result.ephemeral
    assert not result.failed


async def test_ephemeral_defer_and_reply(scene: Scene) -> None:
    emu = scene.emu
    deferred = await emu.run_command(scene.member, scene.channel.id, "slow", {"private": True})
    assert deferred.ephemeral
    secret = await emu.run_command(scene.member, scene.channel.id, "secret")
    assert secret.ephemeral
    assert secret.message is not None
    assert secret.message.flags & 64
    # Kept by the emulator, but not visible to anyone reading the channel through the API.
    listed = await scene.bot.http.logs_from(scene.channel.id, 50)
    assert secret.message.id not in [int(m["id"]) for m in listed]
    assert secret.message in emu.channel_messages(scene.channel.id)


async def test_late_answer_is_refused_and_recorded(make_emulator: MakeEmulator) -> None:
    clock = FakeClock()
    emu = await make_emulator(clock=clock)
    async with build_scene(emu) as scene:
        task = asyncio.create_task(emu.run_command(scene.member, scene.channel.id, "late"))
        await asyncio.wait_for(scene.bot.started.wait(), 5)
        clock.now += 3.5
        scene.bot.release.set()
        result = await task
        assert result.late
        assert result.failed
        assert result.response_type is None
        assert [f.kind for f in emu.failures] == ["late_ack"]
        await asyncio.wait_for(scene.bot.failed.wait(), 5)
        error = scene.bot.errors[0]
        assert isinstance(error, discord.NotFound)
        assert error.code == 10062


async def test_interaction_token_lasts_fifteen_minutes(make_emulator: MakeEmulator) -> None:
    clock = FakeClock()
    emu = await make_emulator(clock=clock)
    async with build_scene(emu) as scene:
        result = await emu.run_command(scene.member, scene.channel.id, "secret")
        webhook = f"{emu.api_base}/webhooks/{emu.application_id}/{result.record.token}"
        async with aiohttp.ClientSession() as http:
            fresh = await http.post(webhook, json={"content": "still here"}, params={"wait": "1"})
            assert fresh.status == 200
            clock.now += 15 * 60 + 1
            stale = await http.post(webhook, json={"content": "too late"}, params={"wait": "1"})
            assert stale.status == 401
            assert (await stale.json())["code"] == 50027
        assert [m.content for m in result.followups] == ["still here"]
        assert emu.failures[-1].kind == "expired_token"


async def test_png_attachment_is_kept_and_served(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(scene.member, scene.channel.id, "card")
    message = result.message
    assert message is not None
    [attachment] = message.attachments
    assert attachment.filename == "card.png"
    assert attachment.content_type == "image/png"
    assert attachment.data == tiny_png()
    assert (attachment.width, attachment.height) == (3, 2)
    assert message.embeds[0]["image"]["url"] == "attachment://card.png"
    async with aiohttp.ClientSession() as http, http.get(attachment.url) as response:
        assert await response.read() == tiny_png()


async def test_allowed_mentions_recorded(scene: Scene) -> None:
    emu = scene.emu
    emu.set_bot_permissions(scene.guild.id, 8)  # Administrator: a ping would really happen
    careful = await emu.run_command(scene.member, scene.channel.id, "shout")
    assert careful.message is not None
    assert careful.message.allowed_mentions == {"parse": []}
    assert not careful.message.pings.any_mass_ping
    careless = await emu.run_command(scene.member, scene.channel.id, "shout", {"careful": False})
    assert careless.message is not None
    assert careless.message.pings.everyone


async def test_discord_limits_refuse_oversized_reply(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(scene.member, scene.channel.id, "essay")
    assert result.failed
    assert result.response_type is None
    assert emu.failures[0].kind == "invalid_body"
    assert "content" in emu.failures[0].detail
    await asyncio.wait_for(scene.bot.failed.wait(), 5)
    error = scene.bot.errors[0]
    assert isinstance(error, discord.HTTPException)
    assert error.status == 400
    assert error.code == 50035


async def test_followup_edit_and_original_delete(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(scene.member, scene.channel.id, "tidy")
    original = result.message
    assert original is not None
    await emu.wait_until(lambda: original.deleted)
    [followup] = result.followups
    assert followup.content == "second, edited"
    assert [v.content for v in followup.history] == ["second"]
    assert emu.channel_messages(scene.channel.id) == [followup]
    everything = emu.channel_messages(scene.channel.id, include_deleted=True)
    assert everything == [original, followup]


async def test_deferred_update_completed_by_a_channel_edit(scene: Scene) -> None:
    emu = scene.emu
    opened = await emu.run_command(scene.member, scene.channel.id, "touch")
    assert opened.message is not None
    clicked = await emu.click(scene.member, opened.message, "touch:go")
    assert clicked.response_type == 6
    assert clicked.deferred
    assert clicked.message is opened.message
    assert opened.message.content == "touched"
    assert not clicked.failed


async def test_bot_posts_edits_and_deletes_in_a_channel(scene: Scene) -> None:
    emu = scene.emu
    channel = scene.bot.get_channel(scene.channel.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("draft", embed=discord.Embed(title="T", description="D"))
    await sent.edit(content="final")
    [stored] = emu.channel_messages(scene.channel.id)
    assert stored.content == "final"
    assert stored.embeds[0]["title"] == "T"
    assert stored.history[0].content == "draft"
    fetched = await channel.fetch_message(sent.id)
    assert fetched.content == "final"
    assert fetched.edited_at is not None
    await sent.delete()
    assert stored.deleted
    assert emu.channel_messages(scene.channel.id) == []
