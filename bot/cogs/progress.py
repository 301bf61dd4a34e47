"""/progress: the member's roadmap progress as a picture, a summary and the next topic."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.progress_card import render_card
from bot.progress_model import checklist, next_topic, overall, summarise
from bot.render.style import BRAND
from bot.services import services_of
from store import members

Interaction = discord.Interaction[Any]


class ProgressCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="progress", description="Your roadmap progress at a glance")
    @app_commands.describe(export="Also attach your progress as a Markdown checklist")
    async def progress(self, interaction: Interaction, export: bool = False) -> None:
        services = services_of(self.bot)
        content = services.content
        await interaction.response.defer(ephemeral=True, thinking=True)
        progress = await services.db(members.progress_of, interaction.user.id)
        rows = summarise(content, progress)
        name = interaction.user.display_name
        png = await asyncio.to_thread(render_card, name, rows)
        done, total = overall(content, progress)
        learning = sum(r.learning for r in rows)
        complete_steps = sum(1 for r in rows if r.complete)
        embed = discord.Embed(
            title="Your roadmap progress",
            description=(
                f"**{done}** of {total} topics done, **{learning}** in progress, "
                f"**{complete_steps}** of {len(rows)} steps complete."
            ),
            colour=BRAND,
        )
        suggestion = next_topic(content, progress)
        if suggestion:
            step, topic = suggestion
            embed.add_field(
                name="Suggested next topic",
                value=f"Step {step.number} · **{topic.title}**\n{topic.actions[0]}",
                inline=False,
            )
        embed.set_image(url="attachment://progress.png")
        files = [discord.File(io.BytesIO(png), filename="progress.png")]
        if export:
            text = checklist(content, progress, f"AI-architect roadmap: {name}")
            files.append(discord.File(io.BytesIO(text.encode()), filename="roadmap-checklist.md"))
            embed.set_footer(text="Your checklist is attached as roadmap-checklist.md.")
        await interaction.followup.send(embed=embed, files=files, ephemeral=True)
