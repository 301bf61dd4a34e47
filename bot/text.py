"""Making member-typed text safe to echo: no pings, no markdown tricks, no control characters,
and never longer than a line.
"""

from __future__ import annotations

import re
import unicodedata

import discord

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def echo(text: str, limit: int = 60) -> str:
    """Member input quoted back in a reply: flattened, escaped and truncated."""
    flat = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    flat = " ".join(flat.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = discord.utils.escape_markdown(flat)
    return discord.utils.escape_mentions(flat) or "(empty)"


def clean_submission(text: str) -> str:
    """Text a member submits for keeping (a server's own tip): control characters removed,
    whitespace collapsed, mentions neutralised so a stored tip can never ping anyone later."""
    flat = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return discord.utils.escape_mentions(" ".join(flat.split()))


def bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "▰" * filled + "▱" * (width - filled)
