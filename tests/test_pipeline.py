"""The scrape-and-match pipeline of `archbot run`: it waits out the rest of the interval after a
restart, matches whatever a failed scrape stored, and stops cleanly with the bot."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archbot.pipeline import Pipeline, running_pipeline
from archbot.scraping import SourceSummary
from archbot.settings import load_settings
from archbot.worker import worker_pipeline
from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine, SyncReport
from content import load_content
from matcher.taxonomy import taxonomy_of
from store import Database, open_db, record_run, start_run

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def engine() -> MatchEngine:
    return MatchEngine(taxonomy_of(load_content().skills), clock=lambda: NOW)


async def test_first_run_waits_for_the_rest_of_the_interval(db: Database, db_path: Path) -> None:
    async def scrape(_: Database) -> Sequence[SourceSummary]:
        return []

    pipeline = Pipeline(engine(), db_path, scrape, interval=timedelta(hours=6), now=lambda: NOW)
    await pipeline.open()
    try:
        assert await pipeline.first_delay() == 0.0
        row = start_run(db, "r1", "greenhouse", "acme", NOW - timedelta(hours=2))
        record_run(db, row, "ok", NOW - timedelta(hours=2))
        assert await pipeline.first_delay() == pytest.approx(4 * 3600)
    finally:
        await pipeline.close()


async def test_a_failed_scrape_still_matches_what_was_stored(db_path: Path, db: Database) -> None:
    calls: list[str] = []
    the_engine = engine()

    async def scrape(_: Database) -> Sequence[SourceSummary]:
        calls.append("scrape")
        raise RuntimeError("network down")

    original = the_engine.sync_postings

    async def sync(runner: DbRunner) -> SyncReport:
        calls.append("match")
        return await original(runner)

    the_engine.sync_postings = sync  # type: ignore[method-assign, assignment]
    pipeline = Pipeline(the_engine, db_path, scrape, interval=timedelta(hours=6))
    await pipeline.open()
    try:
        with pytest.raises(RuntimeError, match="network down"):
            await pipeline.run_once()
    finally:
        await pipeline.close()
    assert calls == ["scrape", "match"]


async def test_runs_in_the_background_after_ready_and_stops(db_path: Path, db: Database) -> None:
    ready = asyncio.Event()
    scraped = asyncio.Event()

    async def scrape(_: Database) -> Sequence[SourceSummary]:
        scraped.set()
        return [SourceSummary("greenhouse:acme", "ok")]

    async def wait_ready() -> None:
        await ready.wait()

    pipeline = Pipeline(engine(), db_path, scrape, interval=timedelta(hours=6))
    async with running_pipeline(pipeline, wait_ready):
        assert not scraped.is_set()
        ready.set()
        await asyncio.wait_for(scraped.wait(), timeout=10)
    assert pipeline._runner is None  # closed


def test_the_worker_wires_the_interval_and_engine(tmp_path: Path) -> None:
    settings = load_settings(None, scrape_interval_minutes=90, database_path=tmp_path / "a.db")
    the_engine = engine()
    pipeline = worker_pipeline(settings, the_engine)
    assert pipeline.interval == timedelta(minutes=90)
    assert pipeline.engine is the_engine
    assert pipeline.database_path == tmp_path / "a.db"


async def test_scraping_can_be_left_to_another_process(tmp_path: Path) -> None:
    settings = load_settings(None, scrape_interval_minutes=0, database_path=tmp_path / "b.db")
    pipeline = worker_pipeline(settings, engine())
    assert pipeline.interval == timedelta(minutes=10)
    assert list(await pipeline.scrape(open_db(tmp_path / "b.db"))) == []
