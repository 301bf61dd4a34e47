"""The weekly market pulse as an embed, and the live salary figures /career salaries adds."""

from __future__ import annotations

from typing import Any

import discord

from bot.market_service import LiveSalaries, market_of
from bot.render.budget import fit_one
from bot.render.style import BRAND, truncate
from bot.services import Services
from matcher.pulse import PULSE_BASELINE_WEEKS, SALARY_CAVEAT, Pulse, SalaryRange, money
from matcher.roles import DEFAULT_FOCUS, family_name

PULSE_IMAGE = "pulse.png"


def salary_lines(ranges: tuple[SalaryRange, ...], limit: int = 8) -> str:
    return "\n".join(
        f"{r.seniority.capitalize()}, {r.region}: {money(r.low, r.currency)} - "
        f"{money(r.high, r.currency)} ({r.count} posting{'s' if r.count != 1 else ''})"
        for r in ranges[:limit]
    )


def pulse_embed(pulse: Pulse) -> discord.Embed:
    focus = ", ".join(family_name(f) for f in pulse.focus)
    embed = discord.Embed(
        title=f"Market pulse · week of {pulse.week_start:%d %b %Y}",
        description=truncate(
            f"{pulse.postings} new postings for {focus} this week "
            f"({pulse.baseline_postings} in the {PULSE_BASELINE_WEEKS} weeks before).",
            1000,
        ),
        colour=BRAND,
    )
    if not pulse.postings:
        embed.add_field(
            name="Quiet week",
            value="No new posting fitting this server's focus was seen. The next pulse will say "
            "more; /plan still works from the last weeks.",
            inline=False,
        )
        return embed
    skills = "\n".join(
        f"**{s.name}**: {s.share:.0%} (required in {s.required_share:.0%})" for s in pulse.skills
    )
    embed.add_field(name="Most demanded", value=truncate(skills, 1024), inline=False)
    moves = [f"▲ {s.name} {s.change * 100:+.0f} pts" for s in pulse.rising[:3]]
    moves += [f"▼ {s.name} {s.change * 100:+.0f} pts" for s in pulse.falling[:3]]
    if moves:
        embed.add_field(
            name=f"Against the {PULSE_BASELINE_WEEKS} weeks before",
            value=truncate("\n".join(moves), 1024),
            inline=False,
        )
    embed.add_field(
        name="Remote",
        value=f"{pulse.remote_share:.0%} (before: {pulse.remote_share_before:.0%})",
    )
    if pulse.companies:
        embed.add_field(
            name="Most active hiring",
            value=truncate(", ".join(f"{c} ({n})" for c, n in pulse.companies[:6]), 1024),
        )
    if pulse.salaries:
        embed.add_field(
            name="Stated salaries (yearly, median range)",
            value=truncate(salary_lines(pulse.salaries), 1024),
            inline=False,
        )
        embed.add_field(
            name="About these figures", value=truncate(SALARY_CAVEAT, 1024), inline=False
        )
    embed.set_image(url=f"attachment://{PULSE_IMAGE}")
    embed.set_footer(text="Use /plan to see what these postings would ask of you.")
    return fit_one(embed)


def live_salary_field(embed: discord.Embed, live: LiveSalaries) -> None:
    """The stated pay of the current postings, beside the page's reference bands."""
    focus = ", ".join(family_name(f) for f in DEFAULT_FOCUS)
    name = f"Live: stated pay in this bot's postings (last {live.weeks} weeks)"
    if not live.ranges:
        value = (
            f"None of the {live.postings} recent {focus} postings states pay yet; the bands "
            "above are the reference until they do."
        )
    else:
        value = (
            f"{live.stating} of {live.postings} {focus} postings state pay (yearly equivalents, "
            f"median range):\n{salary_lines(live.ranges, 6)}\nAdvertised ranges, not pay "
            "received; currencies are never converted."
        )
    embed.add_field(name=name, value=truncate(value, 1024), inline=False)


async def send_salaries(
    interaction: discord.Interaction[Any], services: Services, embed: discord.Embed
) -> None:
    """/career salaries: the page with the live figures (tables may need a first build)."""
    await interaction.response.defer(thinking=True)
    market = market_of(services)
    await market.current(services.db)
    live_salary_field(embed, market.salaries)
    await interaction.edit_original_response(embed=fit_one(embed))
