"""/profile and /jobs through the emulator: autocomplete, unknown skills with suggestions, bad
input refused, the gap picture, paging that survives a restart, and /profile delete."""

from __future__ import annotations

import io

from PIL import Image

from archbot.local import LocalBot
from bot.match_engine import MatchEngine
from store import Database, alerts, members, profiles
from tests.conftest import FakeTime
from tests.e2e.conftest import Server, StartBot
from tests.e2e.jobs_world import digests, fake_pacing, seed_member, seed_postings

SEVEN_JOBS = [
    (f"ML Engineer {n}", [*["Python", "PyTorch", "Kubernetes"][: 1 + n % 3], "Docker"])
    for n in range(7)
]


async def test_add_with_autocomplete_then_remove(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    choices = await emu.autocomplete(
        ada, server.general.id, "profile", {"skill": "kube"}, focused="skill", subcommand="add"
    )
    assert choices[0]["value"] == "kubernetes"
    added = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "kubernetes"}, subcommand="add"
    )
    assert not added.failed, added.errors
    assert "Added **Kubernetes**" in added.content
    typed = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "pytroch"}, subcommand="add"
    )
    assert "Added **PyTorch**" in typed.content
    assert "pytroch" in typed.content
    unknown = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "kuber"}, subcommand="add"
    )
    assert unknown.ephemeral
    assert "did you mean Kubernetes" in unknown.content
    assert "Nothing was changed" in unknown.content
    ping = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "@everyone"}, subcommand="add"
    )
    assert "is not a skill I know" in ping.content
    assert ping.message is not None
    assert not ping.message.pings.any_mass_ping
    stored = await bot.services.db(profiles.get_profile, ada.id)
    assert stored is not None
    assert stored.skills == ("kubernetes", "pytorch")

    mine = await emu.autocomplete(
        ada, server.general.id, "profile", {"skill": ""}, focused="skill", subcommand="remove"
    )
    assert [c["value"] for c in mine] == ["kubernetes", "pytorch"]
    removed = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "pytorch"}, subcommand="remove"
    )
    assert "Removed **PyTorch**" in removed.content
    missing = await emu.run_command(
        ada, server.general.id, "profile", {"skill": "rust"}, subcommand="remove"
    )
    assert "is not in your profile" in missing.content


async def test_form_refuses_bad_input_and_unknown_only_skills(
    server: Server, bot: LocalBot
) -> None:
    emu, ada = server.emu, server.member
    opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    bad_level = await emu.submit_modal(
        ada, opened, {"skills": "Python", "experience": "wizard", "remote": "any"}
    )
    assert bad_level.ephemeral
    assert "experience level" in bad_level.content
    assert "Nothing was saved" in bad_level.content
    assert await bot.services.db(profiles.get_profile, ada.id) is None

    opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    nothing = await emu.submit_modal(ada, opened, {"skills": "kuber, blorpology"})
    assert nothing.embeds[0]["title"] == "None of those skills is in the taxonomy"
    assert await bot.services.db(profiles.get_profile, ada.id) is None
    assert nothing.message is not None
    add_id = next(c for c in nothing.message.custom_ids() if c.startswith("pf:add:"))
    assert add_id == "pf:add:kubernetes"
    pressed = await emu.click(ada, nothing.message, add_id)
    assert not pressed.failed, pressed.errors
    stored = await bot.services.db(profiles.get_profile, ada.id)
    assert stored is not None
    assert stored.skills == ("kubernetes",)

    # the form opens with what is stored
    reopened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    assert reopened.modal is not None
    assert "Kubernetes" in str(reopened.modal["components"])


