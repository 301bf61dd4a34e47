"""What the latency benchmarks share: the bot started as its own process against the emulator,
open-loop load, and percentiles from dispatch to the bot's callback reaching the emulator."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discord_emulator import Emulator, InteractionResult, Member

Action = Callable[[int], Coroutine[Any, Any, InteractionResult]]


@dataclass
class Latency:
    label: str
    offered: int
    samples: list[float]
    failures: int
    results: list[InteractionResult] = field(default_factory=list)

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
            text += f"  (p99 x{ratio:.2f} of {baseline.label.split()[0]})"
        return text


def start_bot(emu: Emulator, db_path: Path, guild_id: int) -> subprocess.Popen[bytes]:
    """`archbot run` as an operator starts it, pointed at the emulator through its settings."""
    env = dict(os.environ)
    env.update(
        DISCORD_TOKEN=emu.bot_token,
        DISCORD_API_BASE=emu.api_base,
        DISCORD_GATEWAY_URL=emu.gateway_url,
        DATABASE_PATH=str(db_path),
        DEV_GUILD_ID=str(guild_id),
        LOG_LEVEL="WARNING",
        SCRAPE_INTERVAL_MINUTES="0",  # no job-board traffic: these benches are about Discord
    )
    exe = Path(sys.executable).parent / "archbot"
    return subprocess.Popen([str(exe), "run"], env=env, stdin=subprocess.DEVNULL)


def stop_bot(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def command(
    emu: Emulator,
    people: list[Member],
    channel_id: int,
    name: str,
    options: Mapping[str, object] | None = None,
    subcommand: str | None = None,
) -> Action:
    """A slash command sent by the members in turn."""

    async def act(n: int) -> InteractionResult:
        member = people[n % len(people)]
        return await emu.run_command(
            member, channel_id, name, dict(options or {}), subcommand=subcommand
        )

    return act


async def offer(label: str, rate: int, count: int, action: Action) -> Latency:
    """Start `action(n)` `rate` times per second without waiting for answers (open loop)."""
    start = time.monotonic()
    tasks: list[asyncio.Task[InteractionResult]] = []
    for n in range(count):
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(action(n)))
    results = await asyncio.gather(*tasks, return_exceptions=True)
    samples: list[float] = []
    failures = 0
    for result in results:
        if isinstance(result, BaseException) or result.failed:
            failures += 1
            continue
        if result.record.responded_at is not None:
            samples.append((result.record.responded_at - result.record.created_at) * 1000)
    answered = [r for r in results if isinstance(r, InteractionResult)]
    return Latency(label, rate, samples, failures, answered)
