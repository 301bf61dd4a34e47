"""The whole job-alert path through the emulator and the local job-board server: scrape, a
member sets a profile in the form, receives exactly one digest by DM with the right postings,
presses Stop, and gets nothing more after the next scrape adds matches."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from archbot.local import LocalBot, ManualClock
from store import alerts, profiles
from tests.conftest import FakeTime
from tests.e2e.conftest import Server
from tests.e2e.jobs_world import Job, digests, pipeline_for, publish, worker_catches_up
from tests.jobboard import JobBoard

PLATFORM = Job(1, "ML Platform Engineer", ["Python", "PyTorch", "Kubernetes"])
LLM = Job(2, "LLM Engineer", ["Python", "PyTorch", "LangChain"], ["Kubernetes"])
DATA = Job(3, "Data Engineer", ["SQL", "Apache Airflow", "Apache Spark", "dbt"])
ONSITE = Job(4, "Inference Engineer", ["Python", "PyTorch"], remote=False, location="Paris")
LATER = Job(5, "MLOps Engineer", ["Python", "Kubernetes", "PyTorch"])


async def test_scrape_profile_digest_stop(
    server: Server,
    bot: LocalBot,
    jobboard: JobBoard,
    db_path: Path,
    fake_time: FakeTime,
    clock: ManualClock,
) -> None:
    emu, ada = server.emu, server.member
    publish(jobboard, [PLATFORM, LLM, DATA, ONSITE])
    pipeline = pipeline_for(bot, db_path, jobboard, fake_time)
    await pipeline.open()
    try:
        first = await pipeline.run_once()
        assert [s.status for s in first.sources] == ["ok"]
        assert first.matching.extracted == 4

        opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
        assert opened.modal is not None
        saved = await emu.submit_modal(
            ada,
            opened,
            {
                "skills": "Python, pytorch, Kubernets, blorpology",
                "experience": "Sr.",
                "location": "",
                "remote": "remote only",
                "roles": "ML platform engineer",
            },
        )
        assert not saved.failed, saved.errors
        assert saved.ephemeral
        embed = saved.embeds[0]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert "Kubernets → Kubernetes" in fields["Skills saved (3)"]
        assert "blorpology" in fields["Not recognised, not saved"]
        stored = await bot.services.db(profiles.get_profile, ada.id)
        assert stored is not None
        assert stored.skills == ("kubernetes", "python", "pytorch")
        assert (stored.experience, stored.remote) == ("senior", "remote")

        assert await worker_catches_up(bot) == 1
        turned_on = await emu.run_command(ada, server.general.id, "alerts", subcommand="on")
        assert not turned_on.failed, turned_on.errors
        await emu.run_command(
            ada, server.general.id, "alerts", {"score": 50}, subcommand="threshold"
        )

        report = await bot.alerts.tick()
        assert report.sent == 1
        dms = digests(emu, ada.id)
        assert len(dms) == 1
        titles = [e["title"] for e in dms[0].embeds]
        assert len(titles) == 2
        assert any("ML Platform Engineer" in t for t in titles)
        assert any("LLM Engineer" in t for t in titles)
        assert all("Data Engineer" not in t and "Inference" not in t for t in titles)
        platform = next(e for e in dms[0].embeds if "Platform" in e["title"])
        assert platform["url"] == "https://boards.example/acme/jobs/1"
        why = {f["name"]: f["value"] for f in platform["fields"]}["Why it matched"]
        assert "Python" in why
        assert "Kubernetes" in why
        llm = next(e for e in dms[0].embeds if "LLM" in e["title"])
        assert "LangChain" in {f["name"]: f["value"] for f in llm["fields"]}["Missing (required)"]
        assert not dms[0].pings.any_mass_ping
        ids = dms[0].custom_ids()
        assert any(i.startswith("al:pause:") for i in ids)
        stop_id = next(i for i in ids if i.startswith("al:stop:"))

        # the next window has not opened: nothing more, and never the same postings twice
        again = await bot.alerts.tick()
        assert again.sent == 0
        assert len(digests(emu, ada.id)) == 1

        stopped = await emu.click(ada, dms[0], stop_id)
        assert not stopped.failed, stopped.errors
        assert "off" in stopped.content
        settings = await bot.services.db(alerts.get_alert_settings, ada.id)
        assert not settings.enabled

        publish(jobboard, [PLATFORM, LLM, DATA, ONSITE, LATER])
        second = await pipeline.run_once()
        assert second.matching.pairs >= 1
        _, waiting = await bot.services.db(alerts.pending_alerts, ada.id, 50, 5)
        assert waiting == 1  # the new match is there; only the Stop keeps it from being sent
        clock.advance(timedelta(days=2))
        after_stop = await bot.alerts.tick()
        assert after_stop.sent == 0
        assert len(digests(emu, ada.id)) == 1
    finally:
        await pipeline.close()