async def test_show_and_gap_picture(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    none_yet = await emu.run_command(ada, server.general.id, "profile", subcommand="show")
    assert "no profile yet" in none_yet.content
    await seed_member(bot, ada.id, ["python", "pytorch", "docker"], alerts_on=False)
    shown = await emu.run_command(ada, server.general.id, "profile", subcommand="show")
    assert shown.ephemeral
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert fields["Skills (3)"] == "Docker, Python, PyTorch"
    assert fields["Job alerts"].startswith("off")

    gap = await emu.run_command(ada, server.general.id, "profile", subcommand="gap")
    assert not gap.failed, gap.errors
    assert gap.ephemeral
    embed = gap.embeds[0]
    assert len(embed["fields"]) == 11
    first = embed["fields"][0]
    assert first["name"].startswith("1. ")
    assert "1/" in first["name"]
    assert gap.message is not None
    png = Image.open(io.BytesIO(gap.message.attachments[0].data))
    assert png.format == "PNG"
    assert png.width >= 800


async def test_jobs_pages_and_survives_a_restart(server: Server, start_bot: StartBot) -> None:
    emu, ada = server.emu, server.member
    async with start_bot() as bot:
        await seed_postings(bot, SEVEN_JOBS)
        assert await seed_member(bot, ada.id, ["python", "pytorch", "kubernetes", "docker"]) == 7
        first = await emu.run_command(ada, server.general.id, "jobs")
        assert not first.failed, first.errors
        assert first.ephemeral
        assert len(first.embeds) == 3
        assert "1-3 of 7 · page 1 of 3" in first.content
        assert first.message is not None
        ids = first.message.custom_ids()
        assert ids == ["jobs:0:0:30", "jobs:1:0:30"]
        assert first.message.find_component("jobs:0:0:30")["disabled"]  # type: ignore[index]
        page_one = list(first.embeds)  # the message is live: the click below edits it
        second = await emu.click(ada, first.message, "jobs:1:0:30")
        assert "4-6 of 7 · page 2 of 3" in second.content
        seen = [e["title"] for e in page_one + second.embeds]
        assert len(set(seen)) == 6
        scores = [int(e["description"].split("**")[1]) for e in page_one + second.embeds]
        assert scores == sorted(scores, reverse=True)
        embed = page_one[0]
        assert embed["url"].startswith("https://boards.example/seeded/")
        assert {f["name"] for f in embed["fields"]} >= {"Why it matched"}
        assert "Source: greenhouse" in embed["footer"]["text"]
    async with start_bot():
        assert second.message is not None
        third = await emu.click(ada, second.message, "jobs:2:0:30")
        assert not third.failed, third.errors
        assert "7-7 of 7 · page 3 of 3" in third.content
        assert third.message is not None
        assert third.message.find_component("jobs:3:0:30")["disabled"]  # type: ignore[index]
        remote_strict = await emu.run_command(
            ada, server.general.id, "jobs", {"remote": True, "min_score": 100}
        )
        assert all(e["description"].startswith("**100**") for e in remote_strict.embeds)


async def test_jobs_without_a_profile(server: Server, bot: LocalBot) -> None:
    result = await server.emu.run_command(server.member, server.general.id, "jobs")
    assert result.ephemeral
    assert "/profile set" in result.content


def _rows_of(db: Database, user_id: int) -> dict[str, int]:
    """Rows that name the member, in every table that has a user_id column."""
    found: dict[str, int] = {}
    for table in db.table_names():
        columns = {c.name for c in db[table].columns}
        if "user_id" in columns:
            count = db.execute(
                f"SELECT count(*) FROM [{table}] WHERE user_id = ?", [user_id]
            ).fetchone()[0]
            found[table] = int(count)
    return found


async def test_profile_delete_leaves_nothing(
    server: Server, bot: LocalBot, content: object, fake_time: FakeTime
) -> None:
    emu, ada = server.emu, server.member
    fake_pacing(bot, fake_time)
    services = bot.services
    await seed_postings(bot, SEVEN_JOBS)
    await seed_member(bot, ada.id, ["python", "pytorch", "kubernetes", "docker"])
    await services.db(members.set_progress, ada.id, ["cs-basics.python"], "done", services.now())
    await services.db(members.record_tip_seen, ada.id, "tip.any", services.now())
    await services.db(members.set_member_timezone, ada.id, "Europe/Paris", services.now())
    assert (await bot.alerts.tick()).sent == 1
    await services.db(alerts.mark_dms_closed, ada.id, None, services.now())
    before = await services.db(_rows_of, ada.id)
    owned = {t for t, n in before.items() if n}
    assert {"members", "profiles", "profile_skills", "matches", "alert_settings"} <= owned
    assert {"alert_digests", "sent_alerts", "topic_progress", "tips_seen"} <= owned

    asked = await emu.run_command(ada, server.general.id, "profile", subcommand="delete")
    assert asked.ephemeral
    assert asked.message is not None
    assert f"pf:erase:{ada.id}" in asked.message.custom_ids()
    assert await services.db(profiles.get_profile, ada.id) is not None  # nothing yet
    erased = await emu.click(ada, asked.message, f"pf:erase:{ada.id}")
    assert not erased.failed, erased.errors
    assert erased.embeds[0]["title"] == "Everything erased"
    after = await services.db(_rows_of, ada.id)
    assert set(after) == set(before)
    assert all(n == 0 for n in after.values()), after
    engine = services.matching
    assert isinstance(engine, MatchEngine)
    assert engine.index.member_scores(ada.id) == {}
    assert digests(emu, ada.id)  # what was sent stays in Discord; the bot holds nothing


async def test_profile_delete_can_be_cancelled(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    await seed_member(bot, ada.id, ["python"], alerts_on=False)
    asked = await emu.run_command(ada, server.general.id, "profile", subcommand="delete")
    assert asked.message is not None
    kept = await emu.click(ada, asked.message, "pf:keep")
    assert kept.embeds[0]["title"] == "Nothing was erased"
    assert await bot.services.db(profiles.get_profile, ada.id) is not None


async def test_help_and_about_mention_the_job_commands(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    help_ = await emu.run_command(ada, server.general.id, "help")
    names = [f["name"] for f in help_.embeds[0]["fields"]]
    for command in ("/profile", "/jobs", "/alerts", "/profile delete"):
        assert any(n.startswith(command) for n in names), command
    about = await emu.run_command(ada, server.general.id, "about")
    stored = about.embeds[0]["fields"][0]["value"]
    assert "/profile delete" in stored


async def test_form_prefill_keeps_every_skill(server: Server, bot: LocalBot) -> None:
    """Sixty skills with long names once pre-filled cut at 1,000 characters, so submitting the
    form unchanged dropped skills."""
    emu, ada = server.emu, server.member
    content = bot.services.content
    longest = sorted(content.skills, key=lambda s: (-len(s.name), s.id))[:60]
    ids = [s.id for s in longest]
    await bot.services.db(members.ensure_member, ada.id, bot.services.now())
    await bot.services.db(profiles.add_skills, ada.id, ids, bot.services.now())
    opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    assert opened.modal is not None
    sent = await emu.submit_modal(ada, opened, {})
    assert not sent.failed, sent.errors
    stored = await bot.services.db(profiles.get_profile, ada.id)
    assert stored is not None
    assert sorted(stored.skills) == sorted(ids)


async def test_form_keeps_skills_too_many_to_list(server: Server, bot: LocalBot) -> None:
    """More skills than the form may hold (added one by one): the skills field opens empty and
    says that leaving it empty keeps them; other fields still change."""
    emu, ada = server.emu, server.member
    ids = [s.id for s in bot.services.content.skills[:75]]
    await bot.services.db(members.ensure_member, ada.id, bot.services.now())
    await bot.services.db(profiles.add_skills, ada.id, ids, bot.services.now())
    opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
    assert opened.modal is not None
    assert "Leave empty to keep your 75 skills" in str(opened.modal["components"])
    sent = await emu.submit_modal(ada, opened, {"experience": "senior"})
    assert not sent.failed, sent.errors
    stored = await bot.services.db(profiles.get_profile, ada.id)
    assert stored is not None
    assert sorted(stored.skills) == sorted(ids)
    assert stored.experience == "senior"


async def test_form_refuses_level_or_preference_without_letters(
    server: Server, bot: LocalBot
) -> None:
    emu, ada = server.emu, server.member
    for field, typed in (("experience", "5"), ("remote", "???")):
        opened = await emu.run_command(ada, server.general.id, "profile", subcommand="set")
        refused = await emu.submit_modal(ada, opened, {"skills": "Python", field: typed})
        assert "Nothing was saved" in refused.content, refused.content
        assert await bot.services.db(profiles.get_profile, ada.id) is None
