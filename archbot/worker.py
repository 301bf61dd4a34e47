"""The matching worker: scrape -> extract -> match -> alert candidates, apart from the bot.

`archbot worker` runs it as a process of its own; `archbot run` starts the same worker as a
child process, so the Discord process never waits for matching and never holds the index (the
gateway and the commands keep their own CPU time and memory). The two meet only in the database:
the bot queues profile changes (`match_queue`) and reads the kept matches; the worker re-scores
queued members every few seconds, rebuilds its index at start, and scrapes and matches every
SCRAPE_INTERVAL_MINUTES (every 10 minutes it only matches what another process stored, when
scraping is left to another process). Its phase is in `worker_status`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

from archbot.pipeline import Pipeline, Scrape, running_pipeline
from archbot.scraping import SourceSummary, scrape_configured
from archbot.settings import Settings
from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine
from content import load_content
from matcher.taxonomy import taxonomy_of
from store import Database, matches

log = logging.getLogger("archbot.worker")

QUEUE_POLL_SECONDS = 2.0
WORKER_NICENESS = 10
PRUNE_EVERY = 30  # polls between checks for members erased meanwhile
# With scraping off in this worker, postings stored by another process are matched this often.
MATCH_ONLY_MINUTES = 10


def utc_now() -> datetime:
    return datetime.now(UTC)


def worker_pipeline(
    settings: Settings, engine: MatchEngine, scrape: Scrape | None = None
) -> Pipeline:
    """Scraping every SCRAPE_INTERVAL_MINUTES, feeding the worker's engine. `scrape` replaces
    the configured sources (tests point it at a local board, or at nothing)."""

    async def configured(db: Database) -> list[SourceSummary]:
        return await scrape_configured(settings, db)

    async def elsewhere(db: Database) -> list[SourceSummary]:
        return []  # another process runs `archbot scrape`; only match what it stored

    minutes = settings.scrape_interval_minutes
    if scrape is None:
        scrape = configured if minutes else elsewhere
    return Pipeline(
        engine,
        settings.database_path,
        scrape,
        interval=timedelta(minutes=minutes or MATCH_ONLY_MINUTES),
    )


class Worker:
    """One matching worker over one database."""

    def __init__(
        self,
        settings: Settings,
        *,
        scrape: Scrape | None = None,
        engine: MatchEngine | None = None,
        now: Callable[[], datetime] = utc_now,
        poll_seconds: float = QUEUE_POLL_SECONDS,
    ) -> None:
        self.settings = settings
        self.engine = engine or MatchEngine(taxonomy_of(load_content().skills), clock=now)
        self.scrape = scrape
        self.now = now
        self.poll_seconds = poll_seconds
        self.ready = asyncio.Event()

    async def _status(self, db: DbRunner, phase: str, *, starting: bool = False) -> None:
        index = self.engine.index
        counts = {
            "members": index.member_count,
            "postings": index.posting_count,
            "pairs": index.pair_count,
        }
        await db(
            matches.set_worker_status,
            os.getpid(),
            phase,
            self.now(),
            counts,
            starting=starting,
        )

    async def run(self, stop: asyncio.Event | None = None, parent: int | None = None) -> None:
        """Rebuild, then match queued profile changes and scraped postings until `stop` is set
        (or the parent process, when given, is gone)."""
        stop = stop or asyncio.Event()
        db = DbRunner(self.settings.database_path)
        await db.start()
        try:
            await self._status(db, "rebuilding", starting=True)
            started = self.now()
            await self.engine.rebuild(db)
            await self._status(db, "ready")
            log.info("matching worker ready in %.1f s", (self.now() - started).total_seconds())
            self.ready.set()
            pipeline = worker_pipeline(self.settings, self.engine, self.scrape)
            async with running_pipeline(pipeline, self.ready.wait):
                await self._poll(db, stop, parent)
        finally:
            with contextlib.suppress(Exception):
                await self._status(db, "stopped")
            await db.close()

    async def _poll(self, db: DbRunner, stop: asyncio.Event, parent: int | None) -> None:
        polls = 0
        while not stop.is_set():
            if parent is not None and os.getppid() != parent:
                log.info("the bot process is gone; the matching worker stops")
                return
            try:
                done = await self.engine.process_queue(db)
                if done:
                    await self._status(db, "ready")
                polls += 1
                if polls % PRUNE_EVERY == 0:
                    await self.engine.prune_members(db)
            except Exception:
                log.exception("matching the queued profile changes failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)


async def run_worker(settings: Settings, *, parent: int | None = None) -> None:
    """`archbot worker`: run until SIGINT or SIGTERM. A signal during the rebuild cancels it
    at once (the rebuild's thread is abandoned: the caller ends the process)."""
    stop = asyncio.Event()
    worker = Worker(settings)
    task = asyncio.current_task()

    def on_signal() -> None:
        stop.set()
        if not worker.ready.is_set() and task is not None:
            task.cancel()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, on_signal)
    with contextlib.suppress(asyncio.CancelledError):
        await worker.run(stop, parent)


def run_worker_process(settings: Settings, *, parent: int | None = None) -> None:
    """Run the worker, then end the process without waiting for an abandoned rebuild thread
    (its work is in memory only; everything written is committed).

    Started by the bot (`parent`), matching is background work on the bot's machine: the
    worker lowers its own CPU priority (nice 10) so the gateway and the commands come first.
    Started by an operator, it keeps the priority it was given."""
    if parent is not None:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(WORKER_NICENESS)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(run_worker(settings, parent=parent))
    finally:
        loop.close()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@contextlib.asynccontextmanager
async def worker_task(settings: Settings, scrape: Scrape | None) -> AsyncIterator[Worker]:
    """The worker inside this process (its matching runs in threads, off the event loop)."""
    worker = Worker(settings, scrape=scrape)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="archbot-worker")
    try:
        yield worker
    finally:
        stop.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
