"""Delivery rules of the alert sender through the emulator: closed DMs are marked, not retried
and explained at the member's next command; a restart in the middle of sending neither repeats
nor loses a digest; the global pace holds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from archbot.local import LocalBot, ManualClock
from bot.alert_sender import STALE_CLAIM
from discord_emulator import Member
from store import alerts
from tests.conftest import FakeTime
from tests.e2e.conftest import Server, StartBot
from tests.e2e.jobs_world import digests, fake_pacing, seed_member, seed_postings

ML_JOBS = [
    ("ML Platform Engineer", ["Python", "PyTorch", "Kubernetes"]),
    ("LLM Engineer", ["Python", "PyTorch", "LangChain"]),
    ("Data Engineer", ["SQL", "Apache Airflow", "Apache Spark", "dbt"]),
]
DM_POSTS = "POST /channels/{channel_id}/messages"


class SimulatedCrash(BaseException):
    """Stands for the process dying: no `except Exception` handler runs."""


async def test_closed_dms_marked_not_retried_and_explained(
    server: Server, bot: LocalBot, fake_time: FakeTime
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    await seed_postings(bot, ML_JOBS)
    assert await seed_member(bot, ada.id, ["python", "pytorch", "kubernetes"]) == 2
    emu.close_dms(ada.id)

    first = await bot.alerts.tick()
    assert (first.sent, first.closed) == (0, 1)
    assert await bot.services.db(alerts.dms_closed_at, ada.id) is not None
    _, waiting = await bot.services.db(alerts.pending_alerts, ada.id, 50, 5)
    assert waiting == 2  # released, not lost
    posts = emu.requests.count(DM_POSTS)

    again = await bot.alerts.tick()
    assert (again.sent, again.closed, again.due) == (0, 0, 0)
    assert emu.requests.count(DM_POSTS) == posts  # not retried

    used = await emu.run_command(ada, server.general.id, "help")
    assert not used.failed, used.errors
    await emu.wait_until(lambda: bool(used.followups))
    notice = used.followups[0]
    assert notice.ephemeral
    assert "Direct Messages" in notice.content
    assert not notice.pings.any_mass_ping
    assert await bot.services.db(alerts.dms_closed_at, ada.id) is None

    # told once: the next command carries no notice
    later = await emu.run_command(ada, server.general.id, "help")
    assert not later.followups

    emu.open_dms(ada.id)
    retried = await bot.alerts.tick()
    assert retried.sent == 1
    assert len(digests(emu, ada.id)[0].embeds) == 2


async def _two_members_due(bot: LocalBot, server: Server) -> tuple[Member, Member]:
    emu = server.emu
    bea = emu.create_member(server.guild.id, "bea")
    await seed_postings(bot, ML_JOBS)
    for member in (server.member, bea):
        await seed_member(bot, member.id, ["python", "pytorch", "kubernetes"])
    assert server.member.id < bea.id  # the sender goes in user-id order
    return server.member, bea


async def test_restart_after_claim_before_the_dm_went_out(
    server: Server,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
    fake_time: FakeTime,
    clock: ManualClock,
) -> None:
    emu = server.emu
    async with start_bot() as bot:
        fake_pacing(bot, fake_time)
        ada, bea = await _two_members_due(bot, server)
        real_create_dm = bot.create_dm

        async def dies_for_bea(user: Any) -> Any:
            if user.id == bea.id:
                raise SimulatedCrash
            return await real_create_dm(user)

        monkeypatch.setattr(bot, "create_dm", dies_for_bea)
        with pytest.raises(SimulatedCrash):
            await bot.alerts.tick()
        later = bot.services.now() + timedelta(hours=1)
        claimed = await bot.services.db(alerts.stale_claims, "someone-else", later)
        assert [c.user_id for c in claimed] == [bea.id]  # claimed, never delivered
    assert len(digests(emu, ada.id)) == 1
    assert digests(emu, bea.id) == []

    async with start_bot() as bot:
        fake_pacing(bot, fake_time)
        early = await bot.alerts.tick()  # the claim may still be in flight elsewhere: wait
        assert (early.released, early.recovered, early.sent) == (0, 0, 0)
        clock.advance(STALE_CLAIM + timedelta(seconds=1))
        report = await bot.alerts.tick()
        assert (report.released, report.recovered, report.sent) == (1, 0, 1)
    assert len(digests(emu, ada.id)) == 1  # no duplicate
    assert len(digests(emu, bea.id)) == 1  # nothing lost
    assert len(digests(emu, bea.id)[0].embeds) == 2


async def test_restart_after_the_dm_went_out_before_it_was_recorded(
    server: Server,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
    fake_time: FakeTime,
    clock: ManualClock,
) -> None:
    emu = server.emu
    calls: list[int] = []
    real_finish = alerts.finish_digest

    def dies_on_second(db: Any, digest_id: int, *args: Any) -> None:
        calls.append(digest_id)
        if len(calls) == 2:
            raise SimulatedCrash
        real_finish(db, digest_id, *args)

    async with start_bot() as bot:
        fake_pacing(bot, fake_time)
        ada, bea = await _two_members_due(bot, server)
        monkeypatch.setattr(alerts, "finish_digest", dies_on_second)
        with pytest.raises(SimulatedCrash):
            await bot.alerts.tick()
        monkeypatch.setattr(alerts, "finish_digest", real_finish)
    assert len(digests(emu, bea.id)) == 1  # delivered, but the process died before recording it

    async with start_bot() as bot:
        fake_pacing(bot, fake_time)
        clock.advance(STALE_CLAIM + timedelta(seconds=1))
        report = await bot.alerts.tick()
        assert (report.recovered, report.released, report.sent) == (1, 0, 0)
        assert await bot.services.db(alerts.digest_count, bea.id) == 1
        again = await bot.alerts.tick()
        assert again.sent == 0
    assert len(digests(emu, ada.id)) == 1
    assert len(digests(emu, bea.id)) == 1


async def test_digests_are_paced_by_the_global_bucket(
    server: Server, bot: LocalBot, fake_time: FakeTime
) -> None:
    emu = server.emu
    others = [emu.create_member(server.guild.id, f"m{n}") for n in range(3)]
    await seed_postings(bot, ML_JOBS)
    for member in others:
        await seed_member(bot, member.id, ["python", "pytorch"])
    fake_pacing(bot, fake_time)
    per_minute = bot.services.config.alert_dms_per_minute
    report = await bot.alerts.tick()
    assert report.sent == 3
    waited = sum(fake_time.sleeps)
    assert waited == pytest.approx(2 * 60 / per_minute)  # the first is free, then one per slot
    assert all(len(digests(emu, m.id)) == 1 for m in others)
