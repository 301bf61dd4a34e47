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
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from content import load_content
from discord_emulator import Emulator, InteractionResult, Member
from store import guilds, members, migrate, open_db

MEMBERS_IN_DB = 10_000
MEMBERS_ONLINE = 400
RATES = (50, 200)
SECONDS_PER_RATE = 10
FANOUT_SERVERS = 2_000
GLOBAL_LIMIT = 50


@dataclass
class Latency:
    label: str
    offered: int
    samples: list[float]
    failures: int

    def pct(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def line(self, baseline: Latency | None = None) -> str:
        text = (
            f"{self.label:<34} {self.offered:>4}/s  n={len(self.samples):>5}  "
            f"p50 {self.pct(0.50):6.1f} ms  p95 {self.pct(0.95):6.1f} ms  "
            f"p99 {self.pct(0.99):6.1f} ms  failures {self.failures}"
        )
        if baseline is not None and baseline.samples:
            ratio = self.pct(0.99) / max(baseline.pct(0.99), 0.001)
            text += f"  (p99 x{ratio:.2f} of /help)"
        return text


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


def start_bot(emu: Emulator, db_path: Path, guild_id: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        DISCORD_TOKEN=emu.bot_token,
        DISCORD_API_BASE=emu.api_base,
        DISCORD_GATEWAY_URL=emu.gateway_url,
        DATABASE_PATH=str(db_path),
        DEV_GUILD_ID=str(guild_id),
        LOG_LEVEL="WARNING",
        SCRAPE_INTERVAL_MINUTES="0",  # no job-board traffic: this bench is about Discord
    )
    exe = Path(sys.executable).parent / "archbot"
    return subprocess.Popen(
        [str(exe), "--env-file", os.devnull, "run"], env=env, stdin=subprocess.DEVNULL
    )


async def offer(
    emu: Emulator,
    people: list[Member],
    channel_id: int,
    label: str,
    rate: int,
    command: str,
    options: Mapping[str, object] | None = None,
) -> Latency:
    """Send `rate` commands per second for a fixed time, without waiting for answers."""
    total = rate * SECONDS_PER_RATE
    start = time.monotonic()
    tasks: list[asyncio.Task[InteractionResult]] = []
    for n in range(total):
        due = start + n / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        member = people[n % len(people)]
        tasks.append(
            asyncio.create_task(emu.run_command(member, channel_id, command, dict(options or {})))
        )
    results = await asyncio.gather(*tasks, return_exceptions=True)
    samples: list[float] = []
    failures = 0
    for result in results:
        if isinstance(result, BaseException) or result.failed:
            failures += 1
            continue
        record = result.record
        if record.responded_at is not None:
            samples.append((record.responded_at - record.created_at) * 1000)
    return Latency(label, rate, samples, failures)


async def latency_part(emu: Emulator, people: list[Member], channel_id: int) -> None:
    print(f"Part 1: command latency, {MEMBERS_IN_DB:,} members' progress in the database")
    for rate in RATES:
        baseline = await offer(emu, people, channel_id, "/help (baseline)", rate, "help")
        print("  " + baseline.line())
        for label, command, options in (
            ("/roadmap (progress overview)", "roadmap", None),
            ("/roadmap step:5 (one step)", "roadmap", {"step": "5"}),
            ("/tip (unseen tip, writes)", "tip", None),
        ):
            measured = await offer(emu, people, channel_id, label, rate, command, options)
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
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
