"""The bot never waits for matching: it answers from the stored index while the matching worker
(a process of its own) has not finished, and a profile change made through the bot reaches the
member's /jobs through the worker's queue. `archbot run` starts its worker as a child process
and stops it with the bot."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archbot.botrun import run_bot
from archbot.settings import Settings, load_settings
from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine
from content import load_content
from discord_emulator import Emulator
from discord_emulator.pointing import pointed_at
from matcher.taxonomy import taxonomy_of
from scrapers.posting import Posting
from store import Database, matches, migrate, open_db, profiles, upsert_postings

T0 = datetime(2026, 5, 1, tzinfo=UTC)
MEMBERS = 1_000
POSTINGS = 2_500
POOL = ["Python", "PyTorch", "SQL", "Docker", "AWS", "Terraform", "Apache Spark", "Go", "Scala"]


def generated_postings() -> list[Posting]:
    """Most postings ask for Kubernetes and two more skills; every tenth for Rust and Haskell."""
    rng = random.Random(5)
    found = []
    for n in range(POSTINGS):
        if n % 10 == 0:
            title, skills = f"Opening S{n}", ["Rust", "Haskell"]
        else:
            title, skills = f"Opening P{n}", ["Kubernetes", *rng.sample(POOL, 2)]
        found.append(
            Posting(
                kind="greenhouse",
                key="big",
                source_id=str(n),
                url=f"https://boards.example/big/{n}",
                title=title,
                company=f"Company {n}",
                remote="remote",
                posted_at=T0 + timedelta(minutes=n),
                description="Requirements\n- " + "\n- ".join(skills) + "\n",
            )
        )
    return found


def seed_members(db_path: Path, ada: int) -> None:
    db = open_db(db_path)
    try:
        migrate(db)
        upsert_postings(db, "greenhouse", "big", generated_postings(), T0)
        rng = random.Random(9)
        pool = ["python", "pytorch", "sql", "docker", "aws", "go"]
        people = [(10**15 + n, [*rng.sample(pool, 3), "kubernetes"]) for n in range(MEMBERS)]
        for user_id, skills in [*people, (ada, ["kubernetes"])]:
            profiles.save_profile(
                db,
                user_id,
                skills=skills,
                experience=None,
                location=None,
                remote="any",
                target_roles="",
                now=T0,
            )
    finally:
        db.close()


async def seed_index(db_path: Path, ada: int) -> None:
    """A large stored index, as a worker that ran before would have left it."""
    await asyncio.to_thread(seed_members, db_path, ada)
    runner = DbRunner(db_path)
    await runner.start()
    try:
        engine = MatchEngine(taxonomy_of(load_content().skills), clock=lambda: T0)
        await engine.sync_postings(runner)
    finally:
        await runner.close()


def bot_settings(emu: Emulator, db_path: Path, guild_id: int, **more: object) -> Settings:
    return load_settings(
        env_file=None,
        discord_api_base=emu.api_base,
        discord_gateway_url=emu.gateway_url,
        discord_token=emu.bot_token,
        database_path=db_path,
        dev_guild_id=guild_id,
        scrape_interval_minutes=0,  # tests reach only 127.0.0.1: the worker only matches
        **more,
    )


@contextlib.contextmanager
def worker_process(db_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`archbot worker` as an operator starts it beside the bot."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(DATABASE_PATH=str(db_path), SCRAPE_INTERVAL_MINUTES="0", LOG_LEVEL="WARNING")
    command = [sys.executable, "-c", "from archbot.cli import main; main()"]
    process = subprocess.Popen([*command, "worker"], env=env, stdin=subprocess.DEVNULL)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def until(db_path: Path, check: Callable[[Database], bool]) -> None:
    """Wait (at most a minute) for another process to bring the database to a state; the
    database is read again every 50 ms."""

    def holds() -> bool:
        db = open_db(db_path)
        try:
            return check(db)
        finally:
            db.close()

    async with asyncio.timeout(60):
        # Another process's writes raise no event here: the database is the only signal.
        while not await asyncio.to_thread(holds):  # noqa: ASYNC110
            await asyncio.sleep(0.05)


def process_gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" in status.read_text(encoding="ascii").lower()


def worker_ready(db: Database) -> bool:
    status = matches.worker_status(db)  # the worker heard from last
    return status is not None and status["phase"] == "ready"


async def test_the_bot_answers_while_the_worker_is_paused_then_a_change_reaches_jobs(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "big.db"
    async with Emulator(bot_name="ArchBot") as emu:
        guild = emu.create_guild("Big")
        channel = guild.channel_ids[0]
        ada = emu.create_member(guild.id, "ada")
        await seed_index(db_path, ada.id)
        with worker_process(db_path) as worker, pointed_at(emu.api_base, emu.gateway_url):
            os.kill(worker.pid, signal.SIGSTOP)  # started, and it cannot finish anything
            settings = bot_settings(emu, db_path, guild.id, run_worker=False)
            assert not settings.run_worker  # RUN_WORKER=0: the operator runs `archbot worker`
            task = asyncio.create_task(
                run_bot(settings, emu.bot_token, start_worker=settings.run_worker)
            )
            try:
                await emu.wait_until_ready(timeout=30)
                await emu.wait_for_commands(guild.id, timeout=30)
                jobs = await emu.run_command(ada, channel, "jobs")
                assert not jobs.failed, jobs.errors
                assert jobs.embeds, jobs.content
                # Kubernetes alone scores 33 in every P posting (titles name no skill): the
                # newest comes first, from the kept rows (more than the 200 kept: "200+")
                assert "Opening P2499" in jobs.embeds[0]["title"]
                assert "+ · page 1" in jobs.content
                db = open_db(db_path)
                try:
                    assert not worker_ready(db)  # the worker has not finished its start
                finally:
                    db.close()

                os.kill(worker.pid, signal.SIGCONT)
                await until(db_path, worker_ready)
                added = await emu.run_command(
                    ada, channel, "profile", {"skill": "rust"}, subcommand="add"
                )
                assert not added.failed, added.errors
                await until(db_path, lambda db: not matches.is_queued(db, ada.id))
                db = open_db(db_path)
                try:
                    kept = {p: s for (u, p), s in matches.match_scores(db).items() if u == ada.id}
                finally:
                    db.close()
                assert max(kept.values()) == 50.0  # the worker re-scored her: Rust counts
                again = await emu.run_command(ada, channel, "jobs")
                assert not again.failed, again.errors
                assert "Opening S2490" in again.embeds[0]["title"]
                assert "Rust" in str(again.embeds[0]["fields"])
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def test_archbot_run_starts_and_stops_its_worker_process(tmp_path: Path) -> None:
    db_path = tmp_path / "run.db"
    async with Emulator(bot_name="ArchBot") as emu:
        guild = emu.create_guild("Run")
        member = emu.create_member(guild.id, "ada")
        with pointed_at(emu.api_base, emu.gateway_url):
            task = asyncio.create_task(run_bot(bot_settings(emu, db_path, guild.id), emu.bot_token))
            try:
                await emu.wait_until_ready(timeout=30)
                await emu.wait_for_commands(guild.id, timeout=30)
                answered = await emu.run_command(member, guild.channel_ids[0], "help")
                assert not answered.failed, answered.errors
                await until(db_path, worker_ready)
                db = open_db(db_path)
                try:
                    status = matches.worker_status(db)
                finally:
                    db.close()
                assert status is not None
                pid = int(status["pid"])
                assert pid != os.getpid()
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        # the bot stopped its worker on the way out
        assert process_gone(pid)
