"""Embeds for matched postings, shared by /jobs and the alert digests."""

from __future__ import annotations

import discord

from bot.job_view import JobView
from bot.render.style import BRAND, truncate

CLOSED_DMS_HELP = (
    "I could not send you a job-match digest: your direct messages are closed to me. To get "
    "digests, open this server's menu → Privacy Settings and turn on **Direct Messages** (allow "
    "DMs from server members). Your matches are kept; the next digest will try again. "
    "`/jobs` shows them any time, and `/alerts off` stops digests."
)


def job_embed(view: JobView, *, number: int | None = None) -> discord.Embed:
    prefix = f"{number}. " if number is not None else ""
    embed = discord.Embed(
        title=truncate(f"{prefix}{view.title} · {view.company}", 256),
        url=view.url,
        description=truncate(f"**{view.score:.0f}**/100 match · {view.where}", 400),
        colour=BRAND,
    )
    embed.add_field(name="Why it matched", value=truncate(view.why, 500), inline=False)
    if view.missing_required:
        embed.add_field(
            name="Missing (required)", value=truncate(view.missing_required, 300), inline=False
        )
    if view.missing_preferred:
        embed.add_field(
            name="Missing (nice to have)", value=truncate(view.missing_preferred, 300), inline=False
        )
    if view.url is None:
        embed.add_field(name="Link", value="the board gave no web link", inline=False)
    footer = view.credit or f"Source: {view.source}"
    embed.set_footer(text=truncate(footer, 300))
    return embed


def digest_intro(shown: int, total: int, threshold: int) -> str:
    """The digest's first line: how many, above what, and where the rest are."""
    noun = "match" if shown == 1 else "matches"
    text = f"**{shown} new job {noun}** for your profile (score {threshold} or more)."
    rest = total - shown
    if rest > 0:
        text += f" {rest} more will follow in your next digests; `/jobs` shows them all now."
    return text + " Pause or stop these messages with the buttons below, or with `/alerts`."
