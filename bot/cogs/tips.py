"""/tip: a roadmap tip the member has not seen recently, with a button for another."""

from __future__ import annotations

import random
import re
from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError, reported
from bot.lookup import resolve_step, step_choices
from bot.render.tips import tip_embed
from bot.services import services_of
from bot.tip_picker import ServerTip, TipLike, pick_for_member
from bot.views import StaticView
from content import Content
from store import Database, guilds, members

Interaction = discord.Interaction[Any]


def another_view(scope: str) -> discord.ui.View:
    view = StaticView()
    view.add_item(AnotherTip(scope))
    return view


def choose_tip(
    db: Database,
    content: Content,
    user_id: int,
    guild_id: int | None,
    step_id: str | None,
    rng: random.Random,
    now: datetime,
) -> TipLike | None:
    """Pick and record a member's next tip in one trip to the database thread."""
    pool: list[TipLike] = list(content.tips)
    if guild_id is not None:
        pool += [
            ServerTip(t.tip_id, t.step, t.topic, t.text) for t in guilds.guild_tips(db, guild_id)
        ]
    tip = pick_for_member(pool, members.tips_seen(db, user_id), rng, step_id)
    if tip is not None:
        members.record_tip_seen(db, user_id, tip.id, now)
    return tip


async def send_tip(interaction: Interaction, step_id: str | None, *, edit: bool) -> None:
    services = services_of(interaction.client)
    tip = await services.db(
        choose_tip,
        services.content,
        interaction.user.id,
        interaction.guild_id,
        step_id,
        services.rng,
        services.now(),
    )
    if tip is None:
        raise UserFacingError("There are no tips for that step yet.")
    embed = tip_embed(services, tip)
    view = another_view(step_id or "all")
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


class AnotherTip(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"tip:next:(?P<scope>[a-z0-9\-]+)"
):
    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(
            discord.ui.Button(
                label="Another tip",
                style=discord.ButtonStyle.primary,
                custom_id=f"tip:next:{scope}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnotherTip:
        return cls(match["scope"])

    @reported
    async def callback(self, interaction: Interaction) -> None:
        content = services_of(interaction.client).content
        step = None if self.scope == "all" else resolve_step(content, self.scope).id
        await send_tip(interaction, step, edit=True)


class TipsCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="tip", description="A roadmap tip you have not seen recently")
    @app_commands.describe(step="Only tips for this roadmap step (number or name)")
    async def tip(self, interaction: Interaction, step: str | None = None) -> None:
        content = services_of(self.bot).content
        step_id = resolve_step(content, step).id if step is not None else None
        await send_tip(interaction, step_id, edit=False)

    @tip.autocomplete("step")
    async def _step_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        content = services_of(self.bot).content
        return [app_commands.Choice(name=n, value=v) for n, v in step_choices(content, current)]
