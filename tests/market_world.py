"""Postings for the plan and pulse tests: a small, deterministic market in the JSON shape of
`archbot parse --json`, with titles of several role families, required and nice-to-have skills,
places, work modes, salaries and dates spread over weeks."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

ARCHITECT_TITLES = ("Senior AI Architect", "Generative AI Architect", "ML Solutions Architect")
OTHER_TITLES = ("Data Scientist", "Account Executive", "Machine Learning Engineer")
REQUIRED_POOL = ("Python", "Kubernetes", "AWS", "Terraform", "PyTorch", "LangChain", "Docker")
PREFERRED_POOL = ("Rust", "Kafka", "Snowflake", "Airflow", "Go")
COMPANIES = ("Acme AI", "Nimbus Labs", "Deepfield", "Orbit Data")
PLACES: tuple[list[str], ...] = (["Berlin, Germany"], ["London, UK"], ["New York, NY"], [])


def posting(
    index: int,
    title: str,
    required: list[str],
    preferred: list[str],
    *,
    posted: datetime,
    company: str = "Acme AI",
    remote: str = "remote",
    locations: list[str] | None = None,
    salary: dict[str, Any] | None = None,
) -> dict[str, Any]:
    description = "Requirements\n" + "".join(f"- Experience with {s}\n" for s in required)
    if preferred:
        description += "\nNice to have\n" + "".join(f"- {s}\n" for s in preferred)
    return {
        "id": f"p{index}",
        "title": title,
        "company": company,
        "url": f"https://jobs.example.test/{index}",
        "description": description,
        "locations": locations or [],
        "remote": remote,
        "posted_at": posted.isoformat(),
        "salary": salary,
    }


def market(count: int = 60, seed: int = 7, now: datetime = NOW) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    found = []
    for i in range(count):
        family_titles = ARCHITECT_TITLES if i % 3 else OTHER_TITLES
        required = rng.sample(REQUIRED_POOL, rng.randint(2, 4))
        preferred = rng.sample(PREFERRED_POOL, rng.randint(0, 2))
        salary = None
        if i % 4 == 0:
            low = rng.choice((120_000, 140_000, 160_000))
            salary = {"min": low, "max": low + 40_000, "currency": "USD", "period": "year"}
        found.append(
            posting(
                i,
                rng.choice(family_titles),
                required,
                preferred,
                posted=now - timedelta(days=rng.randint(0, 34), hours=rng.randint(0, 20)),
                company=rng.choice(COMPANIES),
                remote=rng.choice(("remote", "remote", "hybrid", "onsite")),
                locations=rng.choice(PLACES),
                salary=salary,
            )
        )
    return found


def write_jsonl(path: Path, postings: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in postings), encoding="utf-8")
    return path
