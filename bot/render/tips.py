"""The tip embed, shared by /tip and the daily post."""

from __future__ import annotations

import discord

from bot.render.style import BRAND
from bot.services import Services
from bot.tip_picker import TipLike


def tip_embed(services: Services, tip: TipLike, heading: str = "Roadmap tip") -> discord.Embed:
    content = services.content
    step = content.steps_by_id.get(tip.step)
    embed = discord.Embed(title=heading, description=tip.text, colour=BRAND)
    where = f"Step {step.number} · {step.title}" if step else tip.step
    topic = content.topics_by_id.get(tip.topic) if tip.topic else None
    if topic is not None:
        where += f" · {topic.title}"
    if tip.id.startswith("server."):
        where += " · from this server"
    embed.set_footer(text=where)
    return embed
