"""Keeping every message inside Discord's embed limits by construction.

Discord refuses a whole message (400, 50035) when its embeds together hold more than 6,000
characters, even when each part is within its own limit. Renderers cap each part; `fit` then
trims the longest texts of a message's embeds until the total is inside the limit, so content
added later (a longer career page, a server's own question) can never make a reply fail.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.style import truncate

EMBED_TOTAL = 6000
FLOOR = 40  # a trimmed text keeps at least this many characters


def embed_size(embed: discord.Embed) -> int:
    """The characters Discord counts: title, description, field names and values, footer text
    and author name."""
    size = len(embed.title or "") + len(embed.description or "")
    size += sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    size += len(embed.footer.text or "") + len(embed.author.name or "")
    return size


def _longest(embeds: Sequence[discord.Embed]) -> tuple[discord.Embed, int | None, int] | None:
    """The longest trimmable text: (embed, field index or None for the description, length)."""
    best: tuple[discord.Embed, int | None, int] | None = None
    for embed in embeds:
        candidates: list[tuple[int | None, int]] = [(None, len(embed.description or ""))]
        candidates += [(i, len(f.value or "")) for i, f in enumerate(embed.fields)]
        for index, length in candidates:
            if length > FLOOR and (best is None or length > best[2]):
                best = (embed, index, length)
    return best


def fit(embeds: Sequence[discord.Embed], limit: int = EMBED_TOTAL) -> list[discord.Embed]:
    """The embeds of one message, with their longest texts shortened until all of them
    together hold at most `limit` characters."""
    excess = sum(embed_size(e) for e in embeds) - limit
    while excess > 0:
        found = _longest(embeds)
        if found is None:
            break
        embed, index, length = found
        keep = max(FLOOR, length - excess)
        if index is None:
            embed.description = truncate(embed.description or "", keep)
        else:
            field = embed.fields[index]
            embed.set_field_at(
                index, name=field.name, value=truncate(field.value or "", keep), inline=field.inline
            )
        excess -= length - keep
    return list(embeds)


def fit_one(embed: discord.Embed, limit: int = EMBED_TOTAL) -> discord.Embed:
    """One embed sent alone, trimmed to fit (see `fit`)."""
    return fit([embed], limit)[0]
