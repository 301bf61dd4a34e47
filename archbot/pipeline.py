"""The job pipeline inside `archbot run`: scrape -> extract -> match, every SCRAPE_INTERVAL_MINUTES.

It runs beside the bot on the same event loop without blocking it: fetching is asynchronous,
database calls run on worker threads over connections of its own (one for the scraper, one for
the match engine's writes), and extraction, the CPU-bound step, runs in a worker thread. After
each scrape the engine reads only new or changed postings, adds them to the match index and
stores the new pairs; the bot's alert sender turns those into digests.

The first run waits until the previous run (by any process) is one interval old, so restarting
the bot does not hammer the job boards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archbot.scraping import SourceSummary
from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine, SyncReport
from store import Database, open_db, recent_runs

log = logging.getLogger("archbot.pipeline")

Scrape = Callable[[Database], Awaitable[Sequence[SourceSummary]]]


@dataclass
class PipelineReport:
    """One pass: how each source went and what matching made of it."""

    sources: list[SourceSummary] = field(default_factory=list)
    matching: SyncReport = field(default_factory=SyncReport)

    @property
    def failed(self) -> int:
        return sum(1 for s in self.sources if s.status == "failed")


def utc_now() -> datetime:
    return datetime.now(UTC)


def last_scrape_started(db: Database) -> datetime | None:
    runs = recent_runs(db, limit=1)
    if not runs:
        return None
    try:
        started = datetime.fromisoformat(str(runs[0]["started_at"]))
    except ValueError:
        return None
    return started if started.utcoffset() is not None else started.replace(tzinfo=UTC)


class Pipeline:
    def __init__(
        self,
        engine: MatchEngine,
        database_path: Path,
        scrape: Scrape,
        *,
        interval: timedelta,
        now: Callable[[], datetime] = utc_now,
        refresh_market: Callable[[DbRunner], Awaitable[object]] | None = None,
    ) -> None:
        self.engine = engine
        # Rebuilds the plan's per-role tables after each match pass (bot.market_service).
        self.refresh_market = refresh_market
        self.database_path = database_path
        self.scrape = scrape
        self.interval = interval
        self.now = now
        self._scrape_db: Database | None = None
        self._runner: DbRunner | None = None

    async def open(self) -> None:
        self._scrape_db = await asyncio.to_thread(open_db, self.database_path)
        self._runner = DbRunner(self.database_path)
        await self._runner.start()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.close()
            self._runner = None
        if self._scrape_db is not None:
            await asyncio.to_thread(self._scrape_db.close)
            self._scrape_db = None

    async def run_once(self) -> PipelineReport:
        """Scrape every enabled source once, then bring the matches up to date."""
        if self._scrape_db is None or self._runner is None:
            raise RuntimeError("Pipeline.open() was not awaited")
        report = PipelineReport()
        try:
            report.sources = list(await self.scrape(self._scrape_db))
        finally:
            # Even a failed scrape may have stored some sources: match what is there.
            report.matching = await self.engine.sync_postings(self._runner)
            await self._refresh_market_tables()
        if report.failed:
            log.warning("scrape: %d of %d sources failed", report.failed, len(report.sources))
        return report

    async def _refresh_market_tables(self) -> None:
        if self.refresh_market is None or self._runner is None:
            return
        try:
            await self.refresh_market(self._runner)
        except Exception:
            log.exception("the plan's market tables could not be rebuilt; the old ones stay")

    async def first_delay(self) -> float:
        """Seconds until the first run: the rest of the interval since the last scrape."""
        if self._scrape_db is None:
            return 0.0
        last = await asyncio.to_thread(last_scrape_started, self._scrape_db)
        if last is None:
            return 0.0
        return max(0.0, (last + self.interval - self.now()).total_seconds())

    async def run_forever(self, ready: Callable[[], Awaitable[object]]) -> None:
        """Wait for the bot (and its rebuilt index), read any postings stored meanwhile (by
        `archbot scrape`, say), then scrape and match every interval until cancelled."""
        await ready()
        if self._runner is not None:
            try:
                await self.engine.sync_postings(self._runner)
            except Exception:
                log.exception("could not match the postings stored while the bot was down")
            await self._refresh_market_tables()
        await asyncio.sleep(await self.first_delay())
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("the scrape-and-match pass failed; trying again next interval")
            await asyncio.sleep(self.interval.total_seconds())


@contextlib.asynccontextmanager
async def running_pipeline(
    pipeline: Pipeline, ready: Callable[[], Awaitable[object]]
) -> AsyncIterator[Pipeline]:
    """Open the pipeline, run it in the background, and stop it cleanly afterwards."""
    await pipeline.open()
    task = asyncio.create_task(pipeline.run_forever(ready), name="archbot-pipeline")
    try:
        yield pipeline
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await pipeline.close()
