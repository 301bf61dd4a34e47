"""Small helpers every quiz module needs: the server an interaction happens in, running quiz
code on the database thread with its errors shown to the member, and who may moderate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import discord

from bot.errors import UserFacingError
from bot.quiz.errors import NothingDue, QuizError
from bot.render.quiz import stamp
from bot.services import Services, services_of
from store import quiz_settings as admin
from store.db import Database

Interaction = discord.Interaction[Any]
P = ParamSpec("P")
T = TypeVar("T")


def guild_of(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise UserFacingError("Quizzes work inside a server, not in direct messages.")
    return interaction.guild_id


def guild_name(interaction: Interaction) -> str:
    return interaction.guild.name if interaction.guild else ""


def channel_of(interaction: Interaction) -> int:
    if interaction.channel_id is None:
        raise UserFacingError("Run this in a channel of the server.")
    return interaction.channel_id


def describe(error: QuizError) -> str:
    if isinstance(error, NothingDue):
        later = f" Your next card is due {stamp(error.next_due)}." if error.next_due else ""
        return f"Nothing is due for review and you have answered every question.{later}"
    return str(error)


async def quiz_db(
    services: Services,
    fn: Callable[Concatenate[Database, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`services.db(...)`, with the quiz's own errors turned into a message for the member."""
    try:
        return await services.db(fn, *args, **kwargs)
    except QuizError as exc:
        raise UserFacingError(describe(exc)) from None


async def require_quiz_channel(interaction: Interaction) -> None:
    """Games run only where the server allows them (on everywhere unless an admin says no)."""
    services = services_of(interaction.client)
    guild_id = guild_of(interaction)
    channel_id = channel_of(interaction)
    if not await services.db(admin.quiz_allowed, guild_id, channel_id):
        raise UserFacingError(
            "Quizzes are switched off in this channel. Ask an admin which channel to use "
            "(`/settings quiz channel`)."
        )


def is_moderator(interaction: Interaction) -> bool:
    perms = interaction.permissions
    return bool(perms.administrator or perms.manage_guild or perms.manage_messages)


async def ignore(interaction: Interaction) -> None:
    """Acknowledge without any visible change (a bot's click, a stray repeat)."""
    await interaction.response.defer()
