"""The plan's market tables follow the postings: rebuilt after each scrape-and-match pass, and
noticed by any process through the postings' stamp."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from archbot.pipeline import Pipeline
from archbot.scraping import SourceSummary
from bot.dbrunner import DbRunner
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


async def test_plan_and_pulse_commands_read_the_database(
    db_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = load_content()
    now = datetime.now(UTC)
    postings = [
        Posting(
            kind="greenhouse",
            key="acme",
            source_id=str(n),
            url=f"https://boards.example/acme/{n}",
            title="AI Architect",
            company="Acme AI",
            remote="remote",
            posted_at=now - timedelta(days=n),
            description="Requirements\n- Python\n- Kubernetes\n",
        )
        for n in range(12)
    ]
    upsert_postings(db, "greenhouse", "acme", postings, now)
    engine = MatchEngine(taxonomy_of(content.skills), clock=lambda: now)
    runner = DbRunner(db_path)
    await runner.start()
    try:
        await engine.sync_postings(runner)
    finally:
        await runner.close()
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    plan = CliRunner().invoke(
        cli, ["plan", "--skills", "Python", "--role", "AI architect", "--json"]
    )
    assert plan.exit_code == 0, plan.output
    data = json.loads(plan.output)
    assert data["postings"] == 12
    assert data["skills"][0]["skill_id"] == "kubernetes"
    assert data["skills"][0]["demand"] == 1.0
    pulse = CliRunner().invoke(cli, ["pulse", "--json"])
    assert pulse.exit_code == 0, pulse.output
    figures = json.loads(pulse.output)
    # The week is the seven whole days before today: postings 1 to 7 days old, not today's.
    assert figures["postings"] == 7
