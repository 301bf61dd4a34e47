"""Job postings for the end-to-end tests: a Greenhouse board on the local job-board server, the
real pipeline pointed at it, and a quick way to store postings without scraping."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archbot.local import LocalBot
from archbot.pipeline import Pipeline
from archbot.scraping import SourceSummary, run_scrape
from bot.match_engine import MatchEngine
from bot.ratelimit import TokenBucket
from discord_emulator import Emulator
from discord_emulator.models import Message
from scrapers import SourceSpec
from scrapers.posting import Posting
from store import Database, alerts, profiles, upsert_postings
from tests.conftest import FakeTime, base_urls, make_config
from tests.jobboard import JobBoard

BOARD_PATH = "/greenhouse/acme/jobs"
SOURCE = SourceSpec("greenhouse", "acme", "Acme AI")


@dataclass(frozen=True)
class Job:
    """One opening: its required skills become a 'Requirements' list in the posting's HTML."""

    id: int
    title: str
    required: Sequence[str]
    preferred: Sequence[str] = ()
    remote: bool = True
    location: str = "Remote"

    def html(self) -> str:
        items = "".join(f"<li>{s}</li>" for s in self.required)
        text = f"<p>Acme AI builds assistants.</p><h2>Requirements</h2><ul>{items}</ul>"
        if self.preferred:
            nice = "".join(f"<li>{s}</li>" for s in self.preferred)
            text += f"<h2>Nice to have</h2><ul>{nice}</ul>"
        return text

    def as_greenhouse(self) -> dict[str, object]:
        return {
            "absolute_url": f"https://boards.example/acme/jobs/{self.id}",
            "id": self.id,
            "internal_job_id": self.id,
            "title": self.title,
            "company_name": "Acme AI",
            "location": {"name": self.location},
            "metadata": [
                {
                    "id": 1,
                    "name": "Location Type",
                    "value": "Remote" if self.remote else "On-site",
                    "value_type": "single_select",
                }
            ],
            "updated_at": "2026-05-20T10:00:00Z",
            "first_published": f"2026-05-{10 + self.id % 15:02d}T10:00:00Z",
            "content": html.escape(self.html()),
            "departments": [],
            "offices": [],
        }


def publish(board: JobBoard, jobs: Sequence[Job]) -> None:
    """(Re)publish the board's listing: a later scrape sees exactly these jobs."""
    body = json.dumps({"jobs": [j.as_greenhouse() for j in jobs], "meta": {"total": len(jobs)}})
    board.add(BOARD_PATH, body)


def pipeline_for(bot: LocalBot, db_path: Path, board: JobBoard, fake_time: FakeTime) -> Pipeline:
    """The production pipeline, scraping only the local board with politeness on a fake clock."""

    async def scrape(db: Database) -> list[SourceSummary]:
        return list(
            await run_scrape(
                db,
                [SOURCE],
                make_config(),
                base_urls=base_urls(board),
                allow_loopback=True,
                clock=fake_time.clock,
                sleep=fake_time.sleep,
            )
        )

    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    return Pipeline(engine, db_path, scrape, interval=timedelta(hours=6))


REQUIREMENTS = "Requirements\n- {skills}\n"
T0 = datetime(2026, 5, 1, tzinfo=UTC)


def store_postings(db: Database, specs: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Store remote postings directly, as a scrape would: (title, required skills) each."""
    postings = [
        Posting(
            kind="greenhouse",
            key="seeded",
            source_id=str(n),
            url=f"https://boards.example/seeded/{n}",
            title=title,
            company=f"Company {n}",
            remote="remote",
            posted_at=T0 + timedelta(days=n),
            description=REQUIREMENTS.format(skills="\n- ".join(skills)),
        )
        for n, (title, skills) in enumerate(specs, start=1)
    ]
    upsert_postings(db, "greenhouse", "seeded", postings, T0)


def digests(emu: Emulator, user_id: int) -> list[Message]:
    """The digests a member received by DM (not the bot's replies to buttons pressed there)."""
    return [
        m
        for m in emu.dm_messages(user_id)
        if m.interaction_metadata is None and any(c.startswith("al:") for c in m.custom_ids())
    ]


async def seed_member(
    bot: LocalBot,
    user_id: int,
    skills: Sequence[str],
    *,
    alerts_on: bool = True,
    threshold: int = 50,
) -> int:
    """A member with a profile (and alerts on), matched against what is stored; returns matches."""
    services = bot.services
    engine = services.matching
    assert isinstance(engine, MatchEngine)
    await services.db(
        profiles.save_profile,
        user_id,
        skills=skills,
        experience=None,
        location=None,
        remote="any",
        target_roles="",
        now=services.now(),
    )
    if alerts_on:
        await services.db(
            alerts.update_alert_settings,
            user_id,
            services.now(),
            {"enabled": True, "threshold": threshold},
        )
    return await engine.update_member(services.db, user_id)


async def seed_postings(bot: LocalBot, specs: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Store postings and let the engine read and match them, as after a scrape."""
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await bot.services.db(store_postings, specs)
    await engine.sync_postings(bot.services.db)


async def worker_catches_up(bot: LocalBot) -> int:
    """What the matching worker does every few seconds: re-score the members whose profiles
    changed through the bot (the bot only queues them). Returns how many it took."""
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    return await engine.process_queue(bot.services.db)


def fake_pacing(bot: LocalBot, fake_time: FakeTime) -> None:
    """Keep the sender's global pace but on a clock that moves only when it waits, so a test
    of several digests takes no real time (the waits are recorded in `fake_time.sleeps`)."""
    per_minute = bot.services.config.alert_dms_per_minute
    bot.alerts.bucket = TokenBucket(
        per_minute / 60, burst=1, clock=fake_time.clock, sleep=fake_time.sleep
    )
