"""Scale benchmark: the bot and the matching worker at 1k x 5k and 10k x 50k (members x open
postings), and 50k x 200k with `--large` (`make bench-large`), with growth ratios between sizes.

For each size, on generated data (`bench.scale_data`) in a fresh database:
1. the worker's full rebuild, as an operator runs it (`archbot worker`, its own process): time
   from its start of the rebuild to "ready" (index built and every member's kept matches
   written), its peak resident memory, and the database size afterwards;
2. the bot, as an operator starts it (`archbot run`, which starts its own worker process):
   seconds from the process start until `/jobs` is answered, and the bot process's resident
   memory then (the worker's memory is its own);
3. `/jobs` and `/quiz play` offered open-loop at 200/s while worker rebuilds run back to back
   in the background: p50/p95/p99 from dispatch to the callback reaching the emulator;
4. in this process, 1,000 new postings added to the index holding every member and posting.

The baseline, measured in the same run on a fresh emulator of the same kind: a bare discord.py
bot (`bench.bare_bot`, one `/ping` command) started as its own process: time until `/ping` is
answered, its resident memory, and its `/ping` p99 at 200/s, once on a quiet machine and once
with the same background rebuilds running (the machine has two cores, shared by the emulator,
the load generator, the bot and the worker).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.bench_matching import Popularity, make_postings, make_profiles
from bench.latency import Latency, command, offer, start_bot, stop_bot
from bench.scale_data import generate
from content import load_content
from discord_emulator import Emulator, Guild
from matcher.bounded import BoundedMatchIndex
from matcher.taxonomy import taxonomy_of
from store import matches, open_db

SIZES = ((1_000, 5_000), (10_000, 50_000))
LARGE = ((10_000, 50_000), (50_000, 200_000))
ONLINE = 300
RATE = 200
SECONDS = 5
NEW_POSTINGS = 1_000
ARCHBOT = [sys.executable, "-c", "from archbot.cli import main; main()"]


def proc_mb(pid: int, field_name: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of a process, in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def db_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def read_status(path: Path, pid: int) -> dict[str, object] | None:
    db = open_db(path)
    try:
        return matches.worker_status(db, pid)
    finally:
        db.close()


def worker_env(path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(DATABASE_PATH=str(path), SCRAPE_INTERVAL_MINUTES="0", LOG_LEVEL="WARNING")
    return env


async def wait_ready(path: Path, pid: int, process: subprocess.Popen[bytes]) -> dict[str, object]:
    """Wait until the worker `pid` reports ready (reading the status row every 100 ms)."""
    while True:
        status = await asyncio.to_thread(read_status, path, pid)
        if status and status["phase"] == "ready":
            return status
        if process.poll() is not None:
            raise RuntimeError(f"the worker stopped with status {process.returncode}")
        await asyncio.sleep(0.1)


@dataclass
class Rebuild:
    seconds: float
    peak_mb: float


def spawn_worker(path: Path, *, beside_bot: bool) -> subprocess.Popen[bytes]:
    """`archbot worker`; `beside_bot`: as `archbot run` starts it (as a child, at nice 10)."""
    extra = ["--parent", str(os.getpid())] if beside_bot else []
    return subprocess.Popen(
        [*ARCHBOT, "worker", *extra], env=worker_env(path), stdin=subprocess.DEVNULL
    )


async def one_rebuild(path: Path, *, beside_bot: bool = False) -> Rebuild:
    process = spawn_worker(path, beside_bot=beside_bot)
    try:
        status = await wait_ready(path, process.pid, process)
        peak = proc_mb(process.pid, "VmHWM")
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 60)
    started = datetime.fromisoformat(str(status["started_at"]))
    ready = datetime.fromisoformat(str(status["ready_at"]))
    return Rebuild((ready - started).total_seconds(), peak)


@contextlib.asynccontextmanager
async def rebuilds_running(path: Path) -> AsyncIterator[list[Rebuild]]:
    """Worker rebuilds back to back in the background, until the block ends."""
    done: list[Rebuild] = []
    stop = asyncio.Event()

    async def loop() -> None:
        while not stop.is_set():
            done.append(await one_rebuild(path, beside_bot=True))

    task = asyncio.create_task(loop())
    try:
        yield done
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, timeout=600)


@dataclass
class Started:
    seconds: float
    rss_mb: float


async def first_answer(
    emu: Emulator, process: subprocess.Popen[bytes], began: float, guild: Guild, name: str
) -> Started:
    """Wait for the gateway and the command (events of the emulator), then ask once."""
    await emu.wait_until_ready(timeout=600)
    await emu.wait_until(lambda: any(c["name"] == name for c in emu.commands(guild.id)), 600)
    member = emu.create_member(guild.id, "first")
    result = await emu.run_command(member, guild.channel_ids[0], name)
    if result.failed:
        raise RuntimeError(f"/{name} failed: {result.errors}")
    return Started(time.monotonic() - began, proc_mb(process.pid, "VmRSS"))


def start_bare(emu: Emulator, guild_id: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        DISCORD_TOKEN=emu.bot_token,
        DISCORD_API_BASE=emu.api_base,
        DISCORD_GATEWAY_URL=emu.gateway_url,
        DEV_GUILD_ID=str(guild_id),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bench.bare_bot"], env=env, stdin=subprocess.DEVNULL
    )


@dataclass
class Figures:
    members: int
    postings: int
    rebuild: Rebuild = field(default_factory=lambda: Rebuild(0, 0))
    restart: Rebuild = field(default_factory=lambda: Rebuild(0, 0))
    db_mb: float = 0.0
    kept_pairs: int = 0
    bot: Started = field(default_factory=lambda: Started(0, 0))
    bare: Started = field(default_factory=lambda: Started(0, 0))
    incremental_s: float = 0.0
    lines: list[str] = field(default_factory=list)


async def bare_part(figures: Figures, path: Path) -> tuple[Latency, Latency]:
    async with Emulator(bot_name="Bare") as emu:
        guild = emu.create_guild("Bare")
        people = [emu.create_member(guild.id, f"b{n}") for n in range(ONLINE)]
        began = time.monotonic()
        process = start_bare(emu, guild.id)
        try:
            figures.bare = await first_answer(emu, process, began, guild, "ping")
            act = command(emu, people, guild.channel_ids[0], "ping")
            quiet = await offer("/ping, bare bot, quiet", RATE, RATE * SECONDS, act)
            async with rebuilds_running(path):
                busy = await offer("/ping, bare bot, rebuilds", RATE, RATE * SECONDS, act)
        finally:
            stop_bot(process)
    return quiet, busy


async def ours_part(figures: Figures, path: Path, emu: Emulator, guild: Guild) -> None:
    people = [emu.create_member(guild.id, f"m{n}") for n in range(ONLINE)]
    ids = [p.id for p in people] + [10**17 + n for n in range(figures.members - ONLINE)]
    began = time.perf_counter()
    await asyncio.to_thread(generate, path, ids, figures.postings)
    print(f"  data generated in {time.perf_counter() - began:.0f} s", flush=True)
    figures.rebuild = await one_rebuild(path)  # the first: every kept row is written
    figures.restart = await one_rebuild(path)  # a restart: only what differs is written
    figures.db_mb = db_mb(path)
    db = open_db(path)
    try:
        figures.kept_pairs = len(matches.match_scores(db))
    finally:
        db.close()
    began_bot = time.monotonic()
    process = start_bot(emu, path, guild.id)
    try:
        figures.bot = await first_answer(emu, process, began_bot, guild, "jobs")
        channel = guild.channel_ids[0]
        async with rebuilds_running(path) as done:
            jobs = await offer("/jobs", RATE, RATE * SECONDS, command(emu, people, channel, "jobs"))
            play = command(emu, people, channel, "quiz", subcommand="play")
            quiz = await offer("/quiz play", RATE, RATE * SECONDS, play)
        figures.lines += [jobs.line(), quiz.line(), f"  ({len(done)} rebuilds finished meanwhile)"]
        figures.lines.append(f"__p99 {jobs.pct(0.99)} {quiz.pct(0.99)}")
    finally:
        stop_bot(process)


def incremental(figures: Figures) -> float:
    """1,000 new postings against every member, in the worker's index (this process)."""
    taxonomy = taxonomy_of(load_content().skills)
    rng = random.Random(11)
    pop = Popularity(taxonomy, rng)
    index = BoundedMatchIndex(taxonomy)
    index.logging = False
    for profile in make_profiles(pop, rng, figures.members):
        index.upsert_member(profile)
    index.add_postings(make_postings(pop, rng, 0, figures.postings), report=False)
    index.take_changes()
    index.logging = True
    index.set_alert_thresholds(dict.fromkeys(range(0, figures.members, 3), 60.0))
    batch = make_postings(pop, rng, figures.postings, NEW_POSTINGS)
    gc.collect()
    began = time.perf_counter()
    index.add_postings(batch, report=False)
    changes = index.take_changes()
    took = time.perf_counter() - began
    print(
        f"  {NEW_POSTINGS:,} new postings against {figures.members:,} members: {took:.2f} s "
        f"({len(changes.kept):,} pairs kept anew, {len(changes.dropped):,} trimmed, "
        f"{len(changes.alerts):,} over an alert threshold)",
        flush=True,
    )
    return took


