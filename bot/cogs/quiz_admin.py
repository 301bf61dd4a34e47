"""`/settings quiz ...` for admins (Manage Server): where quizzes run, round defaults, the
anti-farming period, reported questions, and the server's own questions through a modal that
is validated exactly as `archbot content check` validates the shipped bank.

The subgroup is attached to the existing /settings group by the quiz cog, so the settings
module needs no knowledge of quizzes. Discord only applies `default_permissions` to the top
group, and admins can re-assign it, so every command checks the permission again.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Literal

import discord
from discord import app_commands

from bot.cogs.quiz_common import Interaction, guild_name, guild_of
from bot.cogs.server_settings import require_manager
from bot.errors import UserFacingError, reported
from bot.lookup import resolve_step, step_choices
from bot.quiz.rounds import MAX_QUESTIONS, MAX_SECONDS, MIN_QUESTIONS, MIN_SECONDS
from bot.quiz.scoring import MAX_REPEAT_DAYS
from bot.quiz.solo import server_pool
from bot.render.quiz_boards import quiz_settings_embed, report_pages, reports_embed
from bot.services import services_of
from bot.text import clean_submission, code_span, echo
from bot.views import StaticView
from content import Step, check_entries
from store import quiz_settings as admin

DIFFICULTIES = {"easy": 1, "medium": 2, "hard": 3}
MAX_REPORTS_SHOWN = 500
Difficulty = Literal["easy", "medium", "hard"]


def resolve_topic(step: Step, text: str) -> str:
    wanted = text.strip().lower()
    matches = [t for t in step.topics if wanted in {t.id, t.title.lower()}]
    matches = matches or [t for t in step.topics if wanted and wanted in t.title.lower()]
    if len(matches) != 1:
        names = ", ".join(t.title for t in step.topics)
        raise UserFacingError(
            f"Step {step.number} has no single topic matching “{echo(text)}”. Its topics: {names}."
        )
    return matches[0].id


async def show(interaction: Interaction) -> None:
    services = services_of(interaction.client)
    guild_id = guild_of(interaction)
    settings = await services.db(admin.quiz_settings, guild_id)
    switches = await services.db(admin.channel_switches, guild_id)
    own = await services.db(admin.guild_questions, guild_id)
    reports = await services.db(admin.open_reports, guild_id, 100)
    embed = quiz_settings_embed(settings, switches, len(own), len(reports))
    await interaction.response.send_message(embed=embed, ephemeral=True)


class QuestionModal(discord.ui.Modal, title="Add a quiz question"):
    stem: discord.ui.TextInput[QuestionModal] = discord.ui.TextInput(
        label="The question",
        custom_id="qz:addq:stem",
        style=discord.TextStyle.paragraph,
        min_length=10,
        max_length=600,
    )
    answer: discord.ui.TextInput[QuestionModal] = discord.ui.TextInput(
        label="The right answer", custom_id="qz:addq:answer", max_length=80
    )
    distractors: discord.ui.TextInput[QuestionModal] = discord.ui.TextInput(
        label="Three wrong answers, one per line",
        custom_id="qz:addq:wrong",
        style=discord.TextStyle.paragraph,
        max_length=260,
    )
    explanation: discord.ui.TextInput[QuestionModal] = discord.ui.TextInput(
        label="Why it is right (shown after answering)",
        custom_id="qz:addq:why",
        style=discord.TextStyle.paragraph,
        min_length=20,
        max_length=1000,
    )

    def __init__(self, step_id: str, topic_id: str, difficulty: int) -> None:
        super().__init__(custom_id="qz:addq:modal", timeout=900)
        self.step_id, self.topic_id, self.difficulty = step_id, topic_id, difficulty

    @reported
    async def on_submit(self, interaction: Interaction) -> None:
        require_manager(interaction)
        await save_question(interaction, self)


async def save_question(interaction: Interaction, modal: QuestionModal) -> None:
    services = services_of(interaction.client)
    guild_id = guild_of(interaction)
    wrong = [clean_submission(line) for line in modal.distractors.value.splitlines()]
    entry: dict[str, object] = {
        "id": "server.new",
        "step": modal.step_id,
        "topic": modal.topic_id,
        "difficulty": modal.difficulty,
        "stem": clean_submission(modal.stem.value),
        "answer": clean_submission(modal.answer.value),
        "distractors": [w for w in wrong if w],
        "explanation": clean_submission(modal.explanation.value),
    }
    # Checking against the whole shipped bank takes a second or two: answer Discord first.
    await interaction.response.defer(ephemeral=True, thinking=True)
    existing = [q.as_entry() for q in await services.db(admin.guild_questions, guild_id)]
    problems = await asyncio.to_thread(
        check_entries, "questions", [entry], existing, services.config.content_dir
    )
    if problems:
        listed = "\n".join(f"• {echo(p.message, 200)}" for p in problems[:5])
        raise UserFacingError(f"That question was not saved:\n{listed}")
    saved = await services.db(
        admin.add_guild_question,
        guild_id=guild_id,
        guild_name=guild_name(interaction),
        step=modal.step_id,
        topic=modal.topic_id,
        difficulty=modal.difficulty,
        stem=str(entry["stem"]),
        answer=str(entry["answer"]),
        distractors=[str(d) for d in entry["distractors"]],  # type: ignore[attr-defined]
        explanation=str(entry["explanation"]),
        author_id=interaction.user.id,
        now=services.now(),
    )
    await interaction.followup.send(
        f"Saved as `{saved.question_id}`. It joins this server's quizzes and rounds.",
        ephemeral=True,
    )


async def show_reports(interaction: Interaction, page: int, *, edit: bool) -> None:
    """One page of the open reports, with Previous/Next buttons when there are more."""
    services = services_of(interaction.client)
    guild_id = guild_of(interaction)
    reported = await services.db(admin.open_reports, guild_id, MAX_REPORTS_SHOWN)
    pool = await services.db(server_pool, services.content, guild_id)
    stems = {r.question_id: q.stem for r in reported if (q := pool.get(r.question_id))}
    pages = report_pages(len(reported))
    page = max(0, min(page, pages - 1))
    embed = reports_embed(services.content, reported, stems, page)
    view = StaticView()
    if pages > 1:
        view.add_item(ReportsPage(max(0, page - 1), "◀ Previous", disabled=page <= 0))
        view.add_item(ReportsPage(page + 1, "Next ▶", disabled=page + 1 >= pages))
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


class ReportsPage(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qz:reports:(?P<page>\d{1,3})"
):
    """A page button under `/settings quiz reports`; the page travels in its custom id."""

    def __init__(self, page: int, label: str = "Page", *, disabled: bool = False) -> None:
        self.page = page
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"qz:reports:{page}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportsPage:
        label = item.label if isinstance(item, discord.ui.Button) and item.label else "Page"
        return cls(int(match["page"]), label)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        require_manager(interaction)
        await show_reports(interaction, self.page, edit=True)


class QuizSettingsGroup(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="quiz", description="Quiz settings for this server (admins)")

    async def interaction_check(self, interaction: Interaction) -> bool:
        require_manager(interaction)
        return True

    @app_commands.command(name="show", description="Show the quiz settings of this server")
    async def show_settings(self, interaction: Interaction) -> None:
        await show(interaction)

    @app_commands.command(name="channel", description="Switch quizzes on or off in a channel")
    @app_commands.describe(channel="The channel", enabled="Allow quizzes and rounds there")
    async def channel(
        self, interaction: Interaction, channel: discord.TextChannel, enabled: bool
    ) -> None:
        services = services_of(interaction.client)
        await services.db(
            admin.set_channel_enabled,
            guild_of(interaction),
            guild_name(interaction),
            channel.id,
            enabled,
            services.now(),
        )
        await show(interaction)

    @app_commands.command(name="defaults", description="Round defaults and anti-farming")
    @app_commands.describe(
        everywhere="Quizzes allowed in every channel unless switched off (else only where on)",
        questions="Questions in a round",
        seconds="Seconds per round question",
        solo_seconds="Seconds for a /quiz play question",
        repeat_days="A question answered again within this many days scores nothing (0: off)",
    )
    async def defaults(
        self,
        interaction: Interaction,
        everywhere: bool | None = None,
        questions: app_commands.Range[int, MIN_QUESTIONS, MAX_QUESTIONS] | None = None,
        seconds: app_commands.Range[int, MIN_SECONDS, MAX_SECONDS] | None = None,
        solo_seconds: app_commands.Range[int, 15, 600] | None = None,
        repeat_days: app_commands.Range[int, 0, MAX_REPEAT_DAYS] | None = None,
    ) -> None:
        services = services_of(interaction.client)
        changes: dict[str, int] = {}
        for name, value in (
            ("default_on", everywhere),
            ("round_questions", questions),
            ("round_seconds", seconds),
            ("solo_seconds", solo_seconds),
            ("repeat_days", repeat_days),
        ):
            if value is not None:
                changes[name] = int(value)
        await services.db(
            admin.update_quiz_settings,
            guild_of(interaction),
            guild_name(interaction),
            services.now(),
            **changes,
        )
        await show(interaction)

    @app_commands.command(name="reports", description="Questions members reported as wrong")
    async def reports(self, interaction: Interaction) -> None:
        await show_reports(interaction, 0, edit=False)

    @app_commands.command(name="resolve", description="Mark a reported question as handled")
    @app_commands.describe(question="The question id shown in /settings quiz reports")
    async def resolve(self, interaction: Interaction, question: str) -> None:
        services = services_of(interaction.client)
        count = await services.db(
            admin.resolve_reports, guild_of(interaction), question.strip(), services.now()
        )
        if not count:
            raise UserFacingError(f"No open report on {code_span(question, 80)}.")
        await interaction.response.send_message(
            f"Marked {count} report{'s' if count != 1 else ''} on {code_span(question, 80)} "
            "handled.",
            ephemeral=True,
        )

    @app_commands.command(name="add-question", description="Add a question of this server's own")
    @app_commands.describe(
        step="Roadmap step (number or name)", topic="Topic of that step", difficulty="How hard"
    )
    async def add_question(
        self, interaction: Interaction, step: str, topic: str, difficulty: Difficulty
    ) -> None:
        content = services_of(interaction.client).content
        chosen = resolve_step(content, step)
        topic_id = resolve_topic(chosen, topic)
        await interaction.response.send_modal(
            QuestionModal(chosen.id, topic_id, DIFFICULTIES[difficulty])
        )

    @add_question.autocomplete("step")
    async def _step_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(interaction.client).content
        return [app_commands.Choice(name=n, value=v) for n, v in step_choices(content, current)]

    @add_question.autocomplete("topic")
    async def _topic_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(interaction.client).content
        try:
            step = resolve_step(content, str(getattr(interaction.namespace, "step", "") or ""))
        except UserFacingError:
            return []
        key = current.strip().lower()
        return [
            app_commands.Choice(name=t.title[:100], value=t.id)
            for t in step.topics
            if not key or key in t.title.lower() or key in t.id
        ][:25]
