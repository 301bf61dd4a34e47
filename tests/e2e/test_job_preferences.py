"""Hard filters through the emulator: a member sets preferences with /profile preferences, sees
them in /profile show, and /jobs and the next digest leave out the jobs whose postings rule
them out, showing what the others leave unknown and the salary they state."""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot
from bot.match_engine import MatchEngine
from scrapers.posting import Posting, Salary
from store import Database, preferences, upsert_postings
from tests.conftest import FakeTime
from tests.e2e.conftest import Server
from tests.e2e.jobs_world import REQUIREMENTS, T0, digests, fake_pacing, seed_member

SHOWN = {"Open Role", "Sponsored EU Role"}


def _posting(n: int, title: str, **facts: object) -> Posting:
    return Posting(
        kind="greenhouse",
        key="facts",
        source_id=str(n),
        url=f"https://boards.example/facts/{n}",
        title=title,
        company=f"Company {n}",
        remote="remote",
        posted_at=T0 + timedelta(days=n),
        description=REQUIREMENTS.format(skills="Python\n- PyTorch"),
        **facts,  # type: ignore[arg-type]
    )


def _store(db: Database) -> None:
    eur = Salary(70_000, None, "EUR", "year")
    postings = [
        _posting(1, "No Visa Role", visa_sponsorship=False),
        _posting(2, "Ten Years Role", min_years=10),
        _posting(3, "US Only Role", remote_regions=("US",)),
        _posting(4, "Low Pay Role", salary=Salary(30_000, 40_000, "EUR", "year")),
        _posting(5, "Contract Role", employment_type="contract"),
        _posting(6, "Open Role", salary=Salary(80_000, 100_000, "EUR", "year")),
        _posting(
            7,
            "Sponsored EU Role",
            visa_sponsorship=True,
            remote_regions=("EU",),
            min_years=5,
            employment_type="full-time",
            salary=eur,
        ),
    ]
    upsert_postings(db, "greenhouse", "facts", postings, T0)


async def test_preferences_filter_jobs_and_digests(
    server: Server, bot: LocalBot, fake_time: FakeTime
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await bot.services.db(_store)
    await engine.sync_postings(bot.services.db)
    assert await seed_member(bot, ada.id, ["python", "pytorch"], threshold=30) == 7

    everything = await emu.run_command(ada, server.general.id, "jobs", {"min_score": 0})
    assert "of 7" in everything.content  # nothing hidden before preferences are set

    refused = await emu.run_command(
        ada, server.general.id, "profile", {"work_in": "Narnia"}, subcommand="preferences"
    )
    assert refused.ephemeral
    assert "Nothing was saved" in refused.content
    assert "Narnia" in refused.content
    assert await bot.services.db(preferences.get_preferences, ada.id) == (
        preferences.MemberPreferences()
    )
    no_currency = await emu.run_command(
        ada, server.general.id, "profile", {"min_salary": "60000"}, subcommand="preferences"
    )
    assert "Nothing was saved" in no_currency.content

    options = {
        "work_in": "Germany, UTC+01:00",
        "needs_visa": True,
        "years": 4,
        "min_salary": "60k EUR",
        "employment": "full-time",
    }
    saved = await emu.run_command(
        ada, server.general.id, "profile", options, subcommand="preferences"
    )
    assert not saved.failed, saved.errors
    assert saved.ephemeral
    fields = {f["name"]: f["value"] for f in saved.embeds[0]["fields"]}
    assert fields["Can work from"] == "DE, UTC+01:00"
    assert fields["Needs visa sponsorship"] == "yes"
    assert fields["Years of experience"].startswith("4 (jobs asking 7+ years")
    assert fields["Minimum salary"] == "60,000 EUR a year"
    assert fields["Employment types"] == "full-time"

    shown = await emu.run_command(ada, server.general.id, "profile", subcommand="show")
    assert {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}["Needs visa sponsorship"] == (
        "yes"
    )

    jobs = await emu.run_command(ada, server.general.id, "jobs", {"min_score": 0})
    assert not jobs.failed, jobs.errors
    assert "of 2 · page 1 of 1" in jobs.content
    by_title = {e["title"].split(". ", 1)[1].split(" · ")[0]: e for e in jobs.embeds}
    assert set(by_title) == SHOWN
    open_role = by_title["Open Role"]["description"]
    assert "80,000-100,000 EUR a year" in open_role
    assert (
        "not stated: where it may be done, visa sponsorship, years asked, employment type"
        in open_role
    )
    sponsored = by_title["Sponsored EU Role"]["description"]
    assert "70,000 EUR a year" in sponsored
    assert "not stated:" not in sponsored

    assert (await bot.alerts.tick()).sent == 1
    [digest] = digests(emu, ada.id)
    titles = {e["title"].split(". ", 1)[1].split(" · ")[0] for e in digest.embeds}
    assert titles == SHOWN
    assert any("EUR a year" in e["description"] for e in digest.embeds)

    # one option changed, the others kept; "-" clears one
    relaxed = await emu.run_command(
        ada,
        server.general.id,
        "profile",
        {"needs_visa": False, "employment": "-"},
        subcommand="preferences",
    )
    fields = {f["name"]: f["value"] for f in relaxed.embeds[0]["fields"]}
    assert fields["Needs visa sponsorship"] == "no"
    assert fields["Employment types"] == "any"
    assert fields["Can work from"] == "DE, UTC+01:00"
    again = await emu.run_command(ada, server.general.id, "jobs", {"min_score": 0})
    assert "1-3 of 4 · page 1 of 2" in again.content
    titles = {e["title"].split(". ", 1)[1].split(" · ")[0] for e in again.embeds}
    assert titles <= {*SHOWN, "No Visa Role", "Contract Role"}

    asked = await emu.run_command(ada, server.general.id, "profile", subcommand="delete")
    assert asked.message is not None
    erased = await emu.click(ada, asked.message, f"pf:erase:{ada.id}")
    assert not erased.failed, erased.errors
    assert await bot.services.db(preferences.get_preferences, ada.id) == (
        preferences.MemberPreferences()
    )
