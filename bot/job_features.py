"""Wiring the job-matching features into the bot in one call, so the client stays small.

Adds the /profile, /jobs and /alerts cogs and their persistent buttons. Nothing is matched here:
the bot answers from what the matching worker stored (`archbot.worker`), so it starts at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import alert_buttons
from bot.cogs import jobs, profile
from bot.cogs.alerts import AlertsCog
from bot.cogs.jobs import JobsCog
from bot.cogs.profile import ProfileCog
from bot.match_engine import MatchEngine
from bot.services import Services
from matcher.taxonomy import taxonomy_of

if TYPE_CHECKING:
    from discord.ext import commands


def ensure_engine(services: Services) -> MatchEngine:
    """The services' match engine, created from the content's taxonomy when none was given."""
    if services.matching is None:
        services.matching = MatchEngine(taxonomy_of(services.content.skills), clock=services.now)
    return services.matching


async def setup_job_features(bot: commands.Bot, services: Services) -> None:
    ensure_engine(services)
    for cog in (ProfileCog, JobsCog, AlertsCog):
        await bot.add_cog(cog(bot))
    bot.add_dynamic_items(*profile.DYNAMIC_ITEMS, *jobs.DYNAMIC_ITEMS, *alert_buttons.DYNAMIC_ITEMS)
