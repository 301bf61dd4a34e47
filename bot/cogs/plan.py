"""/plan: the member's learning plan from the job market, with buttons per skill; the cog also
attaches `/settings pulse` for admins (the pulse poster runs beside the daily tip's).

The plan itself is computed by `bot.market_service` (Discord-free, shared with `archbot plan`);
this module turns clicks into calls and renders the answer.
"""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any, ClassVar, Self

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs import quiz_solo
from bot.cogs.roadmap import topic_view
from bot.errors import UserFacingError, reported
from bot.market_service import MemberPlan, market_of
from bot.profile_form import profile_changed
from bot.render.market_cards import render_plan_chart
from bot.render.plan import PLAN_IMAGE, plan_embed
from bot.render.roadmap import topic_embed
from bot.services import Services, services_of
from bot.settings_pulse import PulseSettingsCommand
from bot.views import StaticView
from content import Content
from store import members, profiles

Interaction = discord.Interaction[Any]
ID = r"[a-z0-9][a-z0-9.\-]{0,78}"
BUTTON_SKILLS = 4  # four rows of four buttons, under Discord's five rows


async def member_plan(services: Services, user_id: int) -> MemberPlan:
    market = market_of(services)
    tables = await market.current(services.db)
    return await services.db(market.member_plan, tables, user_id)


def first_topic(content: Content, skill_id: str, progress: dict[str, str]) -> str | None:
    """The topic to open or mark for a skill: the first not done yet, else the first."""
    topics = content.topics_by_skill.get(skill_id, ())
    for topic_id in topics:
        if progress.get(topic_id) != "done":
            return topic_id
    return topics[0] if topics else None


def plan_view(content: Content, member: MemberPlan) -> discord.ui.View:
    """Buttons carry the skill, not the topic: two skills may be taught by one topic, and
    custom ids must be unique within a message."""
    view = StaticView()
    skills = member.plan.skills[:BUTTON_SKILLS]
    for row, skill in enumerate(skills):
        topic_id = first_topic(content, skill.skill_id, member.progress)
        topic = content.topics_by_id.get(topic_id) if topic_id else None
        label = f"{skill.name}: {topic.title}" if topic else f"{skill.name}: no topic yet"
        view.add_item(OpenTopicButton(skill.skill_id, label[:80], row=row, disabled=not topic))
        learning = topic_id is not None and member.progress.get(topic_id) == "learning"
        view.add_item(LearningButton(skill.skill_id, row=row, disabled=topic is None or learning))
        has_questions = bool(content.questions_by_skill.get(skill.skill_id))
        view.add_item(QuizSkillButton(skill.skill_id, row=row, disabled=not has_questions))
        view.add_item(HaveSkillButton(skill.skill_id, row=row))
    if skills:
        view.add_item(ChartButton(row=len(skills)))
    if not skills and member.next_step is not None:
        _, topic = member.next_step
        view.add_item(NextTopicButton(topic.id, f"Next step: {topic.title}"[:80]))
    return view


async def send_topic(interaction: Interaction, topic_id: str | None) -> None:
    """The roadmap's topic card (with its Done / Learning buttons), privately."""
    services = services_of(interaction.client)
    topic = services.content.topics_by_id.get(topic_id) if topic_id else None
    if topic is None or topic_id is None:
        raise UserFacingError("No roadmap topic teaches that yet; run /plan again.")
    step = services.content.step_of_topic[topic_id]
    progress = await services.db(members.progress_of, interaction.user.id)
    status = progress.get(topic_id)
    await interaction.response.send_message(
        embed=topic_embed(step, topic, status),
        view=topic_view(step, topic_id, status),
        ephemeral=True,
    )


async def _chart(member: MemberPlan) -> list[discord.File]:
    if not member.plan.skills:
        return []
    png = await asyncio.to_thread(render_plan_chart, member.plan)
    return [discord.File(io.BytesIO(png), filename=PLAN_IMAGE)]


async def show_plan(interaction: Interaction, *, edit: bool, chart: bool = False) -> None:
    """Answer with the plan (`chart`: with its picture, drawn on request by the Picture button:
    drawing costs more than computing the plan, and most looks at a plan do not need it).

    A first build of the market tables (seconds with many postings) is waited for behind a
    deferral, so the interaction is acknowledged in time.
    """
    services = services_of(interaction.client)
    if edit and not interaction.response.is_done():
        await interaction.response.defer()
    elif not edit and market_of(services).tables is None:
        await interaction.response.defer(ephemeral=True, thinking=True)
    member = await member_plan(services, interaction.user.id)
    content = services.content
    view = plan_view(content, member)
    files = await _chart(member) if chart else []
    embed = plan_embed(content, member, chart=bool(files))
    if interaction.response.is_done():
        await interaction.edit_original_response(embed=embed, view=view, attachments=files)
        return
    await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


class PlanButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"plan:[a-z]+:(?P<id>{ID})"
):
    """The shape every per-skill (or per-topic) button of the plan shares: custom id
    `plan:<prefix>:<id>`, so buttons posted before a restart keep working, and a click rebuilds
    the button from that id with the clicked label and row.

    Each concrete button names its prefix, style and default label as class keywords; the
    prefix becomes the template discord.py requires per concrete class.
    """

    id_prefix: ClassVar[str]
    button_style: ClassVar[discord.ButtonStyle]
    default_label: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, style: discord.ButtonStyle, label: str) -> None:
        super().__init_subclass__(template=rf"plan:{prefix}:(?P<id>{ID})")
        cls.id_prefix, cls.button_style, cls.default_label = prefix, style, label

    def __init__(
        self, key: str, label: str | None = None, *, row: int = 0, disabled: bool = False
    ) -> None:
        self.key = key
        super().__init__(
            discord.ui.Button(
                label=label or self.default_label,
                style=self.button_style,
                custom_id=f"plan:{self.id_prefix}:{key}",
                row=row,
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(match["id"], label, row=item.row or 0)


class OpenTopicButton(
    PlanButton, prefix="open", style=discord.ButtonStyle.secondary, label="Open topic"
):
    """Opens the topic that teaches a skill (the first one not done yet)."""

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        progress = await services.db(members.progress_of, interaction.user.id)
        await send_topic(interaction, first_topic(services.content, self.key, progress))


class NextTopicButton(
    PlanButton, prefix="next", style=discord.ButtonStyle.primary, label="Next step"
):
    """The roadmap's next topic (the key is a topic id), offered when there is too little data
    for a plan."""

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await send_topic(interaction, self.key)


class LearningButton(
    PlanButton, prefix="learn", style=discord.ButtonStyle.primary, label="Learning"
):
    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        progress = await services.db(members.progress_of, interaction.user.id)
        topic_id = first_topic(services.content, self.key, progress)
        if topic_id is None:
            raise UserFacingError("No roadmap topic teaches that skill yet; run /plan again.")
        await services.db(
            members.set_progress, interaction.user.id, [topic_id], "learning", services.now()
        )
        await show_plan(interaction, edit=True)


class QuizSkillButton(
    PlanButton, prefix="quiz", style=discord.ButtonStyle.secondary, label="Quiz me"
):
    @reported
    async def callback(self, interaction: Interaction) -> None:
        """A question on this skill through the review path: due cards first, then new ones;
        the answer updates the member's FSRS card like any review."""
        services = services_of(interaction.client)
        questions = services.content.questions_by_skill.get(self.key, ())
        if not questions:
            raise UserFacingError("No quiz question covers that skill yet.")
        await quiz_solo.ask_new(interaction, "review", only=frozenset(questions))


class HaveSkillButton(
    PlanButton, prefix="have", style=discord.ButtonStyle.success, label="I already have it"
):
    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        if self.key not in market_of(services).taxonomy.by_id:
            raise UserFacingError("That skill is no longer in the taxonomy; run /plan again.")
        await interaction.response.defer()
        await services.db(profiles.add_skills, interaction.user.id, [self.key], services.now())
        await profile_changed(interaction)
        await show_plan(interaction, edit=True)


class ChartButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"plan:chart"):
    """Attaches the picture: the top missing skills as demand bars with the member's gain."""

    def __init__(self, *, row: int = 4) -> None:
        super().__init__(
            discord.ui.Button(
                label="Picture",
                emoji="📊",
                style=discord.ButtonStyle.secondary,
                custom_id="plan:chart",
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ChartButton:
        return cls(row=item.row or 0)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await show_plan(interaction, edit=True, chart=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    ChartButton,
    OpenTopicButton,
    NextTopicButton,
    LearningButton,
    QuizSkillButton,
    HaveSkillButton,
)


class PlanCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.settings_command = PulseSettingsCommand()

    async def cog_load(self) -> None:
        settings = self.bot.tree.get_command("settings")
        if not isinstance(settings, app_commands.Group):
            raise RuntimeError("add the settings cog before the plan cog")
        settings.add_command(self.settings_command)

    async def cog_unload(self) -> None:
        settings = self.bot.tree.get_command("settings")
        if isinstance(settings, app_commands.Group):
            settings.remove_command(self.settings_command.name)

    @app_commands.command(
        name="plan", description="What the jobs you want ask for that you lack, and what to learn"
    )
    async def plan(self, interaction: Interaction) -> None:
        await show_plan(interaction, edit=False)
