"""/alerts through the emulator: opt in, threshold, frequency, quiet hours, time zone with
autocomplete, status, the Pause button of a digest, and bad input refused without changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from archbot.local import LocalBot, ManualClock
from store import alerts, members
from tests.conftest import FakeTime
from tests.e2e.conftest import Server
from tests.e2e.jobs_world import digests, fake_pacing, seed_member, seed_postings


async def test_settings_round_trip_and_status(server: Server, bot: LocalBot) -> None:
    emu, ada, where = server.emu, server.member, server.general.id
    status = await emu.run_command(ada, where, "alerts", subcommand="status")
    assert status.ephemeral
    assert "Alerts are **off" in status.embeds[0]["description"]

    on = await emu.run_command(ada, where, "alerts", subcommand="on")
    assert "no skills in your profile" in on.content
    await emu.run_command(ada, where, "alerts", {"score": 75}, subcommand="threshold")
    freq = await emu.run_command(
        ada, where, "alerts", {"how": "hours", "hours": 4}, subcommand="frequency"
    )
    assert not freq.failed, freq.errors
    quiet = await emu.run_command(
        ada, where, "alerts", {"start": "22:30", "end": "7:00"}, subcommand="quiet-hours"
    )
    assert "Quiet hours saved" in quiet.content
    zones = await emu.autocomplete(
        ada, where, "alerts", {"zone": "berl"}, focused="zone", subcommand="timezone"
    )
    assert [c["value"] for c in zones] == ["Europe/Berlin"]
    await emu.run_command(ada, where, "alerts", {"zone": "Europe/Berlin"}, subcommand="timezone")

    settings = await bot.services.db(alerts.get_alert_settings, ada.id)
    assert settings.enabled
    assert (settings.threshold, settings.frequency, settings.every_hours) == (75, "hours", 4)
    assert (settings.quiet_start, settings.quiet_end) == ("22:30", "07:00")
    assert settings.guild_id == server.guild.id
    assert await bot.services.db(members.member_timezone, ada.id) == "Europe/Berlin"

    status = await emu.run_command(ada, where, "alerts", subcommand="status")
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert fields["Digest"].startswith("every 4 hours")
    assert fields["Threshold"] == "score 75 or more"
    assert fields["Quiet hours"] == "22:30-07:00"
    assert fields["Time zone"] == "Europe/Berlin (yours)"
    assert "Next window opens" in fields

    daily = await emu.run_command(
        ada, where, "alerts", {"how": "daily", "at": "18:15"}, subcommand="frequency"
    )
    assert "daily from 18:15" in str(daily.embeds[0]["fields"])
    await emu.run_command(
        ada, where, "alerts", {"start": "8:00", "end": "08:00"}, subcommand="quiet-hours"
    )
    off = await emu.run_command(ada, where, "alerts", subcommand="off")
    assert "off" in off.content
    settings = await bot.services.db(alerts.get_alert_settings, ada.id)
    assert not settings.enabled
    assert settings.quiet_start is None


async def test_bad_values_change_nothing(server: Server, bot: LocalBot) -> None:
    emu, ada, where = server.emu, server.member, server.general.id
    before = await bot.services.db(alerts.get_alert_settings, ada.id)
    for options, sub in (
        ({"start": "25:00", "end": "07:00"}, "quiet-hours"),
        ({"how": "daily", "at": "noon"}, "frequency"),
        ({"zone": "Mars/Olympus"}, "timezone"),
    ):
        result = await emu.run_command(ada, where, "alerts", options, subcommand=sub)
        assert result.ephemeral
        assert "Nothing was changed" in result.content
    assert await bot.services.db(alerts.get_alert_settings, ada.id) == before
    assert await bot.services.db(members.member_timezone, ada.id) is None


async def test_pause_button_holds_digests_for_a_week(
    server: Server, bot: LocalBot, clock: ManualClock, fake_time: FakeTime
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    await seed_postings(bot, [("ML Engineer", ["Python", "PyTorch"])])
    await seed_member(bot, ada.id, ["python", "pytorch"])
    assert (await bot.alerts.tick()).sent == 1
    digest = digests(emu, ada.id)[0]
    pause_id = next(c for c in digest.custom_ids() if c.startswith("al:pause:"))
    paused = await emu.click(ada, digest, pause_id)
    assert "paused until" in paused.content
    settings = await bot.services.db(alerts.get_alert_settings, ada.id)
    assert settings.paused_until is not None
    assert datetime.fromisoformat(settings.paused_until) == clock.now + timedelta(days=7)

    await seed_postings(bot, [("ML Engineer", ["Python", "PyTorch"]), ("LLM Dev", ["Python"])])
    clock.advance(timedelta(days=2))
    assert (await bot.alerts.tick()).sent == 0
    clock.advance(timedelta(days=6))
    assert (await bot.alerts.tick()).sent == 1
    assert len(digests(emu, ada.id)) == 2


async def test_closed_dm_notice_waits_when_the_command_opens_a_form(
    server: Server, bot: LocalBot
) -> None:
    emu, ada = server.emu, server.member
    await bot.services.db(alerts.update_alert_settings, ada.id, bot.services.now(), {})
    await bot.services.db(alerts.mark_dms_closed, ada.id, None, bot.services.now())
    opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    assert opened.modal is not None
    assert await bot.services.db(alerts.dms_closed_at, ada.id) is not None  # not told yet
    status = await emu.run_command(ada, server.general.id, "alerts", subcommand="status")
    await emu.wait_until(lambda: bool(status.followups))
    assert "Direct Messages" in status.followups[0].content
