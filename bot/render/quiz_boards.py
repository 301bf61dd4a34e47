"""Quiz summaries: the server leaderboard, a member's stats, the admins' quiz settings and the
reported questions."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.quiz.rounds import Standing
from bot.render.budget import fit_one
from bot.render.quiz import board_lines, stamp
from bot.render.style import BRAND, MUTED_COLOUR, WARNING_COLOUR, truncate
from bot.text import bar, echo, plain
from content import Content
from store.quiz import Total
from store.quiz_settings import QuizSettings, ReportedQuestion


def leaderboard_embed(
    rows: list[Total], period: str, own: Total, own_rank: int | None, guild_name: str
) -> discord.Embed:
    label = "this week" if period == "week" else "all time"
    standings = [Standing(r.user_id, r.points, r.correct, r.answered) for r in rows]
    embed = discord.Embed(
        title=f"Quiz leaderboard · {label}",
        description=board_lines(standings) if rows else "Nobody has answered a question yet.",
        colour=BRAND,
    )
    if guild_name:
        embed.set_author(name=plain(guild_name, 256))
    if own_rank is None:
        embed.set_footer(text="You have no answers here yet: try /quiz play.")
    else:
        embed.set_footer(
            text=f"You: rank {own_rank} · {own.points} points · {own.correct}/{own.answered} right"
        )
    return embed


def stats_embed(
    content: Content,
    *,
    name: str,
    accuracy: dict[str, tuple[int, int]],
    streak: int,
    best: int,
    cards: int,
    due: int,
    next_due: datetime | None,
    here: Total,
    rank: int | None,
) -> discord.Embed:
    embed = discord.Embed(title="Your quiz stats", colour=BRAND)
    embed.set_author(name=plain(name, 256))
    embed.add_field(name="Streak", value=f"{streak} day{'s' if streak != 1 else ''} (best {best})")
    when = f", next {stamp(next_due)}" if next_due and not due else ""
    embed.add_field(name="Review cards", value=f"{due} due of {cards}{when}")
    where = f"rank {rank}" if rank else "not ranked yet"
    embed.add_field(name="This server", value=f"{here.points} points · {where}")
    lines = []
    for step in content.steps:
        right, answered = accuracy.get(step.id, (0, 0))
        if answered:
            share = right / answered
            lines.append(
                f"{step.number}. {step.title}: {bar(share, 8)} {share:.0%} ({right}/{answered})"
            )
    embed.add_field(
        name="Accuracy per step",
        value=truncate("\n".join(lines), 1024) if lines else "No answers yet: try /quiz play.",
        inline=False,
    )
    if due:
        embed.set_footer(text=f"{due} card{'s are' if due != 1 else ' is'} due: /quiz review")
    return embed


def quiz_settings_embed(
    settings: QuizSettings, switches: dict[int, bool], own_questions: int, open_reports: int
) -> discord.Embed:
    embed = discord.Embed(title="Quiz settings", colour=BRAND)
    default = "on in every channel" if settings.default_on else "off unless switched on"
    embed.add_field(name="Quizzes", value=default, inline=False)
    on = [f"<#{c}>" for c, enabled in switches.items() if enabled]
    off = [f"<#{c}>" for c, enabled in switches.items() if not enabled]
    if on:
        embed.add_field(name="Switched on", value=truncate(", ".join(on), 1024))
    if off:
        embed.add_field(name="Switched off", value=truncate(", ".join(off), 1024))
    embed.add_field(
        name="Round defaults",
        value=f"{settings.round_questions} questions, {settings.round_seconds} s each",
        inline=False,
    )
    embed.add_field(name="Solo question time", value=f"{settings.solo_seconds} s")
    repeat = (
        f"{settings.repeat_days} day{'s' if settings.repeat_days != 1 else ''}"
        if settings.repeat_days
        else "off"
    )
    embed.add_field(name="Repeat answers score nothing for", value=repeat)
    embed.set_footer(
        text=f"{own_questions} question{'s' if own_questions != 1 else ''} added by this server "
        f"· {open_reports} reported question{'s' if open_reports != 1 else ''} open"
    )
    return embed


REPORTS_PER_PAGE = 5
"""Five reported questions per page: each takes at most 100 + 1,000 characters, so a page stays
under Discord's 6,000 whatever members wrote."""


def report_pages(count: int) -> int:
    return max(1, -(-count // REPORTS_PER_PAGE))


def reports_embed(
    content: Content, reported: list[ReportedQuestion], stems: dict[str, str], page: int = 0
) -> discord.Embed:
    """One page of the open reports, most reported first."""
    if not reported:
        return discord.Embed(
            title="Reported questions",
            description="No open reports. Members report questions with /quiz report.",
            colour=MUTED_COLOUR,
        )
    pages = report_pages(len(reported))
    page = max(0, min(page, pages - 1))
    first = page * REPORTS_PER_PAGE
    embed = discord.Embed(
        title="Reported questions",
        description="Most reported first. Mark one handled with `/settings quiz resolve`.",
        colour=WARNING_COLOUR,
    )
    for item in reported[first : first + REPORTS_PER_PAGE]:
        stem = stems.get(item.question_id, "(no longer in the bank)")
        reasons = "\n".join(f"• {echo(r, 150)}" for r in item.reasons[:3])
        if item.reports > 3:
            reasons += f"\n…and {item.reports - 3} more"
        embed.add_field(
            name=truncate(f"{item.question_id} · {item.reports} report(s)", 100),
            value=truncate(f"*{echo(stem, 200)}*\n{reasons}", 1000),
            inline=False,
        )
    shown = f"{first + 1}-{first + len(embed.fields)} of {len(reported)}"
    embed.set_footer(text=f"Reported questions {shown} · page {page + 1} of {pages}")
    return fit_one(embed)
