"""Turning failures into a short ephemeral message with a reference id the operator can grep.

Members never see a stack trace and never see "This interaction failed" when we can help it;
the log line carries the same reference so a report like "ref 7f3a21" leads to the cause.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

log = logging.getLogger("archbot.bot.errors")

S = TypeVar("S")


class UserFacingError(app_commands.AppCommandError):
    """An expected problem with what the member asked; the message is shown as is.

    It subclasses AppCommandError so that raising it from a check reaches the tree's error
    handler like any other command error.
    """


def reference_id() -> str:
    return secrets.token_hex(3)


async def reply_ephemeral(interaction: discord.Interaction[Any], text: str) -> None:
    """Answer or follow up, whichever is still possible, without ever raising."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id)


FRIENDLY_CHECKS: dict[type[app_commands.AppCommandError], str] = {
    app_commands.NoPrivateMessage: "That command only works inside a server.",
    app_commands.MissingPermissions: "You need more permissions in this server to do that.",
    app_commands.BotMissingPermissions: "I am missing a permission in this channel to do that.",
    app_commands.CommandOnCooldown: "Slow down a little and try again in a moment.",
    app_commands.TransformerError: "I could not understand one of the values you gave.",
}


async def report(interaction: discord.Interaction[Any], error: BaseException) -> None:
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserFacingError):
        await reply_ephemeral(interaction, str(error))
        return
    for kind, text in FRIENDLY_CHECKS.items():
        if isinstance(error, kind):
            await reply_ephemeral(interaction, text)
            return
    ref = reference_id()
    data: dict[str, Any] = dict(interaction.data or {})
    where = getattr(interaction.command, "qualified_name", None) or str(data.get("custom_id", "?"))
    log.error(
        "ref %s: error handling %s for user %s", ref, where, interaction.user.id, exc_info=error
    )
    await reply_ephemeral(
        interaction,
        f"Sorry, something went wrong on our side. Please try again in a moment. (ref `{ref}`)",
    )


Handler = Callable[[S, discord.Interaction[Any]], Coroutine[Any, Any, None]]


def reported(handler: Handler[S]) -> Handler[S]:
    """Give a component or modal handler the error reporting slash commands get from the tree.

    discord.py only logs what a DynamicItem callback or a modal raises, and the member sees
    "This interaction failed"; decorated handlers answer with a short message and a reference.
    """

    @functools.wraps(handler)
    async def wrapper(self: S, interaction: discord.Interaction[Any]) -> None:
        try:
            await handler(self, interaction)
        except Exception as exc:  # every failure reaches the member and the log
            await report(interaction, exc)

    return wrapper
