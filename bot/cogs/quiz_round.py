"""Group rounds on Discord: starting one, answering (and changing the answer), stopping, and the
messages the timer posts: each question, its reveal with the running scoreboard, the winners.

The state machine and its storage are in bot/quiz/rounds.py and round_flow.py; this module
only talks to Discord. Buttons carry the round id and question index, so they keep working
after a restart.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.quiz_common import (
    Interaction,
    channel_of,
    guild_name,
    guild_of,
    ignore,
    is_moderator,
    quiz_db,
    require_quiz_channel,
)
from bot.cogs.quiz_report import ReportButton
from bot.errors import UserFacingError, reported
from bot.quiz import round_flow
from bot.quiz.options import LETTERS, OPTION_COUNT, displayed
from bot.quiz.rounds import Round, Standing, Verdict, winners
from bot.render.quiz import round_final_embed, round_question_embed, round_reveal_embed, stamp
from bot.render.style import truncate
from bot.services import Services, services_of
from bot.views import StaticView
from content import Question
from store import quiz_rounds as rounds_store
from store import quiz_settings as admin

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.quiz")


def round_view(game: Round, idx: int, question: Question) -> discord.ui.View:
    view = StaticView()
    order = game.questions[idx].order
    for position, text in enumerate(displayed(question.options, order)):
        label = truncate(f"{LETTERS[position]}. {text}", 80)
        view.add_item(RoundAnswerButton(game.round_id, idx, position, label))
    view.add_item(RoundStopButton(game.round_id))
    return view


def reveal_view(question_id: str) -> discord.ui.View:
    view = StaticView()
    view.add_item(ReportButton(question_id, row=0))
    return view


def _intro(game: Round) -> str:
    count = len(game.questions)
    return (
        f"**Quiz round!** Started by <@{game.starter_id}>: {count} question"
        f"{'s' if count != 1 else ''}, {game.seconds} s each. Everyone can answer, and change "
        "their answer until time is up."
    )


async def start(
    interaction: Interaction, count: int | None, seconds: int | None, step: str | None
) -> None:
    from bot.cogs.quiz_timer import timer_of

    services = services_of(interaction.client)
    await require_quiz_channel(interaction)
    mine = interaction.app_permissions
    if not (mine.view_channel and mine.send_messages and mine.embed_links):
        raise UserFacingError(
            "I need View Channel, Send Messages and Embed Links in this channel to run a round "
            "(each question is a new message). Ask an admin, or start it in another channel."
        )
    guild_id = guild_of(interaction)
    settings = await services.db(admin.quiz_settings, guild_id)
    now = services.now()
    started = await quiz_db(
        services,
        round_flow.start_round,
        services.content,
        services.rng,
        guild_id=guild_id,
        guild_name=guild_name(interaction),
        channel_id=channel_of(interaction),
        starter_id=interaction.user.id,
        count=count or settings.round_questions,
        seconds=seconds or settings.round_seconds,
        step=step,
        claimer=timer_of(interaction.client).instance,
        now=now,
    )
    game = started.round
    deadline = now + timedelta(seconds=game.seconds)
    embed = round_question_embed(
        services.content,
        started.question,
        game.questions[0].order,
        0,
        len(game.questions),
        deadline,
    )
    sent = await interaction.response.send_message(
        _intro(game), embed=embed, view=round_view(game, 0, started.question)
    )
    await services.db(round_flow.mark_posted, game.round_id, 0, sent.message_id, now)


ANSWER_REPLIES = {
    Verdict.ACCEPTED: "You chose **{letter}**. You can change it until {deadline}.",
    Verdict.CHANGED: "Changed to **{letter}**. The last answer before {deadline} counts.",
    Verdict.SAME: "You already chose **{letter}**.",
    Verdict.LATE: "Too late: time is up for that question, so this answer does not count.",
    Verdict.NOT_CURRENT: "Too late: that question is closed. Answer the newest one.",
    Verdict.NOT_OPEN: "That question is not open yet.",
    Verdict.OVER: "That round is over.",
}


async def answer(interaction: Interaction, round_id: int, idx: int, position: int) -> None:
    if interaction.user.bot:
        await ignore(interaction)
        return
    services = services_of(interaction.client)
    verdict, game = await services.db(
        round_flow.answer_round,
        round_id=round_id,
        idx=idx,
        user_id=interaction.user.id,
        position=position,
        now=services.now(),
    )
    if verdict is Verdict.BOT:
        await ignore(interaction)
        return
    question = game.question(idx) if game else None
    deadline = stamp(question.deadline, "T") if question and question.deadline else "time is up"
    text = ANSWER_REPLIES[verdict].format(letter=LETTERS[position], deadline=deadline)
    await interaction.response.send_message(text, ephemeral=True)


async def stop(interaction: Interaction, round_id: int | None) -> None:
    services = services_of(interaction.client)
    guild_of(interaction)
    if round_id is None:
        game = await services.db(round_flow.running_in, channel_of(interaction))
        if game is None:
            raise UserFacingError("No round is running in this channel.")
    else:
        game = await services.db(round_flow.load, round_id)
    if game is None or not game.running:
        raise UserFacingError("That round is already over.")
    if interaction.user.id != game.starter_id and not is_moderator(interaction):
        raise UserFacingError(
            "Only the member who started the round or a moderator (Manage Messages) can stop it."
        )
    result = await services.db(
        round_flow.stop_round, game.round_id, services.now(), interaction.user.id
    )
    if result is None:
        raise UserFacingError("That round is already over.")
    final = round_final_embed("stopped", result.standings, winners(result.standings))
    note = f"🛑 Round stopped by <@{interaction.user.id}>; this question was not scored."
    cancelled = result.cancelled
    clicked = interaction.message.id if interaction.message else None
    if cancelled is not None and cancelled.message_id == clicked:
        # The Stop button sits on the question in progress: it becomes the final scores.
        await interaction.response.edit_message(content=note, embed=final, view=None)
        return
    # Acknowledge first: the edit below may wait on the channel's rate limit.
    await interaction.response.defer()
    if cancelled is not None and cancelled.message_id is not None:
        await _edit(interaction.client, game, cancelled.message_id, content=note, view=None)
    await interaction.followup.send(embed=final)


# ---- what the timer posts ----------------------------------------------------------------


async def _edit(client: Any, game: Round, message_id: int, **changes: Any) -> None:
    channel = client.get_partial_messageable(game.channel_id, guild_id=game.guild_id)
    try:
        await channel.get_partial_message(message_id).edit(**changes)
    except discord.HTTPException as exc:
        log.warning("round %s: could not edit message %s: %s", game.round_id, message_id, exc)


async def post_question(
    bot: commands.Bot, services: Services, game: Round, idx: int, question: Question | None
) -> None:
    """Send question `idx` and start its clock; a channel we can no longer post in ends the
    round (scores kept)."""
    channel = bot.get_partial_messageable(game.channel_id, guild_id=game.guild_id)
    now = services.now()
    if question is None:
        await services.db(
            rounds_store.end_round,
            game.round_id,
            "abandoned",
            now,
            "a question of this round is no longer in the bank",
        )
        return
    deadline = now + timedelta(seconds=game.seconds)
    embed = round_question_embed(
        services.content, question, game.questions[idx].order, idx, len(game.questions), deadline
    )
    try:
        message = await channel.send(embed=embed, view=round_view(game, idx, question))
    except discord.HTTPException as exc:
        log.warning("round %s: cannot post in channel %s: %s", game.round_id, game.channel_id, exc)
        await services.db(
            rounds_store.end_round, game.round_id, "abandoned", now, f"could not post: {exc.status}"
        )
        return
    opened = await services.db(round_flow.mark_posted, game.round_id, idx, message.id, now)
    if opened is None:  # stopped while we were posting
        await _edit(bot, game, message.id, content="🛑 This round was stopped.", view=None)


async def reveal(bot: commands.Bot, services: Services, result: round_flow.CloseResult) -> None:
    """Edit the closed question into its answer, explanation and the running scoreboard."""
    game, closed = result.round, result.closed
    message_id = game.questions[closed.idx].message_id
    if message_id is None:
        return
    if result.question is None:
        await _edit(bot, game, message_id, content="This question left the bank.", view=None)
        return
    counts = [sum(1 for c in closed.answers.values() if c == p) for p in range(OPTION_COUNT)]
    embed = round_reveal_embed(
        services.content,
        result.question,
        closed.order,
        closed.idx,
        len(game.questions),
        counts,
        result.standings,
    )
    await _edit(bot, game, message_id, embed=embed, view=reveal_view(result.question.id))


async def announce_end(
    bot: commands.Bot, game: Round, status: str, standings: list[Standing]
) -> None:
    channel = bot.get_partial_messageable(game.channel_id, guild_id=game.guild_id)
    try:
        await channel.send(embed=round_final_embed(status, standings, winners(standings)))
    except discord.HTTPException as exc:
        log.warning("round %s: could not announce the end: %s", game.round_id, exc)


class RoundAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"qz:r:(?P<round>\d+):(?P<idx>\d+):(?P<pos>[0-3])",
):
    def __init__(self, round_id: int, idx: int, position: int, label: str | None = None) -> None:
        self.round_id, self.idx, self.position = round_id, idx, position
        super().__init__(
            discord.ui.Button(
                label=label or LETTERS[position],
                style=discord.ButtonStyle.primary,
                custom_id=f"qz:r:{round_id}:{idx}:{position}",
                row=0,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RoundAnswerButton:
        return cls(int(match["round"]), int(match["idx"]), int(match["pos"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await answer(interaction, self.round_id, self.idx, self.position)


class RoundStopButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qz:rstop:(?P<round>\d+)"
):
    def __init__(self, round_id: int) -> None:
        self.round_id = round_id
        super().__init__(
            discord.ui.Button(
                label="Stop round",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qz:rstop:{round_id}",
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RoundStopButton:
        return cls(int(match["round"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await stop(interaction, self.round_id)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    RoundAnswerButton,
    RoundStopButton,
)
