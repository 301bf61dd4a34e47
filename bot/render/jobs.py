"""Embeds for matched postings, shared by /jobs and the alert digests."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.job_view import JobView
from bot.render.style import BRAND, truncate

CLOSED_DMS_HELP = (
    "I could not send you a job-match digest: your direct messages are closed to me. To get "
    "digests, open this server's menu → Privacy Settings and turn on **Direct Messages** (allow "
    "DMs from server members). Your matches are kept; the next digest will try again. "
    "`/jobs` shows them any time, and `/alerts off` stops digests."
)


@dataclass(frozen=True)
class Limits:
    """Characters per part of one job embed. Discord refuses a message whose embeds hold more
    than 6,000 characters in all, so a page of three (/jobs) and a digest of five each fit
    whatever the boards wrote."""

    title: int
    description: int
    why: int
    missing: int
    footer: int


PAGE = Limits(title=200, description=300, why=500, missing=250, footer=200)  # 3 x < 1,800
DIGEST = Limits(title=150, description=150, why=350, missing=175, footer=100)  # 5 x < 1,150


def job_embed(view: JobView, *, number: int | None = None, limits: Limits = PAGE) -> discord.Embed:
    prefix = f"{number}. " if number is not None else ""
    embed = discord.Embed(
        title=truncate(f"{prefix}{view.title} · {view.company}", limits.title),
        url=view.url,
        description=truncate(f"**{view.score:.0f}**/100 match · {view.where}", limits.description),
        colour=BRAND,
    )
    embed.add_field(name="Why it matched", value=truncate(view.why, limits.why), inline=False)
    if view.missing_required:
        embed.add_field(
            name="Missing (required)",
            value=truncate(view.missing_required, limits.missing),
            inline=False,
        )
    if view.missing_preferred:
        embed.add_field(
            name="Missing (nice to have)",
            value=truncate(view.missing_preferred, limits.missing),
            inline=False,
        )
    if view.url is None:
        embed.add_field(name="Link", value="the board gave no web link", inline=False)
    footer = view.credit or f"Source: {view.source}"
    embed.set_footer(text=truncate(footer, limits.footer))
    return embed


def bare_job_embed(view: JobView, *, number: int) -> discord.Embed:
    """The plainest form of a posting, for a digest Discord refused as rendered: title, company,
    score and place only, no link, no skill lists, no credit."""
    embed = discord.Embed(
        title=truncate(f"{number}. {view.title} · {view.company}", 150),
        description=truncate(f"**{view.score:.0f}**/100 match · {view.where}", 150),
        colour=BRAND,
    )
    embed.set_footer(text="/jobs shows why it matched and the link.")
    return embed


def digest_intro(shown: int, total: int, threshold: int) -> str:
    """The digest's first line: how many, above what, and where the rest are."""
    noun = "match" if shown == 1 else "matches"
    text = f"**{shown} new job {noun}** for your profile (score {threshold} or more)."
    rest = total - shown
    if rest > 0:
        text += f" {rest} more will follow in your next digests; `/jobs` shows them all now."
    return text + " Pause or stop these messages with the buttons below, or with `/alerts`."
