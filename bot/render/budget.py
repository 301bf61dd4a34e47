"""Keeping every message inside Discord's embed limits by construction.

Discord refuses a whole message (400, 50035) when its embeds together hold more than 6,000
characters, even when each part is within its own limit. Renderers cap each part; `fit` then
cuts the longest texts of a message's embeds to one common length until the total is inside
the limit, so content added later (a longer career page, a server's own question) can never
make a reply fail.
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


def _cap(lengths: list[int], available: int) -> int:
    """The largest cap such that the texts, each cut to at most `cap`, fit in `available`."""
    ordered = sorted(lengths)
    remaining = available
    for index, length in enumerate(ordered):
        share = remaining // (len(ordered) - index)
        if length > share:
            return max(FLOOR, share)
        remaining -= length
    return max(ordered, default=FLOOR)


def fit(embeds: Sequence[discord.Embed], limit: int = EMBED_TOTAL) -> list[discord.Embed]:
    """The embeds of one message, their longest texts (descriptions and field values) cut to
    one common length so that all of them together hold at most `limit` characters. Shorter
    texts stay whole; the longest share what is left."""
    total = sum(embed_size(e) for e in embeds)
    if total <= limit:
        return list(embeds)
    texts = [len(e.description or "") for e in embeds]
    texts += [len(f.value or "") for e in embeds for f in e.fields]
    cap = _cap(texts, limit - (total - sum(texts)))
    for embed in embeds:
        if len(embed.description or "") > cap:
            embed.description = truncate(embed.description or "", cap)
        for index, field in enumerate(embed.fields):
            if len(field.value or "") > cap:
                embed.set_field_at(
                    index,
                    name=field.name,
                    value=truncate(field.value or "", cap),
                    inline=field.inline,
                )
    return list(embeds)


def fit_one(embed: discord.Embed, limit: int = EMBED_TOTAL) -> discord.Embed:
    """One embed sent alone, trimmed to fit (see `fit`)."""
    return fit([embed], limit)[0]
