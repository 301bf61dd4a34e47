"""Helpers for the quiz end-to-end tests: find the ask or round behind a message, the right
and a wrong button, and drive the quiz timer by hand."""

from __future__ import annotations

import re

from archbot.local import LocalBot
from bot.cogs.quiz_timer import QuizTimer, TickReport, timer_of
from discord_emulator import Message
from store import quiz as store
from store import quiz_rounds


def timer(bot: LocalBot) -> QuizTimer:
    return timer_of(bot)


async def tick(bot: LocalBot) -> TickReport:
    return await timer(bot).tick()


def ask_id_of(message: Message) -> int:
    for custom_id in message.custom_ids():
        found = re.fullmatch(r"qz:a:(\d+):\d", custom_id)
        if found:
            return int(found.group(1))
    raise AssertionError(f"no answer buttons on message {message.id}: {message.custom_ids()}")


async def ask_of(bot: LocalBot, message: Message) -> store.Ask:
    ask = await bot.services.db(store.get_ask, ask_id_of(message))
    assert ask is not None
    return ask


async def solo_buttons(bot: LocalBot, message: Message) -> tuple[str, str]:
    """(custom id of the right option, custom id of a wrong one) of a solo question."""
    ask = await ask_of(bot, message)
    right = ask.order.index("0")
    wrong = (right + 1) % 4
    return f"qz:a:{ask.ask_id}:{right}", f"qz:a:{ask.ask_id}:{wrong}"


def round_ref(message: Message) -> tuple[int, int]:
    for custom_id in message.custom_ids():
        found = re.fullmatch(r"qz:r:(\d+):(\d+):\d", custom_id)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError(f"no round buttons on message {message.id}: {message.custom_ids()}")


async def round_buttons(bot: LocalBot, message: Message) -> tuple[str, str]:
    """(right, wrong) custom ids of the round question on `message`."""
    round_id, idx = round_ref(message)
    loaded = await bot.services.db(quiz_rounds.load_round, round_id)
    assert loaded is not None
    order = loaded.questions[idx].order
    right = order.index("0")
    wrong = (right + 1) % 4
    return f"qz:r:{round_id}:{idx}:{right}", f"qz:r:{round_id}:{idx}:{wrong}"