async def measure(members: int, postings: int) -> Figures:
    figures = Figures(members, postings)
    print(f"\n-- {members:,} members x {postings:,} postings --", flush=True)
    with tempfile.TemporaryDirectory(prefix="archbot-scale-") as tmp:
        path = Path(tmp) / "scale.db"
        async with Emulator(bot_name="ArchBot") as emu:
            guild = emu.create_guild("Scale")
            await ours_part(figures, path, emu, guild)
        quiet, busy = await bare_part(figures, path)
    p99 = figures.lines.pop().split()[1:]
    print(
        f"  worker full rebuild: {figures.rebuild.seconds:.1f} s the first time (every kept "
        f"row written), {figures.restart.seconds:.1f} s at a restart; peak memory "
        f"{figures.rebuild.peak_mb:,.0f} / {figures.restart.peak_mb:,.0f} MB; "
        f"{figures.kept_pairs:,} kept pairs; database {figures.db_mb:,.0f} MB"
    )
    print(
        f"  start until the first command is answered: ours {figures.bot.seconds:.2f} s, bare "
        f"{figures.bare.seconds:.2f} s (x{figures.bot.seconds / figures.bare.seconds:.2f}); "
        f"resident memory: ours {figures.bot.rss_mb:,.0f} MB, bare {figures.bare.rss_mb:,.0f} MB"
    )
    print("  " + quiet.line())
    print("  " + busy.line())
    for line in figures.lines:
        print("  " + line)
    jobs_p99, quiz_p99 = (float(x) for x in p99)
    for label, value in (("/jobs", jobs_p99), ("/quiz play", quiz_p99)):
        print(
            f"  {label} p99 x{value / max(quiet.pct(0.99), 0.001):.2f} of the quiet bare bot, "
            f"x{value / max(busy.pct(0.99), 0.001):.2f} of the bare bot beside the same rebuilds"
        )
    figures.incremental_s = await asyncio.to_thread(incremental, figures)
    return figures


