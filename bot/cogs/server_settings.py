"""/settings (Manage Server only): the daily tip's channel, time, zone, days and switch, a preview
of the next tip, a warning when the last post failed, and the server's own tips via a modal.

Discord lets admins re-assign who may use a command, so the permission is checked again here
rather than trusted to `default_permissions` alone.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.channel_access import ChannelAccess, configured_access
from bot.daily_plan import DailyPlan, plan_for
from bot.errors import UserFacingError, reported
from bot.lookup import resolve_step
from bot.render.style import BRAND, WARNING_COLOUR, truncate
from bot.schedule import (
    describe_days,
    parse_days,
    search_timezones,
)
from bot.schedule_form import ScheduleColumns, require_channel_to_enable, schedule_changes
from bot.services import Services, services_of
from bot.text import clean_submission, echo
from bot.views import StaticView
from content import check_entries
from store import guilds

Interaction = discord.Interaction[Any]

DAY_SUGGESTIONS = ("every day", "weekdays", "weekends", "mon,wed,fri", "tue,thu")


def require_manager(interaction: Interaction) -> None:
    perms = interaction.permissions
    if interaction.guild_id is None:
        raise UserFacingError("Server settings can only be changed inside a server.")
    if not (perms.administrator or perms.manage_guild):
        raise UserFacingError("Only members with the Manage Server permission can do this.")


def settings_embed(
    plan: DailyPlan,
    services: Services,
    now: datetime,
    access: Sequence[ChannelAccess] = (),
) -> discord.Embed:
    s = plan.settings
    status = "on" if s.tips_enabled else "off"
    embed = discord.Embed(title="Daily tip settings", colour=BRAND)
    last = plan.last_post
    if last is not None and last.status == "failed":
        embed.colour = WARNING_COLOUR
        embed.add_field(
            name="⚠️ The last daily tip was not posted",
            value=truncate(f"{last.local_date}: {last.error or 'unknown error'}", 1024),
            inline=False,
        )
    channel = f"<#{s.tip_channel_id}>" if s.tip_channel_id else "not chosen yet"
    embed.add_field(name="Daily tip", value=status)
    embed.add_field(name="Channel", value=channel)
    embed.add_field(name="When", value=f"{s.tip_time} {s.timezone}, {describe_days(s.tip_days)}")
    if plan.next_slot and s.tips_enabled and s.tip_channel_id:
        stamp = int(plan.next_slot.at_utc.timestamp())
        embed.add_field(name="Next post", value=f"<t:{stamp}:F> (<t:{stamp}:R>)", inline=False)
    if plan.next_tip is not None:
        embed.add_field(
            name="Preview of the next tip", value=truncate(plan.next_tip.text, 1024), inline=False
        )
    embed.set_footer(
        text=f"{plan.unused_in_cycle} of {plan.pool_size} tips left before any repeats · "
        f"{plan.own_tips} added by this server"
    )
    if not s.tip_channel_id:
        embed.description = "Choose a channel with `/settings daily-tip channel:` to start."
    problems = [a for a in access if a.missing or not a.found]
    if problems:
        embed.colour = WARNING_COLOUR
        embed.add_field(
            name="⚠️ The bot cannot post everywhere it should",
            value=truncate("\n".join(a.sentence() for a in problems), 1024),
            inline=False,
        )
    elif access:
        embed.add_field(
            name="Bot permissions", value="ok in every configured channel", inline=False
        )
    return embed


def settings_view(enabled: bool) -> discord.ui.View:
    view = StaticView()
    view.add_item(ToggleButton(enabled))
    view.add_item(AddTipButton())
    return view


async def render_settings(interaction: Interaction, *, edit: bool) -> None:
    services = services_of(interaction.client)
    now = services.now()
    guild_id = interaction.guild_id
    assert guild_id is not None
    plan = await services.db(plan_for, services.content, guild_id, now)
    guild = interaction.guild
    access = await configured_access(services.db, guild) if guild is not None else []
    embed = settings_embed(plan, services, now, access)
    view = settings_view(plan.settings.tips_enabled)
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


def _guild_name(interaction: Interaction) -> str:
    return interaction.guild.name if interaction.guild else ""


class ToggleButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"set:toggle"):
    def __init__(self, enabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Turn daily tip off" if enabled else "Turn daily tip on",
                style=discord.ButtonStyle.secondary if enabled else discord.ButtonStyle.success,
                custom_id="set:toggle",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ToggleButton:
        return cls()

    @reported
    async def callback(self, interaction: Interaction) -> None:
        require_manager(interaction)
        services = services_of(interaction.client)
        guild_id = interaction.guild_id
        assert guild_id is not None
        current = await services.db(guilds.guild_settings, guild_id)
        if not current.tips_enabled and current.tip_channel_id is None:
            raise UserFacingError(
                "Choose a channel first: `/settings daily-tip channel:#your-channel`."
            )
        await services.db(
            guilds.update_guild_settings,
            guild_id,
            _guild_name(interaction),
            services.now(),
            tips_enabled=int(not current.tips_enabled),
        )
        await render_settings(interaction, edit=True)


class AddTipButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"set:addtip"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add a server tip", style=discord.ButtonStyle.primary, custom_id="set:addtip"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AddTipButton:
        return cls()

    @reported
    async def callback(self, interaction: Interaction) -> None:
        require_manager(interaction)
        await interaction.response.send_modal(AddTipModal())


class AddTipModal(discord.ui.Modal, title="Add a tip for this server"):
    step: discord.ui.TextInput[AddTipModal] = discord.ui.TextInput(
        label="Roadmap step (number or name)",
        placeholder="e.g. 5 or Deployment",
        max_length=80,
        custom_id="step",
    )
    topic: discord.ui.TextInput[AddTipModal] = discord.ui.TextInput(
        label="Topic (optional)",
        placeholder="e.g. Docker (leave empty for the whole step)",
        required=False,
        max_length=80,
        custom_id="topic",
    )
    text: discord.ui.TextInput[AddTipModal] = discord.ui.TextInput(
        label="The tip (do this, because...)",
        style=discord.TextStyle.paragraph,
        min_length=20,
        max_length=280,
        custom_id="text",
    )

    def __init__(self) -> None:
        super().__init__(custom_id="set:addtip:modal", timeout=900)

    @reported
    async def on_submit(self, interaction: Interaction) -> None:
        require_manager(interaction)
        await add_server_tip(interaction, self.step.value, self.topic.value, self.text.value)


async def add_server_tip(
    interaction: Interaction, step_text: str, topic_text: str, text: str
) -> None:
    services = services_of(interaction.client)
    guild_id = interaction.guild_id
    assert guild_id is not None
    step = resolve_step(services.content, step_text)
    topic_id: str | None = None
    if topic_text.strip():
        wanted = topic_text.strip().lower()
        matches = [t for t in step.topics if wanted in {t.id, t.title.lower()}]
        matches = matches or [t for t in step.topics if wanted in t.title.lower()]
        if len(matches) != 1:
            names = ", ".join(t.title for t in step.topics)
            raise UserFacingError(
                f"Step {step.number} has no single topic matching “{echo(topic_text)}”. "
                f"Its topics: {names}."
            )
        topic_id = matches[0].id
    cleaned = clean_submission(text)
    # Checking against the whole shipped bank takes a second or two: answer Discord first.
    await interaction.response.defer(ephemeral=True, thinking=True)
    existing = await services.db(guilds.guild_tips, guild_id)
    entry: dict[str, object] = {"id": "server.new", "step": step.id, "text": cleaned}
    if topic_id:
        entry["topic"] = topic_id
    prior: list[dict[str, object]] = [
        {"id": t.tip_id, "step": t.step, "text": t.text, **({"topic": t.topic} if t.topic else {})}
        for t in existing
    ]
    problems = await asyncio.to_thread(
        check_entries, "tips", [entry], prior, services.config.content_dir
    )
    if problems:
        listed = "\n".join(f"• {echo(p.message, 200)}" for p in problems[:5])
        raise UserFacingError(f"That tip was not saved:\n{listed}")
    saved = await services.db(
        guilds.add_guild_tip,
        guild_id=guild_id,
        guild_name=_guild_name(interaction),
        step=step.id,
        topic=topic_id,
        text=cleaned,
        author_id=interaction.user.id,
        now=services.now(),
    )
    await interaction.followup.send(
        f"Saved as `{saved.tip_id}`. It joins this server's daily-tip rotation.", ephemeral=True
    )


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ToggleButton, AddTipButton)


TIP_COLUMNS = ScheduleColumns(
    time="tip_time", channel="tip_channel_id", enabled="tips_enabled", feature="the daily tip"
)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SettingsGroup(app_commands.Group, name="settings", description="Server settings (admins)"):
    async def interaction_check(self, interaction: Interaction) -> bool:
        require_manager(interaction)
        return True

    @app_commands.command(name="show", description="Show the daily-tip settings and a preview")
    async def show(self, interaction: Interaction) -> None:
        await render_settings(interaction, edit=False)

    @app_commands.command(name="daily-tip", description="Set the daily tip's channel and schedule")
    @app_commands.describe(
        channel="Where the daily tip is posted",
        time="Local time, 24-hour, such as 09:00",
        timezone="IANA time zone, such as Europe/Paris",
        days="every day, weekdays, weekends, or a list such as mon,wed,fri",
        enabled="Turn the daily tip on or off",
    )
    async def daily_tip(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | None = None,
        time: str | None = None,
        timezone: str | None = None,
        days: str | None = None,
        enabled: bool | None = None,
    ) -> None:
        services = services_of(interaction.client)
        guild_id = interaction.guild_id
        assert guild_id is not None
        changes = schedule_changes(
            TIP_COLUMNS,
            time=time,
            timezone=timezone,
            channel=channel,
            enabled=enabled,
            more=None if days is None else lambda: {"tip_days": parse_days(days)},
        )
        current = await services.db(guilds.guild_settings, guild_id)
        require_channel_to_enable(TIP_COLUMNS, changes, current.tip_channel_id)
        if changes:
            await services.db(
                guilds.update_guild_settings,
                guild_id,
                _guild_name(interaction),
                services.now(),
                **changes,
            )
        await render_settings(interaction, edit=False)

    @daily_tip.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in search_timezones(current)]

    @daily_tip.autocomplete("days")
    async def _days_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        options = [d for d in DAY_SUGGESTIONS if typed in d] or list(DAY_SUGGESTIONS)
        return [app_commands.Choice(name=d, value=d) for d in options]

    @app_commands.command(name="add-tip", description="Add a tip of this server's own")
    async def add_tip(self, interaction: Interaction) -> None:
        await interaction.response.send_modal(AddTipModal())


class SettingsCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        bot.tree.add_command(SettingsGroup())
