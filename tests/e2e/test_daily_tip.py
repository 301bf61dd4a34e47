"""The daily tip through the emulator: on time in the server's zone, exactly once across
restarts and rival processes, failures shown to admins, paced under Discord's limits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from archbot.local import LocalBot, ManualClock
from discord_emulator import Message, Permission
from store import daily_tips, guilds
from tests.e2e.conftest import Server, StartBot

# 09:00 in Paris on Monday 1 June 2026 (summer time, UTC+2) is 07:00 UTC.
SLOT = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)


async def enable(bot: LocalBot, server: Server, **extra: object) -> None:
    await bot.services.db(
        guilds.update_guild_settings,
        server.guild.id,
        server.guild.name,
        bot.services.now(),
        tip_channel_id=server.tips.id,
        tip_time="09:00",
        timezone="Europe/Paris",
        tips_enabled=1,
        **extra,
    )


def posts(server: Server) -> list[Message]:
    return [
        m
        for m in server.emu.channel_messages(server.tips.id)
        if m.author_id == server.emu.bot_user_id
    ]


async def test_posts_once_at_local_time(server: Server, bot: LocalBot) -> None:
    await enable(bot, server)
    early = await bot.daily.tick(SLOT - timedelta(minutes=1))
    assert early.sent == 0
    assert posts(server) == []
    report = await bot.daily.tick(SLOT)
    assert report.sent == 1
    again = await bot.daily.tick(SLOT + timedelta(minutes=1))
    assert again.sent == 0
    [message] = posts(server)
    assert message.embeds[0]["title"] == "Daily roadmap tip"
    assert not message.pings.any_mass_ping


async def test_restart_before_at_and_after_the_slot_posts_exactly_once(
    server: Server, start_bot: StartBot
) -> None:
    async with start_bot() as bot:
        await enable(bot, server)
        await bot.daily.tick(SLOT - timedelta(seconds=30))
    async with start_bot() as bot:
        await bot.daily.tick(SLOT)
    async with start_bot() as bot:
        await bot.daily.tick(SLOT + timedelta(seconds=30))
        await bot.daily.tick(SLOT + timedelta(hours=1))
    assert len(posts(server)) == 1


async def test_missed_slot_is_posted_once_within_grace_only(
    server: Server, start_bot: StartBot
) -> None:
    async with start_bot() as bot:
        await enable(bot, server)
    # the bot was down at 09:00 and comes back at 10:30, inside the two-hour grace window
    async with start_bot() as bot:
        assert (await bot.daily.tick(SLOT + timedelta(minutes=90))).sent == 1
        assert (await bot.daily.tick(SLOT + timedelta(minutes=95))).sent == 0
    # the next day it comes back too late: nothing is posted for that day
    async with start_bot() as bot:
        late = await bot.daily.tick(SLOT + timedelta(days=1, hours=3))
        assert late.sent == 0
    assert len(posts(server)) == 1


async def test_two_processes_racing_post_once(server: Server, start_bot: StartBot) -> None:
    async with start_bot(instance_name="one") as first, start_bot(instance_name="two") as second:
        await enable(first, server)
        reports = await asyncio.gather(first.daily.tick(SLOT), second.daily.tick(SLOT))
    assert sum(r.sent for r in reports) == 1
    assert len(posts(server)) == 1


async def test_daylight_saving_change(server: Server, bot: LocalBot, clock: ManualClock) -> None:
    await enable(bot, server)
    # Paris springs forward on Sunday 29 March 2026: 09:00 is 08:00 UTC on the 28th, 07:00 after.
    saturday = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert (await bot.daily.tick(saturday)).sent == 1
    assert (await bot.daily.tick(sunday - timedelta(minutes=1))).sent == 0
    assert (await bot.daily.tick(sunday)).sent == 1
    records = await bot.services.db(daily_tips.daily_posts, server.guild.id)
    assert [r.local_date for r in records] == ["2026-03-28", "2026-03-29"]
    assert len({r.tip_id for r in records}) == 2  # no repeat


async def test_deleted_channel_is_recorded_and_shown_to_admins(
    server: Server, bot: LocalBot
) -> None:
    await enable(bot, server)
    server.emu.delete_channel(server.tips.id)
    report = await bot.daily.tick(SLOT)
    assert report.failed == 1
    last = await bot.services.db(daily_tips.last_daily_post, server.guild.id)
    assert last is not None
    assert last.status == "failed"
    assert "no longer exists" in (last.error or "")
    shown = await server.emu.run_command(
        server.manager, server.general.id, "settings", subcommand="show"
    )
    names = [f["name"] for f in shown.embeds[0]["fields"]]
    assert "⚠️ The last daily tip was not posted" in names
    # the next day is tried again (and fails again), never silently dropped
    assert (await bot.daily.tick(SLOT + timedelta(days=1))).failed == 1


async def test_missing_permission_is_recorded(server: Server, bot: LocalBot) -> None:
    await enable(bot, server)
    server.emu.deny_bot(server.tips.id, Permission.SEND_MESSAGES)
    report = await bot.daily.tick(SLOT)
    assert report.failed == 1
    last = await bot.services.db(daily_tips.last_daily_post, server.guild.id)
    assert last is not None
    assert "not allowed to post" in (last.error or "")
    assert posts(server) == []


async def test_fan_out_survives_rate_limits(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    channels = []
    for n in range(30):
        guild = emu.create_guild(f"Guild {n}")
        channels.append((guild, emu.channel(guild.channel_ids[0])))
    for guild, channel in channels:
        await bot.services.db(
            guilds.update_guild_settings,
            guild.id,
            guild.name,
            bot.services.now(),
            tip_channel_id=channel.id,
            timezone="Europe/Paris",
            tips_enabled=1,
        )
    # a tight global limit forces 429s in the middle of the fan-out
    emu.rate_limits.global_limit = 20
    report = await bot.daily.tick(SLOT)
    assert report.sent == 30
    assert report.failed == 0
    for _, channel in channels:
        assert len(emu.channel_messages(channel.id)) == 1
    assert emu.requests.rate_limited + emu.requests.global_rate_limited > 0  # 429s happened


async def test_dropped_connection_in_the_middle_of_use(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    before = await emu.run_command(server.member, server.general.id, "roadmap")
    assert not before.failed
    await emu.drop_connection(resume=True)
    after = await emu.run_command(server.member, server.general.id, "tip")
    assert not after.failed, after.errors
    assert before.message is not None
    click = await emu.click(server.member, before.message, "rm:steps", values=["maths"])
    assert not click.failed
    await emu.drop_connection(resume=False)  # a forced re-identify
    again = await emu.run_command(server.member, server.general.id, "help")
    assert not again.failed
    assert emu.resume_count >= 1
    assert emu.identify_count >= 2
