"""Generated members and postings for the scale benchmark, written through the store's own
functions: profiles, postings, and the skills read from each posting (stored directly, as the
worker's extraction would store them, so the benchmark measures matching, not extraction).

Skills follow the Zipf-like popularity of the matching benchmark (`bench.bench_matching`), so
Python, SQL and Docker are in most profiles and postings, as in real ones."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_matching import Popularity, make_postings, make_profiles
from content import load_content
from matcher.taxonomy import taxonomy_of
from scrapers.posting import Posting
from store import Database, migrate, open_db, profiles, transaction, upsert_postings
from store.extractions import ExtractedSkills, postings_to_extract, save_extractions

NOW = datetime(2026, 6, 1, tzinfo=UTC)
BATCH = 5_000


def _posting(n: int, remote: str, locations: tuple[str, ...], posted: datetime) -> Posting:
    return Posting(
        kind="greenhouse",
        key="bench",
        source_id=str(n),
        url=f"https://boards.example/bench/{n}",
        title=f"Engineer {n}",
        company=f"Company {n % 997}",
        locations=locations,
        remote=remote,  # type: ignore[arg-type]
        posted_at=posted,
        description=f"Posting {n}",
    )


def generate(path: Path, member_ids: Sequence[int], postings: int, seed: int = 7) -> None:
    """A database with a profile for each member id and `postings` open, read postings."""
    taxonomy = taxonomy_of(load_content().skills)
    rng = random.Random(seed)
    pop = Popularity(taxonomy, rng)
    db = open_db(path)
    try:
        migrate(db)
        people = make_profiles(pop, rng, len(member_ids))
        with transaction(db):
            for user_id, profile in zip(member_ids, people, strict=True):
                profiles.save_profile(
                    db,
                    user_id,
                    skills=sorted(profile.skills),
                    experience=profile.seniority,
                    location=profile.location,
                    remote=profile.remote,
                    target_roles="",
                    now=NOW,
                )
        facts = make_postings(pop, rng, 0, postings)
        for start in range(0, postings, BATCH):
            chunk = facts[start : start + BATCH]
            with transaction(db):
                upsert_postings(
                    db,
                    "greenhouse",
                    "bench",
                    [
                        _posting(
                            start + i,
                            f.remote,
                            f.locations,
                            f.posted_at or NOW - timedelta(days=1),
                        )
                        for i, f in enumerate(chunk)
                    ],
                    NOW,
                )
        _store_skills(db, {str(i): f.skills for i, f in enumerate(facts)})
    finally:
        db.close()


def _store_skills(db: Database, skills_of: Mapping[str, Mapping[str, str]]) -> None:
    by_id = {
        int(r[0]): str(r[1])
        for r in db.execute("SELECT id, source_id FROM postings WHERE key = 'bench'")
    }
    while True:
        todo = postings_to_extract(db, BATCH)
        if not todo:
            return
        save_extractions(
            db,
            [
                ExtractedSkills(t.id, t.content_hash, dict(skills_of[by_id[t.id]]), None)
                for t in todo
            ],
            NOW,
        )
