"""Snowflake ids, tokens and timestamps shaped like Discord's.

discord.py derives `created_at` from a snowflake's top bits, so ids must be real snowflakes
(milliseconds since the Discord epoch shifted left by 22) rather than small counters, or every
object would appear to date from 2015. The generator never repeats and never goes backwards.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeGenerator:
    """Hands out strictly increasing snowflakes based on the wall clock."""

    def __init__(self, worker_id: int = 1) -> None:
        self._worker_bits = (worker_id & 0x1F) << 17
        self._last = 0

    def next(self) -> int:
        """The next id: the current millisecond, or one past the previous id if that is later."""
        millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (millis << 22) | self._worker_bits
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


def snowflake_time(snowflake: int) -> dt.datetime:
    """The moment a snowflake was minted, as an aware UTC datetime."""
    millis = (snowflake >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Discord's ISO 8601 form, which discord.py parses with `datetime.fromisoformat`."""
    return moment.astimezone(dt.UTC).isoformat()


def utcnow() -> dt.datetime:
    """The current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def make_bot_token(bot_user_id: int) -> str:
    """A token in Discord's three-part shape (base64 user id, timestamp, HMAC-like tail).

    The shape matters: the bot's settings validate it, and discord.py sends it verbatim.
    """
    stamp = _b64(int(time.time()).to_bytes(4, "big"))
    return f"{_b64(str(bot_user_id).encode())}.{stamp}.{secrets.token_urlsafe(27)}"


def make_interaction_token() -> str:
    """An opaque interaction token; only its uniqueness and URL safety matter."""
    return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
