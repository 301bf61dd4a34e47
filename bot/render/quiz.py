"""Quiz embeds: a question, its result, time's up, a round's question, reveal and final
scores, the leaderboard and a member's stats.

Member mentions (`<@id>`) render as names; they never notify anyone because the client sends
every message with mentions disabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.quiz.options import LETTERS, displayed, right_position
from bot.quiz.rounds import Standing, ranked
from bot.quiz.scoring import Score
from bot.render.style import BRAND, MUTED_COLOUR, SUCCESS_COLOUR, WARNING_COLOUR, truncate
from content import Content, Question

DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
RIGHT, WRONG = "✅", "❌"


def stamp(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp: every reader sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def where(content: Content, question: Question) -> str:
    step = content.steps_by_id.get(question.step)
    topic = content.topics_by_id.get(question.topic)
    parts = [f"Step {step.number} · {step.title}" if step else question.step]
    if topic is not None:
        parts.append(topic.title)
    parts.append(DIFFICULTY.get(question.difficulty, "?"))
    if question.id.startswith("server."):
        parts.append("from this server")
    return " · ".join(parts)


def option_lines(
    question: Question,
    order: str,
    *,
    reveal: bool = False,
    chosen: int | None = None,
    counts: Sequence[int] | None = None,
) -> str:
    right = right_position(order)
    lines = []
    for position, text in enumerate(displayed(question.options, order)):
        mark = ""
        if reveal and position == right:
            mark = f" {RIGHT}"
        elif reveal and position == chosen:
            mark = f" {WRONG}"
        tally = f" · {counts[position]}" if counts is not None else ""
        label = f"**{LETTERS[position]}.** {discord.utils.escape_markdown(text)}"
        lines.append(f"{label}{mark}{tally}")
    return "\n".join(lines)


def _body(question: Question, options: str, owner_id: int | None = None) -> str:
    who = f"For <@{owner_id}>\n\n" if owner_id is not None else ""
    return truncate(f"{who}{question.stem}\n\n{options}", 4000)


def question_embed(
    content: Content,
    question: Question,
    order: str,
    deadline: datetime,
    *,
    owner_id: int,
    heading: str = "Quiz",
) -> discord.Embed:
    embed = discord.Embed(
        title=heading,
        description=_body(question, option_lines(question, order), owner_id)
        + f"\n\n⏱ Time is up {stamp(deadline)}.",
        colour=BRAND,
    )
    embed.set_footer(text=where(content, question))
    return embed


def answered_embed(
    content: Content,
    question: Question,
    order: str,
    chosen: int,
    score: Score,
    *,
    owner_id: int,
    streak: int,
    next_due: datetime,
) -> discord.Embed:
    right = score.correct
    embed = discord.Embed(
        title=f"{RIGHT} Right!" if right else f"{WRONG} Not quite",
        description=_body(
            question, option_lines(question, order, reveal=True, chosen=chosen), owner_id
        ),
        colour=SUCCESS_COLOUR if right else WARNING_COLOUR,
    )
    if not right:
        embed.add_field(name="The right answer", value=truncate(question.answer, 1024))
    embed.add_field(name="Why", value=truncate(question.explanation, 1024), inline=False)
    days = f"{streak} day{'s' if streak != 1 else ''}"
    embed.add_field(
        name="Result",
        value=f"{score.note} · streak {days} · you will see it again {stamp(next_due)}",
        inline=False,
    )
    embed.set_footer(text=where(content, question))
    return embed


def expired_embed(
    content: Content, question: Question, order: str, *, owner_id: int
) -> discord.Embed:
    embed = discord.Embed(
        title="⏱ Time's up",
        description=_body(question, option_lines(question, order, reveal=True), owner_id),
        colour=MUTED_COLOUR,
    )
    embed.add_field(name="Why", value=truncate(question.explanation, 1024), inline=False)
    embed.set_footer(text=f"No answer, no points. {where(content, question)}")
    return embed


def session_embed(answered: int, correct: int, points: int, *, owner_id: int) -> discord.Embed:
    return discord.Embed(
        title="Quiz over",
        description=(
            f"<@{owner_id}>: {answered} answered, {correct} right, "
            f"{points} point{'s' if points != 1 else ''}.\n"
            "Come back tomorrow to keep your streak; `/quiz review` brings back what is due."
        ),
        colour=BRAND,
    )


def board_lines(standings: list[Standing], limit: int = 10) -> str:
    if not standings:
        return "No answers yet."
    lines = []
    for rank, s in ranked(standings)[:limit]:
        pts = f"{s.points} point{'s' if s.points != 1 else ''}"
        lines.append(f"**{rank}.** <@{s.user_id}> · {pts} · {s.correct}/{s.answered} right")
    more = len(standings) - limit
    if more > 0:
        lines.append(f"…and {more} more")
    return "\n".join(lines)


def round_question_embed(
    content: Content, question: Question, order: str, idx: int, total: int, deadline: datetime
) -> discord.Embed:
    embed = discord.Embed(
        title=f"Round · question {idx + 1} of {total}",
        description=_body(question, option_lines(question, order))
        + f"\n\n⏱ Everyone may answer, and change their answer, until {stamp(deadline, 'T')} "
        f"({stamp(deadline)}).",
        colour=BRAND,
    )
    embed.set_footer(text=where(content, question))
    return embed


def round_reveal_embed(
    content: Content,
    question: Question,
    order: str,
    idx: int,
    total: int,
    counts: Sequence[int],
    standings: list[Standing],
) -> discord.Embed:
    answered = sum(counts)
    embed = discord.Embed(
        title=f"Round · question {idx + 1} of {total} · time's up",
        description=_body(question, option_lines(question, order, reveal=True, counts=counts)),
        colour=MUTED_COLOUR,
    )
    embed.add_field(name="Why", value=truncate(question.explanation, 1024), inline=False)
    embed.add_field(
        name=f"Scoreboard ({answered} answered)",
        value=truncate(board_lines(standings), 1024),
        inline=False,
    )
    embed.set_footer(text=where(content, question))
    return embed


def round_final_embed(status: str, standings: list[Standing], top: list[Standing]) -> discord.Embed:
    titles = {
        "finished": "🏁 Round over",
        "stopped": "🛑 Round stopped",
        "abandoned": "Round ended early",
    }
    if top:
        names = ", ".join(f"<@{s.user_id}>" for s in top)
        lead = f"{'Winners' if len(top) > 1 else 'Winner'}: {names} with {top[0].points} points!"
    else:
        lead = "No winner this time: nobody scored."
    if status == "abandoned":
        lead += "\nI was offline past a question's time, so the round ended there; scores kept."
    elif status == "stopped":
        lead += "\nThe question in progress was not scored."
    embed = discord.Embed(title=titles.get(status, "Round over"), description=lead, colour=BRAND)
    embed.add_field(
        name="Final scores", value=truncate(board_lines(standings, 15), 1024), inline=False
    )
    embed.set_footer(text="Points count towards /quiz leaderboard.")
    return embed
