"""/jobs: the member's best open matches, a few per page, with buttons to page through.

The page, the remote filter and the minimum score travel in the buttons' custom ids, so an old
/jobs message keeps paging after a restart. Matches are read from the store, where the matching
worker keeps each member's best ones; when the filter cuts deeper than those, or the worker has
not caught up with a profile change, the member is scanned exactly (`bot.match_reader`). Closed
postings and cross-source duplicates are never shown.
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError, reported
from bot.job_view import job_view, skill_namer
from bot.match_reader import JobFilters, JobsPage, member_filters, read_jobs
from bot.render.jobs import job_embed
from bot.services import services_of
from bot.views import StaticView
from matcher.taxonomy import Taxonomy, taxonomy_of
from store import profiles
from store.db import Database
from store.profiles import Profile

Interaction = discord.Interaction[Any]

PAGE_SIZE = 3
DEFAULT_MIN_SCORE = 30


def pages_of(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def jobs_view(page: int, pages: int, remote: bool, min_score: int) -> discord.ui.View:
    view = StaticView()
    view.add_item(JobsPageButton(max(0, page - 1), remote, min_score, "◀ Previous", page <= 0))
    view.add_item(JobsPageButton(page + 1, remote, min_score, "Next ▶", page + 1 >= pages))
    return view


async def show_jobs(
    interaction: Interaction, page: int, remote: bool, min_score: int, *, edit: bool
) -> None:
    services = services_of(interaction.client)
    user_id = interaction.user.id
    profile = await services.db(profiles.get_profile, user_id)
    if profile is None or not profile.skills:
        raise UserFacingError(
            "Tell me your skills first: `/profile set` (or `/profile add`), then `/jobs`."
        )
    taxonomy = taxonomy_of(services.content.skills)
    prefs = await services.db(member_filters, user_id)
    filters = JobFilters(remote_only=remote, min_score=float(min_score), preferences=prefs)

    async def read(page: int) -> JobsPage:
        return await services.db(_read, taxonomy, profile, filters, page)

    found = await read(page)
    if not found.rows and page > 0:  # the list shrank since the buttons were drawn
        page = pages_of(found.total) - 1
        found = await read(page)
    rows, total = found.rows, found.total
    pages = pages_of(total) if found.total_exact else page + 2
    where = "remote " if remote else ""
    if not rows:
        text = (
            f"No open {where}posting scores {min_score} or more for your profile yet. New "
            "postings are matched after every scrape."
        )
        if min_score > DEFAULT_MIN_SCORE:
            text += " A lower `min_score` shows weaker matches."
        if not prefs.empty:
            text += " Your `/profile preferences` hide the jobs whose postings rule you out."
        if edit:
            await interaction.response.edit_message(content=text, embeds=[], view=None)
        else:
            await interaction.response.send_message(text, ephemeral=True)
        return
    name = skill_namer(services.content)
    first = page * PAGE_SIZE
    embeds = [job_embed(job_view(r, name), number=first + i) for i, r in enumerate(rows, 1)]
    if found.total_exact:
        of = f"of {total} · page {page + 1} of {pages}"
    else:
        of = f"of {total}+ · page {page + 1}"
    header = (
        f"Your best open {where}matches (score {min_score}+): {first + 1}-{first + len(rows)} {of}"
    )
    view = jobs_view(page, pages, remote, min_score)
    if edit:
        await interaction.response.edit_message(content=header, embeds=embeds, view=view)
    else:
        await interaction.response.send_message(header, embeds=embeds, view=view, ephemeral=True)


def _read(
    db: Database, taxonomy: Taxonomy, profile: Profile, filters: JobFilters, page: int
) -> JobsPage:
    return read_jobs(db, taxonomy, profile, filters, limit=PAGE_SIZE, offset=page * PAGE_SIZE)


class JobsPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"jobs:(?P<page>\d{1,4}):(?P<remote>[01]):(?P<min>\d{1,3})",
):
    def __init__(
        self,
        page: int,
        remote: bool,
        min_score: int,
        label: str = "Page",
        disabled: bool = False,
    ) -> None:
        self.page, self.remote, self.min_score = page, remote, min_score
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"jobs:{page}:{int(remote)}:{min_score}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> JobsPageButton:
        label = item.label if isinstance(item, discord.ui.Button) and item.label else "Page"
        return cls(int(match["page"]), match["remote"] == "1", int(match["min"]), label)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        min_score = max(0, min(100, self.min_score))
        await show_jobs(interaction, self.page, self.remote, min_score, edit=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (JobsPageButton,)


class JobsCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="jobs", description="Your best open job matches, and why")
    @app_commands.describe(
        remote="Only remote roles", min_score="Only matches scoring at least this (0-100)"
    )
    async def jobs(
        self,
        interaction: Interaction,
        remote: bool = False,
        min_score: app_commands.Range[int, 0, 100] = DEFAULT_MIN_SCORE,
    ) -> None:
        await show_jobs(interaction, 0, remote, min_score, edit=False)
