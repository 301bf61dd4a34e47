"""/quiz: solo questions, spaced-repetition review, group rounds, the leaderboard, stats and
reports. The cog also owns the quiz timer and attaches `/settings quiz` for admins.

Game rules live in bot/quiz/ (Discord-free); the flows are split by what they show:
quiz_solo (a member's own questions), quiz_round (group rounds), quiz_report, quiz_admin.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs import quiz_round, quiz_solo
from bot.cogs.quiz_admin import DIFFICULTIES, Difficulty, QuizSettingsGroup, ReportsPage
from bot.cogs.quiz_common import Interaction, guild_name, guild_of
from bot.cogs.quiz_report import REASON_MAX, REASON_MIN, ReportButton, file_report
from bot.cogs.quiz_timer import QuizTimer
from bot.lookup import resolve_step, step_choices
from bot.quiz.rounds import MAX_QUESTIONS, MAX_SECONDS, MIN_QUESTIONS, MIN_SECONDS
from bot.quiz.streaks import Streak as StreakState
from bot.quiz.streaks import current_length, local_date, week_of, zone_for
from bot.render.quiz_boards import leaderboard_embed, stats_embed
from bot.services import services_of
from store import guilds, members
from store import quiz as store
from store import quiz_cards as card_store

DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    *quiz_solo.DYNAMIC_ITEMS,
    *quiz_round.DYNAMIC_ITEMS,
    ReportButton,
    ReportsPage,
)


def _step_id(interaction: Interaction, step: str | None) -> str | None:
    if step is None:
        return None
    return resolve_step(services_of(interaction.client).content, step).id


class QuizCog(commands.Cog):
    quiz = app_commands.Group(
        name="quiz",
        description="Quizzes on the roadmap: solo, review and group rounds",
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.timer = QuizTimer(bot, services_of(bot))
        self.settings_group = QuizSettingsGroup()

    async def cog_load(self) -> None:
        settings = self.bot.tree.get_command("settings")
        if not isinstance(settings, app_commands.Group):
            raise RuntimeError("add the settings cog before the quiz cog")
        settings.add_command(self.settings_group)
        self.timer.ticker.start()

    async def cog_unload(self) -> None:
        await self.timer.ticker.stop()
        settings = self.bot.tree.get_command("settings")
        if isinstance(settings, app_commands.Group):
            settings.remove_command(self.settings_group.name)

    @quiz.command(name="play", description="One question; answer with the buttons")
    @app_commands.describe(step="Only this roadmap step", difficulty="Only this difficulty")
    async def play(
        self,
        interaction: Interaction,
        step: str | None = None,
        difficulty: Difficulty | None = None,
    ) -> None:
        level = DIFFICULTIES[difficulty] if difficulty else None
        await quiz_solo.ask_new(interaction, "play", _step_id(interaction, step), level)

    @quiz.command(name="review", description="Your spaced-repetition review: due questions first")
    async def review(self, interaction: Interaction) -> None:
        await quiz_solo.ask_new(interaction, "review")

    @quiz.command(name="round", description="A group round in this channel: everyone answers")
    @app_commands.describe(
        questions="How many questions (server default if empty)",
        seconds="Seconds per question (server default if empty)",
        step="Only this roadmap step",
    )
    async def round(
        self,
        interaction: Interaction,
        questions: app_commands.Range[int, MIN_QUESTIONS, MAX_QUESTIONS] | None = None,
        seconds: app_commands.Range[int, MIN_SECONDS, MAX_SECONDS] | None = None,
        step: str | None = None,
    ) -> None:
        await quiz_round.start(interaction, questions, seconds, _step_id(interaction, step))

    @quiz.command(name="stop", description="Stop the round in this channel (starter or moderator)")
    async def stop(self, interaction: Interaction) -> None:
        await quiz_round.stop(interaction, None)

    @quiz.command(name="leaderboard", description="This server's best quiz players")
    @app_commands.describe(period="This week (since Monday, server time) or all time")
    async def leaderboard(
        self, interaction: Interaction, period: Literal["week", "all"] = "week"
    ) -> None:
        services = services_of(interaction.client)
        guild_id = guild_of(interaction)
        zone = zone_for(None, (await services.db(guilds.guild_settings, guild_id)).timezone)
        week = week_of(services.now(), zone) if period == "week" else None
        rows = await services.db(store.leaderboard, guild_id, week)
        own, rank = await services.db(store.member_total, guild_id, interaction.user.id, week)
        embed = leaderboard_embed(rows, period, own, rank, guild_name(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @quiz.command(name="stats", description="Your accuracy per step, due cards and streak")
    async def stats(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        guild_id = guild_of(interaction)
        user_id = interaction.user.id
        now = services.now()
        accuracy = await services.db(store.accuracy_by_step, user_id)
        cards, due, next_due = await services.db(card_store.card_overview, user_id, now)
        row = await services.db(card_store.get_streak, user_id)
        zone = zone_for(
            await services.db(members.member_timezone, user_id),
            (await services.db(guilds.guild_settings, guild_id)).timezone,
        )
        streak = None
        if row is not None:
            streak = StreakState(row[0], row[1], date.fromisoformat(row[2]))
        here, rank = await services.db(store.member_total, guild_id, user_id, None)
        embed = stats_embed(
            services.content,
            name=interaction.user.display_name,
            accuracy=accuracy,
            streak=current_length(streak, local_date(now, zone)),
            best=streak.best if streak else 0,
            cards=cards,
            due=due,
            next_due=next_due,
            here=here,
            rank=rank,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @quiz.command(name="report", description="Report your last question as wrong or unclear")
    @app_commands.describe(reason="What is wrong with it (the admins read this)")
    async def report(
        self, interaction: Interaction, reason: app_commands.Range[str, REASON_MIN, REASON_MAX]
    ) -> None:
        await file_report(interaction, None, reason)

    @play.autocomplete("step")
    @round.autocomplete("step")
    async def _step_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(self.bot).content
        return [app_commands.Choice(name=n, value=v) for n, v in step_choices(content, current)]
