"""The weekly market pulse through the emulator: /settings pulse, one post a week across
restarts and daylight-saving changes, failures recorded, and /career salaries with live figures."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from PIL import Image

from archbot.local import LocalBot, ManualClock
from bot.market_service import market_of
from bot.match_engine import MatchEngine
from discord_emulator import Emulator, Message
from scrapers.posting import Posting, Salary
from store import Database, upsert_postings
from store import pulse_settings as pulses
from tests.e2e.conftest import Server, StartBot
from tests.e2e.test_plan import ARCHITECT_JOBS, seed
from tests.e2e.test_settings import permissive  # noqa: F401 (a fixture)

# 09:00 in Paris on Monday 1 June 2026 (summer time, UTC+2) is 07:00 UTC.
SLOT = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)


async def enable(
    bot: LocalBot, server: Server, zone: str = "Europe/Paris", **extra: object
) -> None:
    changes: dict[str, object] = {
        "channel_id": server.tips.id,
        "weekday": 0,
        "post_time": "09:00",
        "timezone": zone,
        "enabled": 1,
    }
    changes.update(extra)
    await bot.services.db(
        pulses.update_pulse_settings,
        server.guild.id,
        server.guild.name,
        bot.services.now(),
        **changes,
    )


def posts(server: Server) -> list[Message]:
    return [
        m
        for m in server.emu.channel_messages(server.tips.id)
        if m.author_id == server.emu.bot_user_id
    ]


async def test_bot_refuses_non_managers_itself(
    permissive: tuple[Emulator, Server, LocalBot],  # noqa: F811 (the imported fixture)
) -> None:
    emu, srv, bot = permissive
    refused = await emu.run_command(
        srv.member,
        srv.general.id,
        "settings",
        {"channel": srv.tips, "enabled": True},
        subcommand="pulse",
    )
    assert refused.ephemeral
    assert "Manage Server" in refused.content
    assert not (await bot.services.db(pulses.pulse_settings, srv.guild.id)).enabled


async def test_manager_sets_the_pulse(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    bad = await emu.run_command(
        server.manager, server.general.id, "settings", {"time": "25:99"}, subcommand="pulse"
    )
    assert "Nothing was changed" in bad.content
    result = await emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {
            "channel": server.tips,
            "weekday": 4,
            "time": "17:30",
            "timezone": "Europe/Berlin",
            "enabled": True,
        },
        subcommand="pulse",
    )
    assert not result.failed, result.errors
    assert result.ephemeral
    fields = {f["name"]: f["value"] for f in result.embeds[0]["fields"]}
    assert fields["Pulse"] == "on"
    assert fields["When"] == "Fridays at 17:30 Europe/Berlin"
    assert "Next post" in fields
    stored = await bot.services.db(pulses.pulse_settings, server.guild.id)
    assert (stored.channel_id, stored.weekday, stored.post_time) == (server.tips.id, 4, "17:30")
    assert stored.enabled


async def test_posted_once_a_week_across_restarts(
    server: Server, start_bot: StartBot, clock: ManualClock
) -> None:
    async with start_bot() as bot:
        await seed(bot, ARCHITECT_JOBS)
        await enable(bot, server)
        assert (await bot.pulse.tick(SLOT - timedelta(minutes=1))).sent == 0
        assert (await bot.pulse.tick(SLOT)).sent == 1
    async with start_bot() as bot:
        assert (await bot.pulse.tick(SLOT + timedelta(minutes=1))).sent == 0
        assert (await bot.pulse.tick(SLOT + timedelta(days=1))).sent == 0
    async with start_bot() as bot:
        assert (await bot.pulse.tick(SLOT + timedelta(days=7))).sent == 1
        records = await bot.services.db(pulses.pulse_posts, server.guild.id)
    sent = posts(server)
    assert len(sent) == 2
    embed = sent[0].embeds[0]
    assert embed["title"] == "Market pulse · week of 25 May 2026"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Kubernetes" in fields["Most demanded"]
    assert "Remote" in fields
    [chart] = [a for a in sent[0].attachments if a.filename == "pulse.png"]
    assert Image.open(io.BytesIO(chart.data)).format == "PNG"
    assert not sent[0].pings.any_mass_ping
    assert [(r.local_date, r.status) for r in records] == [
        ("2026-06-01", "sent"),
        ("2026-06-08", "sent"),
    ]


async def test_daylight_saving_moves_the_instant_not_the_local_time(
    server: Server, bot: LocalBot
) -> None:
    await enable(bot, server)
    # Paris springs forward on Sunday 29 March 2026: Monday 09:00 is 08:00 UTC on the 23rd and
    # 07:00 UTC on the 30th.
    assert (await bot.pulse.tick(datetime(2026, 3, 23, 8, 0, tzinfo=UTC))).sent == 1
    assert (await bot.pulse.tick(datetime(2026, 3, 30, 6, 59, tzinfo=UTC))).sent == 0
    assert (await bot.pulse.tick(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))).sent == 1
    assert (await bot.pulse.tick(datetime(2026, 3, 30, 8, 0, tzinfo=UTC))).sent == 0
    records = await bot.services.db(pulses.pulse_posts, server.guild.id)
    assert [r.local_date for r in records] == ["2026-03-23", "2026-03-30"]


async def test_the_repeated_autumn_hour_posts_once(server: Server, bot: LocalBot) -> None:
    # New York falls back on Sunday 1 November 2026: 01:30 happens at 05:30 and 06:30 UTC.
    await enable(bot, server, zone="America/New_York", weekday=6, post_time="01:30")
    assert (await bot.pulse.tick(datetime(2026, 11, 1, 5, 30, tzinfo=UTC))).sent == 1
    assert (await bot.pulse.tick(datetime(2026, 11, 1, 6, 30, tzinfo=UTC))).sent == 0
    assert len(posts(server)) == 1


async def test_a_deleted_channel_is_recorded_and_shown(server: Server, bot: LocalBot) -> None:
    await enable(bot, server)
    server.emu.delete_channel(server.tips.id)
    report = await bot.pulse.tick(SLOT)
    assert report.failed == 1
    shown = await server.emu.run_command(
        server.manager, server.general.id, "settings", subcommand="pulse"
    )
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert "no longer exists" in fields["⚠️ The last pulse was not posted"]
    assert "/settings pulse" in fields["⚠️ The last pulse was not posted"]


def _paid(db: Database, now_text: str) -> None:
    now = datetime.fromisoformat(now_text)
    postings = [
        Posting(
            kind="greenhouse",
            key="paid",
            source_id=str(n),
            url=f"https://boards.example/paid/{n}",
            title="Senior AI Architect",
            company="Acme AI",
            remote="onsite",
            locations=("Berlin, Germany",),
            posted_at=now - timedelta(days=n),
            salary=Salary(90_000 + 10_000 * n, 130_000 + 10_000 * n, "EUR", "year"),
            description="Requirements\n- Python\n- Kubernetes\n",
        )
        for n in range(1, 4)
    ]
    upsert_postings(db, "greenhouse", "paid", postings, now)


async def test_career_salaries_shows_live_figures_beside_the_bands(
    server: Server, bot: LocalBot
) -> None:
    emu = server.emu
    empty = await emu.run_command(server.member, server.general.id, "career", {"topic": "salaries"})
    assert not empty.failed, empty.errors
    fields = {f["name"]: f["value"] for f in empty.embeds[0]["fields"]}
    live = next(v for n, v in fields.items() if n.startswith("Live: stated pay"))
    assert "states pay yet" in live
    await bot.services.db(_paid, bot.services.now().isoformat())
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await engine.sync_postings(bot.services.db)
    market = market_of(bot.services)
    await market.refresh(bot.services.db)
    result = await emu.run_command(
        server.member, server.general.id, "career", {"topic": "salaries"}
    )
    assert not result.ephemeral
    fields = {f["name"]: f["value"] for f in result.embeds[0]["fields"]}
    assert "⚠️ Please note" in fields  # the reference page is still all there
    live = next(v for n, v in fields.items() if n.startswith("Live: stated pay"))
    assert "3 of 3" in live
    assert "Senior, Europe: EUR 110k - EUR 150k (3 postings)" in live
