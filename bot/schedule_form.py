"""The checked changes of a scheduled post's settings form (`/settings daily-tip` and
`/settings pulse`): every value is parsed before anything is stored, and turning a post on
needs a channel. Each feature names its own settings columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import discord

from bot.errors import UserFacingError
from bot.schedule import ScheduleInputError, parse_time, parse_timezone


@dataclass(frozen=True)
class ScheduleColumns:
    time: str
    channel: str
    enabled: str
    feature: str  # as the admin reads it: "the daily tip"


def schedule_changes(
    columns: ScheduleColumns,
    *,
    time: str | None,
    timezone: str | None,
    channel: discord.abc.Snowflake | None,
    enabled: bool | None,
    more: Callable[[], dict[str, object]] | None = None,
) -> dict[str, object]:
    """The columns to store; `more` parses the feature's own schedule values (it may raise
    ScheduleInputError like the shared ones). A bad value changes nothing."""
    changes: dict[str, object] = {}
    try:
        if time is not None:
            changes[columns.time] = parse_time(time).strftime("%H:%M")
        if timezone is not None:
            changes["timezone"] = parse_timezone(timezone).key
        if more is not None:
            changes.update(more())
    except ScheduleInputError as exc:
        raise UserFacingError(f"Nothing was changed. {exc}") from None
    if channel is not None:
        changes[columns.channel] = channel.id
    if enabled is not None:
        changes[columns.enabled] = int(enabled)
    return changes


def require_channel_to_enable(
    columns: ScheduleColumns, changes: dict[str, object], current_channel: int | None
) -> None:
    if changes.get(columns.enabled) and changes.get(columns.channel, current_channel) is None:
        raise UserFacingError(
            f"Nothing was changed. Choose a channel to turn {columns.feature} on."
        )
