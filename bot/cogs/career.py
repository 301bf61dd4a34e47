"""/career: the reference pages (architect vs engineer, skills, industries, paths, salaries,
trends), rendered with their caveat where they have one, their sources and the date an editor
last reviewed them."""

from __future__ import annotations

from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.lookup import page_choices, resolve_page
from bot.render.budget import fit_one
from bot.render.pulse import send_salaries
from bot.render.style import BRAND, truncate
from bot.services import services_of
from content import Page

Interaction = discord.Interaction[Any]


def page_embed(page: Page) -> discord.Embed:
    embed = discord.Embed(title=page.title, description=truncate(page.summary, 1000), colour=BRAND)
    for section in page.sections:
        embed.add_field(name=section.heading, value=truncate(section.body, 1024), inline=False)
    if page.caveat:
        embed.add_field(name="⚠️ Please note", value=truncate(page.caveat, 1024), inline=False)
    sources = "\n".join(f"• {source}" for source in page.sources)
    embed.add_field(
        name=f"Sources · last reviewed {reviewed_label(page.reviewed)}",
        value=truncate(sources, 1024),
        inline=False,
    )
    embed.set_footer(text="Use /career to open another page, /roadmap for the learning path.")
    return fit_one(embed)


def reviewed_label(day: date) -> str:
    """Dates read as "8 December 2026", unambiguous on either side of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


class CareerCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="career", description="Reference pages about the AI-architect role")
    @app_commands.describe(topic="Which page: architect vs engineer, skills, salaries, trends...")
    async def career(self, interaction: Interaction, topic: str) -> None:
        services = services_of(self.bot)
        page = resolve_page(services.content, topic)
        if page.id == "salaries":
            await send_salaries(interaction, services, page_embed(page))
            return
        await interaction.response.send_message(embed=page_embed(page))

    @career.autocomplete("topic")
    async def _topic_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(self.bot).content
        return [app_commands.Choice(name=n, value=v) for n, v in page_choices(content, current)]
