"""The plan's market tables follow the postings: rebuilt after each scrape-and-match pass, and
noticed by any process through the postings' stamp."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archbot.pipeline import Pipeline
from archbot.scraping import SourceSummary
from bot.market_service import MarketService
from bot.match_engine import MatchEngine
from content import load_content
from matcher.taxonomy import taxonomy_of
from scrapers.posting import Posting
from store import Database, upsert_postings

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _posting(n: int) -> Posting:
    return Posting(
        kind="greenhouse",
        key="acme",
        source_id=str(n),
        url=f"https://boards.example/acme/{n}",
        title="AI Architect",
        company="Acme AI",
        remote="remote",
        posted_at=NOW - timedelta(days=n),
        description="Requirements\n- Python\n- Kubernetes\n",
    )


async def test_tables_are_rebuilt_after_each_pass(db_path: Path, db: Database) -> None:
    content = load_content()
    market = MarketService(content, clock=lambda: NOW)
    stored = 0

    async def scrape(scrape_db: Database) -> Sequence[SourceSummary]:
        nonlocal stored
        stored += 3
        upsert_postings(scrape_db, "greenhouse", "acme", [_posting(n) for n in range(stored)], NOW)
        return [SourceSummary("greenhouse:acme", "ok")]

    engine = MatchEngine(taxonomy_of(content.skills), clock=lambda: NOW)
    pipeline = Pipeline(
        engine,
        db_path,
        scrape,
        interval=timedelta(hours=6),
        now=lambda: NOW,
        refresh_market=market.refresh,
    )
    await pipeline.open()
    try:
        await pipeline.run_once()
        assert market.tables is not None
        assert len(market.tables.families["ai-architect"]) == 3
        await pipeline.run_once()
        assert len(market.tables.families["ai-architect"]) == 6
    finally:
        await pipeline.close()
