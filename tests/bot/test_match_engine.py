"""The match engine keeps the matches table equal to the index: incremental updates after
scrapes and profile changes give exactly what a rebuild from the store gives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import matcher.postings
from bot import match_engine
from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine
from bot.match_reader import JobFilters, read_jobs
from content import load_content
from matcher.taxonomy import Taxonomy, taxonomy_of
from scrapers.posting import Posting
from store import close_missing, matches, profiles, upsert_postings

T0 = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return taxonomy_of(load_content().skills)


@pytest.fixture
async def runner(db_path: Path) -> AsyncIterator[DbRunner]:
    db = DbRunner(db_path)
    await db.start()
    yield db
    await db.close()


def job(sid: str, skills: list[str], **kw: object) -> Posting:
    base: dict[str, object] = {
        "kind": "greenhouse",
        "key": "acme",
        "source_id": sid,
        "url": f"https://x.test/{sid}",
        "title": f"Engineer {sid}",
        "company": f"Company {sid}",
        "remote": "remote",
        "posted_at": T0 + timedelta(hours=int(sid)),
        "description": "Requirements\n- " + "\n- ".join(skills) + "\n",
    }
    base.update(kw)
    return Posting(**base)  # type: ignore[arg-type]


BOARD = {
    "1": ["Python", "PyTorch", "Kubernetes"],
    "2": ["Python", "SQL"],
    "3": ["Rust", "Go"],
    "4": ["PyTorch", "LangChain", "Python"],
}


async def publish(runner: DbRunner, board: dict[str, list[str]]) -> None:
    postings = [job(sid, skills) for sid, skills in board.items()]
    await runner(upsert_postings, "greenhouse", "acme", postings, T0)
    await runner(close_missing, "greenhouse", "acme", list(board), T0)


async def profile(runner: DbRunner, user_id: int, skills: list[str], **kw: object) -> None:
    values: dict[str, object] = {
        "skills": skills,
        "experience": None,
        "location": None,
        "remote": "any",
        "target_roles": "",
        "now": T0,
    }
    values.update(kw)
    await runner(profiles.save_profile, user_id, **values)  # type: ignore[arg-type]


async def test_incremental_updates_equal_a_rebuild(runner: DbRunner, taxonomy: Taxonomy) -> None:
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await publish(runner, BOARD)
    await profile(runner, 1, ["python", "pytorch", "kubernetes"])
    await profile(runner, 2, ["rust"])
    assert await engine.rebuild(runner) == 0  # nothing read yet: rebuild never extracts
    assert (await engine.sync_postings(runner)).extracted == 4
    first = await runner(matches.match_scores)
    assert {p for u, p in first if u == 2}  # the Rust member matches the Rust posting

    # a scrape: one edited, one closed, one new; only those are read again
    changed = dict(BOARD)
    changed["2"] = ["Python", "SQL", "PyTorch"]
    del changed["3"]
    changed["5"] = ["Kubernetes", "Python", "Docker"]
    await publish(runner, changed)
    report = await engine.sync_postings(runner)
    assert (report.extracted, report.added, report.removed) == (2, 2, 1)
    await profile(runner, 3, ["docker", "kubernetes"])
    await engine.update_member(runner, 3)
    await profile(runner, 1, ["python"], experience="senior", remote="remote")
    await engine.update_member(runner, 1)
    assert (await engine.sync_postings(runner)).extracted == 0

    incremental = await runner(matches.match_scores)
    fresh = MatchEngine(taxonomy, clock=lambda: T0)
    await fresh.rebuild(runner)
    assert await runner(matches.match_scores) == incremental
    assert fresh.index.scores() == engine.index.scores()
    assert {(u, p) for u, p in incremental} == set(engine.index.scores())


async def test_explanations_when_shown_and_removed_members(
    runner: DbRunner, taxonomy: Taxonomy
) -> None:
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await publish(runner, BOARD)
    await profile(runner, 1, ["python", "pytorch"])
    await engine.sync_postings(runner)
    await MatchEngine(taxonomy, clock=lambda: T0).rebuild(runner)
    stored = await runner(profiles.get_profile, 1)
    assert stored is not None
    page = await runner(read_jobs, taxonomy, stored, JobFilters(), limit=5)
    rows, total = page.rows, page.total
    assert total == len(rows) >= 2
    assert not page.scanned  # the worker's kept rows answered
    best = rows[0]
    assert best.explanation["missing_required"] in (["kubernetes"], ["langchain"])
    assert {m["skill_id"] for m in best.explanation["matched"]} == {"python", "pytorch"}
    await profile(runner, 1, [])
    assert await engine.update_member(runner, 1) == 0
    assert await runner(matches.match_scores) == {}
    await engine.remove_member(1)
    assert engine.index.member_count == 0


async def test_a_posting_the_extractor_chokes_on_is_stored_without_skills(
    runner: DbRunner, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = matcher.postings.posting_facts

    def choke(record, tax):
        if record.title.endswith(" 2"):
            raise RuntimeError("boom")
        return real(record, tax)

    monkeypatch.setattr(match_engine, "posting_facts", choke)
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await publish(runner, BOARD)
    report = await engine.sync_postings(runner)
    assert report.extracted == 4
    assert (await engine.sync_postings(runner)).extracted == 0
    assert engine.posting_count == 4
