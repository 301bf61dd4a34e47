"""What the daily tip and the weekly market pulse posters share: a tick on the same clock,
the fan-out pace (a token bucket and a cap on concurrent sends), the grace window, the test of
one server's local schedule, the filter of slots already posted, and the paced send itself.

Each poster keeps its own claim, message and report wording; only the mechanics live here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import discord

from bot.ratelimit import TokenBucket
from bot.schedule import ScheduleInputError, Slot, due_slot, parse_time
from bot.services import Services
from bot.ticker import Ticker
from store import Database

if TYPE_CHECKING:
    from discord.ext import commands


class _GuildRow(Protocol):
    @property
    def guild_id(self) -> int: ...


G = TypeVar("G", bound=_GuildRow)
PostedDates = Callable[[Database, list[str]], Collection[tuple[int, str]]]

RATE_LIMIT_ATTEMPTS = 6


def _retry_after(exc: discord.HTTPException) -> float:
    try:
        return min(30.0, max(0.05, float(exc.response.headers.get("Retry-After", "1"))))
    except (TypeError, ValueError, AttributeError):
        return 1.0


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    errors: dict[int, str] = field(default_factory=dict)


def describe_send_error(exc: discord.HTTPException, setting: str = "/settings daily-tip") -> str:
    """The admin-facing reason a post failed, phrased as what to fix."""
    if isinstance(exc, discord.NotFound):
        return f"the channel no longer exists; choose another with {setting}"
    if isinstance(exc, discord.Forbidden):
        return (
            "I am not allowed to post there (missing View Channel, Send Messages or Embed "
            "Links); give me those permissions in the channel or choose another one"
        )
    return f"Discord answered {exc.status}: {exc.text[:120] or 'no details'}"


async def send_paced(
    bucket: TokenBucket,
    channel: discord.PartialMessageable,
    embed: discord.Embed,
    files: Callable[[], list[discord.File]] | None = None,
) -> discord.Message:
    """Send under the fan-out pace; a 429 that outlasts discord.py's own retries slows the
    pace and is tried again, since a rate-limited request was never carried out. `files` makes
    fresh attachments for each attempt (a sent file cannot be read twice)."""
    for attempt in range(RATE_LIMIT_ATTEMPTS):
        await bucket.acquire()
        try:
            if files is None:
                message = await channel.send(
                    embed=embed, allowed_mentions=discord.AllowedMentions.none()
                )
            else:
                message = await channel.send(
                    embed=embed, files=files(), allowed_mentions=discord.AllowedMentions.none()
                )
        except discord.HTTPException as exc:
            if exc.status != 429 or attempt == RATE_LIMIT_ATTEMPTS - 1:
                raise
            bucket.slow_down()
            await asyncio.sleep(_retry_after(exc))
            continue
        bucket.recover()
        return message
    raise AssertionError("unreachable: the last attempt raises")


class SlotPoster:
    """The base of a poster that sends one message per server and local slot."""

    def __init__(self, bot: commands.Bot, services: Services, name: str) -> None:
        self.bot = bot
        self.services = services
        config = services.config
        self.bucket = TokenBucket(config.fanout_per_second, burst=5)
        self.limit = asyncio.Semaphore(config.fanout_concurrency)
        self.ticker = Ticker(
            bot, name, config.daily_tick_seconds, lambda: self.tick(services.now())
        )

    async def tick(self, now: datetime) -> TickReport:
        raise NotImplementedError

    @property
    def window(self) -> timedelta:
        """The grace window, never shorter than two ticks, so a slot cannot fall between them."""
        tick = timedelta(seconds=self.services.config.daily_tick_seconds * 2)
        return max(self.services.config.daily_tip_grace, tick)

    def due_at(
        self,
        guild_id: int,
        timezone: str,
        post_time: str,
        days: int,
        now: datetime,
        *,
        what: str,
        log: logging.Logger,
    ) -> Slot | None:
        """The slot due now on a server's local schedule; None (with a warning naming `what`)
        when the stored schedule cannot be read."""
        try:
            zone = ZoneInfo(timezone)
            at = parse_time(post_time)
        except (ZoneInfoNotFoundError, ScheduleInputError, ValueError):
            log.warning("guild %s has an unusable %s; skipped", guild_id, what)
            return None
        return due_slot(now, at, zone, days, self.window)

    async def not_posted(
        self, due: list[tuple[G, Slot]], posted_dates: PostedDates
    ) -> list[tuple[G, Slot]]:
        """The due slots whose server has no post (or live claim) for that local date yet."""
        dates = sorted({slot.local_date.isoformat() for _, slot in due})
        done = await self.services.db(posted_dates, dates)
        return [
            (s, slot) for s, slot in due if (s.guild_id, slot.local_date.isoformat()) not in done
        ]
