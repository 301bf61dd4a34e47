"""/roadmap: the eleven steps, one step, one topic, and marking progress.

Every button and menu is a DynamicItem whose custom id carries what it acts on, so the
messages keep working after a restart and no view state lives in memory.
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError, reported
from bot.lookup import resolve_step, step_choices
from bot.progress_model import STATUS_MARK, summarise
from bot.render.roadmap import overview_embed, step_embed, topic_embed
from bot.services import Services, services_of
from bot.views import StaticView
from content import Content, Step
from store import members

ID = r"[a-z0-9][a-z0-9.\-]*"

Interaction = discord.Interaction[Any]


def _options(item: discord.ui.Item[Any]) -> list[discord.SelectOption]:
    return list(item.options) if isinstance(item, discord.ui.Select) else []


def _label_style(item: discord.ui.Item[Any], default: str) -> tuple[str, discord.ButtonStyle]:
    if isinstance(item, discord.ui.Button):
        return item.label or default, item.style
    return default, discord.ButtonStyle.secondary


def _step_select(content: Content, progress: dict[str, str], row: int) -> discord.ui.Item[Any]:
    rows = summarise(content, progress)
    options = [
        discord.SelectOption(
            label=f"{r.step.number}. {r.step.title}"[:100],
            value=r.step.id,
            description=f"{r.done}/{r.total} done",
        )
        for r in rows
    ]
    return StepMenu(options, row=row)


def overview_view(content: Content, progress: dict[str, str]) -> discord.ui.View:
    view = StaticView()
    view.add_item(_step_select(content, progress, row=0))
    return view


def step_view(content: Content, step: Step, progress: dict[str, str]) -> discord.ui.View:
    view = StaticView()
    options = [
        discord.SelectOption(
            label=t.title[:100],
            value=t.id,
            emoji=STATUS_MARK[progress.get(t.id)],
        )
        for t in step.topics
    ]
    view.add_item(TopicMenu(step.id, options, row=0))
    view.add_item(_step_select(content, progress, row=1))
    view.add_item(StepDoneButton(step.id))
    view.add_item(OpenButton("overview", "All steps", row=2))
    return view


def topic_view(step: Step, topic_id: str, status: str | None) -> discord.ui.View:
    view = StaticView()
    for value, label, style in (
        ("done", "Done", discord.ButtonStyle.success),
        ("learning", "Learning", discord.ButtonStyle.primary),
        ("skipped", "Skip", discord.ButtonStyle.secondary),
        ("clear", "Clear", discord.ButtonStyle.secondary),
    ):
        view.add_item(MarkButton(topic_id, value, label, style, disabled=status == value))
    view.add_item(OpenButton(f"step:{step.id}", "Back to step", row=1))
    view.add_item(OpenButton("overview", "All steps", row=1))
    return view


async def _progress(services: Services, user_id: int) -> dict[str, str]:
    return await services.db(members.progress_of, user_id)


async def show_overview(interaction: Interaction, *, edit: bool) -> None:
    services = services_of(interaction.client)
    progress = await _progress(services, interaction.user.id)
    embed = overview_embed(services.content, progress, interaction.user.display_name)
    view = overview_view(services.content, progress)
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


async def show_step(interaction: Interaction, step: Step, *, edit: bool) -> None:
    services = services_of(interaction.client)
    progress = await _progress(services, interaction.user.id)
    embed = step_embed(services.content, step, progress)
    view = step_view(services.content, step, progress)
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


async def show_topic(interaction: Interaction, topic_id: str) -> None:
    services = services_of(interaction.client)
    content = services.content
    topic = content.topics_by_id.get(topic_id)
    if topic is None:
        raise UserFacingError("That topic is no longer in the roadmap; run /roadmap again.")
    step = content.step_of_topic[topic_id]
    progress = await _progress(services, interaction.user.id)
    status = progress.get(topic_id)
    await interaction.response.edit_message(
        embed=topic_embed(step, topic, status), view=topic_view(step, topic_id, status)
    )


class StepMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"rm:steps"):
    def __init__(self, options: list[discord.SelectOption] | None = None, *, row: int = 0) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id="rm:steps",
                placeholder="Open a step…",
                options=options or [discord.SelectOption(label="-", value="-")],
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StepMenu:
        return cls(_options(item), row=item.row or 0)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        content = services_of(interaction.client).content
        step = resolve_step(content, self.item.values[0] if self.item.values else "")
        await show_step(interaction, step, edit=True)


class TopicMenu(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=rf"rm:topics:(?P<step>{ID})"
):
    def __init__(
        self, step_id: str, options: list[discord.SelectOption] | None = None, *, row: int = 0
    ) -> None:
        self.step_id = step_id
        super().__init__(
            discord.ui.Select(
                custom_id=f"rm:topics:{step_id}",
                placeholder="Open a topic…",
                options=options or [discord.SelectOption(label="-", value="-")],
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> TopicMenu:
        return cls(match["step"], _options(item), row=item.row or 0)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        await show_topic(interaction, self.item.values[0] if self.item.values else "")


class MarkButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"rm:mark:(?P<topic>{ID}):(?P<status>done|learning|skipped|clear)",
):
    def __init__(
        self,
        topic_id: str,
        status: str,
        label: str = "Mark",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        *,
        disabled: bool = False,
    ) -> None:
        self.topic_id = topic_id
        self.status = status
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                custom_id=f"rm:mark:{topic_id}:{status}",
                disabled=disabled,
                row=0,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MarkButton:
        return cls(match["topic"], match["status"], *_label_style(item, "Mark"))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        if self.topic_id not in services.content.topics_by_id:
            raise UserFacingError("That topic is no longer in the roadmap; run /roadmap again.")
        status = None if self.status == "clear" else self.status
        await services.db(
            members.set_progress, interaction.user.id, [self.topic_id], status, services.now()
        )
        await show_topic(interaction, self.topic_id)


class StepDoneButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"rm:stepdone:(?P<step>{ID})"
):
    def __init__(self, step_id: str) -> None:
        self.step_id = step_id
        super().__init__(
            discord.ui.Button(
                label="Mark whole step done",
                style=discord.ButtonStyle.success,
                custom_id=f"rm:stepdone:{step_id}",
                row=2,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StepDoneButton:
        return cls(match["step"])

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        step = resolve_step(services.content, self.step_id)
        topics = [t.id for t in step.topics]
        await services.db(members.set_progress, interaction.user.id, topics, "done", services.now())
        await show_step(interaction, step, edit=True)


class OpenButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"rm:open:(?P<target>overview|step:{ID})",
):
    def __init__(self, target: str, label: str = "Open", *, row: int = 2) -> None:
        self.target = target
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"rm:open:{target}",
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> OpenButton:
        return cls(match["target"], _label_style(item, "Open")[0], row=item.row or 0)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        if self.target == "overview":
            await show_overview(interaction, edit=True)
            return
        content = services_of(interaction.client).content
        step = resolve_step(content, self.target.removeprefix("step:"))
        await show_step(interaction, step, edit=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    StepMenu,
    TopicMenu,
    MarkButton,
    StepDoneButton,
    OpenButton,
)


class RoadmapCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="roadmap", description="The AI-architect roadmap and your progress")
    @app_commands.describe(step="Open one step directly (number or name)")
    async def roadmap(self, interaction: Interaction, step: str | None = None) -> None:
        if step is None:
            await show_overview(interaction, edit=False)
            return
        chosen = resolve_step(services_of(self.bot).content, step)
        await show_step(interaction, chosen, edit=False)

    @roadmap.autocomplete("step")
    async def _step_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(self.bot).content
        return [app_commands.Choice(name=n, value=v) for n, v in step_choices(content, current)]
