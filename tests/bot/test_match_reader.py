"""/jobs reads are exact: whatever the filter and page, a member's page equals the page of an
exact scan over every open posting; the kept rows answer when they can, a scan otherwise; a
profile change the worker has not taken yet is answered by a scan of the new profile."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine
from bot.match_reader import JobFilters, read_jobs, scan_member
from content import load_content
from matcher.index import MatchIndex
from matcher.models import MemberProfile
from matcher.ranking import rank_postings
from matcher.taxonomy import Taxonomy, taxonomy_of
from scrapers.posting import Posting
from store import Database, matches, profiles, upsert_postings
from store.extractions import matchable_postings

T0 = datetime(2026, 6, 1, tzinfo=UTC)
SKILLS = ["Python", "PyTorch", "Kubernetes", "SQL", "Docker", "AWS", "Rust", "Go", "Spark"]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return taxonomy_of(load_content().skills)


@pytest.fixture
async def runner(db_path: Path) -> AsyncIterator[DbRunner]:
    db = DbRunner(db_path)
    await db.start()
    yield db
    await db.close()


def board(count: int, seed: int) -> list[Posting]:
    rng = random.Random(seed)
    return [
        Posting(
            kind="greenhouse",
            key="acme",
            source_id=str(n),
            url=f"https://x.test/{n}",
            title=f"Engineer {n}",
            company=f"Company {n}",
            remote=rng.choice(["remote", "hybrid", "onsite"]),
            locations=(rng.choice(["Berlin", "London", "Remote"]),),
            posted_at=T0 + timedelta(days=rng.randint(0, 3)),
            description="Requirements\n- " + "\n- ".join(rng.sample(SKILLS, rng.randint(1, 4))),
        )
        for n in range(count)
    ]


async def save(runner: DbRunner, user_id: int, skills: list[str], **kw: object) -> None:
    values: dict[str, object] = {
        "skills": skills,
        "experience": None,
        "location": "Berlin",
        "remote": "any",
        "target_roles": "",
        "now": T0,
    }
    values.update(kw)
    await runner(profiles.save_profile, user_id, **values)  # type: ignore[arg-type]


def oracle(db: Database, taxonomy: Taxonomy, user_id: int, f: JobFilters) -> list[int]:
    """Every open posting scored one by one (the CLI's in-memory ranking, from text)."""
    stored = profiles.get_profile(db, user_id)
    assert stored is not None
    from bot.match_engine import member_profile, posting_record

    profile: MemberProfile = member_profile(stored)
    records = [posting_record(t) for t in matchable_postings(db)]
    if f.remote_only:
        records = [r for r in records if r.remote == "remote"]
    ranked = rank_postings(profile, records, taxonomy, min_score=max(30.0, f.min_score))
    return [int(m.posting_id) for m, _r in ranked]


async def test_every_page_under_every_filter_is_exact(runner: DbRunner, taxonomy: Taxonomy) -> None:
    await runner(upsert_postings, "greenhouse", "acme", board(60, 1), T0)
    await save(runner, 1, ["python", "pytorch", "docker"])
    await save(runner, 2, ["rust", "go"], remote="remote", location=None)
    await save(runner, 3, ["sql", "spark", "aws", "kubernetes"], experience="senior")
    engine = MatchEngine(taxonomy, keep=4, clock=lambda: T0)  # tiny: filters cut deeper
    await engine.sync_postings(runner)
    answered = {"kept": 0, "scan": 0}
    for user_id in (1, 2, 3):
        stored = await runner(profiles.get_profile, user_id)
        assert stored is not None
        for f in (
            JobFilters(),
            JobFilters(remote_only=True),
            JobFilters(min_score=60),
            JobFilters(remote_only=True, min_score=80),
        ):
            expected = await runner(oracle, taxonomy, user_id, f)
            for page in range(4):
                found = await runner(read_jobs, taxonomy, stored, f, limit=3, offset=page * 3)
                assert [r.posting_id for r in found.rows] == expected[page * 3 : page * 3 + 3]
                if found.total_exact:
                    assert found.total == len(expected)
                else:
                    assert len(expected) >= found.total >= page * 3 + 3
                answered["scan" if found.scanned else "kept"] += 1
                for row in found.rows:
                    assert row.explanation["matched"], row  # reasons computed when shown
    assert answered["kept"]  # both paths ran
    assert answered["scan"]


async def test_a_queued_profile_change_is_answered_by_a_scan(
    runner: DbRunner, taxonomy: Taxonomy
) -> None:
    await runner(upsert_postings, "greenhouse", "acme", board(30, 2), T0)
    await save(runner, 1, ["rust"])
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await engine.sync_postings(runner)
    await save(runner, 1, ["python", "pytorch"])
    await runner(matches.queue_member, 1, T0)
    stored = await runner(profiles.get_profile, 1)
    assert stored is not None
    found = await runner(read_jobs, taxonomy, stored, JobFilters(), limit=3)
    assert found.scanned
    assert [r.posting_id for r in found.rows] == (await runner(oracle, taxonomy, 1, JobFilters()))[
        :3
    ]
    assert await engine.process_queue(runner) == 1
    again = await runner(read_jobs, taxonomy, stored, JobFilters(), limit=3)
    assert not again.scanned
    assert again.rows == found.rows


async def test_scan_scores_equal_the_index(runner: DbRunner, taxonomy: Taxonomy) -> None:
    await runner(upsert_postings, "greenhouse", "acme", board(80, 3), T0)
    await save(runner, 1, ["pytorch", "sql", "kubernetes"], experience="mid")
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await engine.sync_postings(runner)
    stored = await runner(profiles.get_profile, 1)
    assert stored is not None
    scanned = await runner(scan_member, taxonomy, stored, JobFilters().as_filter())
    index: MatchIndex = engine.index
    assert {r.posting_id: r.score for r in scanned} == index.member_scores(1)


async def test_archbot_match_ranks_as_jobs_does_and_reads_what_the_worker_has_not(
    runner: DbRunner, taxonomy: Taxonomy
) -> None:
    await runner(upsert_postings, "greenhouse", "acme", board(40, 4), T0)
    await save(runner, 1, ["python", "docker", "sql"])
    engine = MatchEngine(taxonomy, keep=5, clock=lambda: T0)
    await engine.sync_postings(runner)
    later = [replace(p, source_id=f"late{p.source_id}") for p in board(10, 5)]
    await runner(upsert_postings, "greenhouse", "late", later, T0)  # not read by the worker
    stored = await runner(profiles.get_profile, 1)
    assert stored is not None
    from bot.match_engine import member_profile
    from bot.match_reader import rank_stored

    ranked, count = await runner(
        rank_stored, taxonomy, member_profile(stored), min_score=30.0, limit=8
    )
    assert count == 50
    expected = await runner(oracle, taxonomy, 1, JobFilters())
    assert [int(m.posting_id) for m, _r in ranked] == expected[:8]
    assert {r.url for _m, r in ranked} & {p.url for p in later}  # the unread ones count too
