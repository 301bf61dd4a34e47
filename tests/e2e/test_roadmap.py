"""/roadmap through the emulator: overview, step, topic, marking progress, navigation."""

from __future__ import annotations

import pytest

from archbot.local import LocalBot
from content import Content
from discord_emulator import InvocationError
from store import members
from tests.e2e.conftest import Server


async def test_overview_lists_all_steps_privately(
    server: Server, bot: LocalBot, content: Content
) -> None:
    result = await server.emu.run_command(server.member, server.general.id, "roadmap")
    assert not result.failed, result.errors
    assert result.ephemeral
    embed = result.embeds[0]
    assert embed["title"] == "The AI-architect roadmap"
    for step in content.steps:
        assert f"{step.number}. {step.title}" in embed["description"]
    assert "0 of 63 topics done" in embed["author"]["name"]
    assert result.message is not None
    assert "rm:steps" in result.message.custom_ids()


async def test_navigate_mark_topic_and_whole_step(
    server: Server, bot: LocalBot, content: Content
) -> None:
    emu, ada = server.emu, server.member
    overview = await emu.run_command(ada, server.general.id, "roadmap")
    assert overview.message is not None
    step = content.steps[2]
    opened = await emu.click(ada, overview.message, "rm:steps", values=[step.id])
    assert not opened.failed, opened.errors
    assert opened.embeds[0]["title"].endswith(step.title)
    topic = step.topics[0]
    assert opened.message is not None
    shown = await emu.click(ada, opened.message, f"rm:topics:{step.id}", values=[topic.id])
    assert shown.embeds[0]["title"] == topic.title
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert "Not started" in fields["Your status"]
    assert shown.message is not None
    marked = await emu.click(ada, shown.message, f"rm:mark:{topic.id}:done")
    fields = {f["name"]: f["value"] for f in marked.embeds[0]["fields"]}
    assert "Done" in fields["Your status"]
    progress = await bot.services.db(members.progress_of, ada.id)
    assert progress == {topic.id: "done"}

    assert marked.message is not None
    back = await emu.click(ada, marked.message, f"rm:open:step:{step.id}")
    assert back.message is not None
    whole = await emu.click(ada, back.message, f"rm:stepdone:{step.id}")
    assert not whole.failed
    progress = await bot.services.db(members.progress_of, ada.id)
    assert {progress[t.id] for t in step.topics} == {"done"}
    topics_field = whole.embeds[0]["fields"][0]["value"]
    assert topics_field.count("✅") == len(step.topics)


async def test_open_step_by_number_name_and_autocomplete(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    by_number = await emu.run_command(server.member, server.general.id, "roadmap", {"step": "2"})
    assert by_number.embeds[0]["title"].startswith("Step 2 of 11")
    by_id = await emu.run_command(server.member, server.general.id, "roadmap", {"step": "mlops"})
    assert "Step 5 of 11" in by_id.embeds[0]["title"]
    choices = await emu.autocomplete(
        server.member, server.general.id, "roadmap", {"step": "clo"}, focused="step"
    )
    assert [c["value"] for c in choices] == ["cloud-infra"]


async def test_unknown_step_gets_a_clear_private_message(server: Server, bot: LocalBot) -> None:
    result = await server.emu.run_command(
        server.member, server.general.id, "roadmap", {"step": "@everyone **quantum**"}
    )
    assert result.ephemeral
    assert "No roadmap step matches" in result.content
    assert "@everyone" not in result.content.replace("@\u200beveryone", "")
    assert result.message is not None
    assert not result.message.pings.any_mass_ping


async def test_unknown_command_option_is_impossible(server: Server, bot: LocalBot) -> None:
    with pytest.raises(InvocationError):
        await server.emu.run_command(server.member, server.general.id, "roadmap", {"nope": "x"})


async def test_progress_survives_a_restart(server: Server, start_bot, content: Content) -> None:
    step = content.steps[0]
    async with start_bot():
        first = await server.emu.run_command(server.member, server.general.id, "roadmap", {"step": "1"})
        assert first.message is not None
        await server.emu.click(server.member, first.message, f"rm:stepdone:{step.id}")
    async with start_bot():
        # the old message's buttons still work after the restart (no in-memory view state)
        assert first.message is not None
        again = await server.emu.click(server.member, first.message, f"rm:open:overview")
        assert not again.failed, again.errors
        assert f"{len(step.topics)} of 63 topics done" in again.embeds[0]["author"]["name"]
