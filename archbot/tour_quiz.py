"""The quiz part of the guided tour: a solo question answered, then a two-question group round
with two members, the clock moved on by hand, the scoreboard, the winner and the leaderboard."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from archbot.local import LocalBot, ManualClock
from archbot.tour import Tour, render_message, user_names
from bot.cogs.quiz_timer import timer_of
from discord_emulator import Emulator, InteractionResult, Message
from store import quiz as quiz_store
from store import quiz_rounds


async def _right_solo(bot: LocalBot, message: Message) -> str:
    ask_id = next(
        int(found.group(1))
        for custom_id in message.custom_ids()
        if (found := re.fullmatch(r"qz:a:(\d+):\d", custom_id))
    )
    ask = await bot.services.db(quiz_store.get_ask, ask_id)
    assert ask is not None
    return f"qz:a:{ask_id}:{ask.order.index('0')}"


async def _round_buttons(bot: LocalBot, message: Message) -> tuple[str, str]:
    round_id, idx = next(
        (int(found.group(1)), int(found.group(2)))
        for custom_id in message.custom_ids()
        if (found := re.fullmatch(r"qz:r:(\d+):(\d+):\d", custom_id))
    )
    loaded = await bot.services.db(quiz_rounds.load_round, round_id)
    assert loaded is not None
    right = loaded.questions[idx].order.index("0")
    return f"qz:r:{round_id}:{idx}:{right}", f"qz:r:{round_id}:{idx}:{(right + 1) % 4}"


def _latest_bot_message(emu: Emulator, channel_id: int) -> Message:
    mine = [
        m
        for m in emu.channel_messages(channel_id, include_ephemeral=False)
        if m.author_id == emu.bot_user_id
    ]
    return mine[-1]


async def quiz_tour(
    tour: Tour, emu: Emulator, bot: LocalBot, clock: ManualClock, channel_id: int, ada: Any
) -> bool:
    guild_id = emu.channel(channel_id).guild_id
    assert guild_id is not None
    bob = emu.create_member(guild_id, "bob")
    user_names[bob.id] = "bob"
    results: list[InteractionResult] = []
    tour.say("── Quizzes: one question alone, then a round together ──")
    asked = await emu.run_command(ada, channel_id, "quiz", subcommand="play")
    tour.show("ada", "/quiz play", asked)
    results.append(asked)
    if asked.message is None:
        return False
    answered = await emu.click(ada, asked.message, await _right_solo(bot, asked.message))
    tour.show("ada", "presses the right option", answered)
    results.append(answered)

    started = await emu.run_command(
        ada, channel_id, "quiz", {"questions": 2, "seconds": 20}, subcommand="round"
    )
    tour.show("ada", "/quiz round questions:2 seconds:20", started)
    results.append(started)
    question = started.message
    for number in (1, 2):
        if question is None:
            return False
        right, wrong = await _round_buttons(bot, question)
        results.append(await emu.click(ada, question, right))
        replies = [await emu.click(bob, question, wrong)]
        if number == 2:  # bob thinks again and changes his answer before the bell
            replies.append(await emu.click(bob, question, right))
        results += replies
        tour.say(f"  ada and bob answer question {number}; the bot answers bob privately:")
        for line in render_message(replies[-1].message, replies[-1].content):
            tour.say(line)
        clock.advance(timedelta(seconds=21))
        await timer_of(bot).tick()
        tour.say("  (20 seconds later the quiz timer closes the question)")
        revealed = emu.message(question.id)
        for line in render_message(revealed):
            tour.say(line)
        tour.say()
        question = _latest_bot_message(emu, channel_id)
        if number == 1:
            tour.say("    bot posts the next question:")
            for line in render_message(question):
                tour.say(line)
            tour.say()
    tour.say("    bot announces the winners:")
    for line in render_message(question):
        tour.say(line)
    tour.say()
    board = await emu.run_command(ada, channel_id, "quiz", subcommand="leaderboard")
    tour.show("ada", "/quiz leaderboard", board)
    results.append(board)
    return not any(r.failed for r in results)
