"""The job part of the guided tour: sample postings are stored as a scrape stores them, the real
extraction and match engine read them, a member declares a profile, asks /jobs, turns alerts on
and receives one digest by direct message.

The tour never reaches a job board: the four postings below were written for it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from archbot.local import LocalBot, ManualClock
from archbot.tour import Tour, render_message
from bot.match_engine import MatchEngine
from discord_emulator import Emulator
from scrapers.posting import Posting, RemoteMode
from store import Database, upsert_postings

SAMPLES: tuple[tuple[str, str, RemoteMode, str], ...] = (
    (
        "ML Platform Engineer",
        "Northwind Labs",
        "remote",
        "We run the training and serving platform behind our forecasting products.\n"
        "Requirements\n- Strong Python\n- Production experience with Kubernetes and Docker\n"
        "- PyTorch model serving\nNice to have\n- Terraform\n- MLflow",
    ),
    (
        "AI Solutions Architect",
        "Fabrikam Health",
        "hybrid",
        "Design retrieval-augmented generation systems for clinical documentation.\n"
        "What you'll need\n- Python and SQL\n- RAG with a vector database such as pgvector\n"
        "- AWS (SageMaker, Lambda)\nBonus\n- Experience with the EU AI Act",
    ),
    (
        "Data Engineer",
        "Contoso Retail",
        "remote",
        "Own our streaming pipelines.\nRequirements\n- Apache Kafka\n- Apache Spark\n"
        "- dbt and Snowflake\nPreferred\n- Airflow",
    ),
    (
        "Senior Android Developer",
        "Tailspin Games",
        "onsite",
        "Build our mobile game client.\nRequirements\n- Kotlin\n- Jetpack Compose\n",
    ),
)


SAMPLE_LABEL = "Sample posting written for the tour; no job board was contacted"


def store_samples(db: Database, now: datetime) -> int:
    postings = [
        Posting(
            kind="greenhouse",
            key="tour",
            source_id=str(n),
            url=f"https://jobs.example/tour/{n}",
            title=title,
            company=company,
            remote=remote,
            posted_at=now - timedelta(days=n),
            description=text,
            attribution=SAMPLE_LABEL,
        )
        for n, (title, company, remote, text) in enumerate(SAMPLES, start=1)
    ]
    upsert_postings(db, "greenhouse", "tour", postings, now)
    return len(postings)


async def jobs_tour(
    tour: Tour, emu: Emulator, bot: LocalBot, clock: ManualClock, channel_id: int, ada: Any
) -> bool:
    tour.say("── Job matching ──")
    count = await bot.services.db(store_samples, clock())
    engine = bot.services.matching
    if not isinstance(engine, MatchEngine):
        tour.say("    !! the match engine is not running")
        return False
    report = await engine.sync_postings(bot.services.db)
    tour.say(
        f"  {count} sample postings written for the tour (no job board is contacted) are stored"
    )
    tour.say(
        "  as a scrape would store them; the pipeline extracts their skills "
        f"({report.extracted} postings read) and indexes them."
    )
    tour.say()
    opened = await emu.run_command(ada, channel_id, "profile", subcommand="set")
    form = {
        "skills": "python, pytorch, kubernets, docker, sql, vektor db",
        "experience": "mid",
        "location": "",
        "remote": "remote or hybrid",
        "roles": "ML engineer, AI architect",
    }
    saved = await emu.submit_modal(ada, opened, form)
    filled = ", ".join(f"{name}: {value}" for name, value in form.items() if value)
    tour.show("ada", f"/profile set  ({filled})", saved)
    taken = await engine.process_queue(bot.services.db)
    tour.say(
        f"  (the matching worker takes the queued profile change: {taken} member re-scored; "
        "the bot never waits for it, and /jobs is exact either way)"
    )
    jobs = await emu.run_command(ada, channel_id, "jobs")
    tour.show("ada", "/jobs", jobs)
    on = await emu.run_command(ada, channel_id, "alerts", subcommand="on")
    threshold = await emu.run_command(
        ada, channel_id, "alerts", {"score": 50}, subcommand="threshold"
    )
    tour.show("ada", "/alerts on, then /alerts threshold score:50", threshold)
    # The daily digest window opens at 09:00 in ada's zone (UTC until she sets one).
    nine = clock().replace(hour=9, minute=0, second=0, microsecond=0)
    clock.set(nine if nine > clock() else nine + timedelta(days=1))
    sent = await bot.alerts.tick(clock())
    tour.say(f"── The clock moves to {clock():%Y-%m-%d %H:%M} UTC; the alert sender runs ──")
    tour.say(f"  {sent.sent} digest sent to ada by direct message:")
    for message in emu.dm_messages(ada.id):
        for line in render_message(message):
            tour.say(line)
    tour.say()
    results = [saved, jobs, on, threshold]
    return not any(r.failed for r in results) and sent.sent == 1
