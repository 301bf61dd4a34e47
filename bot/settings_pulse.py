"""`/settings pulse` (Manage Server): where and when the weekly market pulse is posted.

Every value is checked before anything is stored, like `/settings daily-tip`; the answer shows
the settings, the next post and the last failure, if any.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.cogs.server_settings import require_manager
from bot.errors import UserFacingError
from bot.render.style import BRAND, WARNING_COLOUR, truncate
from bot.schedule import (
    DAY_NAMES,
    next_slot,
    parse_time,
    search_timezones,
)
from bot.schedule_form import ScheduleColumns, require_channel_to_enable, schedule_changes
from bot.services import services_of
from matcher.roles import DEFAULT_FOCUS, family_name
from store import pulse_settings as pulses
from store.pulse_settings import PulsePost, PulseSettings

Interaction = discord.Interaction[Any]
PULSE_COLUMNS = ScheduleColumns(
    time="post_time", channel="channel_id", enabled="enabled", feature="the pulse"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def pulse_settings_embed(
    settings: PulseSettings, last: PulsePost | None, now: datetime
) -> discord.Embed:
    embed = discord.Embed(title="Weekly market pulse", colour=BRAND)
    if last is not None and last.status == "failed":
        embed.colour = WARNING_COLOUR
        embed.add_field(
            name="⚠️ The last pulse was not posted",
            value=truncate(f"{last.local_date}: {last.error or 'unknown error'}", 1024),
            inline=False,
        )
    embed.add_field(name="Pulse", value="on" if settings.enabled else "off")
    channel = f"<#{settings.channel_id}>" if settings.channel_id else "not chosen yet"
    embed.add_field(name="Channel", value=channel)
    embed.add_field(
        name="When",
        value=f"{WEEKDAYS[settings.weekday]}s at {settings.post_time} {settings.timezone}",
    )
    slot = next_slot(
        now, parse_time(settings.post_time), ZoneInfo(settings.timezone), 1 << settings.weekday
    )
    if slot is not None and settings.enabled and settings.channel_id:
        stamp = int(slot.at_utc.timestamp())
        embed.add_field(name="Next post", value=f"<t:{stamp}:F> (<t:{stamp}:R>)", inline=False)
    embed.add_field(
        name="Covers",
        value=", ".join(family_name(f) for f in DEFAULT_FOCUS)
        + ": the most demanded skills, what rose and fell, remote share, stated salaries and "
        "the most active hiring companies, with a chart.",
        inline=False,
    )
    if not settings.channel_id:
        embed.description = "Choose a channel with `/settings pulse channel:` to start."
    return embed


@app_commands.describe(
    channel="Where the weekly pulse is posted",
    weekday="Which day of the week",
    time="Local time, 24-hour, such as 09:00",
    timezone="IANA time zone, such as Europe/Paris",
    enabled="Turn the weekly pulse on or off",
)
@app_commands.choices(
    weekday=[app_commands.Choice(name=name, value=i) for i, name in enumerate(WEEKDAYS)]
)
async def _pulse(
    interaction: Interaction,
    channel: discord.TextChannel | None = None,
    weekday: app_commands.Choice[int] | None = None,
    time: str | None = None,
    timezone: str | None = None,
    enabled: bool | None = None,
) -> None:
    require_manager(interaction)
    services = services_of(interaction.client)
    guild_id = interaction.guild_id
    assert guild_id is not None
    changes = schedule_changes(
        PULSE_COLUMNS, time=time, timezone=timezone, channel=channel, enabled=enabled
    )
    if weekday is not None:
        if not 0 <= weekday.value < len(DAY_NAMES):
            raise UserFacingError("Nothing was changed. Pick a weekday from the list.")
        changes["weekday"] = weekday.value
    current = await services.db(pulses.pulse_settings, guild_id)
    require_channel_to_enable(PULSE_COLUMNS, changes, current.channel_id)
    if changes:
        name = interaction.guild.name if interaction.guild else ""
        current = await services.db(
            pulses.update_pulse_settings, guild_id, name, services.now(), **changes
        )
    posts = await services.db(pulses.pulse_posts, guild_id)
    embed = pulse_settings_embed(current, posts[-1] if posts else None, services.now())
    await interaction.response.send_message(embed=embed, ephemeral=True)


async def _zones(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=z, value=z) for z in search_timezones(current)]


def PulseSettingsCommand() -> app_commands.Command[Any, Any, None]:
    """A fresh `/settings pulse` command (each bot's tree gets its own)."""
    command: app_commands.Command[Any, Any, None] = app_commands.Command(
        name="pulse",
        description="Set the weekly market pulse: channel, weekday, time, time zone, on/off",
        callback=_pulse,
    )
    command.autocomplete("timezone")(_zones)
    return command
