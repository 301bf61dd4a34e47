"""The bot: a discord.py client with one cog per feature and the daily-tip poster.

It needs only the default intents (no message content, no members): every feature works through
interactions. It also turns off the message events of those defaults, so the gateway does not
send (and the client does not parse) every message posted in every channel: a busy server's
chatter, or the public quiz questions, would otherwise cost CPU for nothing. Mentions are off by
default for every message it sends.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.alert_sender import AlertSender
from bot.channel_access import configured_access, invite_url
from bot.cogs import plan, quiz, roadmap, server_settings, tips
from bot.cogs.career import CareerCog
from bot.cogs.info import InfoCog
from bot.cogs.plan import PlanCog
from bot.cogs.progress import ProgressCog
from bot.cogs.quiz import QuizCog
from bot.cogs.roadmap import RoadmapCog
from bot.cogs.server_settings import SettingsCog
from bot.cogs.tips import TipsCog
from bot.command_sync import publish_at_start
from bot.daily_poster import DailyTipPoster
from bot.errors import report
from bot.job_features import setup_job_features
from bot.pulse_poster import PulsePoster
from bot.services import Services
from store import guilds

log = logging.getLogger("archbot.bot")

# The bot never joins voice: discord.py's warnings that voice libraries are missing would only
# alarm an operator reading the start-up log.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class ArchTree(app_commands.CommandTree[Any]):
    """Every slash-command failure becomes a short ephemeral message with a reference id."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


class ArchBot(commands.Bot):
    def __init__(self, services: Services, *, sync_on_start: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = False
        intents.members = False
        intents.presences = False
        intents.messages = False  # interactions only: no MESSAGE_CREATE/UPDATE to parse
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=services.config.guild_ready_timeout,
            tree_cls=ArchTree,
        )
        self.services = services
        self.sync_on_start = sync_on_start
        self.daily = DailyTipPoster(self, services)
        self.pulse = PulsePoster(self, services)
        self.alerts = AlertSender(self, services)

    async def setup_hook(self) -> None:
        await self.install_features()
        if self.sync_on_start:
            assert self.application_id is not None  # login() sets it before this hook
            log.info(
                "logged in as %s, application id %s; invite URL: %s",
                self.user,
                self.application_id,
                invite_url(self.application_id),
            )
            await publish_at_start(
                self.tree, self.services.db, self.application_id, self.services.config.dev_guild_id
            )
        self.daily.ticker.start()
        self.pulse.ticker.start()
        self.alerts.ticker.start()

    async def install_features(self) -> None:
        """Every cog, command and persistent component (nothing is matched here: the matching
        worker does that apart from the bot)."""
        for cog in (RoadmapCog, TipsCog, ProgressCog, CareerCog, InfoCog, SettingsCog):
            await self.add_cog(cog(self))
        await self.add_cog(QuizCog(self))  # after SettingsCog: it adds `/settings quiz`
        await self.add_cog(PlanCog(self))  # after SettingsCog: it adds `/settings pulse`
        self.add_dynamic_items(*roadmap.DYNAMIC_ITEMS, *server_settings.DYNAMIC_ITEMS)
        self.add_dynamic_items(*quiz.DYNAMIC_ITEMS)
        self.add_dynamic_items(tips.AnotherTip)
        self.add_dynamic_items(*plan.DYNAMIC_ITEMS)
        await setup_job_features(self, self.services)

    async def close(self) -> None:
        await self.daily.ticker.stop()
        await self.pulse.ticker.stop()
        await self.alerts.ticker.stop()
        await super().close()

    async def on_app_command_completion(
        self, interaction: discord.Interaction[Any], command: object
    ) -> None:
        # A member whose DMs were found closed is told how to fix it after their next command.
        await self.alerts.dm_notice(interaction)

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))
        for guild in self.guilds:
            await self.report_access(guild)

    async def report_access(self, guild: discord.Guild) -> None:
        """One log line per server: can the bot post where it was told to?"""
        try:
            access = await configured_access(self.services.db, guild)
        except Exception:
            log.exception("checking the permissions in server %s failed", guild.id)
            return
        problems = [a for a in access if a.missing or not a.found]
        if problems:
            log.warning(
                "server %s (%s): %s",
                guild.id,
                guild.name,
                "; ".join(a.sentence() for a in problems),
            )
        elif access:
            log.info(
                "server %s (%s): permissions ok in %d configured channel(s)",
                guild.id,
                guild.name,
                len(access),
            )
        else:
            log.info("server %s (%s): no channel configured yet", guild.id, guild.name)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.services.db(guilds.ensure_guild, guild.id, guild.name, datetime.now(UTC))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.services.db(guilds.ensure_guild, guild.id, guild.name, datetime.now(UTC))

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.services.db(guilds.mark_guild_left, guild.id, datetime.now(UTC))
