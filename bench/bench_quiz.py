"""Quiz benchmark: latency of /quiz play, answer clicks, /quiz review and /quiz leaderboard
through the emulator, with a realistic quiz history in the database.

The bot runs as its own process (`archbot run` pointed at the emulator, as bench_bot.py does),
so the load generator and the emulator do not steal its CPU. Before it starts, the database
holds 10,000 members with 20 answered questions each in the benchmark server (200,000 attempts
and as many FSRS cards), so the anti-farming lookup, the card update and the leaderboard's
GROUP BY work on real volumes.

Commands and clicks are offered open-loop at 50 and 200 per second; each figure is p50/p95/p99
from dispatch to the callback reaching the emulator, against a baseline measured in the same
run: /help, which touches neither the database nor the content.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.quiz import cards
from content import load_content
from discord_emulator import Emulator, InteractionResult, Member, Message
from store import Database, migrate, open_db, quiz_cards, quiz_settings, transaction
from store import quiz as quiz_store

MEMBERS_IN_DB = 10_000
ATTEMPTS_EACH = 20
MEMBERS_ONLINE = 400
RATES = (50, 200)
SECONDS_PER_RATE = 5


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
            f"{self.label:<32} {self.offered:>4}/s  n={len(self.samples):>5}  "
            f"p50 {self.pct(0.50):6.1f} ms  p95 {self.pct(0.95):6.1f} ms  "
            f"p99 {self.pct(0.99):6.1f} ms  failures {self.failures}"
        )
        if baseline is not None and baseline.samples:
            ratio = self.pct(0.99) / max(baseline.pct(0.99), 0.001)
            text += f"  (p99 x{ratio:.2f} of /help)"
        return text


def _history(db: Database, guild_id: int, user_ids: list[int]) -> None:
    content = load_content()
    questions = list(content.questions)
    rng = random.Random(11)
    now = datetime.now(UTC)
    made: dict[tuple[str, bool, int], cards.CardState] = {}  # FSRS is the slow part here
    with transaction(db):
        for user_id in user_ids:
            for question in rng.sample(questions, ATTEMPTS_EACH):
                days = rng.randint(0, 30)
                at = now - timedelta(days=days)
                correct = rng.random() < 0.7
                quiz_store.insert_attempt(
                    db,
                    user_id=user_id,
                    guild_id=guild_id,
                    question_id=question.id,
                    step=question.step,
                    difficulty=question.difficulty,
                    source="play",
                    correct=correct,
                    repeat=False,
                    points=question.difficulty if correct else 0,
                    now=at,
                )
                key = (question.id, correct, days)
                if key not in made:
                    made[key] = cards.review(question.id, None, cards.rating_for(correct, 5.0), at)
                card = made[key]
                quiz_cards.save_card(db, user_id, question.id, card.data, card.due, at)


def prepare_database(path: Path, guild_id: int, online: list[Member]) -> None:
    db = open_db(path)
    migrate(db)
    now = datetime.now(UTC)
    # Long solo time limit: the bench measures answers, not the timer's edits.
    quiz_settings.update_quiz_settings(db, guild_id, "Bench", now, solo_seconds=600)
    ids = [m.id for m in online] + [10**17 + n for n in range(MEMBERS_IN_DB - len(online))]
    _history(db, guild_id, ids)
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


Action = Callable[[int], Coroutine[Any, Any, InteractionResult]]


async def offer(label: str, rate: int, count: int, action: Action) -> Latency:
    """Start `action(n)` `rate` times per second without waiting for answers."""
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


def _answer_id(message: Message, rng: random.Random) -> str | None:
    for custom_id in message.custom_ids():
        found = re.fullmatch(r"qz:a:(\d+):\d", custom_id)
        if found:
            return f"qz:a:{found.group(1)}:{rng.randint(0, 3)}"
    return None


def command(
    emu: Emulator, people: list[Member], channel_id: int, name: str, sub: str | None = None
) -> Action:
    async def act(n: int) -> InteractionResult:
        return await emu.run_command(people[n % len(people)], channel_id, name, subcommand=sub)

    return act


def clicks_on(emu: Emulator, asked: list[tuple[Member, Message, str]]) -> Action:
    async def act(n: int) -> InteractionResult:
        member, message, custom_id = asked[n]
        return await emu.click(member, message, custom_id)

    return act


async def latency_part(emu: Emulator, people: list[Member], channel_id: int) -> None:
    rng = random.Random(3)
    for rate in RATES:
        count = rate * SECONDS_PER_RATE
        baseline = await offer(
            "/help (baseline)", rate, count, command(emu, people, channel_id, "help")
        )
        print("  " + baseline.line())
        plays = await offer(
            "/quiz play", rate, count, command(emu, people, channel_id, "quiz", "play")
        )
        print("  " + plays.line(baseline))
        by_id = {p.id: p for p in people}
        asked: list[tuple[Member, Message, str]] = []
        for result in plays.results:
            message = result.message
            custom_id = _answer_id(message, rng) if message is not None else None
            if message is not None and custom_id is not None:
                asked.append((by_id[result.record.user_id], message, custom_id))
        clicks = await offer("answer click", rate, len(asked), clicks_on(emu, asked))
        print("  " + clicks.line(baseline))
        for label, sub in (("/quiz review", "review"), ("/quiz leaderboard (week)", "leaderboard")):
            measured = await offer(
                label, rate, count, command(emu, people, channel_id, "quiz", sub)
            )
            print("  " + measured.line(baseline))
    print("  aim: p99 under 100 ms at 200/s with no failures")


async def run() -> None:
    with tempfile.TemporaryDirectory(prefix="archbot-bench-quiz-") as tmp:
        db_path = Path(tmp) / "bench.db"
        async with Emulator(bot_name="ArchBot") as emu:
            guild = emu.create_guild("Bench")
            channel_id = guild.channel_ids[0]
            people = [emu.create_member(guild.id, f"m{n}") for n in range(MEMBERS_ONLINE)]
            started = time.perf_counter()
            await asyncio.to_thread(prepare_database, db_path, guild.id, people)
            print(
                f"database prepared in {time.perf_counter() - started:.1f} s: "
                f"{MEMBERS_IN_DB:,} members, {MEMBERS_IN_DB * ATTEMPTS_EACH:,} attempts and cards"
            )
            process = start_bot(emu, db_path, guild.id)
            try:
                await emu.wait_until_ready(timeout=60)
                await emu.wait_for_commands(guild.id, timeout=60)
                await latency_part(emu, people, channel_id)
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
