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
import random
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.latency import Action, command, offer, start_bot, stop_bot
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


def _answer_id(message: Message, rng: random.Random) -> str | None:
    for custom_id in message.custom_ids():
        found = re.fullmatch(r"qz:a:(\d+):\d", custom_id)
        if found:
            return f"qz:a:{found.group(1)}:{rng.randint(0, 3)}"
    return None


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
            "/quiz play", rate, count, command(emu, people, channel_id, "quiz", subcommand="play")
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
                label, rate, count, command(emu, people, channel_id, "quiz", subcommand=sub)
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
                stop_bot(process)


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
