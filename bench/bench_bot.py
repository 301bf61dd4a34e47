"""Bot benchmark: command latency through the emulator, and the daily-tip fan-out.

The bot runs as its own process, started exactly as an operator would (`archbot run` with
DISCORD_TOKEN, DISCORD_API_BASE and DISCORD_GATEWAY_URL pointing at the emulator), so the
load generator and the emulator do not steal its CPU. The database holds 10,000 members'
roadmap progress before it starts.

Part 1 offers slash commands open-loop at 50 and 200 per second and reports p50/p95/p99 from
dispatch to the callback reaching the emulator, against a baseline measured in the same run:
/help, which touches neither the database nor any content lookup.

Part 2 switches the daily tip on in 2,000 servers for the same minute and times the fan-out
from first to last post, against the ideal under Discord's global 50 requests per second.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.latency import command, offer, start_bot, stop_bot
from content import load_content
from discord_emulator import Emulator, Member
from store import guilds, members, migrate, open_db

MEMBERS_IN_DB = 10_000
MEMBERS_ONLINE = 400
RATES = (50, 200)
SECONDS_PER_RATE = 10
FANOUT_SERVERS = 2_000
GLOBAL_LIMIT = 50


def prepare_database(path: Path, online: list[Member]) -> None:
    """10,000 members with progress on a spread of topics; the online ones among them."""
    content = load_content()
    topics = [t.id for s in content.steps for t in s.topics]
    rng = random.Random(7)
    db = open_db(path)
    migrate(db)
    now = datetime.now(UTC)
    ids = [m.id for m in online] + [10**17 + n for n in range(MEMBERS_IN_DB - len(online))]
    for user_id in ids:
        chosen = rng.sample(topics, rng.randint(3, 30))
        members.set_progress(db, user_id, chosen, "done", now)
    db.close()


async def latency_part(emu: Emulator, people: list[Member], channel_id: int) -> None:
    print(f"Part 1: command latency, {MEMBERS_IN_DB:,} members' progress in the database")
    for rate in RATES:
        count = rate * SECONDS_PER_RATE
        baseline = await offer(
            "/help (baseline)", rate, count, command(emu, people, channel_id, "help")
        )
        print("  " + baseline.line())
        for label, name, options in (
            ("/roadmap (progress overview)", "roadmap", None),
            ("/roadmap step:5 (one step)", "roadmap", {"step": "5"}),
            ("/tip (unseen tip, writes)", "tip", None),
        ):
            action = command(emu, people, channel_id, name, options)
            measured = await offer(label, rate, count, action)
            print("  " + measured.line(baseline))
    print("  aim: p99 under 100 ms at 200/s with no failures")


def enable_daily_tips(db_path: Path, pairs: list[tuple[int, int]], slot: datetime) -> None:
    db = open_db(db_path)
    now = datetime.now(UTC)
    for guild_id, channel_id in pairs:
        guilds.update_guild_settings(
            db,
            guild_id,
            "fan-out",
            now,
            tip_channel_id=channel_id,
            tip_time=slot.strftime("%H:%M"),
            timezone="UTC",
            tips_enabled=1,
        )
    db.close()


async def fanout_part(emu: Emulator, db_path: Path) -> None:
    print(f"\nPart 2: daily-tip fan-out to {FANOUT_SERVERS:,} servers")
    pairs: list[tuple[int, int]] = []
    for n in range(FANOUT_SERVERS):
        guild = emu.create_guild(f"Fan-out {n}")
        pairs.append((guild.id, guild.channel_ids[0]))
        if n % 50 == 0:
            await asyncio.sleep(0)  # let the emulator serve the bot's gateway meanwhile
    # Leave the bot's gateway time to receive the new servers before their slot arrives.
    slot = (datetime.now(UTC) + timedelta(minutes=2)).replace(second=0, microsecond=0)
    await asyncio.to_thread(enable_daily_tips, db_path, pairs, slot)
    channels = [channel for _, channel in pairs]
    wanted = set(channels)

    def all_posted() -> bool:
        return all(emu.channel_messages(c) for c in wanted)

    print(f"  slot {slot:%H:%M} UTC; waiting for the scheduler's tick and the fan-out…")
    await emu.wait_until(all_posted, timeout=600)
    times = sorted(emu.channel_messages(c)[0].created_at for c in channels)
    spread = (times[-1] - times[0]).total_seconds()
    ideal = FANOUT_SERVERS / GLOBAL_LIMIT
    limited = emu.requests.rate_limited + emu.requests.global_rate_limited
    doubles = sum(1 for c in channels if len(emu.channel_messages(c)) != 1)
    print(
        f"  {FANOUT_SERVERS} posts in {spread:.1f} s; ideal {ideal:.1f} s "
        f"({FANOUT_SERVERS} / {GLOBAL_LIMIT} per s): ratio {spread / ideal:.2f}x "
        "(aim: within 1.2x)"
    )
    print(
        f"  429 answers during the whole run: {limited}; servers not posted exactly once: {doubles}"
    )


async def run() -> None:
    with tempfile.TemporaryDirectory(prefix="archbot-bench-") as tmp:
        db_path = Path(tmp) / "bench.db"
        async with Emulator(bot_name="ArchBot", global_limit=GLOBAL_LIMIT) as emu:
            guild = emu.create_guild("Bench")
            channel_id = guild.channel_ids[0]
            people = [emu.create_member(guild.id, f"m{n}") for n in range(MEMBERS_ONLINE)]
            started = time.perf_counter()
            prepare_database(db_path, people)
            print(f"database prepared in {time.perf_counter() - started:.1f} s")
            process = start_bot(emu, db_path, guild.id)
            try:
                await emu.wait_until_ready(timeout=60)
                await emu.wait_for_commands(guild.id, timeout=60)
                await latency_part(emu, people, channel_id)
                await fanout_part(emu, db_path)
            finally:
                stop_bot(process)


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
