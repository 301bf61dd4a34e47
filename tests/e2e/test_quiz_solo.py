"""/quiz play and /quiz review through the emulator: buttons, right and wrong answers, others
refused, time-outs closed by the timer, Next and Stop, and review order after time passes."""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from discord_emulator import Emulator
from store import quiz as store
from tests.e2e.conftest import Server
from tests.e2e.quiz_helpers import ask_of, solo_buttons, tick


async def test_play_right_then_wrong(server: Server, bot: LocalBot, clock: ManualClock) -> None:
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert not asked.failed, asked.errors
    assert not asked.ephemeral
    message = asked.message
    assert message is not None
    assert len([c for c in message.custom_ids() if c.startswith("qz:a:")]) == 4
    right, wrong = await solo_buttons(bot, message)

    clock.advance(timedelta(seconds=5))
    answered = await emu.click(ada, message, right)
    assert not answered.failed, answered.errors
    embed = answered.embeds[0]
    assert embed["title"].startswith("✅")
    names = [f["name"] for f in embed["fields"]]
    assert "Why" in names
    assert any("+" in f["value"] and "point" in f["value"] for f in embed["fields"])
    assert answered.message is not None
    assert any(c.startswith("qz:next:") for c in answered.message.custom_ids())

    nxt = next(c for c in answered.message.custom_ids() if c.startswith("qz:next:"))
    second = await emu.click(ada, answered.message, nxt)
    assert second.message is not None
    _, wrong = await solo_buttons(bot, second.message)
    missed = await emu.click(ada, second.message, wrong)
    embed = missed.embeds[0]
    assert embed["title"].startswith("❌")
    assert "The right answer" in [f["name"] for f in embed["fields"]]
    print(embed)
