"""Making member-typed and board-written text safe to show: no pings, no markdown tricks, no
control characters, and never longer than its place allows.

Each place renders differently, so each gets its own cleaner: `echo` for markdown text
(escaped), `plain` for embed footers and author names (Discord shows them literally, so an
escape would show as a backslash), `code_span` for text inside backticks (no escapes there
either), and `clean_submission` for text a member submits for keeping.
"""

from __future__ import annotations

import re
import unicodedata

import discord

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
# What Discord turns into a ping: @everyone, @here, <@id>, <@!id>, <@&id>.
_MENTION = re.compile(r"@(?=everyone|here|[!&]?[0-9]{17,20})")
_LOOKALIKE_AT = "\uff20"  # FULLWIDTH COMMERCIAL AT: reads as @, never parsed as a mention


def _flat(text: str) -> str:
    flat = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return " ".join(flat.split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def echo(text: str, limit: int = 60) -> str:
    """Member input quoted back in a reply: flattened, escaped and truncated."""
    flat = discord.utils.escape_markdown(_cut(_flat(text), limit))
    return discord.utils.escape_mentions(flat) or "(empty)"


def plain(text: str, limit: int) -> str:
    """Text for an embed footer or author name: flattened and truncated, never escaped
    (those places show markdown and backslashes literally and never ping)."""
    return _cut(_flat(text), limit)


def code_span(text: str, limit: int = 80) -> str:
    """Text shown inside backticks, with the backticks: nothing is escaped inside a code
    span, so backticks in the text become a look-alike instead of closing it early."""
    inner = _cut(_flat(text).replace("`", "\u02cb"), limit) or " "
    return f"`{inner}`"


def neutralise_mentions(text: str) -> str:
    """Mentions made inert without changing the length: the `@` of @everyone, @here and
    <@id> becomes a look-alike, so text that fitted a form's limit still fits after."""
    return _MENTION.sub(_LOOKALIKE_AT, text)


def clean_submission(text: str) -> str:
    """Text a member submits for keeping (a server's own tip, a question, a report reason):
    control characters removed, whitespace collapsed, mentions neutralised so a stored text can
    never ping anyone later. Never longer than what the member typed, so whatever fitted the
    form's max_length also fits the bot's own limit (NFKC would turn one ligature into three
    letters; NFC is used, and skipped in the rare case it would lengthen the text)."""
    composed = unicodedata.normalize("NFC", text)
    if len(composed) > len(text):
        composed = text
    flat = " ".join(_CONTROL.sub(" ", composed).split())
    return neutralise_mentions(flat)


def bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "▰" * filled + "▱" * (width - filled)