def growth(small: Figures, big: Figures) -> None:
    data = (big.members + big.postings) / (small.members + small.postings)
    pairs = (big.members * big.postings) / (small.members * small.postings)
    print(
        f"\ngrowth from {small.members:,} x {small.postings:,} to {big.members:,} x "
        f"{big.postings:,}: members + postings x{data:.1f} (members x postings x{pairs:.0f})"
    )
    for label, a, b in (
        ("worker first rebuild", small.rebuild.seconds, big.rebuild.seconds),
        ("worker restart rebuild", small.restart.seconds, big.restart.seconds),
        ("worker peak memory", small.rebuild.peak_mb, big.rebuild.peak_mb),
        ("database size", small.db_mb, big.db_mb),
        ("kept pairs", small.kept_pairs, big.kept_pairs),
        ("bot start", small.bot.seconds, big.bot.seconds),
        ("bot resident memory", small.bot.rss_mb, big.bot.rss_mb),
        ("1,000 new postings", small.incremental_s, big.incremental_s),
    ):
        print(f"  {label:<22} x{b / max(a, 1e-9):.2f}")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sizes = LARGE if "--large" in args else SIZES
    results = [asyncio.run(measure(m, p)) for m, p in sizes]
    growth(results[0], results[1])


if __name__ == "__main__":
    main()
