"""Embeds for /roadmap: the overview of all steps, one step, one topic.

Rendering is separate from the components so that the same embed serves the slash command, a
select-menu navigation and a button press that changed a status.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.progress_model import STATUS_MARK, StepProgress, next_topic, overall, summarise
from bot.render.style import BRAND, MUTED_COLOUR, truncate
from bot.text import bar, plain
from content import Content, Step, Topic

STATUS_WORDS = {"done": "Done", "learning": "Learning", "skipped": "Skipped", None: "Not started"}


def overview_embed(content: Content, progress: Mapping[str, str], name: str) -> discord.Embed:
    rows = summarise(content, progress)
    done, total = overall(content, progress)
    lines = [_overview_line(row) for row in rows]
    embed = discord.Embed(
        title="The AI-architect roadmap",
        description=truncate("\n".join(lines), 4000),
        colour=BRAND,
    )
    embed.set_author(name=f"{plain(name, 100)}: {done} of {total} topics done")
    suggestion = next_topic(content, progress)
    if suggestion:
        step, topic = suggestion
        embed.add_field(
            name="Next up",
            value=f"Step {step.number}, **{topic.title}**: open the step below to start.",
            inline=False,
        )
    else:
        embed.add_field(name="Next up", value="Every topic is marked. Well done!", inline=False)
    embed.set_footer(text="Pick a step below to see its topics, actions and milestone.")
    return embed


def _overview_line(row: StepProgress) -> str:
    mark = "✅" if row.complete else ("📖" if row.learning or row.done else "⬜")
    return (
        f"{mark} **{row.step.number}. {row.step.title}**  {bar(row.fraction)} "
        f"{row.done}/{row.total} · ~{row.step.weeks} wk"
    )


def step_embed(content: Content, step: Step, progress: Mapping[str, str]) -> discord.Embed:
    embed = discord.Embed(
        title=f"Step {step.number} of {len(content.steps)} · {step.title}",
        description=truncate(step.summary, 1000),
        colour=BRAND,
    )
    topic_lines = [f"{STATUS_MARK[progress.get(t.id)]} {t.title}" for t in step.topics]
    embed.add_field(name="Topics", value=truncate("\n".join(topic_lines), 1024), inline=False)
    embed.add_field(name="Milestone project", value=truncate(step.milestone, 1024), inline=False)
    skills = [content.skills_by_id[s].name for s in step.skills if s in content.skills_by_id]
    if skills:
        embed.add_field(name="Skills it builds", value=truncate(", ".join(skills), 1024))
    embed.add_field(name="Time", value=f"about {step.weeks} weeks part-time")
    embed.set_footer(text="Open a topic for its learning actions and to mark your progress.")
    return embed


def topic_embed(step: Step, topic: Topic, status: str | None) -> discord.Embed:
    embed = discord.Embed(
        title=topic.title,
        description=truncate(topic.explanation, 1000),
        colour=MUTED_COLOUR if status == "skipped" else BRAND,
    )
    embed.set_author(name=f"Step {step.number} · {step.title}")
    actions = "\n".join(f"• {a}" for a in topic.actions)
    embed.add_field(name="Learning actions", value=truncate(actions, 1024), inline=False)
    embed.add_field(name="Your status", value=f"{STATUS_MARK[status]} {STATUS_WORDS[status]}")
    return embed
