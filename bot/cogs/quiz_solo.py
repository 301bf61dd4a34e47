"""The member's own questions on Discord: asking (/quiz play, /quiz review, Next), answering,
stopping, and how each state of the message looks.

The message is public so others can watch, but only the member asked can answer: every button
carries the ask id, and the ask row in SQLite says whose it is, what order the options were
shown in and whether it is still open. Nothing is kept in memory, so the buttons work after a
restart.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.cogs.quiz_common import (
    Interaction,
    channel_of,
    guild_name,
    guild_of,
    ignore,
    quiz_db,
    require_quiz_channel,
)
from bot.cogs.quiz_report import ReportButton
from bot.errors import UserFacingError, reply_ephemeral, reported
from bot.quiz import solo
from bot.quiz.options import LETTERS, displayed, right_position
from bot.render.quiz import answered_embed, expired_embed, question_embed, session_embed
from bot.render.style import truncate
from bot.services import Services, services_of
from bot.views import StaticView
from content import Question
from store import quiz as store

HEADINGS = {"play": "Quiz", "review": "Review"}


def _label(position: int, text: str) -> str:
    return truncate(f"{LETTERS[position]}. {text}", 80)


def question_view(ask: store.Ask, question: Question) -> discord.ui.View:
    view = StaticView()
    for position, text in enumerate(displayed(question.options, ask.order)):
        view.add_item(AnswerButton(ask.ask_id, position, _label(position, text)))
    view.add_item(StopButton(ask.ask_id, row=1))
    return view


def after_view(ask: store.Ask, question: Question) -> discord.ui.View:
    """The answered (or expired) question: options greyed out and coloured, then what next."""
    view = StaticView()
    right = right_position(ask.order)
    for position, text in enumerate(displayed(question.options, ask.order)):
        style = discord.ButtonStyle.secondary
        if position == right:
            style = discord.ButtonStyle.success
        elif position == ask.choice:
            style = discord.ButtonStyle.danger
        view.add_item(
            AnswerButton(ask.ask_id, position, _label(position, text), style, disabled=True)
        )
    view.add_item(NextButton(ask.ask_id))
    view.add_item(StopButton(ask.ask_id, row=1))
    view.add_item(ReportButton(question.id, row=1))
    return view


def asked_embed(services: Services, asked: solo.Asked) -> discord.Embed:
    ask = asked.ask
    heading = HEADINGS[ask.mode]
    if ask.mode == "review":
        heading += f" · {asked.due} due" if asked.due else " · nothing due, a new question"
    return question_embed(
        services.content,
        asked.question,
        ask.order,
        ask.deadline,
        owner_id=ask.user_id,
        heading=heading,
    )


async def ask_new(
    interaction: Interaction,
    mode: str,
    step: str | None = None,
    difficulty: int | None = None,
    *,
    only: frozenset[str] | None = None,
) -> None:
    """A fresh question as a new public message (the commands, and /plan's Quiz me with
    `only` the skill's questions)."""
    services = services_of(interaction.client)
    await require_quiz_channel(interaction)
    asked = await quiz_db(
        services,
        solo.start_ask,
        services.content,
        services.rng,
        user_id=interaction.user.id,
        guild_id=guild_of(interaction),
        guild_name=guild_name(interaction),
        channel_id=channel_of(interaction),
        mode=mode,
        now=services.now(),
        step=step,
        difficulty=difficulty,
        only=only,
    )
    sent = await interaction.response.send_message(
        embed=asked_embed(services, asked), view=question_view(asked.ask, asked.question)
    )
    if sent.message_id is not None:
        await services.db(store.set_ask_message, asked.ask.ask_id, sent.message_id)


async def _owned_ask(interaction: Interaction, ask_id: int) -> store.Ask | None:
    """The ask if the clicker owns it; otherwise answer the click and return None."""
    if interaction.user.bot:
        await ignore(interaction)
        return None
    services = services_of(interaction.client)
    ask = await services.db(store.get_ask, ask_id)
    if ask is None:
        raise UserFacingError("That quiz is no longer available; start one with /quiz play.")
    if ask.user_id != interaction.user.id:
        await reply_ephemeral(
            interaction, "This question belongs to someone else. Start your own with /quiz play."
        )
        return None
    return ask


async def answer(interaction: Interaction, ask_id: int, position: int) -> None:
    services = services_of(interaction.client)
    result = await services.db(
        solo.answer_ask,
        services.content,
        ask_id=ask_id,
        user_id=interaction.user.id,
        position=position,
        now=services.now(),
        is_bot=interaction.user.bot,
    )
    outcome = solo.Outcome
    if result.outcome is outcome.BOT:
        await ignore(interaction)
    elif result.outcome is outcome.NOT_YOURS:
        await reply_ephemeral(
            interaction, "This question belongs to someone else. Start your own with /quiz play."
        )
    elif result.outcome is outcome.GONE:
        raise UserFacingError("That question is no longer in the bank; try /quiz play again.")
    elif result.outcome is outcome.CLOSED:
        await reply_ephemeral(
            interaction,
            "This question is already closed; only the first "
            "answer counts. Press Next for another.",
        )
    elif result.outcome is outcome.LATE:
        assert result.ask is not None
        assert result.question is not None
        await interaction.response.edit_message(
            embed=expired_embed(
                services.content, result.question, result.ask.order, owner_id=result.ask.user_id
            ),
            view=after_view(result.ask, result.question),
        )
    else:
        ask, question, recorded = result.ask, result.question, result.recorded
        assert ask is not None
        assert question is not None
        assert recorded is not None
        assert ask.choice is not None
        await interaction.response.edit_message(
            embed=answered_embed(
                services.content,
                question,
                ask.order,
                ask.choice,
                recorded.score,
                owner_id=ask.user_id,
                streak=recorded.streak.current,
                next_due=recorded.next_due,
            ),
            view=after_view(ask, question),
        )


async def next_question(interaction: Interaction, ask_id: int) -> None:
    ask = await _owned_ask(interaction, ask_id)
    if ask is None:
        return
    await require_quiz_channel(interaction)  # an admin may have switched it off since
    services = services_of(interaction.client)
    message = interaction.message
    asked = await quiz_db(
        services,
        solo.start_ask,
        services.content,
        services.rng,
        user_id=ask.user_id,
        guild_id=ask.guild_id,
        guild_name=guild_name(interaction),
        channel_id=ask.channel_id,
        mode=ask.mode,
        now=services.now(),
        step=ask.step,
        difficulty=ask.difficulty,
        session_id=ask.session_id,
        message_id=message.id if message else ask.message_id,
    )
    await interaction.response.edit_message(
        embed=asked_embed(services, asked), view=question_view(asked.ask, asked.question)
    )


async def stop(interaction: Interaction, ask_id: int) -> None:
    ask = await _owned_ask(interaction, ask_id)
    if ask is None:
        return
    services = services_of(interaction.client)
    stopped = await services.db(solo.stop_session, services.content, ask_id, services.now())
    assert stopped is not None
    totals = stopped.totals
    await interaction.response.edit_message(
        embed=session_embed(totals.answered, totals.correct, totals.points, owner_id=ask.user_id),
        view=None,
    )


def _ask_id(match: re.Match[str]) -> int:
    return int(match["ask"])


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qz:a:(?P<ask>\d+):(?P<pos>[0-3])"
):
    def __init__(
        self,
        ask_id: int,
        position: int,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
        *,
        disabled: bool = False,
    ) -> None:
        self.ask_id = ask_id
        self.position = position
        super().__init__(
            discord.ui.Button(
                label=label or LETTERS[position],
                style=style,
                custom_id=f"qz:a:{ask_id}:{position}",
                disabled=disabled,
                row=0,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(_ask_id(match), int(match["pos"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await answer(interaction, self.ask_id, self.position)


class NextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qz:next:(?P<ask>\d+)"):
    def __init__(self, ask_id: int) -> None:
        self.ask_id = ask_id
        super().__init__(
            discord.ui.Button(
                label="Next question",
                style=discord.ButtonStyle.primary,
                custom_id=f"qz:next:{ask_id}",
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NextButton:
        return cls(_ask_id(match))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await next_question(interaction, self.ask_id)


class StopButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qz:stop:(?P<ask>\d+)"):
    def __init__(self, ask_id: int, *, row: int = 1) -> None:
        self.ask_id = ask_id
        super().__init__(
            discord.ui.Button(
                label="Stop",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qz:stop:{ask_id}",
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StopButton:
        return cls(_ask_id(match), row=item.row or 1)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await stop(interaction, self.ask_id)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnswerButton,
    NextButton,
    StopButton,
)
