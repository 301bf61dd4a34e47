"""/help and /about."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.style import BRAND
from bot.services import services_of

Interaction = discord.Interaction[Any]

HELP_LINES = (
    ("/roadmap [step]", "The eleven steps to an AI-architect role; mark topics done as you go."),
    ("/progress [export]", "Your progress as a picture, the next topic, and a checklist."),
    ("/tip [step]", "A practical tip you have not seen recently."),
    ("/career <topic>", "Architect vs engineer, skills, industries, paths, salaries, trends."),
    ("/quiz play [step] [difficulty]", "A question with buttons, the answer explained, Next."),
    ("/quiz review", "Spaced repetition: the questions due for you come back first."),
    ("/quiz round [questions] [seconds] [step]", "A group round: everyone answers, scoreboard."),
    ("/quiz leaderboard · stats · report", "Server ranking, your streak and accuracy, report."),
    ("/profile set|add|show|gap", "Your skills and preferences; what each step still needs."),
    ("/jobs [remote] [min_score]", "Your best open job matches: why each matched, what's missing."),
    ("/alerts on|off|status", "Opt-in job digests by DM: threshold, frequency, quiet hours."),
    ("/profile delete", "Erase everything the bot holds about you."),
    ("/settings", "Server admins: daily tip, the server's own tips, and `/settings quiz`."),
    ("/about", "What this bot is and what it stores about you."),
)


class InfoCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What this bot can do")
    async def help(self, interaction: Interaction) -> None:
        embed = discord.Embed(
            title="AI-architect bot: commands",
            description="Everything works through slash commands; replies about you are private.",
            colour=BRAND,
        )
        for name, text in HELP_LINES:
            embed.add_field(name=name, value=text, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="about", description="About this bot and your data")
    async def about(self, interaction: Interaction) -> None:
        stats = services_of(self.bot).content.stats()
        embed = discord.Embed(
            title="About the AI-architect bot",
            description=(
                "A study companion for people working towards AI-architect roles: a roadmap of "
                f"{stats['steps']} steps and {stats['topics']} topics, {stats['tips']} tips, "
                f"{stats['questions']} quiz questions and career reference pages, all written for "
                "this project, plus a job matcher: "
                "public postings matched to your skills (/jobs), with opt-in digests by DM."
            ),
            colour=BRAND,
        )
        embed.add_field(
            name="What it stores about you",
            value=(
                "Your roadmap progress, which tips you have seen, your quiz answers, review "
                "cards and streak (a server's leaderboard shows your points there), and, if you "
                "set them, your job profile, matches and alert settings, keyed by your Discord "
                "user id. Nothing is "
                "shared with other servers' admins or anyone else. `/profile delete` erases it all."
            ),
            inline=False,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)
