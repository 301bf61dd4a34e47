"""/alerts: opt in to job-match digests by DM and choose how often, how good and when not.

Alerts are off until a member turns them on. Digests follow the member's time zone (`/alerts
timezone`, else the zone of the server where they turned alerts on, else UTC); quiet hours are in
that zone too. Every reply is ephemeral: alert settings are the member's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest import EVERY_HOURS_CHOICES, Schedule, paused
from bot.errors import UserFacingError
from bot.render.style import BRAND, WARNING_COLOUR
from bot.schedule import ScheduleInputError, parse_time, parse_timezone, search_timezones
from bot.services import Services, services_of
from store import alerts, members, profiles
from store.alerts import AlertSettings

Interaction = discord.Interaction[Any]

FREQUENCY_CHOICES = [
    app_commands.Choice(name="every few hours", value="hours"),
    app_commands.Choice(name="daily", value="daily"),
    app_commands.Choice(name="weekly (Mondays)", value="weekly"),
]
HOURS_CHOICES = [app_commands.Choice(name=f"every {h} hours", value=h) for h in EVERY_HOURS_CHOICES]


def _stamp(text: str | None) -> str:
    if not text:
        return "never"
    try:
        return f"<t:{int(datetime.fromisoformat(text).timestamp())}:R>"
    except ValueError:
        return "unknown"


async def status_embed(
    services: Services, settings: AlertSettings, guild_id: int | None
) -> discord.Embed:
    now = services.now()
    user_id = settings.user_id
    zone_name, zone_from = await services.db(
        alerts.member_zone, user_id, settings.guild_id or guild_id
    )
    schedule = Schedule.of(settings, zone_name)
    _, waiting = await services.db(alerts.pending_alerts, user_id, settings.threshold, 1)
    if not settings.enabled:
        state = "off: turn them on with `/alerts on`"
    elif paused(settings, now):
        state = f"paused until {_stamp(settings.paused_until)} (`/alerts on` resumes now)"
    else:
        state = "on"
    embed = discord.Embed(title="Your job alerts", description=f"Alerts are **{state}**.")
    embed.colour = BRAND
    embed.add_field(name="Digest", value=f"{schedule.describe()}, at most one per window")
    embed.add_field(name="Threshold", value=f"score {settings.threshold} or more")
    quiet = (
        f"{settings.quiet_start}-{settings.quiet_end}"
        if settings.quiet_start and settings.quiet_end
        else "none"
    )
    embed.add_field(name="Quiet hours", value=quiet)
    embed.add_field(name="Time zone", value=f"{zone_name} ({zone_from})")
    embed.add_field(
        name="Waiting for your next digest",
        value=f"{waiting} match" + ("" if waiting == 1 else "es"),
    )
    embed.add_field(name="Last digest", value=_stamp(settings.last_digest_at))
    if settings.enabled:
        opens = schedule.next_window(now)
        embed.add_field(
            name="Next window opens", value=f"<t:{int(opens.timestamp())}:F>", inline=False
        )
    if settings.dm_closed_at:
        embed.colour = WARNING_COLOUR
        embed.add_field(
            name="⚠️ Your DMs were closed",
            value="Allow direct messages from server members (server menu → Privacy Settings); "
            "the next digest will try again.",
            inline=False,
        )
    embed.set_footer(text="Digests come by DM, paced so the bot never floods Discord.")
    return embed


class AlertsCog(commands.GroupCog, group_name="alerts", group_description="Job-match alerts by DM"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    async def _update(self, interaction: Interaction, **changes: Any) -> AlertSettings:
        services = services_of(self.bot)
        return await services.db(
            alerts.update_alert_settings, interaction.user.id, services.now(), changes
        )

    async def _reply(self, interaction: Interaction, settings: AlertSettings, text: str) -> None:
        embed = await status_embed(services_of(self.bot), settings, interaction.guild_id)
        await interaction.response.send_message(text, embed=embed, ephemeral=True)

    @app_commands.command(name="on", description="Get your new job matches by DM, in digests")
    async def on(self, interaction: Interaction) -> None:
        changes: dict[str, Any] = {"enabled": True, "paused_until": None}
        if interaction.guild_id is not None:
            changes["guild_id"] = interaction.guild_id
        settings = await self._update(interaction, **changes)
        profile = await services_of(self.bot).db(profiles.get_profile, interaction.user.id)
        text = (
            "Job alerts are on. New matches come in one digest per window by DM; make sure you "
            "accept direct messages from this server's members."
        )
        if profile is None or not profile.skills:
            text += " You have no skills in your profile yet: `/profile set` first."
        await self._reply(interaction, settings, text)

    @app_commands.command(name="off", description="Stop job-match digests")
    async def off(self, interaction: Interaction) -> None:
        settings = await self._update(interaction, enabled=False, paused_until=None)
        await self._reply(interaction, settings, "Job alerts are off. `/jobs` still works.")

    @app_commands.command(name="threshold", description="Only alert for matches this good")
    @app_commands.describe(score="Minimum match score, 0-100 (60 is a solid match)")
    async def threshold(
        self, interaction: Interaction, score: app_commands.Range[int, 0, 100]
    ) -> None:
        settings = await self._update(interaction, threshold=score)
        await self._reply(interaction, settings, f"Alerts now need a score of {score} or more.")

    @app_commands.command(name="frequency", description="How often a digest may come")
    @app_commands.describe(
        how="every few hours, daily or weekly",
        hours="For 'every few hours': how many",
        at="For daily and weekly: local time the window opens, such as 09:00",
    )
    @app_commands.choices(how=FREQUENCY_CHOICES)
    @app_commands.choices(hours=HOURS_CHOICES)
    async def frequency(
        self,
        interaction: Interaction,
        how: app_commands.Choice[str],
        hours: app_commands.Choice[int] | None = None,
        at: app_commands.Range[str, 1, 10] | None = None,
    ) -> None:
        changes: dict[str, Any] = {"frequency": how.value}
        if hours is not None:
            changes["every_hours"] = hours.value
        if at is not None:
            try:
                changes["digest_time"] = parse_time(at).strftime("%H:%M")
            except ScheduleInputError as exc:
                raise UserFacingError(f"{exc} Nothing was changed.") from None
        settings = await self._update(interaction, **changes)
        await self._reply(interaction, settings, "Digest frequency saved.")

    @app_commands.command(name="quiet-hours", description="Hours with no digests (your time)")
    @app_commands.describe(
        start="Local time quiet hours begin, such as 22:00 (same as end: no quiet hours)",
        end="Local time they end, such as 07:00",
    )
    async def quiet_hours(
        self,
        interaction: Interaction,
        start: app_commands.Range[str, 1, 10],
        end: app_commands.Range[str, 1, 10],
    ) -> None:
        try:
            begin, finish = parse_time(start), parse_time(end)
        except ScheduleInputError as exc:
            raise UserFacingError(f"{exc} Nothing was changed.") from None
        if begin == finish:
            settings = await self._update(interaction, quiet_start=None, quiet_end=None)
            text = "Quiet hours are off."
        else:
            settings = await self._update(
                interaction,
                quiet_start=begin.strftime("%H:%M"),
                quiet_end=finish.strftime("%H:%M"),
            )
            text = "Quiet hours saved: a digest due then waits until they end."
        await self._reply(interaction, settings, text)

    @app_commands.command(
        name="timezone", description="Your time zone, for digests and quiet hours"
    )
    @app_commands.describe(zone="Start typing a city, such as Berlin or New York")
    async def timezone(
        self, interaction: Interaction, zone: app_commands.Range[str, 1, 64]
    ) -> None:
        services = services_of(self.bot)
        try:
            chosen = parse_timezone(zone)
        except ScheduleInputError as exc:
            raise UserFacingError(f"{exc} Nothing was changed.") from None
        await services.db(
            members.set_member_timezone, interaction.user.id, chosen.key, services.now()
        )
        settings = await services.db(alerts.get_alert_settings, interaction.user.id)
        await self._reply(interaction, settings, f"Your time zone is now {chosen.key}.")

    @timezone.autocomplete("zone")
    async def _zone_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in search_timezones(current)]

    @app_commands.command(name="status", description="Your alert settings and what is waiting")
    async def status(self, interaction: Interaction) -> None:
        services = services_of(self.bot)
        settings = await services.db(alerts.get_alert_settings, interaction.user.id)
        embed = await status_embed(services, settings, interaction.guild_id)
        await interaction.response.send_message(embed=embed, ephemeral=True)
