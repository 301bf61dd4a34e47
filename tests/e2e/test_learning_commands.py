"""/tip, /progress, /career, /help and /about through the emulator."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from archbot.local import LocalBot
from content import Content
from store import members
from tests.e2e.conftest import Server


async def test_tip_then_another_never_repeats(
    server: Server, bot: LocalBot, content: Content
) -> None:
    emu, ada = server.emu, server.member
    first = await emu.run_command(ada, server.general.id, "tip")
    assert not first.failed, first.errors
    assert first.ephemeral
    texts = {first.embeds[0]["description"]}
    message = first.message
    for _ in range(5):
        assert message is not None
        nxt = await emu.click(ada, message, "tip:next:all")
        assert not nxt.failed, nxt.errors
        texts.add(nxt.embeds[0]["description"])
        message = nxt.message
    assert len(texts) == 6
    assert len(await bot.services.db(members.tips_seen, ada.id)) == 6
    assert texts <= {t.text for t in content.tips}


async def test_tip_for_one_step(server: Server, bot: LocalBot, content: Content) -> None:
    result = await server.emu.run_command(
        server.member, server.general.id, "tip", {"step": "maths"}
    )
    maths = {t.text for t in content.tips if t.step == "maths"}
    assert result.embeds[0]["description"] in maths
    assert (
        "Maths" in result.embeds[0]["footer"]["text"]
        or "maths" in result.embeds[0]["footer"]["text"].lower()
    )
    assert result.message is not None
    assert "tip:next:maths" in result.message.custom_ids()


async def test_progress_card_summary_and_checklist(
    server: Server, bot: LocalBot, content: Content
) -> None:
    emu, ada = server.emu, server.member
    first_step = content.steps[0]
    await bot.services.db(
        members.set_progress, ada.id, [t.id for t in first_step.topics], "done", bot.services.now()
    )
    result = await emu.run_command(ada, server.general.id, "progress", {"export": True})
    assert not result.failed, result.errors
    assert result.deferred
    assert result.ephemeral
    embed = result.embeds[0]
    assert f"**{len(first_step.topics)}** of 63 topics done" in embed["description"]
    assert "1** of 11 steps complete" in embed["description"]
    suggested = {f["name"]: f["value"] for f in embed["fields"]}["Suggested next topic"]
    assert content.steps[1].topics[0].title in suggested
    assert result.message is not None
    files = {a.filename: a for a in result.message.attachments}
    png = Image.open(io.BytesIO(files["progress.png"].data))
    assert png.format == "PNG"
    assert png.width >= 800
    checklist = files["roadmap-checklist.md"].data.decode()
    assert f"- [x] {first_step.topics[0].title}" in checklist
    assert f"- [ ] {content.steps[1].topics[0].title}" in checklist


async def test_career_pages(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    choices = await emu.autocomplete(
        server.member, server.general.id, "career", {"topic": "sal"}, focused="topic"
    )
    assert [c["value"] for c in choices] == ["salaries"]
    result = await emu.run_command(
        server.member, server.general.id, "career", {"topic": "salaries"}
    )
    assert not result.ephemeral
    names = [f["name"] for f in result.embeds[0]["fields"]]
    assert "⚠️ Please note" in names
    caveat = result.embeds[0]["fields"][names.index("⚠️ Please note")]["value"]
    assert "2025" in caveat
    unknown = await emu.run_command(
        server.member, server.general.id, "career", {"topic": "astrology"}
    )
    assert unknown.ephemeral
    assert "No career page matches" in unknown.content


async def test_help_and_about(server: Server, bot: LocalBot) -> None:
    help_ = await server.emu.run_command(server.member, server.general.id, "help")
    names = [f["name"] for f in help_.embeds[0]["fields"]]
    assert any(n.startswith("/roadmap") for n in names)
    assert any(n.startswith("/settings") for n in names)
    about = await server.emu.run_command(server.member, server.general.id, "about")
    assert "63 topics" in about.embeds[0]["description"]


async def test_no_reply_ever_pings_anyone(server: Server, bot: LocalBot) -> None:
    for name in ("roadmap", "tip", "help", "about"):
        await server.emu.run_command(server.member, server.general.id, name)
    messages = server.emu.all_messages()
    assert messages
    assert not any(m.pings.any_mass_ping or m.pings.role_ids for m in messages)


async def test_private_replies_leave_no_view_timers_behind(server: Server, bot: LocalBot) -> None:
    """discord.py would keep each ephemeral view and a 15-minute timer task; ours need neither."""
    for name in ("roadmap", "tip", "roadmap"):
        result = await server.emu.run_command(server.member, server.general.id, name)
        assert result.message is not None
        assert result.message.custom_ids()
    pending = [t for t in asyncio.all_tasks() if "timeout_task" in repr(t.get_coro())]
    assert pending == []
