"""Hard filters in /jobs and digests agree with `matcher.filters.check`: on generated postings
and preferences, every page under the member's preferences equals the exact ranking with the
postings `check` hides taken out, whether the kept rows or a scan answered; digests leave out
the same postings."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.dbrunner import DbRunner
from bot.match_engine import MatchEngine, member_profile, posting_record
from bot.match_reader import JobFilters, excluded_postings, read_jobs
from content import load_content
from matcher.filters import JobFacts, Preferences, check
from matcher.ranking import rank_postings
from matcher.taxonomy import Taxonomy, taxonomy_of
from scrapers.posting import EMPLOYMENT_TYPES, Posting, Salary
from store import Database, alerts, profiles, upsert_postings
from store.extractions import matchable_postings

T0 = datetime(2026, 6, 1, tzinfo=UTC)
SKILLS = ["Python", "PyTorch", "Kubernetes", "SQL", "Docker", "AWS"]
PLACES = ["DE", "US", "GB", "EU", "EMEA", "Americas", "Worldwide", "UTC+01:00", "UTC-05:00"]
CURRENCIES = ["EUR", "USD", "GBP", "XYZ"]
T = TypeVar("T")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return taxonomy_of(load_content().skills)


@pytest.fixture
async def runner(db_path: Path) -> AsyncIterator[DbRunner]:
    db = DbRunner(db_path)
    await db.start()
    yield db
    await db.close()


async def save(runner: DbRunner, skills: list[str]) -> None:
    await runner(
        profiles.save_profile,
        1,
        skills=skills,
        experience=None,
        location=None,
        remote="any",
        target_roles="",
        now=T0,
    )


def maybe(rng: random.Random, value: T) -> T | None:
    return value if rng.random() < 0.6 else None


def board(count: int, seed: int) -> list[Posting]:
    rng = random.Random(seed)
    found = []
    for n in range(count):
        low = rng.choice([40_000, 60_000, 90_000, 130_000])
        salary = Salary(low, low + rng.choice([0, 20_000]), rng.choice(CURRENCIES), "year")
        found.append(
            Posting(
                kind="greenhouse",
                key="acme",
                source_id=str(n),
                url=f"https://x.test/{n}",
                title=f"Engineer {n}",
                company=f"Company {n}",
                remote=rng.choice(["remote", "remote", "hybrid", "unknown"]),
                locations=("Berlin",),
                posted_at=T0 + timedelta(days=rng.randint(0, 3)),
                description="Requirements\n- " + "\n- ".join(rng.sample(SKILLS, rng.randint(1, 3))),
                employment_type=maybe(rng, rng.choice(EMPLOYMENT_TYPES)),
                salary=maybe(rng, salary),
                visa_sponsorship=maybe(rng, rng.random() < 0.5),
                remote_regions=tuple(rng.sample(PLACES, rng.randint(0, 2))),
                min_years=maybe(rng, rng.randint(0, 9)),
            )
        )
    return found


def preferences(rng: random.Random) -> Preferences:
    salary = maybe(rng, (float(rng.choice([50_000, 80_000, 120_000])), rng.choice(CURRENCIES[:3])))
    return Preferences(
        work_regions=tuple(rng.sample(PLACES, rng.randint(0, 2))),
        needs_visa=maybe(rng, rng.random() < 0.7),
        years=maybe(rng, rng.randint(0, 6)),
        min_salary=salary[0] if salary else None,
        salary_currency=salary[1] if salary else None,
        employment_types=tuple(rng.sample(EMPLOYMENT_TYPES, rng.randint(0, 2))),
    )


def oracle(
    db: Database, taxonomy: Taxonomy, user_id: int, prefs: Preferences, by_url: dict[str, Posting]
) -> list[int]:
    """Every open posting scored from its text, then `check` on the facts the parser gave."""
    stored = profiles.get_profile(db, user_id)
    assert stored is not None
    records = [posting_record(t) for t in matchable_postings(db)]
    ranked = rank_postings(member_profile(stored), records, taxonomy, min_score=30.0)
    return [
        int(m.posting_id)
        for m, r in ranked
        if check(prefs, JobFacts.from_mapping(by_url[r.url].as_dict())).shown
    ]


async def test_jobs_under_preferences_equal_check_on_every_page(
    runner: DbRunner, taxonomy: Taxonomy
) -> None:
    postings = board(80, 7)
    by_url = {p.url: p for p in postings}
    await runner(upsert_postings, "greenhouse", "acme", postings, T0)
    await save(runner, ["python", "pytorch", "docker", "sql"])
    engine = MatchEngine(taxonomy, keep=6, clock=lambda: T0)  # small: filters cut deeper
    await engine.sync_postings(runner)
    stored = await runner(profiles.get_profile, 1)
    assert stored is not None
    rng = random.Random(11)
    answered = {"kept": 0, "scan": 0}
    hid_some = 0
    for _ in range(25):
        prefs = preferences(rng)
        expected = await runner(oracle, taxonomy, 1, prefs, by_url)
        unfiltered = await runner(oracle, taxonomy, 1, Preferences(), by_url)
        hid_some += len(expected) < len(unfiltered)
        for page in range(3):
            found = await runner(
                read_jobs, taxonomy, stored, JobFilters(preferences=prefs), limit=3, offset=page * 3
            )
            assert [r.posting_id for r in found.rows] == expected[page * 3 : page * 3 + 3]
            if found.total_exact:
                assert found.total == len(expected)
            answered["scan" if found.scanned else "kept"] += 1
            for row in found.rows:
                verdict = check(prefs, JobFacts.from_mapping(by_url[row.url].as_dict()))
                assert row.explanation["not_stated"] == list(verdict.unknown)
    assert hid_some >= 10  # the generated preferences do bite
    assert answered["kept"]
    assert answered["scan"]


async def test_digest_candidates_leave_out_what_check_hides(
    runner: DbRunner, taxonomy: Taxonomy
) -> None:
    postings = board(40, 8)
    by_url = {p.url: p for p in postings}
    await runner(upsert_postings, "greenhouse", "acme", postings, T0)
    await save(runner, ["python", "sql", "docker"])
    engine = MatchEngine(taxonomy, clock=lambda: T0)
    await engine.sync_postings(runner)
    prefs = Preferences(needs_visa=True, years=2, employment_types=("full-time",))
    before, total_before = await runner(alerts.pending_alerts, 1, 30.0, 100)
    hidden = await runner(excluded_postings, prefs)
    after, total_after = await runner(alerts.pending_alerts, 1, 30.0, 100, hidden)
    kept = [
        j.posting_id
        for j in before
        if check(prefs, JobFacts.from_mapping(by_url[j.url].as_dict())).shown
    ]
    assert [j.posting_id for j in after] == kept
    assert total_after == len(kept) < total_before


def test_a_posting_salary_is_shown_in_words() -> None:
    from bot.job_view import facts_text

    explanation: dict[str, Any] = {
        "salary": {"currency": "EUR", "yearly_min": 70000.0, "yearly_max": 90000.0},
        "not_stated": ["visa", "years"],
    }
    assert facts_text(explanation) == (
        " · 70,000-90,000 EUR a year · not stated: visa sponsorship, years asked"
    )
    assert facts_text({**explanation, "salary": None}) == (
        " · not stated: visa sponsorship, years asked"
    )
