"""Links of job postings as Discord accepts them, and digests Discord refuses for their content.

A posting URL with a raw space once went into an embed as it was: Discord answered "Not a well
formed URL", /jobs failed for everyone whose page held that posting, and the digest was released
and retried with the same five postings every minute.
"""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from bot.match_engine import MatchEngine
from scrapers.posting import Posting
from store import Database, alerts, upsert_postings
from tests.conftest import FakeTime
from tests.e2e.conftest import Server
from tests.e2e.jobs_world import REQUIREMENTS, T0, digests, fake_pacing, seed_member

DM_POSTS = "POST /channels/{channel_id}/messages"
URLS = {
    "1": ("https://jobs.example/ai architect/4", "https://jobs.example/ai%20architect/4"),
    "2": ("https://jobs.example/ingénieur/5?ville=Zürich", None),
    "3": ("https://jobs.example/" + "é" * 700, None),  # 4,221 characters once encoded
    "4": ("not a link at all", None),
}
URLS["2"] = (URLS["2"][0], "https://jobs.example/ing%C3%A9nieur/5?ville=Z%C3%BCrich")


async def _seed(bot: LocalBot) -> None:
    postings = [
        Posting(
            kind="greenhouse",
            key="links",
            source_id=key,
            url=raw,
            title=f"AI Architect {key}",
            company="Acme AI",
            remote="remote",
            posted_at=T0 + timedelta(days=int(key)),
            description=REQUIREMENTS.format(skills="\n- ".join(["Python", "PyTorch"])),
            attribution="Jobs via **Remote** _Board_",
        )
        for key, (raw, _) in URLS.items()
    ]

    def store(db: Database) -> None:
        upsert_postings(db, "greenhouse", "links", postings, T0)

    await bot.services.db(store)
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await engine.sync_postings(bot.services.db)


async def test_jobs_show_encoded_links_or_none(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    await _seed(bot)
    assert await seed_member(bot, ada.id, ["python", "pytorch"]) == 4
    shown = []
    result = await emu.run_command(ada, server.general.id, "jobs")
    for _ in range(2):
        assert not result.failed, result.errors
        shown += list(result.embeds)
        if result.message is None or len(shown) >= 4:
            break
        result = await emu.click(ada, result.message, "jobs:1:0:30")
    by_title = {e["title"].split(". ", 1)[1].split(" · ")[0]: e for e in shown}
    for key, (_, expected) in URLS.items():
        embed = by_title[f"AI Architect {key}"]
        assert embed.get("url") == expected
        if expected is None:
            assert any(f["name"] == "Link" for f in embed["fields"])
    # the credit is shown as the board wrote it: footers do not render markdown
    assert by_title["AI Architect 1"]["footer"]["text"] == "Jobs via **Remote** _Board_"


async def test_digest_with_odd_links_goes_out(
    server: Server, bot: LocalBot, fake_time: FakeTime
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    await _seed(bot)
    await seed_member(bot, ada.id, ["python", "pytorch"])
    report = await bot.alerts.tick()
    assert report.sent == 1
    urls = {e.get("url") for e in digests(emu, ada.id)[0].embeds}
    assert urls == {URLS["1"][1], URLS["2"][1], None}


async def test_digest_refused_for_its_content_is_not_retried_forever(
    server: Server, bot: LocalBot, fake_time: FakeTime, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    await _seed(bot)
    await seed_member(bot, ada.id, ["python", "pytorch"])

    # Refused once as rendered: the plain version (no links, no skill lists) goes out instead.
    emu.faults.configure(error_rate=1.0, error_statuses=(400,), routes={DM_POSTS}, max_errors=1)
    first = await bot.alerts.tick()
    assert first.sent == 1
    sent = digests(emu, ada.id)
    assert len(sent) == 1
    assert all("url" not in e and not e.get("fields") for e in sent[0].embeds)
    assert "/jobs shows why" in sent[0].embeds[0]["footer"]["text"]

    # Refused in every form: those postings are dropped from alerts, not retried each minute.
    await _seed_more(bot)
    clock.advance(timedelta(days=2))
    emu.faults.configure(
        error_rate=1.0,
        error_statuses=(400,),
        routes={DM_POSTS},
        max_errors=emu.faults.injected + 2,  # the count runs on from the first refusal
    )
    refused = await bot.alerts.tick()
    assert (refused.sent, refused.failed) == (0, 1)
    posts = emu.requests.count(DM_POSTS)
    for _ in range(3):
        again = await bot.alerts.tick()
        assert again.sent == 0
    assert emu.requests.count(DM_POSTS) == posts
    _, waiting = await bot.services.db(alerts.pending_alerts, ada.id, 50, 5)
    assert waiting == 0
    jobs = await emu.run_command(ada, server.general.id, "jobs")
    assert not jobs.failed, jobs.errors
    assert "of 5" in jobs.content  # still listed in /jobs


async def _seed_more(bot: LocalBot) -> None:
    posting = Posting(
        kind="greenhouse",
        key="links",
        source_id="5",
        url="https://jobs.example/5",
        title="AI Architect 5",
        company="Acme AI",
        remote="remote",
        posted_at=T0 + timedelta(days=5),
        description=REQUIREMENTS.format(skills="\n- ".join(["Python", "PyTorch"])),
    )

    def store(db: Database) -> None:
        upsert_postings(db, "greenhouse", "links", [posting], T0 + timedelta(days=5))

    await bot.services.db(store)
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await engine.sync_postings(bot.services.db)
